import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { systemActor, type Actor, type Tx } from '../context.js';
import { recordAudit } from '../audit/audit.js';
import { fail } from '../errors.js';
import { normalizeText } from '../shared/text.js';
import { authorize } from '../auth/permissions.js';

/** Product groups: a tree per business (each surface has its own name for them). */
export interface ProductGroup {
  id: number;
  name: string;
  parentId: number | null;
}

type Db = Kysely<DB>;

const toGroup = (r: { id: number; name: string; parent_id: number | null }): ProductGroup => ({
  id: Number(r.id),
  name: r.name,
  parentId: r.parent_id === null ? null : Number(r.parent_id),
});

function requireName(name: string | undefined, field: string): string {
  const n = (name ?? '').trim();
  if (!n) throw fail.missing(field);
  if (n.length > 200) throw fail.outOfRange(field);
  return n;
}

export async function listProductGroups(db: Db, actor: Actor): Promise<ProductGroup[]> {
  authorize(actor, 'product.read');
  const businessId = actor.businessId;
  const rows = await db
    .selectFrom('product_groups')
    .select(['id', 'name', 'parent_id'])
    .where('business_id', '=', businessId)
    .orderBy('id')
    .execute();
  return rows.map(toGroup);
}

export async function getProductGroup(db: Db, businessId: number, id: number): Promise<ProductGroup | null> {
  const r = await db
    .selectFrom('product_groups')
    .select(['id', 'name', 'parent_id'])
    .where('business_id', '=', businessId)
    .where('id', '=', id)
    .executeTakeFirst();
  return r ? toGroup(r) : null;
}

async function assertSiblingNameFree(tx: Tx, businessId: number, parentId: number | null, norm: string, exceptId: number | null, name: string) {
  let q = tx
    .selectFrom('product_groups')
    .select('id')
    .where('business_id', '=', businessId)
    .where('name_norm', '=', norm)
    .where(parentId === null ? sql<boolean>`parent_id is null` : sql<boolean>`parent_id = ${parentId}`);
  if (exceptId !== null) q = q.where('id', '<>', exceptId);
  if (await q.executeTakeFirst()) throw fail.with('DUPLICATE_ENTITY', { entity: 'productGroup', field: 'productGroup.name', value: name });
}

async function assertParentExists(tx: Tx, businessId: number, parentId: number | null) {
  if (parentId === null) return;
  const p = await tx.selectFrom('product_groups').select('id').where('business_id', '=', businessId).where('id', '=', parentId).executeTakeFirst();
  if (!p) throw fail.with('PRODUCT_GROUP_PARENT_UNKNOWN', { field: 'parentId', value: parentId });
}

export async function createProductGroup(tx: Tx, actor: Actor, input: { name?: string; parentId: number | null }): Promise<ProductGroup> {
  authorize(actor, 'product.write');
  const name = requireName(input.name, 'productGroup.name');
  const norm = normalizeText(name);
  const parentId = input.parentId || null;
  await assertParentExists(tx, actor.businessId, parentId);
  await assertSiblingNameFree(tx, actor.businessId, parentId, norm, null, name);
  const r = await tx
    .insertInto('product_groups')
    .values({ business_id: actor.businessId, name, name_norm: norm, parent_id: parentId })
    .returning(['id', 'name', 'parent_id'])
    .executeTakeFirstOrThrow();
  const g = toGroup(r);
  await recordAudit(tx, actor, { action: 'create', entity: 'product_group', entityId: g.id, after: g });
  return g;
}

/** The ids of a group's ancestors, nearest first (the group itself excluded). */
async function ancestors(db: Db, businessId: number, groupId: number): Promise<number[]> {
  const r = await sql<{ id: number }>`
    with recursive up(id, parent_id, depth) as (
      select id, parent_id, 0 from product_groups where business_id = ${businessId} and id = ${groupId}
      union all
      select g.id, g.parent_id, up.depth + 1
        from product_groups g join up on g.business_id = ${businessId} and g.id = up.parent_id
       where up.depth < 1000
    )
    select id from up where depth > 0 order by depth`.execute(db);
  return r.rows.map((x) => Number(x.id));
}

export async function updateProductGroup(
  tx: Tx,
  actor: Actor,
  id: number,
  input: { name?: string; parentId?: number | null },
): Promise<ProductGroup> {
  authorize(actor, 'product.write');
  const row = await lockGroup(tx, actor, id, 'groupId');
  const before = toGroup(row);
  const name = input.name === undefined ? before.name : requireName(input.name, 'productGroup.name');
  const parentId = input.parentId === undefined ? before.parentId : input.parentId || null;
  if (parentId !== before.parentId && parentId !== null) {
    if (parentId === id) {
      throw fail.with('PRODUCT_GROUP_OWN_PARENT', { field: 'parentId' });
    }
    await assertParentExists(tx, actor.businessId, parentId);
    if ((await ancestors(tx, actor.businessId, parentId)).includes(id)) {
      throw fail.with('PRODUCT_GROUP_CYCLE', { field: 'parentId' });
    }
  }
  const norm = normalizeText(name);
  await assertSiblingNameFree(tx, actor.businessId, parentId, norm, id, name);
  await tx
    .updateTable('product_groups')
    .set({ name, name_norm: norm, parent_id: parentId })
    .where('business_id', '=', actor.businessId)
    .where('id', '=', id)
    .execute();
  const after = { id, name, parentId };
  await recordAudit(tx, actor, { action: 'update', entity: 'product_group', entityId: id, before, after });
  return after;
}

