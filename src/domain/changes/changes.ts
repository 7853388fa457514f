import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, Tx } from '../context.js';
import { authorize } from '../auth/permissions.js';
import * as repo from './repository.js';

/**
 * The change feed (docs/hesabfa.md "Changes and webhooks"): every change to a product, a party
 * or an invoice, from any surface, recorded in the change's own transaction. Hesabfa's
 * setting/GetChanges reads it; with a change hook set, each change is also queued for delivery
 * (change_deliveries, the outbox) and POSTed after the commit by the deliverer (webhooks.ts).
 */
export type ObjectType = 'Product' | 'Contact' | 'Invoice';
export type ChangeKind = 'create' | 'update' | 'delete';

/** Hesabfa's action numbers: Contact 31/32/33, Product 51/52/53, Invoice 121/122/123 (created, changed, deleted). */
const ACTION_BASE: Record<ObjectType, number> = { Contact: 30, Product: 50, Invoice: 120 };
const ACTION_STEP: Record<ChangeKind, number> = { create: 1, update: 2, delete: 3 };
export const actionNumber = (type: ObjectType, kind: ChangeKind): number => ACTION_BASE[type] + ACTION_STEP[kind];

export interface ChangeInput {
  objectType: ObjectType;
  objectId: number;
  kind: ChangeKind;
  /** Product/Contact: the code (kept for a deleted object; a standing one is read with its current code). */
  code?: string;
}

interface Pending {
  businessId: number;
  objectType: ObjectType;
  objectId: number;
  action: number;
  surface: string;
  code: string;
}

/**
 * Transactions opened by transact() write their changes as their last statement (flushChanges):
 * the ids are drawn from the business's counter then, and its row stays locked to the commit, so
 * ids ascend in commit order. A change recorded on any other transaction is written at once.
 */
const deferred = new WeakMap<object, Pending[]>();

export function deferChanges(tx: Tx): void {
  deferred.set(tx, []);
}

/** How many changes the transaction has recorded so far (group commit: a posting's savepoint). */
export function changesMark(tx: Tx): number {
  return deferred.get(tx)?.length ?? 0;
}

/** Forgets the changes recorded after `mark` (the posting that recorded them rolled back to its savepoint). */
export function changesRollback(tx: Tx, mark: number): void {
  deferred.get(tx)?.splice(mark);
}

export async function recordChange(tx: Tx, actor: Actor, c: ChangeInput): Promise<void> {
  const p: Pending = {
    businessId: actor.businessId,
    objectType: c.objectType,
    objectId: c.objectId,
    action: actionNumber(c.objectType, c.kind),
    surface: actor.surface,
    code: c.code ?? '',
  };
  const list = deferred.get(tx);
  if (list) list.push(p);
  else await writeChanges(tx, [p]);
}

/** Writes the transaction's recorded changes; true when a delivery was queued (the deliverer is woken after the commit). */
export async function flushChanges(tx: Tx): Promise<boolean> {
  const list = deferred.get(tx);
  deferred.delete(tx);
  return list && list.length ? writeChanges(tx, list) : false;
}

async function writeChanges(tx: Tx, list: Pending[]): Promise<boolean> {
  let queued = false;
  const byBusiness = new Map<number, Pending[]>();
  for (const p of list) byBusiness.set(p.businessId, [...(byBusiness.get(p.businessId) ?? []), p]);
  for (const [businessId, rows] of [...byBusiness].sort(([a], [b]) => a - b)) {
    const hook = await repo.hookOf(tx, businessId).executeTakeFirst();
    const last = Number((await repo.claimChangeIds(businessId, rows.length).execute(tx)).rows[0].value);
    const first = last - rows.length + 1;
    const rowsOf = rows.map((p, i) => ({
      business_id: businessId,
      id: first + i,
      object_type: p.objectType,
      object_id: p.objectId,
      action: p.action,
      surface: p.surface,
      extra: p.code,
      extra2: p.code,
    }));
    // in slices: a statement's parameters are bounded (a batch of thousands of items is one transaction)
    for (let i = 0; i < rowsOf.length; i += 1000) await repo.insertChanges(tx, rowsOf.slice(i, i + 1000)).execute();
    if (hook) {
      const deliveries = rows.map((_, i) => ({ business_id: businessId, change_id: first + i, url: hook.url }));
      for (let i = 0; i < deliveries.length; i += 1000) await repo.insertDeliveries(tx, deliveries.slice(i, i + 1000)).execute();
      queued = true;
    }
  }
  return queued;
}

