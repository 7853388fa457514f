import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, Tx } from '../context.js';
import { recordAudit } from '../audit/audit.js';
import { fail } from '../errors.js';
import { nextNumber } from '../counters.js';
import { normalizeText } from '../shared/text.js';
import { authorize } from '../auth/permissions.js';
import {
  defaultWarehouseRow,
  deleteWarehouseBalances,
  deleteWarehouseRow,
  insertWarehouse,
  largestWarehouseCode,
  updateWarehouseRow,
  warehouseHoldsStock,
  warehouseMoved,
  warehouses,
  warehouseWithCode,
  warehouseWithId,
} from './warehouses.repository.js';

/**
 * Warehouses (انبار). The domain addresses a warehouse by its id; `code` is the short number
 * people use (Siba names warehouses by it: `warehouseIdByCode`); code 1 is the default.
 */
export interface Warehouse {
  id: number;
  code: number;
  name: string;
  isDefault: boolean;
  active: boolean;
}

type Db = Kysely<DB>;

const toWarehouse = (r: { id: number; code: number; name: string; is_default: boolean; active: boolean }): Warehouse => ({
  id: Number(r.id),
  code: Number(r.code),
  name: r.name,
  isDefault: r.is_default,
  active: r.active,
});

function requireName(name: string | undefined, field: string): string {
  const n = (name ?? '').trim();
  if (!n) throw fail.missing(field);
  if (n.length > 200) throw fail.outOfRange(field);
  return n;
}

export async function listWarehouses(db: Db, actor: Actor): Promise<Warehouse[]> {
  authorize(actor, 'product.read');
  const businessId = actor.businessId;
  const rows = await warehouses(db, businessId).execute();
  return rows.map(toWarehouse);
}

export async function warehouseByCode(db: Db, actor: Actor, code: number): Promise<Warehouse | null> {
  authorize(actor, 'product.read');
  const businessId = actor.businessId;
  const r = await warehouseWithCode(db, businessId, code).executeTakeFirst();
  return r ? toWarehouse(r) : null;
}

export async function warehouseById(db: Db, actor: Actor, id: number): Promise<Warehouse | null> {
  authorize(actor, 'product.read');
  const businessId = actor.businessId;
  const r = await warehouseWithId(db, businessId, id).executeTakeFirst();
  return r ? toWarehouse(r) : null;
}

/** The business's default warehouse (code 1 at creation). */
export async function defaultWarehouse(db: Db, actor: Actor): Promise<Warehouse> {
  authorize(actor, 'product.read');
  const businessId = actor.businessId;
  const r =
    (await defaultWarehouseRow(db, businessId).executeTakeFirst()) ?? (await warehouses(db, businessId).executeTakeFirst());
  if (!r) throw fail.with('STOCK_NO_WAREHOUSE', {});
  return toWarehouse(r);
}

/** Creates a warehouse; `code` absent → the next code after the largest in use. */
export async function createWarehouse(tx: Tx, actor: Actor, input: { name?: string; code?: number }): Promise<Warehouse> {
  authorize(actor, 'warehouse.write');
  const name = requireName(input.name, 'name');
  let code = input.code;
  if (code !== undefined) {
    if (!Number.isInteger(code) || code <= 0 || code > 2_147_483_647) {
      throw fail.with('NOT_AN_ID', { field: 'code' });
    }
    if (await warehouseByCode(tx, actor, code)) throw fail.with('DUPLICATE_ENTITY', { entity: 'warehouse', field: 'code', value: code });
  } else {
    const max = await largestWarehouseCode(tx, actor.businessId).executeTakeFirst();
    code = await nextNumber(tx, actor.businessId, 'warehouse_code', Number(max?.m ?? 0));
    while (await warehouseByCode(tx, actor, code)) code = await nextNumber(tx, actor.businessId, 'warehouse_code', code);
  }
  const r = await insertWarehouse(tx, actor.businessId, { code, name, nameNorm: normalizeText(name) }).executeTakeFirstOrThrow();
  const w = toWarehouse(r);
  await recordAudit(tx, actor, { action: 'create', entity: 'warehouse', entityId: w.id, after: w });
  return w;
}

/** The id of the warehouse with this code (for surfaces that name warehouses by code), or NOT_FOUND naming `field`. */
export async function warehouseIdByCode(db: Db, actor: Actor, code: number, field = 'code'): Promise<number> {
  const w = await warehouseByCode(db, actor, code);
  if (!w) throw fail.notFound('warehouse', field, code);
  return w.id;
}

async function lockById(tx: Tx, businessId: number, id: number): Promise<Warehouse> {
  const r = await warehouseWithId(tx, businessId, id).forUpdate().executeTakeFirst();
  if (!r) throw fail.notFound('warehouse', 'id', id);
  return toWarehouse(r);
}

/** Renames or (de)activates a warehouse. */
export async function updateWarehouse(tx: Tx, actor: Actor, id: number, input: { name?: string; active?: boolean }): Promise<Warehouse> {
  authorize(actor, 'warehouse.write');
  const before = await lockById(tx, actor.businessId, id);
  const name = input.name === undefined ? before.name : requireName(input.name, 'name');
  const active = input.active ?? before.active;
  if (!active && before.isDefault) throw fail.with('STOCK_DEFAULT_WAREHOUSE_ACTIVE', { field: 'active', name: before.name });
  await updateWarehouseRow(tx, actor.businessId, before.id, { name, nameNorm: normalizeText(name), active }).execute();
  const after = { ...before, name, active };
  await recordAudit(tx, actor, { action: 'update', entity: 'warehouse', entityId: before.id, before, after });
  return after;
}

/** Deletes an unused warehouse (IN_USE when it holds stock, has movements or is the default). */
export async function deleteWarehouse(tx: Tx, actor: Actor, id: number): Promise<void> {
  authorize(actor, 'warehouse.write');
  const w = await lockById(tx, actor.businessId, id);
  if (w.isDefault) throw fail.with('STOCK_WAREHOUSE_IS_DEFAULT', { name: w.name });
  const moved = await warehouseMoved(tx, actor.businessId, w.id).executeTakeFirst();
  if (moved) throw fail.with('STOCK_WAREHOUSE_HAS_MOVEMENTS', { name: w.name });
  const held = await warehouseHoldsStock(tx, actor.businessId, w.id).executeTakeFirst();
  if (held) throw fail.with('STOCK_WAREHOUSE_HAS_STOCK', { name: w.name });
  await deleteWarehouseBalances(tx, actor.businessId, w.id).execute();
  await deleteWarehouseRow(tx, actor.businessId, w.id).execute();
  await recordAudit(tx, actor, { action: 'delete', entity: 'warehouse', entityId: w.id, before: w });
}
