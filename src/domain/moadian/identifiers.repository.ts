import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { sqlSamples } from '../../db/sql-samples.js';

/** SQL of the Moadian identifiers kept on products (sstid), units (mu) and parties (tob). */
export function selectProductSstids(db: Kysely<DB>, businessId: number, ids: number[]) {
  return db.selectFrom('products').select(['id', 'sstid']).where('business_id', '=', businessId).where('id', 'in', ids);
}

export function updateProductSstid(db: Kysely<DB>, businessId: number, id: number, sstid: string | null) {
  return db.updateTable('products').set({ sstid }).where('business_id', '=', businessId).where('id', '=', id);
}

export function selectUnitCodes(db: Kysely<DB>, businessId: number, ids: number[]) {
  return db.selectFrom('units').select(['id', 'moadian_unit_code']).where('business_id', '=', businessId).where('id', 'in', ids);
}

export function updateUnitCode(db: Kysely<DB>, businessId: number, id: number, code: string | null) {
  return db.updateTable('units').set({ moadian_unit_code: code }).where('business_id', '=', businessId).where('id', '=', id);
}

export function selectBuyerTypes(db: Kysely<DB>, businessId: number, ids: number[]) {
  return db.selectFrom('parties').select(['id', 'buyer_type', 'is_legal']).where('business_id', '=', businessId).where('id', 'in', ids);
}

export function updateBuyerType(db: Kysely<DB>, businessId: number, id: number, buyerType: number | null) {
  return db.updateTable('parties').set({ buyer_type: buyerType }).where('business_id', '=', businessId).where('id', '=', id);
}

export const SQL_SAMPLES = sqlSamples({
  selectProductSstids: (db) => selectProductSstids(db, 1, [1]),
  updateProductSstid: (db) => updateProductSstid(db, 1, 1, '2710000138624'),
  selectUnitCodes: (db) => selectUnitCodes(db, 1, [1]),
  updateUnitCode: (db) => updateUnitCode(db, 1, 1, '1627'),
  selectBuyerTypes: (db) => selectBuyerTypes(db, 1, [1]),
  updateBuyerType: (db) => updateBuyerType(db, 1, 1, 2),
});
