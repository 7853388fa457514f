import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';
import { sqlSamples } from '../../db/sql-samples.js';

/**
 * The stock module's SQL (movements, balances, adjustments, openings, re-costing). Builders take
 * `(db, ...)` and return the query; the domain functions beside this file run them. The write of
 * a document's movements (one statement of CTEs) is built in movements.ts from these rows.
 */
type Db = Kysely<DB>;

/** `= any($1::bigint[])`: one parameter however many ids. */
const anyId = (ids: number[]) => sql<number>`any(cast(${ids} as bigint[]))`;

/** A movement's value in the books: its own plus its value-only corrections. */
const BOOK_VALUE = sql<string>`(m.value + coalesce((select sum(c.value) from stock_movements c where c.business_id = m.business_id and c.corrects_id = m.id), 0))::text`;

export function stockSettings(db: Db, businessId: number) {
  return db.selectFrom('businesses').select(['currency_decimals', 'allow_negative_stock']).where('id', '=', businessId);
}

/** Locks products in id order, the first step of the one lock order of every stock writer. */
export function lockProducts(db: Db, businessId: number, productIds: number[]) {
  return (
    db
      .selectFrom('products')
      .select(['id', 'name', 'kind', 'stock_control', 'stock_qty', 'stock_value'])
      // A column of the locked row (migration 0101): read by the lock statement itself, current
      // even when this statement waited for a concurrent posting's lock.
      .select(sql<string | null>`last_movement_date::text`.as('last_date'))
      .where('business_id', '=', businessId)
      .where('id', '=', anyId(productIds))
      .orderBy('id')
      .forUpdate()
  );
}

/** Locks (product, warehouse) balance rows in (product_id, warehouse_id) order. */
export function lockBalances(db: Db, businessId: number, pairs: (readonly [number, number])[]) {
  return db
    .selectFrom('stock_balances')
    .select(['product_id', 'warehouse_id', 'quantity'])
    .where('business_id', '=', businessId)
    .where((eb) => eb(eb.refTuple('product_id', 'warehouse_id'), 'in', pairs.map(([p, w]) => eb.tuple(p, w))))
    .orderBy('product_id')
    .orderBy('warehouse_id')
    .forUpdate();
}

export function warehouseIdsIn(db: Db, businessId: number, ids: number[]) {
  return db.selectFrom('warehouses').select('id').where('business_id', '=', businessId).where('id', 'in', ids);
}

/** Zero balance rows for pairs that have none yet (a concurrent creator's row is kept). */
export function insertBalanceRows(db: Db, businessId: number, pairs: (readonly [number, number])[]) {
  return db
    .insertInto('stock_balances')
    .values(pairs.map(([p, w]) => ({ business_id: businessId, product_id: p, warehouse_id: w, quantity: '0' })))
    .onConflict((oc) => oc.columns(['business_id', 'product_id', 'warehouse_id']).doNothing());
}

/** A document's own movements (not its reversals), each at its value in the books. */
export function documentMovements(db: Db, businessId: number, docType: string, docId: number) {
  return db
    .selectFrom('stock_movements as m')
    .select(['m.id', 'm.product_id', 'm.warehouse_id', 'm.quantity', 'm.unit_cost'])
    .select(BOOK_VALUE.as('value'))
    .where('m.business_id', '=', businessId)
    .where('m.doc_type', '=', docType)
    .where('m.doc_id', '=', docId)
    .where('m.reverses_id', 'is', null)
    .orderBy('m.id');
}

/** Any movement that reverses one of these (a document is reversed once). */
export function reversalOf(db: Db, businessId: number, movementIds: number[]) {
  return db.selectFrom('stock_movements').select('id').where('business_id', '=', businessId).where('reverses_id', 'in', movementIds).limit(1);
}

/** The sum of a document's own movements' posted values. */
export function documentValue(businessId: number, docType: string, docId: number) {
  return sql<{ v: string | null }>`
    select sum(value)::text as v from stock_movements
     where business_id = ${businessId} and doc_type = ${docType} and doc_id = ${docId} and reverses_id is null`;
}

