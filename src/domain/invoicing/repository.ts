import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { sqlSamples } from '../../db/sql-samples.js';
import { jalaliYearOf, type IsoDate } from '../shared/dates.js';

/** The SQL of the invoicing module: each builder returns its query; the domain runs it. */

type Db = Kysely<DB>;

/** The row of postingContext (one row of json columns). */
export interface PostingContextRow {
  party: { id: number; detailId: number; name: string } | null;
  business: { decimals: number; allowNegative: boolean };
  products: { id: number; code: string; name: string; kind: string; vatRate: string | null; active: boolean }[];
  warehouses: { id: number; code: number; active: boolean }[];
  default_warehouse: { id: number; code: number; active: boolean } | null;
  roles: Record<string, number> | null;
  fiscal_year_id: string | number | null;
  vat_rate: string | null;
  /** the Moadian rounding rule is in force on the date (docs/moadian.md, "Daftar's VAT arithmetic") */
  truncate: boolean;
  /** the business sends to Moadian on posting, and the date is on/after its Moadian start (docs/moadian.md "Sending on posting") */
  moadian_on_posting: boolean;
}

/**
 * Everything posting needs to read before it takes a lock, in one round trip: the party, the
 * business's settings, the lines' products and warehouses (by id), the default warehouse, the
 * accounts by role, the fiscal year and the VAT row in force (the ids: postingIds).
 */
export function postingContext(
  businessId: number,
  p: { partyId: number; productIds: number[]; warehouseIds: number[]; date: IsoDate; books: boolean },
) {
  return sql<PostingContextRow>`
    select
      (select json_build_object('id', id, 'detailId', detail_id, 'name', full_name)
         from parties where business_id = ${businessId} and id = ${p.partyId}) as party,
      (select json_build_object('decimals', currency_decimals, 'allowNegative', allow_negative_stock)
         from businesses where id = ${businessId}) as business,
      (select coalesce(json_agg(json_build_object('id', id, 'code', code, 'name', name, 'kind', kind, 'vatRate', cast(vat_rate as text), 'active', active)), '[]')
         from products where business_id = ${businessId} and id = any(cast(${p.productIds} as bigint[]))) as products,
      (select coalesce(json_agg(json_build_object('id', id, 'code', code, 'active', active)), '[]')
         from warehouses where business_id = ${businessId} and id = any(cast(${p.warehouseIds} as bigint[]))) as warehouses,
      (select json_build_object('id', id, 'code', code, 'active', active)
         from warehouses where business_id = ${businessId} order by is_default desc, code limit 1) as default_warehouse,
      (select json_object_agg(role, id) from accounts where business_id = ${businessId} and role is not null) as roles,
      (select id from fiscal_years where business_id = ${businessId} and jalali_year = ${jalaliYearOf(p.date)} and not closed) as fiscal_year_id,
      (select cast(rate as text) from vat_rates where business_id = ${businessId} and valid_from <= cast(${p.date} as date)
        order by valid_from desc limit 1) as vat_rate,
      exists (select 1 from moadian_settings where business_id = ${businessId} and starts_on <= cast(${p.date} as date)) as truncate,
      exists (select 1 from moadian_settings where business_id = ${businessId} and starts_on <= cast(${p.date} as date) and send_on_posting) as moadian_on_posting`;
}

/**
 * The ids of the invoice and its voucher, from their sequences, in a statement of its own that
 * reads no table: on Citus the coordinator evaluates it, so ids follow posting order and stay
 * small (a nextval inside a single-shard statement runs on the worker, whose sequence starts at
 * its group id × 2^48; docs/scale-out.md). Taken before the write so the write is one statement.
 */
export function postingIds(books: boolean) {
  return sql<{ invoice_id: string | number; voucher_id: string | number | null }>`
    select nextval(pg_get_serial_sequence('invoices', 'id')) as invoice_id,
      case when cast(${books} as boolean) then nextval(pg_get_serial_sequence('vouchers', 'id')) end as voucher_id`;
}

/** An invoice's header for a return or a void, locked: returns against it and its void queue behind each other. */
export function lockedInvoice(db: Db, businessId: number, id: number) {
  return db
    .selectFrom('invoices')
    .select(['id', 'invoice_type', 'invoice_no', 'status', 'party_id', 'voucher_id', sql<string>`date::text`.as('date')])
    .where('business_id', '=', businessId)
    .where('id', '=', id)
    .forUpdate();
}

/**
 * Per product, what an invoice's goods moved and what they cost in the books now: its
 * movements' values with their corrections (re-costing may have changed them since).
 */
