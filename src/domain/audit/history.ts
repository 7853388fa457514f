import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { authorize } from '../auth/permissions.js';
import type { Actor } from '../context.js';

/**
 * The history (تاریخچه) read model over audit_entries, newest first: the audit trail that
 * every change writes through recordAudit.
 */
export interface HistoryEntry {
  historyId: number;
  userId: number | null;
  userName: string;
  action: string;
  entity: string;
  entityId: string | null;
  /** ISO 8601 timestamp. */
  at: string;
  details: { surface: string | null; before: unknown; after: unknown };
}

export async function listHistory(
  db: Kysely<DB>,
  actor: Actor,
  filter: { userId?: number; entity?: string; entityId?: string; offset?: number; limit?: number },
): Promise<{ total: number; items: HistoryEntry[] }> {
  authorize(actor, 'history.read');
  const businessId = actor.businessId;
  let q = db.selectFrom('audit_entries as a').where('a.business_id', '=', businessId);
  if (filter.userId !== undefined) q = q.where('a.user_id', '=', filter.userId);
  if (filter.entity !== undefined) q = q.where('a.entity', '=', filter.entity);
  if (filter.entityId !== undefined) q = q.where('a.entity_id', '=', filter.entityId);
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const limit = Math.min(Math.max(filter.limit ?? 100, 1), 1000);
  const rows = await q
    .leftJoin('users as u', (j) => j.onRef('u.business_id', '=', 'a.business_id').onRef('u.id', '=', 'a.user_id'))
    .select(['a.id', 'a.user_id', 'u.user_name', 'a.action', 'a.entity', 'a.entity_id', 'a.at', 'a.surface', 'a.before', 'a.after'])
    .orderBy('a.id', 'desc')
    .limit(limit)
    .offset(Math.max(filter.offset ?? 0, 0))
    .execute();
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      historyId: Number(r.id),
      userId: r.user_id === null ? null : Number(r.user_id),
      userName: r.user_name ?? '',
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      at: new Date(r.at).toISOString(),
      details: { surface: r.surface, before: parseJson(r.before), after: parseJson(r.after) },
    })),
  };
}

/** jsonb reads back as an object (pg) or, on some drivers, as text. */
function parseJson(v: unknown): unknown {
  if (typeof v !== 'string') return v ?? null;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}