export function stockBalanceRows(db: Db, businessId: number, filter: { productIds?: number[]; warehouseId?: number }) {
  let q = db
    .selectFrom('stock_balances as b')
    .innerJoin('warehouses as w', (j) => j.onRef('w.business_id', '=', 'b.business_id').onRef('w.id', '=', 'b.warehouse_id'))
    .select(['b.product_id', 'b.warehouse_id', 'w.code', 'b.quantity'])
    .where('b.business_id', '=', businessId);
  if (filter.productIds) q = q.where('b.product_id', 'in', filter.productIds);
  if (filter.warehouseId !== undefined) q = q.where('b.warehouse_id', '=', filter.warehouseId);
  return q.orderBy('b.product_id').orderBy('w.code');
}

export function insertStockAdjustment(
  db: Db,
  row: { businessId: number; date: string; kind: 'opening' | 'adjustment'; description: string; createdBy: number | null },
) {
  return db
    .insertInto('stock_adjustments')
    .values({ business_id: row.businessId, date: row.date, kind: row.kind, description: row.description, created_by: row.createdBy })
    .returning('id');
}

export function setAdjustmentVoucher(db: Db, businessId: number, adjustmentId: number, voucherId: number) {
  return db.updateTable('stock_adjustments').set({ voucher_id: voucherId }).where('business_id', '=', businessId).where('id', '=', adjustmentId);
}

export function adjustmentVoucher(db: Db, businessId: number, adjustmentId: number) {
  return db.selectFrom('stock_adjustments').select('voucher_id').where('business_id', '=', businessId).where('id', '=', adjustmentId);
}

/** Locks products for an opening, in id order (the lock order of every stock posting). */
export function lockProductKinds(db: Db, businessId: number, productIds: number[]) {
  return db.selectFrom('products').select(['id', 'kind', 'name']).where('business_id', '=', businessId).where('id', 'in', productIds).orderBy('id').forUpdate();
}

export function productOpening(db: Db, businessId: number, productId: number) {
  return db.selectFrom('product_openings').select(['adjustment_id', 'doc_type']).where('business_id', '=', businessId).where('product_id', '=', productId);
}

export function movementDocType(db: Db, businessId: number, movementId: number) {
  return db.selectFrom('stock_movements').select('doc_type').where('business_id', '=', businessId).where('id', '=', movementId);
}

export function upsertProductOpening(businessId: number, productId: number, adjustmentId: number, docType: string) {
  return sql`
    insert into product_openings (business_id, product_id, adjustment_id, doc_type)
    values (${businessId}, ${productId}, ${adjustmentId}, ${docType})
    on conflict (business_id, product_id)
    do update set adjustment_id = excluded.adjustment_id, doc_type = excluded.doc_type, updated_at = excluded.updated_at`; // the default's now(), evaluated in VALUES: Citus refuses now() in SET
}

/** Columns of a live movement for the replay (recost.ts). */
export interface LiveMovementRow {
  id: string | number;
  product_id: string | number;
  warehouse_id: string | number;
  date: string;
  quantity: string;
  value: string;
  doc_type: string;
  doc_id: string | number;
  invoice_type: string | number | null;
  original_invoice_id: string | number | null;
  counter: string;
  name: string;
  stock_control: boolean;
}

/**
 * The live movements of products in replay order (date, posting order), each with its value
 * as the books hold it (posted value + its corrections) and the account its cost went to.
 * A movement is live when it is not a reversal, not a correction and not reversed.
 */
export function liveMovements(businessId: number, productIds: number[]) {
  return sql<LiveMovementRow>`
    select m.id, m.product_id, m.warehouse_id, m.date::text as date, m.quantity::text as quantity,
           (m.value + coalesce((select sum(c.value) from stock_movements c
                                 where c.business_id = m.business_id and c.corrects_id = m.id), 0))::text as value,
           m.doc_type, m.doc_id, i.invoice_type, i.original_invoice_id,
           case when m.doc_type = 'stock_adjustment' and a.kind = 'opening' then 'opening_equity'
                when m.doc_type = 'stock_adjustment' then 'stock_adjustment' else 'cogs' end as counter,
           p.name, p.stock_control
      from stock_movements m
      join products p on p.business_id = m.business_id and p.id = m.product_id
      left join invoices i on m.doc_type = 'invoice' and i.business_id = m.business_id and i.id = m.doc_id
      left join stock_adjustments a on m.doc_type = 'stock_adjustment' and a.business_id = m.business_id and a.id = m.doc_id
     where m.business_id = ${businessId} and m.product_id = any(cast(${productIds} as bigint[]))
       and m.reverses_id is null and m.corrects_id is null
       and not exists (select 1 from stock_movements r where r.business_id = m.business_id and r.reverses_id = m.id)
     order by m.product_id, m.date, m.id`;
}

