import type { FastifyInstance } from 'fastify';
import { listHistory, type HistoryEntry } from '../../domain/audit/history.js';
import { actorOf } from '../common/context.js';
import { Id, instantOut, listOf, listQuery, page, problems } from './common.js';

// The bearer scheme only until the session scheme is declared in /openapi.json (H5); then common.ts's `security`.
const security: { [scheme: string]: string[] }[] = [{ bearer: [] }, { session: [] }];

const EntrySchema = {
  type: 'object',
  required: ['id', 'at', 'atJalali', 'userId', 'userName', 'action', 'entity', 'entityId', 'surface', 'before', 'after'],
  properties: {
    id: { type: 'integer' },
    at: { type: 'string', description: 'ISO 8601 at +03:30' },
    atJalali: { type: 'string' },
    userId: { type: ['integer', 'null'] },
    userName: { type: 'string' },
    action: { type: 'string', examples: ['create', 'update', 'void', 'delete'] },
    entity: { type: 'string', examples: ['invoice', 'payment', 'cash_register'] },
    entityId: { type: ['string', 'null'] },
    surface: { type: ['string', 'null'], description: 'the API the change came through (siba, hesabfa, chortke, daftar)' },
    before: { description: 'the record before the change (null on create)' },
    after: { description: 'the record after the change (null on delete)' },
  },
} as const;

const example = {
  id: 901, at: '2026-12-04T21:04:00+03:30', atJalali: '1405/09/13 21:04', userId: 1, userName: 'admin', action: 'create',
  entity: 'payment', entityId: '12', surface: 'daftar', before: null, after: { paymentId: 12, kind: 'receipt', amount: '2500000' },
};

const Query = listQuery({
  userId: Id,
  entity: { type: 'string', maxLength: 50 },
  entityId: { type: 'string', maxLength: 50 },
} as const);

function entryOut(e: HistoryEntry) {
  const t = instantOut(e.at);
  return { id: e.historyId, at: t.at, atJalali: t.jalali, userId: e.userId, userName: e.userName, action: e.action, entity: e.entity, entityId: e.entityId, ...e.details };
}

/** The history (تاریخچه): every change, newest first, with who made it and the record before and after. */
export async function auditRoutes(app: FastifyInstance): Promise<void> {
  const db = app.deps.database.db;
  app.get(
    '/auditEntries',
    { schema: { tags: ['daftar: auditEntries'], security, summary: 'تاریخچه تغییرات، جدیدترین اول', querystring: Query, response: { 200: listOf(EntrySchema, example), ...problems } } },
    async (req) => {
      const q = req.query as { limit?: number; cursor?: string; userId?: number; entity?: string; entityId?: string };
      return page(q, (offset, limit) => listHistory(db, actorOf(req), { userId: q.userId, entity: q.entity, entityId: q.entityId, offset, limit }), entryOut);
    },
  );
}
