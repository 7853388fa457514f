import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, Tx } from '../context.js';
import { recordAudit } from '../audit/audit.js';
import { PERSON_TYPE_ROOT, PERSON_TYPES } from '../business/bootstrap.js';
import { fail } from '../errors.js';
import { normalizeText } from '../shared/text.js';
import type { PartyType } from './types.js';
import { authorize } from '../auth/permissions.js';

/** Party groups: one tree, shown as Siba customer groups and Chortke person types. */
export interface PartyGroup {
  id: number;
  name: string;
  /** null = a root group. */
  parentId: number | null;
}

const MAX_NAME = 200;

function checkName(name: string | undefined): string {
  const n = (name ?? '').trim();
  if (!n) throw fail.missing('groupName');
  if (n.length > MAX_NAME) throw fail.with('TEXT_TOO_LONG', { field: 'groupName', max: MAX_NAME });
  return n;
}

export async function listPartyGroups(db: Kysely<DB>, actor: Actor): Promise<PartyGroup[]> {
  authorize(actor, 'party.read');
  const businessId = actor.businessId;
  const rows = await db.selectFrom('party_groups').select(['id', 'name', 'parent_id']).where('business_id', '=', businessId).orderBy('id').execute();
  return rows.map((r) => ({ id: Number(r.id), name: r.name, parentId: r.parent_id === null ? null : Number(r.parent_id) }));
}

async function getGroup(db: Kysely<DB>, businessId: number, id: number, field: string, lock = false) {
  let q = db.selectFrom('party_groups').select(['id', 'name', 'parent_id']).where('business_id', '=', businessId).where('id', '=', id);
  if (lock) q = q.forUpdate();
  const g = await q.executeTakeFirst();
  if (!g) throw fail.notFound('partyGroup', field, id);
  return g;
}

async function assertNameFree(tx: Tx, businessId: number, parentId: number | null, norm: string, name: string, exceptId?: number): Promise<void> {
  let q = tx.selectFrom('party_groups').select('id').where('business_id', '=', businessId).where('name_norm', '=', norm);
  q = parentId === null ? q.where('parent_id', 'is', null) : q.where('parent_id', '=', parentId);
  if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
  if (await q.executeTakeFirst()) throw fail.with('DUPLICATE_ENTITY', { entity: 'partyGroup', field: 'groupName', value: name });
}

export async function createPartyGroup(tx: Tx, actor: Actor, input: { name: string; parentId: number | null }): Promise<PartyGroup> {
  authorize(actor, 'party.update');
  const b = actor.businessId;
  const name = checkName(input.name);
  const parentId = input.parentId || null;
  if (parentId !== null) await getGroup(tx, b, parentId, 'parentId');
  await assertNameFree(tx, b, parentId, normalizeText(name), name);
  const r = await tx
    .insertInto('party_groups')
    .values({ business_id: b, name, name_norm: normalizeText(name), parent_id: parentId })
    .returning('id')
    .executeTakeFirstOrThrow();
  const g: PartyGroup = { id: Number(r.id), name, parentId };
  await recordAudit(tx, actor, { action: 'create', entity: 'party_group', entityId: g.id, after: g });
  return g;
}

/** Renames and/or moves a group; a group cannot move under itself or its own descendants. */
export async function updatePartyGroup(tx: Tx, actor: Actor, id: number, input: { name?: string; parentId?: number | null }): Promise<PartyGroup> {
  authorize(actor, 'party.update');
  const b = actor.businessId;
  if (!id) throw fail.notFound('partyGroup', 'groupId', id);
  const cur = await getGroup(tx, b, id, 'groupId', true);
  const before: PartyGroup = { id, name: cur.name, parentId: cur.parent_id === null ? null : Number(cur.parent_id) };
  const name = input.name === undefined ? cur.name : checkName(input.name);
  const parentId = input.parentId === undefined ? (cur.parent_id === null ? null : Number(cur.parent_id)) : input.parentId || null;
  if (parentId !== null) {
    await getGroup(tx, b, parentId, 'parentId');
    // Walk up from the new parent: meeting this group means a cycle.
    let at: number | null = parentId;
    for (let depth = 0; at !== null && depth < 10_000; depth++) {
      if (at === id) throw fail.with('PARTY_GROUP_CYCLE', { field: 'parentId' });
      const up: { parent_id: number | null } | undefined = await tx
        .selectFrom('party_groups')
        .select('parent_id')
        .where('business_id', '=', b)
        .where('id', '=', at)
        .executeTakeFirst();
      at = up?.parent_id === null || up === undefined ? null : Number(up.parent_id);
    }
  }
  await assertNameFree(tx, b, parentId, normalizeText(name), name, id);
  await tx.updateTable('party_groups').set({ name, name_norm: normalizeText(name), parent_id: parentId }).where('business_id', '=', b).where('id', '=', id).execute();
  const g: PartyGroup = { id, name, parentId };
  await recordAudit(tx, actor, { action: 'update', entity: 'party_group', entityId: id, before, after: g });
  return g;
}

export async function deletePartyGroup(tx: Tx, actor: Actor, id: number): Promise<void> {
  authorize(actor, 'party.update');
  const b = actor.businessId;
  if (!id) throw fail.notFound('partyGroup', 'groupId', id);
  const cur = await getGroup(tx, b, id, 'groupId', true);
  const child = await tx.selectFrom('party_groups').select('id').where('business_id', '=', b).where('parent_id', '=', id).executeTakeFirst();
  if (child) throw fail.with('PARTY_GROUP_HAS_CHILDREN', { name: cur.name });
  const member = await tx.selectFrom('parties').select('id').where('business_id', '=', b).where('group_id', '=', id).executeTakeFirst();
  if (member) throw fail.with('PARTY_GROUP_HAS_MEMBERS', { name: cur.name });
  await tx.deleteFrom('party_groups').where('business_id', '=', b).where('id', '=', id).execute();
  await recordAudit(tx, actor, {
    action: 'delete',
    entity: 'party_group',
    entityId: id,
    before: { id, name: cur.name, parentId: cur.parent_id === null ? null : Number(cur.parent_id) },
  });
}

/** The group of a person type in the seeded tree «اشخاص» › مشتری / کارمندان / فروشنده / تامین‌کننده. */
export async function partyGroupForType(db: Kysely<DB>, businessId: number, type: PartyType): Promise<number> {
  const title = PERSON_TYPES.find((t) => t.type === type)?.title;
  if (!title) throw fail.validation('partyType');
  const row = await db
    .selectFrom('party_groups as g')
    .innerJoin('party_groups as root', (j) => j.onRef('root.business_id', '=', 'g.business_id').onRef('root.id', '=', 'g.parent_id'))
    .select('g.id')
    .where('g.business_id', '=', businessId)
    .where('root.parent_id', 'is', null)
    .where('root.name_norm', '=', normalizeText(PERSON_TYPE_ROOT))
    .where('g.name_norm', '=', normalizeText(title))
    .executeTakeFirst();
  if (!row) throw fail.notFound('گروه نوع شخص', 'partyType', type, 'person type group');
  return Number(row.id);
}
