import { sql, type Insertable, type Kysely } from 'kysely';
import type { ChangeDeliveriesTable, ChangesTable, DB } from '../../db/schema.js';
import { sqlSamples } from '../../db/sql-samples.js';

/**
 * The SQL of the change feed (changes), the change hook (change_hooks) and its outbox
 * (change_deliveries). Citus-friendly: business_id in every key and filter, no subquery in an
 * INSERT, no now() in an ON CONFLICT update.
 */
type Db = Kysely<DB>;
export type ChangeRow = Insertable<ChangesTable>;
export type DeliveryRow = Insertable<ChangeDeliveriesTable>;

/** Draws `n` change ids: the counter's new value is the last of them (the row stays locked to the commit). */
export function claimChangeIds(businessId: number, n: number) {
  return sql<{ value: string | number }>`
    insert into counters (business_id, name, value) values (${businessId}, 'change_id', ${n})
    on conflict (business_id, name) do update set value = counters.value + ${n}
    returning value`;
}

export function insertChanges(db: Db, rows: ChangeRow[]) {
  return db.insertInto('changes').values(rows);
}

export function hookOf(db: Db, businessId: number) {
  return db.selectFrom('change_hooks').select(['url', 'password', 'updated_at']).where('business_id', '=', businessId);
}

export function upsertHook(db: Db, businessId: number, url: string, password: string, at: Date) {
  return db
    .insertInto('change_hooks')
    .values({ business_id: businessId, url, password, updated_at: at })
    .onConflict((oc) => oc.column('business_id').doUpdateSet({ url, password, updated_at: at }));
}

export function deleteHook(db: Db, businessId: number) {
  return db.deleteFrom('change_hooks').where('business_id', '=', businessId);
}

export function insertDeliveries(db: Db, rows: DeliveryRow[]) {
  return db.insertInto('change_deliveries').values(rows);
}

/** Changes after `start`, ascending, with each invoice's number and item codes and each object's current code. */
export function changesAfter(db: Db, businessId: number, start: number, limit: number) {
  return sql<{
    id: string | number;
    object_type: string;
    object_id: string | number;
    action: number;
    surface: string | null;
    extra: string;
    extra2: string;
    at: Date | string;
    product_code: string | null;
    party_code: string | null;
    invoice_no: string | number | null;
    item_codes: string | null;
  }>`
    select c.id, c.object_type, c.object_id, c.action, c.surface, c.extra, c.extra2, c.at,
           pr.code as product_code, pa.code as party_code, i.invoice_no,
           (select string_agg(distinct p2.code, ',') from invoice_lines l
              join products p2 on p2.business_id = l.business_id and p2.id = l.product_id
             where l.business_id = c.business_id and l.invoice_id = i.id) as item_codes
      from changes c
      left join products pr on c.object_type = 'Product' and pr.business_id = c.business_id and pr.id = c.object_id
      left join parties pa on c.object_type = 'Contact' and pa.business_id = c.business_id and pa.id = c.object_id
      left join invoices i on c.object_type = 'Invoice' and i.business_id = c.business_id and i.id = c.object_id
     where c.business_id = ${businessId} and c.id > ${start}
     order by c.id
     limit ${limit}`;
}

export function lastChangeId(db: Db, businessId: number) {
  return db
    .selectFrom('changes')
    .select((eb) => eb.fn.max('id').as('id'))
    .where('business_id', '=', businessId);
}

/** Businesses with a delivery due now (one row each). */
export function businessesDue(db: Db, now: Date) {
  return db
    .selectFrom('change_deliveries')
    .select('business_id')
    .distinct()
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now);
}

/** The earliest time a pending delivery becomes due (the deliverer sleeps until then). */
export function nextDue(db: Db) {
  return db
    .selectFrom('change_deliveries')
    .select((eb) => eb.fn.min('next_attempt_at').as('at'))
    .where('status', '=', 'pending');
}

/**
 * A business's oldest pending delivery with its change, locked: another deliverer's claim of it
 * (a short transaction) is waited for, never skipped — skipping would let a later change go first.
 * Deliveries go one at a time per business, in change order.
 */