/** The change of an audited entity, when it is one the feed carries (recordAudit calls this). */
export async function changeOfAudit(tx: Tx, actor: Actor, e: { action: string; entity: string; entityId?: string | number | null; before?: unknown; after?: unknown }): Promise<void> {
  const id = e.entityId === undefined || e.entityId === null ? NaN : Number(e.entityId);
  const kind: ChangeKind | undefined = e.action === 'create' ? 'create' : e.action === 'update' ? 'update' : e.action === 'delete' ? 'delete' : undefined;
  const code = (o: unknown) => (typeof o === 'object' && o !== null && typeof (o as { code?: unknown }).code === 'string' ? (o as { code: string }).code : undefined);
  const codeOf = code(e.after) ?? code(e.before);
  switch (e.entity) {
    case 'product':
      if (kind && Number.isFinite(id)) await recordChange(tx, actor, { objectType: 'Product', objectId: id, kind, code: codeOf });
      return;
    case 'party':
      if (kind && Number.isFinite(id)) await recordChange(tx, actor, { objectType: 'Contact', objectId: id, kind, code: codeOf });
      return;
    case 'opening_stock':
      // the product's quantity changed
      if (Number.isFinite(id)) await recordChange(tx, actor, { objectType: 'Product', objectId: id, kind: 'update' });
      return;
    case 'stock_adjustment': {
      const lines = (e.after as { lines?: { productId?: number }[] } | undefined)?.lines ?? [];
      for (const pid of new Set(lines.map((l) => Number(l.productId)).filter(Number.isFinite))) {
        await recordChange(tx, actor, { objectType: 'Product', objectId: pid, kind: 'update' });
      }
      return;
    }
    case 'invoice':
      // a void is the invoice's removal (Hesabfa's delete); posting records its own change (writeInvoice)
      if (e.action === 'void' && Number.isFinite(id)) await recordChange(tx, actor, { objectType: 'Invoice', objectId: id, kind: 'delete' });
      return;
    case 'payment': {
      // a receipt or payment against an invoice changes what is paid on it
      const invoiceId = (e.after as { invoiceId?: number | null } | undefined)?.invoiceId;
      if (typeof invoiceId === 'number') await recordChange(tx, actor, { objectType: 'Invoice', objectId: invoiceId, kind: 'update' });
      return;
    }
  }
}

export interface Change {
  id: number;
  objectType: ObjectType;
  objectId: number;
  action: number;
  surface: string | null;
  /** Product/Contact: the code (current, or as it was when deleted); Invoice: its item codes, comma-joined. */
  extra: string;
  /** Product/Contact: the code; Invoice: its number. */
  extra2: string;
  at: string;
}

export const MAX_CHANGES = 1000;

/** Changes after `start` (0: from the first), ascending, at most MAX_CHANGES; and the last id the business has. */
export async function listChanges(db: Kysely<DB>, actor: Actor, start: number, limit = MAX_CHANGES): Promise<{ changes: Change[]; lastId: number }> {
  authorize(actor, 'history.read');
  const rows = await repo.changesAfter(db, actor.businessId, Math.max(0, start), Math.min(Math.max(limit, 1), MAX_CHANGES)).execute(db);
  const last = await repo.lastChangeId(db, actor.businessId).executeTakeFirst();
  const changes = rows.rows.map((r): Change => {
    const type = r.object_type as ObjectType;
    const code = type === 'Product' ? (r.product_code ?? r.extra) : type === 'Contact' ? (r.party_code ?? r.extra) : '';
    return {
      id: Number(r.id),
      objectType: type,
      objectId: Number(r.object_id),
      action: Number(r.action),
      surface: r.surface,
      extra: type === 'Invoice' ? (r.item_codes ?? '') : code,
      extra2: type === 'Invoice' ? (r.invoice_no === null ? '' : String(r.invoice_no)) : code,
      at: new Date(r.at).toISOString(),
    };
  });
  return { changes, lastId: last?.id === null || last?.id === undefined ? 0 : Number(last.id) };
}
