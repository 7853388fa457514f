import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { defaultBusiness } from '../../domain/business/bootstrap.js';
import { verifyUserPassword } from '../../domain/auth/credentials.js';
import { fail, type SlotValue } from '../../domain/errors.js';
import { createUser, listUsers, openSession, updateUser } from '../../domain/users/users.js';
import type { Role } from '../../domain/context.js';
import { actorOf } from '../common/context.js';
import { BoolLike, NumLike, readBool, readId, readText } from '../common/wire.js';
import { runWrite } from '../common/write.js';
import { ok } from './envelope.js';

const RoleSchema = Type.Union([Type.Literal('admin'), Type.Literal('accountant'), Type.Literal('clerk')]);

/** A user's login pair, as both user creation and login take it. */
const Credentials = {
  userName: Type.String({ minLength: 1, maxLength: 100 }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
};

/** Users (siba.md): list, plus the additions create, update/disable and login. */
export async function userRoutes(app: FastifyInstance): Promise<void> {
  app.get('/users', { schema: { tags: ['siba: users'], summary: 'لیست کاربران' } }, async (req) => {
    const actor = actorOf(req);
    return ok('user', await listUsers(app.deps.database.db, actor));
  });

  app.post(
    '/users',
    {
      schema: {
        tags: ['siba: users'],
        summary: 'ایجاد کاربر (افزوده)',
        body: Type.Object({
          ...Credentials,
          fullName: Type.Optional(Type.String({ maxLength: 200 })),
          role: Type.Optional(RoleSchema),
        }),
      },
    },
    async (req, reply) => {
      const b = req.body as { userName: string; password: string; fullName?: string; role?: Role };
      const res = await runWrite(req, async (tx, actor) => ({ statusCode: 200, body: ok('user', await createUser(tx, actor, b)) }));
      return reply.code(res.statusCode).send(res.body);
    },
  );

  app.put(
    '/users',
    {
      schema: {
        tags: ['siba: users'],
        summary: 'ویرایش یا غیرفعال کردن کاربر (افزوده)',
        body: Type.Object({
          userId: NumLike(),
          fullName: Type.Optional(Type.String({ maxLength: 200 })),
          role: Type.Optional(RoleSchema),
          active: Type.Optional(BoolLike()),
          password: Type.Optional(Type.String({ maxLength: 200 })),
        }),
      },
    },
    async (req, reply) => {
      const b = req.body as Record<string, unknown>;
      const userId = readId(b.userId, 'userId');
      if (!userId) throw fail.notFound('user', 'userId', b.userId as SlotValue);
      const input = {
        userId,
        fullName: readText(b.fullName, 'fullName', 200),
        role: b.role as Role | undefined,
        active: readBool(b.active, 'active'),
        password: readText(b.password, 'password', 200),
      };
      const res = await runWrite(req, async (tx, actor) => ({ statusCode: 200, body: ok('user', await updateUser(tx, actor, input)) }));
      return reply.code(res.statusCode).send(res.body);
    },
  );

  app.post(
    '/users/login',
    {
      config: {
        public: true,
        rateLimit: {
          max: app.deps.config.loginAttemptsPerMinute,
          timeWindow: 60_000,
          keyGenerator: (req) => `login:${req.ip}`,
        },
      },
      schema: {
        tags: ['siba: users'],
        summary: 'ورود و دریافت توکن (افزوده)',
        body: Type.Object({
          ...Credentials,
          businessId: Type.Optional(NumLike()),
        }),
      },
    },
    async (req, reply) => {
      const b = req.body as { userName: string; password: string; businessId?: unknown };
      const db = app.deps.database.db;
      const businessId = readId(b.businessId, 'businessId') || (await defaultBusiness(db));
      const user = businessId ? await verifyUserPassword(db, businessId, b.userName, b.password) : null;
      if (!user || !businessId) {
        throw fail.with('AUTH_LOGIN_WRONG');
      }
      req.actor = { businessId, userId: user.userId, role: user.role, surface: 'siba' };
      const res = await runWrite(req, async (tx, actor) => {
        const s = await openSession(tx, actor);
        return { statusCode: 200, body: ok('user', { userId: user.userId, userName: b.userName, role: user.role, token: s.token, expiresAt: s.expiresAt.toISOString() }) };
      });
      return reply.code(res.statusCode).send(res.body);
    },
  );
}
