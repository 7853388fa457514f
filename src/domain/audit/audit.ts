import type { Expression } from 'kysely';
import type { Actor, Tx } from '../context.js';
import { insertAuditEntries, insertAuditEntry, type AuditRow } from './repository.js';
import { changeOfAudit } from '../changes/changes.js';

export interface AuditInput {
  action: string; // create | update | delete | void | post | login | rotate …
  entity: string; // product | party | invoice | …
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
}

function auditRow(actor: Actor, e: AuditInput): AuditRow {
  return {
    business_id: actor.businessId,
    user_id: actor.userId,
    action: e.action,
    entity: e.entity,
    entity_id: e.entityId === undefined || e.entityId === null ? null : String(e.entityId),
    surface: actor.surface,
    before: e.before === undefined ? null : JSON.stringify(e.before),
    after: e.after === undefined ? null : JSON.stringify(e.after),
  };
}

/**
 * Writes the history entry of a change, inside the change's own transaction; a change to a
 * product, party or invoice also goes into the change feed (changes/changes.ts).
 */
export async function recordAudit(tx: Tx, actor: Actor, e: AuditInput): Promise<void> {
  await insertAuditEntry(tx, auditRow(actor, e)).execute();
  await changeOfAudit(tx, actor, e);
}

/**
 * The history entry of a change as an insert not yet run, for a caller whose whole write is one
 * statement; `after` may be an SQL expression over that statement's other CTEs.
 */
export function auditInsert(tx: Tx, actor: Actor, e: Omit<AuditInput, 'after'> & { after?: unknown }, after?: Expression<string | null>) {
  return insertAuditEntry(tx, auditRow(actor, e), after);
}

/** Many history entries in one statement: one per changed entity of a bulk change (batchsave). */
export async function recordAudits(tx: Tx, actor: Actor, entries: AuditInput[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 1000) {
    await insertAuditEntries(tx, entries.slice(i, i + 1000).map((e) => auditRow(actor, e))).execute();
  }
  for (const e of entries) await changeOfAudit(tx, actor, e);
}