/** Quantity and value per (product, warehouse) from the movements dated on or before `date`. */
export function sumsAtDate(businessId: number, productIds: number[], date: string) {
  return sql<{ product_id: string | number; warehouse_id: string | number; q: string; v: string }>`
    select product_id, warehouse_id, sum(quantity)::text as q, sum(value)::text as v
      from stock_movements
     where business_id = ${businessId} and product_id = any(cast(${productIds} as bigint[])) and date <= cast(${date} as date)
     group by product_id, warehouse_id`;
}

/** Value-only correction rows (quantity 0) pointing at the movements they correct. */
export function insertCorrectionRows(
  db: Db,
  businessId: number,
  docType: string,
  voucherId: number,
  date: string,
  rows: { movementId: number; productId: number; warehouseId: number; value: string }[],
) {
  return db.insertInto('stock_movements').values(
    rows.map((c) => ({
      business_id: businessId,
      product_id: c.productId,
      warehouse_id: c.warehouseId,
      doc_type: docType,
      doc_id: voucherId,
      date,
      quantity: '0',
      unit_cost: '0',
      value: c.value,
      corrects_id: c.movementId,
    })),
  );
}

export function productStockValue(db: Db, businessId: number, productId: number) {
  return db.selectFrom('products').select(['stock_qty', 'stock_value']).where('business_id', '=', businessId).where('id', '=', productId);
}

export function setProductStockValue(db: Db, businessId: number, productId: number, value: string, avgCost: string) {
  return db
    .updateTable('products')
    .set({ stock_value: value, avg_cost: avgCost, updated_at: sql`now()` })
    .where('business_id', '=', businessId)
    .where('id', '=', productId);
}

export interface MovementRow {
  productId: number;
  warehouseId: number;
  quantity: string;
  unitCost: string;
  value: string;
  reversesId: number | null;
}

export interface BalanceRow {
  productId: number;
  warehouseId: number;
  quantity: string;
}

export interface ProductTotalsRow {
  id: number;
  qty: string;
  value: string;
  avgCost: string;
}

/** Up to this many rows, balances and product totals are updated one primary key at a time. */
const PER_ROW_UPDATES = 16;

/**
 * A document's stock writes as data-modifying CTEs for one statement (`with ${…}`): `stock_mv`
 * inserts the movements (returning their ids, in line order), then the new balances and the new
 * product totals. A few rows: one update per row by its primary key (a plan that never depends
 * on table statistics); many rows (a large purchase): one update joined to a VALUES list.
 */
export function stockWriteCtes(
  businessId: number,
  doc: { docType: string; docId: number; date: string },
  movements: MovementRow[],
  balances: BalanceRow[],
  products: ProductTotalsRow[],
): RawBuilder<unknown> {
  const inserted = sql<{ id: number }>`insert into stock_movements
      (business_id, product_id, warehouse_id, doc_type, doc_id, date, quantity, unit_cost, value, reverses_id)
    values ${sql.join(
      movements.map(
        (m) =>
          sql`(${businessId}, ${m.productId}, ${m.warehouseId}, ${doc.docType}, ${doc.docId}, cast(${doc.date} as date), cast(${m.quantity} as numeric), cast(${m.unitCost} as numeric), cast(${m.value} as numeric), cast(${m.reversesId} as bigint))`,
      ),
    )}
    returning id`;
  return sql`stock_mv as (${inserted}), ${sql.join([...balanceUpdates(businessId, balances), ...productUpdates(businessId, doc.date, products)])}`;
}

