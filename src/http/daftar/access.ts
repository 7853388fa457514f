import type { FastifyInstance } from 'fastify';
import type { Role } from '../../domain/context.js';
import { createUser, getUser, listUsers, updateUser, type User } from '../../domain/users/users.js';
import { createApiToken, listApiTokens, revokeApiToken, type ApiToken } from '../../domain/auth/api-tokens.js';
import { rotateSurfaceCredentials, type SurfaceWithCredentials } from '../../domain/auth/credentials.js';
import { getSettings, updateSettings, type BusinessSettings, type SettingsInput } from '../../domain/business/settings.js';
import { actorOf } from '../common/context.js';
import { toJalali } from '../../domain/shared/dates.js';
import { getOne, IdParams, instantOut, JalaliOut, problems, security, write } from './common.js';

/**
 * Who may use the books and how: /daftar/v1/users (admin manages; admin and accountant read),
 * /apiTokens (each user their own; an admin everyone's), /settings (everyone reads, admin writes).
 */

const RoleSchema = { type: 'string', enum: ['admin', 'accountant', 'clerk'] } as const;
const UserSchema = {
  type: 'object',
  required: ['id', 'username', 'name', 'role', 'active'],
  properties: { id: { type: 'integer' }, username: { type: 'string' }, name: { type: 'string' }, role: RoleSchema, active: { type: 'boolean' } },
} as const;
const userExample = { id: 2, username: 'sara', name: 'سارا رضایی', role: 'clerk', active: true };
const userWire = (u: User) => ({ id: u.userId, username: u.userName, name: u.fullName, role: u.role, active: u.active });

const TokenSchema = {
  type: 'object',
  required: ['id', 'name', 'userId', 'createdAt', 'createdAtJalali'],
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    userId: { type: ['integer', 'null'] },
    createdAt: { type: 'string', description: 'ISO 8601 at +03:30' },
    createdAtJalali: { type: 'string' },
    token: { type: 'string', description: 'only in the reply that creates it; stored hashed, never shown again' },
  },
} as const;
const tokenExample = { id: 7, name: 'اپ صندوق فروشگاه', userId: 2, createdAt: '2026-12-05T10:15:00+03:30', createdAtJalali: '1405/09/14 10:15' };
function tokenWire(t: ApiToken & { token?: string }) {
  const at = instantOut(t.createdAt);
  return { id: t.id, name: t.name, userId: t.userId, createdAt: at.at, createdAtJalali: at.jalali, ...(t.token ? { token: t.token } : {}) };
}

const SettingsFields = {
  name: { type: 'string', minLength: 1, maxLength: 200 },
  address: { type: 'string', maxLength: 500 },
  phone: { type: 'string', maxLength: 50 },
  economicCode: { type: 'string', maxLength: 20, description: '11, 12 or 14 digits; empty when none' },
  nationalId: { type: 'string', maxLength: 20, description: 'national code (10) or legal national id (11); empty when none' },
  postalCode: { type: 'string', maxLength: 20, description: '10 digits; empty when none' },
  logo: { type: ['string', 'null'], maxLength: 360_000, description: 'data:image/png|jpeg|webp|svg+xml;base64,… up to 256 KB, printed on invoices' },
  currencyDisplay: { type: 'string', enum: ['rial', 'toman'], description: 'display only: the books are kept in Rial' },
  allowNegativeStock: { type: 'boolean' },
  allowNegativeCash: { type: 'boolean' },
} as const;
const settingsKeys = Object.keys(SettingsFields) as (keyof typeof SettingsFields)[];
const SettingsSchema = {
  type: 'object',
  required: [...settingsKeys, 'vatRates'],
  properties: {
    ...SettingsFields,
    vatRates: {
      type: 'array',
      description: 'the VAT table in force (percent from a date)',
      items: { type: 'object', required: ['validFrom', 'validFromJalali', 'rate'], properties: { validFrom: { type: 'string' }, validFromJalali: JalaliOut, rate: { type: 'string' } } },
    },
  },
} as const;
const settingsInputExample = {
  name: 'فروشگاه نمونه',
  address: 'تهران، خیابان انقلاب، پلاک ۱۲',
  phone: '02166001122',
  economicCode: '10101234567',
  nationalId: '',
  postalCode: '',
  logo: null,
  currencyDisplay: 'rial',
  allowNegativeStock: false,
  allowNegativeCash: false,
};
const settingsExample = { ...settingsInputExample, vatRates: [{ validFrom: '2024-03-20', validFromJalali: '1403/01/01', rate: '10' }] };
const settingsWire = (s: BusinessSettings) => ({ ...s, vatRates: s.vatRates.map((r) => ({ validFrom: r.validFrom, validFromJalali: toJalali(r.validFrom), rate: r.rate })) });

