import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, Tx } from '../context.js';
import { recordAudit } from '../audit/audit.js';
import { PERSON_TYPE_ROOT, PERSON_TYPES } from '../business/bootstrap.js';
import { fail } from '../errors.js';
import { normalizeText } from '../shared/text.js';
import type { PartyRole } from './types.js';
import { authorize } from '../auth/permissions.js';
import * as repo from './repository.js';

/** Party groups: one tree, shown as Siba customer groups, Chortke person types and /daftar/v1 partyGroups. */
export interface PartyGroup {
  id: number;
  name: string;
  /** null = a root group. */
  parentId: number | null;
}

const MAX_NAME = 200;

type GroupRow = { id: number; name: string; parent_id: number | null };
const groupOf = (r: GroupRow): PartyGroup => ({ id: Number(r.id), name: r.name, parentId: r.parent_id === null ? null : Number(r.parent_id) });

function checkName(name: string | undefined): string {
  const n = (name ?? '').trim();
  if (!n) throw fail.missing('name');
  if (n.length > MAX_NAME) throw fail.with('TEXT_TOO_LONG', { field: 'name', max: MAX_NAME });
  return n;
}

export async function listPartyGroups(db: Kysely<DB>, actor: Actor): Promise<PartyGroup[]> {
  authorize(actor, 'party.read');
  return (await repo.partyGroups(db, actor.businessId).execute()).map(groupOf);
}

/** One group, or null when the business has none with that id. */
export async function getPartyGroup(db: Kysely<DB>, actor: Actor, id: number): Promise<PartyGroup | null> {
  authorize(actor, 'party.read');
  const row = await repo.partyGroupById(db, actor.businessId, id).executeTakeFirst();
  return row ? groupOf(row) : null;
}

async function existingGroup(db: Kysely<DB>, businessId: number, id: number, field: string, lock = false): Promise<PartyGroup> {
  const q = lock ? repo.lockPartyGroupById(db, businessId, id) : repo.partyGroupById(db, businessId, id);
  const g = id ? await q.executeTakeFirst() : undefined;
  if (!g) throw fail.notFound('partyGroup', field, id);
  return groupOf(g);
}

async function assertNameFree(tx: Tx, businessId: number, parentId: number | null, name: string, exceptId = 0): Promise<void> {
  if (await repo.partyGroupNamed(tx, businessId, parentId, normalizeText(name), exceptId).executeTakeFirst()) {
    throw fail.with('DUPLICATE_ENTITY', { entity: 'partyGroup', field: 'name', value: name });
  }
}

export async function createPartyGroup(tx: Tx, actor: Actor, input: { name: string; parentId: number | null }): Promise<PartyGroup> {
  authorize(actor, 'party.update');
  const b = actor.businessId;
  const name = checkName(input.name);
  const parentId = input.parentId || null;
  if (parentId !== null) await existingGroup(tx, b, parentId, 'parentId');
  await assertNameFree(tx, b, parentId, name);
  const r = await repo.insertPartyGroup(tx, b, name, normalizeText(name), parentId).executeTakeFirstOrThrow();
  const g: PartyGroup = { id: Number(r.id), name, parentId };
  await recordAudit(tx, actor, { action: 'create', entity: 'party_group', entityId: g.id, after: g });
  return g;
}

/** Renames and/or moves a group; a group cannot move under itself or its own descendants. */
export async function updatePartyGroup(tx: Tx, actor: Actor, id: number, input: { name?: string; parentId?: number | null }): Promise<PartyGroup> {
  authorize(actor, 'party.update');
  const b = actor.businessId;
  const before = await existingGroup(tx, b, id, 'id', true);
  const name = input.name === undefined ? before.name : checkName(input.name);
  const parentId = input.parentId === undefined ? before.parentId : input.parentId || null;
  if (parentId !== null) {
    await existingGroup(tx, b, parentId, 'parentId');
    const ancestors = (await repo.partyGroupAncestors(b, parentId).execute(tx)).rows;
    if (ancestors.some((a) => Number(a.id) === id)) throw fail.with('PARTY_GROUP_CYCLE', { field: 'parentId' });
  }
  await assertNameFree(tx, b, parentId, name, id);
  await repo.updatePartyGroupRow(tx, b, id, name, normalizeText(name), parentId).execute();
  const g: PartyGroup = { id, name, parentId };
  await recordAudit(tx, actor, { action: 'update', entity: 'party_group', entityId: id, before, after: g });
  return g;
}

/** Deletes an empty group: one with subgroups or parties is refused IN_USE, naming it. */
export async function deletePartyGroup(tx: Tx, actor: Actor, id: number): Promise<void> {
  authorize(actor, 'party.update');
  const b = actor.businessId;
  const before = await existingGroup(tx, b, id, 'id', true);
  const uses = (await repo.partyGroupUses(b, id).execute(tx)).rows[0]!;
  if (uses.children) throw fail.with('PARTY_GROUP_HAS_CHILDREN', { name: before.name });
  if (uses.members) throw fail.with('PARTY_GROUP_HAS_MEMBERS', { name: before.name });
  await repo.deletePartyGroupRow(tx, b, id).execute();
  await recordAudit(tx, actor, { action: 'delete', entity: 'party_group', entityId: id, before });
}

/** The seeded group of each role under «اشخاص» (business/bootstrap.ts stores them by the table's type). */
const ROLE_GROUP_TYPE: Record<PartyRole, string> = { customer: 'customer', supplier: 'seller', serviceProvider: 'provider', employee: 'personnel' };

/** The group of a role in the seeded tree «اشخاص» › مشتری / کارمندان / فروشنده / تامین‌کننده. */
export async function partyGroupForRole(db: Kysely<DB>, businessId: number, role: PartyRole): Promise<number> {
  const title = PERSON_TYPES.find((t) => t.type === ROLE_GROUP_TYPE[role])?.title;
  if (!title) throw fail.validation('roles');
  const row = await repo.partyGroupUnderRoot(db, businessId, normalizeText(PERSON_TYPE_ROOT), normalizeText(title)).executeTakeFirst();
  if (!row) throw fail.with('PARTY_ROLE_GROUP_MISSING', { field: 'roles', role: title, root: PERSON_TYPE_ROOT });
  return Number(row.id);
}