function balanceUpdates(businessId: number, balances: BalanceRow[]): RawBuilder<unknown>[] {
  if (balances.length <= PER_ROW_UPDATES) {
    return balances.map(
      (b, i) => sql`stock_bal_${sql.raw(String(i))} as (update stock_balances set quantity = cast(${b.quantity} as numeric)
        where business_id = ${businessId} and product_id = ${b.productId} and warehouse_id = ${b.warehouseId})`,
    );
  }
  const rows = balances.map((b) => sql`(cast(${b.productId} as bigint), cast(${b.warehouseId} as bigint), cast(${b.quantity} as numeric))`);
  return [
    sql`stock_bal as (update stock_balances sb set quantity = v.quantity
      from (values ${sql.join(rows)}) as v (product_id, warehouse_id, quantity)
     where sb.business_id = ${businessId} and sb.product_id = v.product_id and sb.warehouse_id = v.warehouse_id)`,
  ];
}

function productUpdates(businessId: number, date: string, products: ProductTotalsRow[]): RawBuilder<unknown>[] {
  if (products.length <= PER_ROW_UPDATES) {
    return products.map(
      (p, i) => sql`stock_prod_${sql.raw(String(i))} as (update products
        set stock_qty = cast(${p.qty} as numeric), stock_value = cast(${p.value} as numeric), avg_cost = cast(${p.avgCost} as numeric),
            last_movement_date = greatest(last_movement_date, cast(${date} as date)), updated_at = now()
        where business_id = ${businessId} and id = ${p.id})`,
    );
  }
  const rows = products.map((p) => sql`(cast(${p.id} as bigint), cast(${p.qty} as numeric), cast(${p.value} as numeric), cast(${p.avgCost} as numeric))`);
  return [
    sql`stock_prod as (update products p set stock_qty = v.qty, stock_value = v.value, avg_cost = v.avg,
        last_movement_date = greatest(p.last_movement_date, cast(${date} as date)), updated_at = now()
      from (values ${sql.join(rows)}) as v (id, qty, value, avg)
     where p.business_id = ${businessId} and p.id = v.id)`,
  ];
}

export const SQL_SAMPLES = sqlSamples({
  stockSettings: (db) => stockSettings(db, 1),
  lockProducts: (db) => lockProducts(db, 1, [1, 2]),
  lockBalances: (db) => lockBalances(db, 1, [[1, 1], [2, 1]]),
  warehouseIdsIn: (db) => warehouseIdsIn(db, 1, [1]),
  insertBalanceRows: (db) => insertBalanceRows(db, 1, [[1, 1]]),
  documentMovements: (db) => documentMovements(db, 1, 'invoice', 1),
  reversalOf: (db) => reversalOf(db, 1, [1, 2]),
  documentValue: () => documentValue(1, 'invoice', 1),
  stockBalanceRows: (db) => stockBalanceRows(db, 1, { productIds: [1], warehouseId: 1 }),
  insertStockAdjustment: (db) => insertStockAdjustment(db, { businessId: 1, date: '2025-03-21', kind: 'opening', description: '', createdBy: 1 }),
  setAdjustmentVoucher: (db) => setAdjustmentVoucher(db, 1, 1, 1),
  adjustmentVoucher: (db) => adjustmentVoucher(db, 1, 1),
  lockProductKinds: (db) => lockProductKinds(db, 1, [1, 2]),
  productOpening: (db) => productOpening(db, 1, 1),
  movementDocType: (db) => movementDocType(db, 1, 1),
  upsertProductOpening: () => upsertProductOpening(1, 1, 1, 'stock_adjustment'),
  liveMovements: () => liveMovements(1, [1, 2]),
  sumsAtDate: () => sumsAtDate(1, [1, 2], '2025-03-21'),
  insertCorrectionRows: (db) => insertCorrectionRows(db, 1, 'recost', 1, '2025-03-21', [{ movementId: 1, productId: 1, warehouseId: 1, value: '1' }]),
  productStockValue: (db) => productStockValue(db, 1, 1),
  setProductStockValue: (db) => setProductStockValue(db, 1, 1, '0', '0'),
  stockWriteCtes: () =>
    sql`with ${stockWriteCtes(
      1,
      { docType: 'invoice', docId: 1, date: '2025-03-21' },
      [{ productId: 1, warehouseId: 1, quantity: '-1', unitCost: '100', value: '-100', reversesId: null }],
      [{ productId: 1, warehouseId: 1, quantity: '4' }],
      [{ id: 1, qty: '4', value: '400', avgCost: '100' }],
    )} select id from stock_mv`,
});