/** The group row, locked for the change; NOT_FOUND naming the wire field otherwise. */
async function lockGroup(tx: Tx, actor: Actor, id: number, field: string) {
  const row = await tx
    .selectFrom('product_groups')
    .select(['id', 'name', 'parent_id'])
    .where('business_id', '=', actor.businessId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw fail.notFound('productGroup', field, id);
  return row;
}

export async function deleteProductGroup(tx: Tx, actor: Actor, id: number): Promise<void> {
  authorize(actor, 'product.write');
  const row = await lockGroup(tx, actor, id, 'id');
  const child = await tx.selectFrom('product_groups').select('id').where('business_id', '=', actor.businessId).where('parent_id', '=', id).limit(1).executeTakeFirst();
  if (child) throw fail.with('PRODUCT_GROUP_HAS_CHILDREN', { name: row.name });
  const product = await tx.selectFrom('products').select('id').where('business_id', '=', actor.businessId).where('group_id', '=', id).limit(1).executeTakeFirst();
  if (product) throw fail.with('PRODUCT_GROUP_HAS_PRODUCTS', { name: row.name });
  await tx.deleteFrom('product_groups').where('business_id', '=', actor.businessId).where('id', '=', id).execute();
  await recordAudit(tx, actor, { action: 'delete', entity: 'product_group', entityId: id, before: toGroup(row) });
}

/**
 * Find-or-create the path root → leaf (a group path sent as "a : b : c"). Returns the leaf's id,
 * or null for an empty path. Part of the caller's change: writes no audit entry of its own.
 */
export async function ensureProductGroupPath(tx: Tx, actor: Actor, names: string[]): Promise<number | null> {
  let parentId: number | null = null;
  for (const raw of names) {
    const name = raw.trim();
    if (!name) continue;
    const norm = normalizeText(name);
    const found: { id: number } | undefined = await tx
      .selectFrom('product_groups')
      .select('id')
      .where('business_id', '=', actor.businessId)
      .where('name_norm', '=', norm)
      .where(parentId === null ? sql<boolean>`parent_id is null` : sql<boolean>`parent_id = ${parentId}`)
      .executeTakeFirst();
    if (found) {
      parentId = Number(found.id);
      continue;
    }
    // A concurrent save may create the same group first: its row is then found, not a duplicate.
    const r = await sql<{ id: number }>`
      insert into product_groups (business_id, name, name_norm, parent_id)
      values (${actor.businessId}, ${name}, ${norm}, ${parentId})
      on conflict (business_id, coalesce(parent_id, 0), name_norm) do nothing
      returning id`.execute(tx);
    const id: number = r.rows.length
      ? r.rows[0].id
      : (await tx
          .selectFrom('product_groups')
          .select('id')
          .where('business_id', '=', actor.businessId)
          .where('name_norm', '=', norm)
          .where(parentId === null ? sql<boolean>`parent_id is null` : sql<boolean>`parent_id = ${parentId}`)
          .executeTakeFirstOrThrow()).id;
    parentId = Number(id);
  }
  return parentId;
}

/** Group names from the root to `groupId` ([] for null or an unknown group). */
export async function productGroupPath(db: Db, businessId: number, groupId: number | null): Promise<string[]> {
  if (groupId === null) return [];
  const r = await sql<{ name: string }>`
    with recursive up(id, parent_id, name, depth) as (
      select id, parent_id, name, 0 from product_groups where business_id = ${businessId} and id = ${groupId}
      union all
      select g.id, g.parent_id, g.name, up.depth + 1
        from product_groups g join up on g.business_id = ${businessId} and g.id = up.parent_id
       where up.depth < 1000
    )
    select name from up order by depth desc`.execute(db);
  return r.rows.map((x) => x.name);
}

/**
 * Paths of many groups at once: of `groupIds` and their ancestors (one recursive query), or of
 * every group of the business when no ids are given.
 */
export async function productGroupPaths(db: Db, businessId: number, groupIds?: number[]): Promise<Map<number, string[]>> {
  const groups = groupIds
    ? (
        await sql<{ id: number; name: string; parent_id: number | null }>`
          with recursive up(id, name, parent_id) as (
            select id, name, parent_id from product_groups where business_id = ${businessId} and id = any(cast(${groupIds} as bigint[]))
            union
            select g.id, g.name, g.parent_id from product_groups g join up on g.business_id = ${businessId} and g.id = up.parent_id
          )
          select id, name, parent_id from up order by id`.execute(db)
      ).rows.map(toGroup)
    : await listProductGroups(db, systemActor(businessId)); // the caller has authorized the read
  const byId = new Map(groups.map((g) => [g.id, g]));
  const out = new Map<number, string[]>();
  const pathOf = (id: number, seen = new Set<number>()): string[] => {
    const cached = out.get(id);
    if (cached) return cached;
    const g = byId.get(id);
    if (!g || seen.has(id)) return [];
    seen.add(id);
    const p = [...(g.parentId === null ? [] : pathOf(g.parentId, seen)), g.name];
    out.set(id, p);
    return p;
  };
  for (const g of groups) pathOf(g.id);
  return out;
}
