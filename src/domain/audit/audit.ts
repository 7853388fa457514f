import type { Actor, Tx } from '../context.js';

export interface AuditInput {
  action: string; // create | update | delete | void | post | login | rotate …
  entity: string; // product | party | invoice | …
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
}

/** Writes the history entry of a change, inside the change's own transaction. */
export async function recordAudit(tx: Tx, actor: Actor, e: AuditInput): Promise<void> {
  await tx
    .insertInto('audit_entries')
    .values({
      business_id: actor.businessId,
      user_id: actor.userId,
      action: e.action,
      entity: e.entity,
      entity_id: e.entityId === undefined || e.entityId === null ? null : String(e.entityId),
      surface: actor.surface,
      before: e.before === undefined ? null : JSON.stringify(e.before),
      after: e.after === undefined ? null : JSON.stringify(e.after),
    })
    .execute();
}
