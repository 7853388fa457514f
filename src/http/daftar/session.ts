import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { logIn, sessionView } from '../../domain/auth/sessions.js';
import { revokeCredential } from '../../domain/auth/credentials.js';
import { throttledAuth } from '../common/auth-throttle.js';
import { actorOf } from '../common/context.js';
import { transact } from '../../db/transact.js';
import { problems, security } from './common.js';

/**
 * The console's login (daftar-api.md "Auth"): POST sets an HttpOnly, SameSite=Strict cookie and
 * returns the CSRF token the console sends back in X-CSRF-Token on every write; GET says who is
 * logged in; DELETE ends the session on the server (the cookie alone is not the truth).
 */
export const SESSION_COOKIE = 'daftar_session';
const tags = ['daftar: session'];
const NoQuery = { type: 'object', additionalProperties: false, properties: {} } as const;

const SessionSchema = {
  type: 'object',
  required: ['user', 'business'],
  properties: {
    user: {
      type: 'object',
      required: ['id', 'username', 'name', 'role'],
      properties: { id: { type: 'integer' }, username: { type: 'string' }, name: { type: 'string' }, role: { type: 'string', enum: ['admin', 'accountant', 'clerk'] } },
    },
    business: { type: 'object', required: ['id', 'name'], properties: { id: { type: 'integer' }, name: { type: 'string' } } },
    csrfToken: { type: 'string', description: 'send it in X-CSRF-Token on every write authenticated by the cookie' },
  },
} as const;
const example = { user: { id: 1, username: 'admin', name: 'مدیر فروشگاه', role: 'admin' }, business: { id: 1, name: 'فروشگاه نمونه' }, csrfToken: 'Xb2…' };

/** The named cookie from the request's Cookie header (the last one wins, as browsers send most specific first). */
export function cookieValue(req: FastifyRequest, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      // A malformed %-escape is a wrong cookie (401), never a 500.
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return '';
      }
    }
  }
  return undefined;
}

/** `Secure` when the browser reached us over https (directly or through a trusted proxy). */
/** Not a credential: tells the console a session cookie was set (docs/security.md). */
export const CONSOLE_HINT_COOKIE = 'daftar_signed_in';

function setCookie(req: FastifyRequest, reply: FastifyReply, value: string, maxAgeSeconds: number): void {
  const secure = req.protocol === 'https' ? '; Secure' : '';
  reply.header('set-cookie', [
    `${SESSION_COOKIE}=${encodeURIComponent(value)}; Path=/daftar; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`,
    // A hint the console's script may read (no secret in it): ask GET /session only when a login
    // may be alive, so a signed-out page makes no failing request.
    `${CONSOLE_HINT_COOKIE}=${value ? '1' : ''}; Path=/; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`,
  ]);
}

export async function sessionRoutes(app: FastifyInstance): Promise<void> {
  const { database, config } = app.deps;
  app.post(
    '/session',
    {
      config: { public: true, rateLimit: { max: config.loginAttemptsPerMinute, timeWindow: 60_000, keyGenerator: (req: FastifyRequest) => `login:${req.ip}` } },
      schema: {
        tags,
        summary: 'ورود به کنسول: کوکی نشست و توکن CSRF',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['username', 'password'],
          properties: {
            username: { type: 'string', minLength: 1, maxLength: 100 },
            password: { type: 'string', minLength: 1, maxLength: 200 },
            businessId: { type: 'integer', minimum: 1, maximum: 9007199254740991, description: 'absent: the server\'s first business' },
          },
          examples: [{ username: 'admin', password: 'a-long-password' }],
        },
        response: { 200: { ...SessionSchema, required: [...SessionSchema.required, 'csrfToken'], examples: [example] }, ...problems, 429: problems[400] },
      },
    },
    async (req, reply) => {
      const b = req.body as { username: string; password: string; businessId?: number };
      // No Idempotency-Key here: a replayed login must not hand out a stored session secret.
      const res = await throttledAuth(req, () => transact(database.db, (tx) => logIn(tx, b)), { guessable: true });
      const { secret, expiresAt, ...view } = res;
      setCookie(req, reply, secret, Math.floor((new Date(expiresAt).getTime() - Date.now()) / 1000));
      return reply.code(200).send(view);
    },
  );
  app.get(
    '/session',
    {
      schema: { tags, security, summary: 'کاربر واردشده (۴۰۱ وقتی کسی وارد نشده)', querystring: NoQuery, response: { 200: { ...SessionSchema, examples: [example] }, ...problems } },
    },
    async (req) => {
      const actor = actorOf(req);
      const view = await sessionView(database.db, actor.businessId, actor.userId!);
      const secret = cookieValue(req, SESSION_COOKIE);
      return req.authKind === 'session' && secret ? { ...view, csrfToken: req.csrfToken } : view;
    },
  );
  app.delete(
    '/session',
    { schema: { tags, security, summary: 'خروج: نشست در کارگزار باطل می‌شود', querystring: NoQuery, response: { 204: { type: 'null', description: 'logged out' }, ...problems } } },
    async (req, reply) => {
      const secret = req.authKind === 'session' ? cookieValue(req, SESSION_COOKIE) : undefined;
      if (secret) await revokeCredential(database.db, secret);
      setCookie(req, reply, '', 0);
      return reply.code(204).send();
    },
  );
}