export function invoiceStockByProduct(businessId: number, invoiceId: number) {
  return sql<{ product_id: string | number; quantity: string; cost: string }>`
    select m.product_id, sum(abs(m.quantity))::text as quantity,
           abs(sum(m.value + coalesce((select sum(c.value) from stock_movements c
                                        where c.business_id = m.business_id and c.corrects_id = m.id), 0)))::text as cost
      from stock_movements m
     where m.business_id = ${businessId} and m.doc_type = 'invoice' and m.doc_id = ${invoiceId} and m.reverses_id is null
     group by m.product_id`;
}

/** The goods lines of the posted returns of an invoice. */
export function returnedGoods(db: Db, businessId: number, invoiceId: number) {
  return db
    .selectFrom('invoice_lines as l')
    .innerJoin('invoices as i', (j) => j.onRef('i.business_id', '=', 'l.business_id').onRef('i.id', '=', 'l.invoice_id'))
    .select(['l.product_id', 'l.quantity'])
    .where('l.business_id', '=', businessId)
    .where('i.original_invoice_id', '=', invoiceId)
    .where('i.status', '=', 'posted')
    .where('l.item_type', '=', 0);
}

/** The posted returns of an invoice, by number. */
export function liveReturns(db: Db, businessId: number, invoiceId: number) {
  return db
    .selectFrom('invoices')
    .select(['id', 'invoice_no'])
    .where('business_id', '=', businessId)
    .where('original_invoice_id', '=', invoiceId)
    .where('status', '=', 'posted')
    .orderBy('invoice_no');
}

/** The line numbers of an invoice's goods lines (its stock movements are in this order). */
export function goodsLineNumbers(db: Db, businessId: number, invoiceId: number) {
  return db
    .selectFrom('invoice_lines')
    .select('line_no')
    .where('business_id', '=', businessId)
    .where('invoice_id', '=', invoiceId)
    .where('item_type', '=', 0)
    .orderBy('line_no');
}

/** Marks an invoice voided by `userId` with its reversing voucher. */
export function markVoided(db: Db, businessId: number, invoiceId: number, voidVoucherId: number | null, userId: number | null) {
  return db
    .updateTable('invoices')
    .set({ status: 'voided', void_voucher_id: voidVoucherId, voided_at: sql`now()`, voided_by: userId })
    .where('business_id', '=', businessId)
    .where('id', '=', invoiceId);
}

/** A type's invoice holding `number`, if any. */
export function invoiceWithNumber(db: Db, businessId: number, typeCode: number, number: number) {
  return db
    .selectFrom('invoices')
    .select('id')
    .where('business_id', '=', businessId)
    .where('invoice_type', '=', typeCode)
    .where('invoice_no', '=', number)
    .where('status', '=', 'posted');
}

/** A type's invoice numbered `number`: the posted one first, else the newest voided one. */
export function invoiceByNumber(db: Db, businessId: number, typeCode: number, number: number) {
  return db
    .selectFrom('invoices')
    .select('id')
    .where('business_id', '=', businessId)
    .where('invoice_type', '=', typeCode)
    .where('invoice_no', '=', number)
    .orderBy(sql`status = 'posted'`, 'desc')
    .orderBy('id', 'desc')
    .limit(1);
}

/** The ids of a business's warehouses named by code (for surfaces that send codes). */
export function warehouseIdsByCode(db: Db, businessId: number, codes: number[]) {
  return db.selectFrom('warehouses').select(['id', 'code']).where('business_id', '=', businessId).where('code', 'in', codes);
}

export const SQL_SAMPLES = sqlSamples({
  postingContext: () => postingContext(1, { partyId: 2, productIds: [3, 4], warehouseIds: [5], date: '2025-01-01', books: true }),
  lockedInvoice: (db) => lockedInvoice(db, 1, 2),
  invoiceStockByProduct: () => invoiceStockByProduct(1, 2),
  returnedGoods: (db) => returnedGoods(db, 1, 2),
  liveReturns: (db) => liveReturns(db, 1, 2),
  goodsLineNumbers: (db) => goodsLineNumbers(db, 1, 2),
  markVoided: (db) => markVoided(db, 1, 2, 3, 4),
  invoiceWithNumber: (db) => invoiceWithNumber(db, 1, 2, 3),
  invoiceByNumber: (db) => invoiceByNumber(db, 1, 2, 3),
  warehouseIdsByCode: (db) => warehouseIdsByCode(db, 1, [1, 2]),
});
