import { type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { sqlSamples } from '../../db/sql-samples.js';

/** The warehouses' SQL (warehouses.ts runs these). */
type Db = Kysely<DB>;

export const WAREHOUSE_COLUMNS = ['id', 'code', 'name', 'is_default', 'active'] as const;

export function warehouses(db: Db, businessId: number) {
  return db.selectFrom('warehouses').select(WAREHOUSE_COLUMNS).where('business_id', '=', businessId).orderBy('code');
}

export function warehouseWithCode(db: Db, businessId: number, code: number) {
  return db.selectFrom('warehouses').select(WAREHOUSE_COLUMNS).where('business_id', '=', businessId).where('code', '=', code);
}

export function warehouseWithId(db: Db, businessId: number, id: number) {
  return db.selectFrom('warehouses').select(WAREHOUSE_COLUMNS).where('business_id', '=', businessId).where('id', '=', id);
}

export function defaultWarehouseRow(db: Db, businessId: number) {
  return db.selectFrom('warehouses').select(WAREHOUSE_COLUMNS).where('business_id', '=', businessId).where('is_default', '=', true);
}

export function largestWarehouseCode(db: Db, businessId: number) {
  return db.selectFrom('warehouses').select((eb) => eb.fn.max('code').as('m')).where('business_id', '=', businessId);
}

export function insertWarehouse(db: Db, businessId: number, row: { code: number; name: string; nameNorm: string }) {
  return db.insertInto('warehouses').values({ business_id: businessId, code: row.code, name: row.name, name_norm: row.nameNorm }).returning(WAREHOUSE_COLUMNS);
}

export function updateWarehouseRow(db: Db, businessId: number, id: number, row: { name: string; nameNorm: string; active: boolean }) {
  return db.updateTable('warehouses').set({ name: row.name, name_norm: row.nameNorm, active: row.active }).where('business_id', '=', businessId).where('id', '=', id);
}

export function warehouseMoved(db: Db, businessId: number, warehouseId: number) {
  return db.selectFrom('stock_movements').select('id').where('business_id', '=', businessId).where('warehouse_id', '=', warehouseId).limit(1);
}

export function warehouseHoldsStock(db: Db, businessId: number, warehouseId: number) {
  return db
    .selectFrom('stock_balances')
    .select('product_id')
    .where('business_id', '=', businessId)
    .where('warehouse_id', '=', warehouseId)
    .where('quantity', '<>', '0')
    .limit(1);
}

export function deleteWarehouseBalances(db: Db, businessId: number, warehouseId: number) {
  return db.deleteFrom('stock_balances').where('business_id', '=', businessId).where('warehouse_id', '=', warehouseId);
}

export function deleteWarehouseRow(db: Db, businessId: number, id: number) {
  return db.deleteFrom('warehouses').where('business_id', '=', businessId).where('id', '=', id);
}

export const SQL_SAMPLES = sqlSamples({
  warehouses: (db) => warehouses(db, 1),
  warehouseWithCode: (db) => warehouseWithCode(db, 1, 1),
  warehouseWithId: (db) => warehouseWithId(db, 1, 1),
  lockWarehouse: (db) => warehouseWithId(db, 1, 1).forUpdate(),
  defaultWarehouseRow: (db) => defaultWarehouseRow(db, 1),
  largestWarehouseCode: (db) => largestWarehouseCode(db, 1),
  insertWarehouse: (db) => insertWarehouse(db, 1, { code: 2, name: 'انبار ۲', nameNorm: 'انبار 2' }),
  updateWarehouseRow: (db) => updateWarehouseRow(db, 1, 1, { name: 'انبار', nameNorm: 'انبار', active: true }),
  warehouseMoved: (db) => warehouseMoved(db, 1, 1),
  warehouseHoldsStock: (db) => warehouseHoldsStock(db, 1, 1),
  deleteWarehouseBalances: (db) => deleteWarehouseBalances(db, 1, 1),
  deleteWarehouseRow: (db) => deleteWarehouseRow(db, 1, 1),
});
