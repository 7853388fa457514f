import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../context.js';
import { getProductsByIds } from '../catalog/products.js';
import { listWarehouses } from './warehouses.js';
import { stockBalances } from './movements.js';

/** One product's stock in one warehouse, with the names a list shows. */
export interface OnHand {
  productId: number;
  productCode: string;
  productName: string;
  unit: string | null;
  warehouseId: number;
  /** The warehouse's code. */
  warehouse: number;
  warehouseName: string;
  quantity: string;
}

/**
 * Stock on hand (GET /daftar/v1/stock): every product with a non-zero balance, per warehouse,
 * ordered by product code then warehouse code; one warehouse when `warehouseId` is given.
 */
export async function stockOnHand(db: Kysely<DB>, actor: Actor, filter: { warehouseId?: number; offset?: number; limit?: number } = {}): Promise<{ total: number; items: OnHand[] }> {
  const balances = (await stockBalances(db, actor, { warehouseId: filter.warehouseId })).filter((b) => b.quantity !== '0');
  const products = new Map((await getProductsByIds(db, actor, [...new Set(balances.map((b) => b.productId))])).map((p) => [p.id, p]));
  const warehouses = new Map((await listWarehouses(db, actor)).map((w) => [w.id, w]));
  const items = balances
    .filter((b) => products.has(b.productId))
    .map((b): OnHand => {
      const p = products.get(b.productId)!;
      return { productId: p.id, productCode: p.code, productName: p.name, unit: p.unit, warehouseId: b.warehouseId, warehouse: b.warehouse.code, warehouseName: warehouses.get(b.warehouseId)?.name ?? '', quantity: b.quantity };
    })
    .sort((a, b) => a.productCode.localeCompare(b.productCode, 'en', { numeric: true }) || a.warehouse - b.warehouse || a.productId - b.productId);
  const offset = Math.max(filter.offset ?? 0, 0);
  return { total: items.length, items: items.slice(offset, offset + Math.max(filter.limit ?? items.length, 0)) };
}
