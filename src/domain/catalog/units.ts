import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, Tx } from '../context.js';
import { recordAudit } from '../audit/audit.js';
import { fail } from '../errors.js';
import { normalizeText } from '../shared/text.js';
import { authorize } from '../auth/permissions.js';

/** Units of measure (واحد کالا): one flat list per business, names unique once normalised. */
export interface Unit {
  id: number;
  name: string;
}

type Db = Kysely<DB>;

function requireName(name: string | undefined, field: string): string {
  const n = (name ?? '').trim();
  if (!n) throw fail.missing(field);
  if (n.length > 200) throw fail.outOfRange(field);
  return n;
}

export async function listUnits(db: Db, actor: Actor): Promise<Unit[]> {
  authorize(actor, 'product.read');
  const businessId = actor.businessId;
  const rows = await db.selectFrom('units').select(['id', 'name']).where('business_id', '=', businessId).orderBy('id').execute();
  return rows.map((r) => ({ id: Number(r.id), name: r.name }));
}

export async function getUnit(db: Db, businessId: number, id: number): Promise<Unit | null> {
  const r = await db.selectFrom('units').select(['id', 'name']).where('business_id', '=', businessId).where('id', '=', id).executeTakeFirst();
  return r ? { id: Number(r.id), name: r.name } : null;
}

async function assertNameFree(tx: Tx, businessId: number, norm: string, exceptId: number | null, field: string, name: string) {
  let q = tx.selectFrom('units').select('id').where('business_id', '=', businessId).where('name_norm', '=', norm);
  if (exceptId !== null) q = q.where('id', '<>', exceptId);
  if (await q.executeTakeFirst()) throw fail.with('DUPLICATE_ENTITY', { entity: 'unit', field, value: name });
}

export async function createUnit(tx: Tx, actor: Actor, input: { name?: string }): Promise<Unit> {
  authorize(actor, 'product.write');
  const name = requireName(input.name, 'unit.name');
  const norm = normalizeText(name);
  await assertNameFree(tx, actor.businessId, norm, null, 'unit.name', name);
  const r = await tx
    .insertInto('units')
    .values({ business_id: actor.businessId, name, name_norm: norm })
    .returning(['id', 'name'])
    .executeTakeFirstOrThrow();
  const unit = { id: Number(r.id), name: r.name };
  await recordAudit(tx, actor, { action: 'create', entity: 'unit', entityId: unit.id, after: unit });
  return unit;
}

/** The unit row, locked for the change; NOT_FOUND naming the wire field otherwise. */
async function lockUnit(tx: Tx, actor: Actor, id: number, field: string) {
  const row = await tx
    .selectFrom('units')
    .select(['id', 'name'])
    .where('business_id', '=', actor.businessId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw fail.notFound('unit', field, id);
  return row;
}

export async function updateUnit(tx: Tx, actor: Actor, id: number, input: { name?: string }): Promise<Unit> {
  authorize(actor, 'product.write');
  const before = await lockUnit(tx, actor, id, 'unitId');
  if (input.name === undefined) return { id, name: before.name };
  const name = requireName(input.name, 'unit.name');
  const norm = normalizeText(name);
  await assertNameFree(tx, actor.businessId, norm, id, 'unit.name', name);
  await tx.updateTable('units').set({ name, name_norm: norm }).where('business_id', '=', actor.businessId).where('id', '=', id).execute();
  const unit = { id, name };
  await recordAudit(tx, actor, { action: 'update', entity: 'unit', entityId: id, before: { id, name: before.name }, after: unit });
  return unit;
}

export async function deleteUnit(tx: Tx, actor: Actor, id: number): Promise<void> {
  authorize(actor, 'product.write');
  const before = await lockUnit(tx, actor, id, 'id');
  const used = await tx
    .selectFrom('products')
    .select('id')
    .where('business_id', '=', actor.businessId)
    .where((eb) => eb.or([eb('unit_id', '=', id), eb('sub_unit_id', '=', id)]))
    .limit(1)
    .executeTakeFirst();
  if (used) throw fail.with('PRODUCT_UNIT_IN_USE', { name: before.name });
  await tx.deleteFrom('units').where('business_id', '=', actor.businessId).where('id', '=', id).execute();
  await recordAudit(tx, actor, { action: 'delete', entity: 'unit', entityId: id, before: { id, name: before.name } });
}

/**
 * Find-or-create a unit by name (Hesabfa Unit, Chortke unit). Part of the caller's change:
 * writes no audit entry of its own.
 */
export async function ensureUnit(tx: Tx, businessId: number, name: string): Promise<number> {
  const clean = requireName(name, 'unit');
  const norm = normalizeText(clean);
  await tx
    .insertInto('units')
    .values({ business_id: businessId, name: clean, name_norm: norm })
    .onConflict((oc) => oc.columns(['business_id', 'name_norm']).doNothing())
    .execute();
  const r = await tx
    .selectFrom('units')
    .select('id')
    .where('business_id', '=', businessId)
    .where('name_norm', '=', norm)
    .executeTakeFirstOrThrow();
  return Number(r.id);
}