export function oldestPending(db: Db, businessId: number) {
  return db
    .selectFrom('change_deliveries as d')
    .innerJoin('changes as c', (j) => j.onRef('c.business_id', '=', 'd.business_id').onRef('c.id', '=', 'd.change_id'))
    .select(['d.change_id', 'd.url', 'd.attempts', 'd.next_attempt_at', 'c.object_type', 'c.object_id', 'c.action'])
    .where('d.business_id', '=', businessId)
    .where('d.status', '=', 'pending')
    .orderBy('d.change_id')
    .limit(1)
    .forUpdate('d');
}

/** The hook was removed: its pending deliveries go with it (a new hook receives the changes from then on). */
export function deletePendingDeliveries(db: Db, businessId: number) {
  return db.deleteFrom('change_deliveries').where('business_id', '=', businessId).where('status', '=', 'pending');
}

export function markDelivered(db: Db, businessId: number, changeId: number, at: Date, status: number) {
  return db
    .updateTable('change_deliveries')
    .set((eb) => ({ status: 'delivered', attempts: eb('attempts', '+', 1), last_attempt_at: at, delivered_at: at, last_status: status, last_error: null }))
    .where('business_id', '=', businessId)
    .where('change_id', '=', changeId);
}

export function markFailed(db: Db, businessId: number, changeId: number, at: Date, next: Date, status: number | null, error: string) {
  return db
    .updateTable('change_deliveries')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), last_attempt_at: at, next_attempt_at: next, last_status: status, last_error: error }))
    .where('business_id', '=', businessId)
    .where('change_id', '=', changeId);
}

export interface DeliveryFilter {
  status?: 'pending' | 'delivered';
}

function filteredDeliveries(db: Db, businessId: number, f: DeliveryFilter) {
  let q = db.selectFrom('change_deliveries as d').where('d.business_id', '=', businessId);
  if (f.status !== undefined) q = q.where('d.status', '=', f.status);
  return q;
}

export function deliveryCount(db: Db, businessId: number, f: DeliveryFilter) {
  return filteredDeliveries(db, businessId, f).select((eb) => eb.fn.countAll<number>().as('n'));
}

/** A page of deliveries, newest change first, with the change they carry. */
export function deliveryPage(db: Db, businessId: number, f: DeliveryFilter, page: { offset: number; limit: number }) {
  return filteredDeliveries(db, businessId, f)
    .innerJoin('changes as c', (j) => j.onRef('c.business_id', '=', 'd.business_id').onRef('c.id', '=', 'd.change_id'))
    .select([
      'd.change_id', 'd.url', 'd.status', 'd.attempts', 'd.next_attempt_at', 'd.last_attempt_at', 'd.last_status', 'd.last_error',
      'd.delivered_at', 'd.created_at', 'c.object_type', 'c.object_id', 'c.action',
    ])
    .orderBy('d.change_id', 'desc')
    .limit(page.limit)
    .offset(page.offset);
}

const AT = new Date('2026-01-01T00:00:00Z');

export const SQL_SAMPLES = sqlSamples({
  claimChangeIds: () => claimChangeIds(1, 2),
  insertChanges: (db) => insertChanges(db, [{ business_id: 1, id: 1, object_type: 'Product', object_id: 1, action: 51, surface: 'hesabfa', extra: '000001', extra2: '000001' }]),
  hookOf: (db) => hookOf(db, 1),
  upsertHook: (db) => upsertHook(db, 1, 'http://127.0.0.1/hook', 'secret', AT),
  deleteHook: (db) => deleteHook(db, 1),
  insertDeliveries: (db) => insertDeliveries(db, [{ business_id: 1, change_id: 1, url: 'http://127.0.0.1/hook' }]),
  changesAfter: (db) => changesAfter(db, 1, 0, 1000),
  lastChangeId: (db) => lastChangeId(db, 1),
  businessesDue: (db) => businessesDue(db, AT),
  nextDue: (db) => nextDue(db),
  oldestPending: (db) => oldestPending(db, 1),
  deletePendingDeliveries: (db) => deletePendingDeliveries(db, 1),
  markDelivered: (db) => markDelivered(db, 1, 1, AT, 200),
  markFailed: (db) => markFailed(db, 1, 1, AT, AT, 500, 'HTTP 500'),
  deliveryCount: (db) => deliveryCount(db, 1, { status: 'pending' }),
  deliveryPage: (db) => deliveryPage(db, 1, {}, { offset: 0, limit: 100 }),
});
