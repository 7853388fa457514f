import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { authorize } from '../auth/permissions.js';
import type { Actor } from '../context.js';
import { historyCount, historyPage } from './repository.js';

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
  const f = { userId: filter.userId, entity: filter.entity, entityId: filter.entityId };
  const total = await historyCount(db, businessId, f).executeTakeFirstOrThrow();
  const page = { limit: Math.min(Math.max(filter.limit ?? 100, 1), 1000), offset: Math.max(filter.offset ?? 0, 0) };
  const rows = await historyPage(db, businessId, f, page).execute();
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