export async function accessRoutes(app: FastifyInstance): Promise<void> {
  const db = app.deps.database.db;
  const usersTags = ['daftar: users'];
  app.get(
    '/users',
    { schema: { tags: usersTags, security, summary: 'کاربران کسب‌وکار', response: { 200: { type: 'object', required: ['items', 'nextCursor'], properties: { items: { type: 'array', items: UserSchema }, nextCursor: { type: ['string', 'null'] } }, examples: [{ items: [userExample], nextCursor: null }] }, ...problems } } },
    async (req) => ({ items: (await listUsers(db, actorOf(req))).map(userWire), nextCursor: null }),
  );
  getOne(app, '/users', { tags: usersTags, summary: 'یک کاربر', schema: UserSchema, example: userExample }, async (req, id) => userWire(await getUser(db, actorOf(req), id)));
  app.post(
    '/users',
    {
      schema: {
        tags: usersTags,
        security,
        summary: 'تعریف کاربر (فقط مدیر)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['username', 'password', 'role'],
          properties: { username: { type: 'string', minLength: 1, maxLength: 100 }, password: { type: 'string', minLength: 1, maxLength: 200 }, name: { type: 'string', maxLength: 200 }, role: RoleSchema },
          examples: [{ username: 'sara', password: 'a-long-password', name: 'سارا رضایی', role: 'clerk' }],
        },
        response: { 201: { ...UserSchema, examples: [userExample] }, ...problems },
      },
    },
    async (req, reply) => {
      const b = req.body as { username: string; password: string; name?: string; role: Role };
      return write(req, reply, 201, async (tx, actor) => userWire(await createUser(tx, actor, { userName: b.username, password: b.password, fullName: b.name, role: b.role })));
    },
  );
  app.patch(
    '/users/:id',
    {
      schema: {
        tags: usersTags,
        security,
        summary: 'ویرایش، تغییر نقش، رمز یا غیرفعال کردن کاربر (فقط مدیر؛ غیرفعال کردن نشست‌ها و توکن‌هایش را باطل می‌کند)',
        params: IdParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { name: { type: 'string', maxLength: 200 }, role: RoleSchema, active: { type: 'boolean' }, password: { type: 'string', minLength: 1, maxLength: 200 } },
          examples: [{ role: 'accountant' }, { active: false }],
        },
        response: { 200: { ...UserSchema, examples: [userExample] }, ...problems },
      },
    },
    async (req, reply) => {
      const b = req.body as { name?: string; role?: Role; active?: boolean; password?: string };
      const userId = (req.params as { id: number }).id;
      return write(req, reply, 200, async (tx, actor) => userWire(await updateUser(tx, actor, { userId, fullName: b.name, role: b.role, active: b.active, password: b.password })));
    },
  );

  const tokenTags = ['daftar: apiTokens'];
  app.get(
    '/apiTokens',
    { schema: { tags: tokenTags, security, summary: 'توکن‌های دسترسی برنامه‌ها (مدیر: همه؛ دیگران: توکن‌های خودشان)', response: { 200: { type: 'object', required: ['items', 'nextCursor'], properties: { items: { type: 'array', items: TokenSchema }, nextCursor: { type: ['string', 'null'] } }, examples: [{ items: [tokenExample], nextCursor: null }] }, ...problems } } },
    async (req) => ({ items: (await listApiTokens(db, actorOf(req))).map((t) => tokenWire(t)), nextCursor: null }),
  );
  app.post(
    '/apiTokens',
    {
      schema: {
        tags: tokenTags,
        security,
        summary: 'ساخت توکن دسترسی برای یک برنامه (توکن فقط همین یک بار نشان داده می‌شود)',
        body: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string', minLength: 1, maxLength: 100 } }, examples: [{ name: 'اپ صندوق فروشگاه' }] },
        response: { 201: { ...TokenSchema, required: [...TokenSchema.required, 'token'], examples: [{ ...tokenExample, token: 'dft_3q2+7w…' }] }, ...problems },
      },
    },
    async (req, reply) => write(req, reply, 201, async (tx, actor) => tokenWire(await createApiToken(tx, actor, req.body as { name: string }))),
  );
  app.delete(
    '/apiTokens/:id',
    { schema: { tags: tokenTags, security, summary: 'باطل کردن توکن دسترسی', params: IdParams, response: { 204: { type: 'null', description: 'revoked' }, ...problems } } },
    async (req, reply) => write(req, reply, 204, async (tx, actor) => (await revokeApiToken(tx, actor, (req.params as { id: number }).id), null)),
  );
  app.post(
    '/surfaceCredentials/:surface',
    {
      schema: {
        tags: tokenTags,
        security,
        summary: 'کلیدهای تازه برای حسابفا (apiKey و loginToken) یا چرتکه (توکن)؛ کلیدهای قبلی همان لحظه باطل می‌شوند و کلید تازه فقط همین یک بار نشان داده می‌شود (فقط مدیر). سیبا با توکن دسترسی کاربر کار می‌کند.',
        params: { type: 'object', required: ['surface'], properties: { surface: { type: 'string', enum: ['hesabfa', 'chortke'], examples: ['chortke'] } } },
        body: { type: 'object', additionalProperties: false, properties: {}, examples: [{}] },
        response: {
          201: {
            type: 'object',
            required: ['surface'],
            properties: { surface: { type: 'string' }, apiKey: { type: 'string' }, loginToken: { type: 'string' }, token: { type: 'string' } },
            examples: [{ surface: 'hesabfa', apiKey: 'hfk_Zr1…', loginToken: 'hft_9Qa…' }, { surface: 'chortke', token: 'chk_4Lm…' }],
          },
          ...problems,
        },
      },
    },
    async (req, reply) => {
      const { surface } = req.params as { surface: SurfaceWithCredentials };
      return write(req, reply, 201, async (tx, actor) => ({ surface, ...(await rotateSurfaceCredentials(tx, actor, surface)) }));
    },
  );

  const settingsTags = ['daftar: settings'];
  app.get(
    '/settings',
    { schema: { tags: settingsTags, security, summary: 'تنظیمات کسب‌وکار', response: { 200: { ...SettingsSchema, examples: [settingsExample] }, ...problems } } },
    async (req) => settingsWire(await getSettings(db, actorOf(req))),
  );
  app.put(
    '/settings',
    {
      schema: {
        tags: settingsTags,
        security,
        summary: 'تغییر تنظیمات کسب‌وکار (فقط مدیر؛ همه فیلدها)',
        body: { type: 'object', additionalProperties: false, required: settingsKeys, properties: SettingsFields, examples: [settingsInputExample] },
        response: { 200: { ...SettingsSchema, examples: [settingsExample] }, ...problems },
      },
    },
    async (req, reply) => write(req, reply, 200, async (tx, actor) => settingsWire(await updateSettings(tx, actor, req.body as SettingsInput))),
  );
}
