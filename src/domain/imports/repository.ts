import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { sqlSamples } from '../../db/sql-samples.js';

/** The imports' SQL (imports.ts runs these): stored previews, and the lookups a file's rows are checked against. */
type Db = Kysely<DB>;

const anyText = (keys: string[]) => sql<string>`any(cast(${keys} as text[]))`;

export function insertBatch(db: Db, row: { businessId: number; userId: number; kind: string; fileName: string; rowCount: number; errorCount: number; rowsJson: string }) {
  return db
    .insertInto('import_batches')
    .values({ business_id: row.businessId, user_id: row.userId, kind: row.kind, file_name: row.fileName, row_count: row.rowCount, error_count: row.errorCount, rows_json: row.rowsJson })
    .returning(['id', 'created_at']);
}

/** A preview of the business younger than a day, locked: two commits of one file wait for each other. */
export function lockBatch(db: Db, businessId: number, id: number) {
  return db
    .selectFrom('import_batches')
    .select(['id', 'kind', 'file_name', 'row_count', 'error_count', 'rows_json', 'committed_at'])
    .where('business_id', '=', businessId)
    .where('id', '=', id)
    .where('created_at', '>', sql<Date>`now() - interval '1 day'`)
    .forUpdate();
}

export function markCommitted(db: Db, businessId: number, id: number) {
  return db.updateTable('import_batches').set({ committed_at: sql`now()`, rows_json: '[]' }).where('business_id', '=', businessId).where('id', '=', id);
}

/** Previews older than a day, gone (their rows were never written). */
export function deleteStaleBatches(db: Db, businessId: number) {
  return db.deleteFrom('import_batches').where('business_id', '=', businessId).where('created_at', '<', sql<Date>`now() - interval '1 day'`);
}

export function productsWithCodeKeys(db: Db, businessId: number, keys: string[]) {
  return db.selectFrom('products').select(['id', 'code', 'code_key', 'kind']).where('business_id', '=', businessId).where('code_key', '=', anyText(keys));
}

export function productsWithBarcodes(db: Db, businessId: number, keys: string[]) {
  return db
    .selectFrom('barcodes')
    .innerJoin('products', (j) => j.onRef('products.business_id', '=', 'barcodes.business_id').onRef('products.id', '=', 'barcodes.product_id'))
    .select(['barcodes.product_id', 'barcodes.barcode_norm', 'products.kind'])
    .where('barcodes.business_id', '=', businessId)
    .where('barcodes.barcode_norm', '=', anyText(keys));
}

export function partiesWithCodeKeys(db: Db, businessId: number, keys: string[]) {
  return db.selectFrom('parties').select(['id', 'code_key']).where('business_id', '=', businessId).where('code_key', '=', anyText(keys));
}

export const SQL_SAMPLES = sqlSamples({
  insertBatch: (db) => insertBatch(db, { businessId: 1, userId: 1, kind: 'products', fileName: 'products.xlsx', rowCount: 1, errorCount: 0, rowsJson: '[]' }),
  lockBatch: (db) => lockBatch(db, 1, 1),
  markCommitted: (db) => markCommitted(db, 1, 1),
  deleteStaleBatches: (db) => deleteStaleBatches(db, 1),
  productsWithCodeKeys: (db) => productsWithCodeKeys(db, 1, ['1001']),
  productsWithBarcodes: (db) => productsWithBarcodes(db, 1, ['6260100012345']),
  partiesWithCodeKeys: (db) => partiesWithCodeKeys(db, 1, ['1004']),
});
