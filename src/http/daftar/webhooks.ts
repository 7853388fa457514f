import type { FastifyInstance } from 'fastify';
import { getChangeHook, listDeliveries, setChangeHook, type Delivery } from '../../domain/changes/webhooks.js';
import { actorOf } from '../common/context.js';
import { listOf, listQuery, page, problems, security, write } from './common.js';

/**
 * The change hook and its deliveries (issue 21, docs/hesabfa.md "Changes and webhooks"): what
 * was POSTed to the hook, what waits, and why the last attempt failed. Admin only
 * (`webhook.manage`).
 */
const DeliverySchema = {
  type: 'object',
  required: ['changeId', 'objectType', 'objectId', 'action', 'url', 'status', 'attempts', 'nextAttemptAt', 'lastAttemptAt', 'lastStatus', 'lastError', 'deliveredAt', 'createdAt'],
  properties: {
    changeId: { type: 'integer' },
    objectType: { type: 'string', examples: ['Invoice', 'Product', 'Contact'] },
    objectId: { type: 'integer' },
    action: { type: 'integer', description: "Hesabfa's action number: x1 created, x2 changed, x3 deleted" },
    url: { type: 'string' },
    status: { type: 'string', enum: ['pending', 'delivered'] },
    attempts: { type: 'integer' },
    nextAttemptAt: { type: ['string', 'null'], description: 'a pending delivery: when it is tried next' },
    lastAttemptAt: { type: ['string', 'null'] },
    lastStatus: { type: ['integer', 'null'], description: "the hook's HTTP status (null: no answer)" },
    lastError: { type: ['string', 'null'] },
    deliveredAt: { type: ['string', 'null'] },
    createdAt: { type: 'string' },
  },
} as const;

const example: Delivery = {
  changeId: 42, objectType: 'Invoice', objectId: 17, action: 121, url: 'https://shop.example/hook', status: 'pending', attempts: 2,
  nextAttemptAt: '2026-12-05T10:00:20.000Z', lastAttemptAt: '2026-12-05T10:00:10.000Z', lastStatus: 503, lastError: 'HTTP 503', deliveredAt: null, createdAt: '2026-12-05T10:00:00.000Z',
};

const HookSchema = {
  type: 'object',
  required: ['url', 'updatedAt'],
  properties: { url: { type: ['string', 'null'] }, updatedAt: { type: ['string', 'null'] } },
  examples: [{ url: 'https://shop.example/index.php?ssbhesabfa_webhook=1', updatedAt: '2026-12-05T10:00:00.000Z' }],
} as const;

export async function webhookRoutes(app: FastifyInstance): Promise<void> {
  const db = app.deps.database.db;
  const tags = ['daftar: webhooks'];
  app.get(
    '/webhooks/deliveries',
    {
      schema: {
        tags,
        security,
        summary: 'ارسال‌های اعلان تغییرات به نشانی وب‌هوک، جدیدترین اول (فقط مدیر)',
        querystring: listQuery({ status: { type: 'string', enum: ['pending', 'delivered'] } } as const),
        response: { 200: listOf(DeliverySchema, example), ...problems },
      },
    },
    async (req) => {
      const q = req.query as { limit?: number; cursor?: string; status?: 'pending' | 'delivered' };
      return page(q, (offset, limit) => listDeliveries(db, actorOf(req), { status: q.status, offset, limit }), (d) => d);
    },
  );
  app.get(
    '/webhooks/hook',
    { schema: { tags, security, summary: 'نشانی وب‌هوک اعلان تغییرات (فقط مدیر)', response: { 200: HookSchema, ...problems } } },
    async (req) => (await getChangeHook(db, actorOf(req))) ?? { url: null, updatedAt: null },
  );
  app.put(
    '/webhooks/hook',
    {
      schema: {
        tags,
        security,
        summary: 'تنظیم یا حذف نشانی وب‌هوک (url خالی: حذف)؛ هر تغییر کالا، شخص یا فاکتور پس از ثبت به آن فرستاده می‌شود',
        body: {
          type: 'object',
          required: ['url'],
          additionalProperties: false,
          properties: { url: { type: 'string', maxLength: 2000 }, password: { type: 'string', maxLength: 500, description: 'sent back as Password in every call' } },
          examples: [{ url: 'https://shop.example/index.php?ssbhesabfa_webhook=1', password: 'hook-secret' }],
        },
        response: { 200: HookSchema, ...problems },
      },
    },
    async (req, reply) => {
      const b = req.body as { url: string; password?: string };
      return write(req, reply, 200, async (tx, actor) => (await setChangeHook(tx, actor, { url: b.url, password: b.password ?? '' })) ?? { url: null, updatedAt: null });
    },
  );
}
