import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { sqlSamples } from '../../db/sql-samples.js';

/**
 * The catalog's SQL (products' reads and the checks before a change). Builders take `(db, ...)`
 * and return the query; the domain functions in products.ts run them.
 */
type Db = Kysely<DB>;

/** `= any($1::bigint[])`: one parameter however many ids (an `in` list binds one per id). */
export const anyId = (ids: number[]) => sql<number>`any(cast(${ids} as bigint[]))`;

export function productById(db: Db, businessId: number, id: number) {
  return db.selectFrom('products').selectAll().where('business_id', '=', businessId).where('id', '=', id);
}

export function productsByIds(db: Db, businessId: number, ids: number[]) {
  return db.selectFrom('products').selectAll().where('business_id', '=', businessId).where('id', '=', anyId(ids)).orderBy('id');
}

export function productByCodeKey(db: Db, businessId: number, key: string) {
  return db.selectFrom('products').selectAll().where('business_id', '=', businessId).where('code_key', '=', key);
}

/** Ids by code key: the product lines of a document named by code (Hesabfa invoice/save). */
export function productIdsByCodeKeys(db: Db, businessId: number, keys: string[]) {
  return db.selectFrom('products').select(['id', 'code_key']).where('business_id', '=', businessId).where('code_key', '=', sql<string>`any(cast(${keys} as text[]))`);
}

export function productIdByBarcode(db: Db, businessId: number, barcodeNorm: string) {
  return db.selectFrom('barcodes').select('product_id').where('business_id', '=', businessId).where('barcode_norm', '=', barcodeNorm);
}

/** The rows that name a product and keep it from being deleted. */
export type ProductReference = 'stock_movements' | 'invoice_lines' | 'product_openings';

export function productReferenced(db: Db, businessId: number, table: ProductReference, productId: number) {
  return db.selectFrom(table).select(sql<number>`1`.as('one')).where('business_id', '=', businessId).where('product_id', '=', productId).limit(1);
}

/** Has the product been moved in stock or named on an invoice (a proforma included)? */
export function productHistory(businessId: number, productId: number) {
  return sql<{ one: number }>`
    select 1 as one where exists (select 1 from stock_movements where business_id = ${businessId} and product_id = ${productId})
       or exists (select 1 from invoice_lines where business_id = ${businessId} and product_id = ${productId})`;
}

/** The largest numeric product code (null if none): one probe of index products_numeric_code (0070). */
export function largestNumericCode(businessId: number) {
  return sql<{ m: string | null }>`
    select max(code_key::numeric) as m from products
     where business_id = ${businessId} and code_key ~ '^[0-9]{1,15}$'`;
}

export const SQL_SAMPLES = sqlSamples({
  productById: (db) => productById(db, 1, 1),
  productsByIds: (db) => productsByIds(db, 1, [1, 2]),
  productByCodeKey: (db) => productByCodeKey(db, 1, '1'),
  productIdsByCodeKeys: (db) => productIdsByCodeKeys(db, 1, ['1', '2']),
  productIdByBarcode: (db) => productIdByBarcode(db, 1, '6260100012345'),
  productReferenced: (db) => productReferenced(db, 1, 'invoice_lines', 1),
  productHistory: () => productHistory(1, 1),
  largestNumericCode: () => largestNumericCode(1),
});
