import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, Tx } from '../context.js';
import { recordAudit } from '../audit/audit.js';
import { fail } from '../errors.js';
import { nextNumber } from '../counters.js';
import { normalizeText } from '../shared/text.js';
import { authorize } from '../auth/permissions.js';

/** Warehouses (انبار). Clients name them by `code` (Siba warehouseCode); code 1 is the default. */
export interface Warehouse {
  id: number;
  code: number;
  name: string;
  isDefault: boolean;
  active: boolean;
}

type Db = Kysely<DB>;

const COLS = ['id', 'code', 'name', 'is_default', 'active'] as const;
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
  const rows = await db.selectFrom('warehouses').select(COLS).where('business_id', '=', businessId).orderBy('code').execute();
  return rows.map(toWarehouse);
}

export async function warehouseByCode(db: Db, actor: Actor, code: number): Promise<Warehouse | null> {
  authorize(actor, 'product.read');
  const businessId = actor.businessId;
  const r = await db.selectFrom('warehouses').select(COLS).where('business_id', '=', businessId).where('code', '=', code).executeTakeFirst();
  return r ? toWarehouse(r) : null;
}

export async function warehouseById(db: Db, actor: Actor, id: number): Promise<Warehouse | null> {
  authorize(actor, 'product.read');
  const businessId = actor.businessId;
  const r = await db.selectFrom('warehouses').select(COLS).where('business_id', '=', businessId).where('id', '=', id).executeTakeFirst();
  return r ? toWarehouse(r) : null;
}

/** The business's default warehouse (code 1 at creation). */
export async function defaultWarehouse(db: Db, actor: Actor): Promise<Warehouse> {
  authorize(actor, 'product.read');
  const businessId = actor.businessId;
  const r =
    (await db.selectFrom('warehouses').select(COLS).where('business_id', '=', businessId).where('is_default', '=', true).executeTakeFirst()) ??
    (await db.selectFrom('warehouses').select(COLS).where('business_id', '=', businessId).orderBy('code').executeTakeFirst());
  if (!r) throw fail.conflict('هیچ انباری تعریف نشده است', 'the business has no warehouse');
  return toWarehouse(r);
}

/** Creates a warehouse; `code` absent → the next code after the largest in use. */
export async function createWarehouse(tx: Tx, actor: Actor, input: { name?: string; code?: number }): Promise<Warehouse> {
  authorize(actor, 'warehouse.write');
  const name = requireName(input.name, 'warehouseName');
  let code = input.code;
  if (code !== undefined) {
    if (!Number.isInteger(code) || code <= 0 || code > 2_147_483_647) {
      throw fail.validation('warehouseCode', 'کد انبار باید عدد صحیح مثبت باشد', 'warehouseCode must be a positive integer');
    }
    if (await warehouseByCode(tx, actor, code)) throw fail.duplicate('warehouseCode', code, 'انبار');
  } else {
    const max = await tx
      .selectFrom('warehouses')
      .select((eb) => eb.fn.max('code').as('m'))
      .where('business_id', '=', actor.businessId)
      .executeTakeFirst();
    code = await nextNumber(tx, actor.businessId, 'warehouse_code', Number(max?.m ?? 0));
    while (await warehouseByCode(tx, actor, code)) code = await nextNumber(tx, actor.businessId, 'warehouse_code', code);
  }
  const r = await tx
    .insertInto('warehouses')
    .values({ business_id: actor.businessId, code, name, name_norm: normalizeText(name) })
    .returning(COLS)
    .executeTakeFirstOrThrow();
  const w = toWarehouse(r);
  await recordAudit(tx, actor, { action: 'create', entity: 'warehouse', entityId: w.id, after: w });
  return w;
}

async function lockByCode(tx: Tx, businessId: number, code: number): Promise<Warehouse> {
  const r = await tx
    .selectFrom('warehouses')
    .select(COLS)
    .where('business_id', '=', businessId)
    .where('code', '=', code)
    .forUpdate()
    .executeTakeFirst();
  if (!r) throw fail.notFound('انبار', 'warehouseCode', code, 'warehouse');
  return toWarehouse(r);
}

/** Renames or (de)activates a warehouse, named by its code. */
export async function updateWarehouse(tx: Tx, actor: Actor, code: number, input: { name?: string; active?: boolean }): Promise<Warehouse> {
  authorize(actor, 'warehouse.write');
  const before = await lockByCode(tx, actor.businessId, code);
  const name = input.name === undefined ? before.name : requireName(input.name, 'warehouseName');
  const active = input.active ?? before.active;
  if (!active && before.isDefault) {
    throw fail.conflict('انبار پیش‌فرض را نمی‌توان غیرفعال کرد', 'the default warehouse cannot be deactivated', 'active');
  }
  await tx
    .updateTable('warehouses')
    .set({ name, name_norm: normalizeText(name), active })
    .where('business_id', '=', actor.businessId)
    .where('id', '=', before.id)
    .execute();
  const after = { ...before, name, active };
  await recordAudit(tx, actor, { action: 'update', entity: 'warehouse', entityId: before.id, before, after });
  return after;
}

/** Deletes an unused warehouse (IN_USE when it holds stock, has movements or is the default). */
export async function deleteWarehouse(tx: Tx, actor: Actor, code: number): Promise<void> {
  authorize(actor, 'warehouse.write');
  const w = await lockByCode(tx, actor.businessId, code);
  if (w.isDefault) throw fail.inUse(`انبار «${w.name}»`, 'انبار پیش‌فرض است', 'warehouse');
  const moved = await tx
    .selectFrom('stock_movements')
    .select('id')
    .where('business_id', '=', actor.businessId)
    .where('warehouse_id', '=', w.id)
    .limit(1)
    .executeTakeFirst();
  if (moved) throw fail.inUse(`انبار «${w.name}»`, 'گردش کالا دارد', 'warehouse');
  const held = await tx
    .selectFrom('stock_balances')
    .select('product_id')
    .where('business_id', '=', actor.businessId)
    .where('warehouse_id', '=', w.id)
    .where('quantity', '<>', '0')
    .limit(1)
    .executeTakeFirst();
  if (held) throw fail.inUse(`انبار «${w.name}»`, 'موجودی کالا دارد', 'warehouse');
  await tx.deleteFrom('stock_balances').where('business_id', '=', actor.businessId).where('warehouse_id', '=', w.id).execute();
  await tx.deleteFrom('warehouses').where('business_id', '=', actor.businessId).where('id', '=', w.id).execute();
  await recordAudit(tx, actor, { action: 'delete', entity: 'warehouse', entityId: w.id, before: w });
}
