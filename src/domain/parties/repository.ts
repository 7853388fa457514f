import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { DB, PartiesTable } from '../../db/schema.js';
import { sqlSamples } from '../../db/sql-samples.js';

/**
 * The parties module's SQL (parties, their phones and groups, Chortke's unverified placeholders).
 * Builders take `(db, ...)` and return the query; the domain functions beside this file run them.
 */
type Db = Kysely<DB>;

// ---- parties ----

export function partyById(db: Db, businessId: number, id: number) {
  return db.selectFrom('parties').selectAll().where('business_id', '=', businessId).where('id', '=', id);
}

/** The row to change, locked for the transaction. */
export function lockPartyById(db: Db, businessId: number, id: number) {
  return partyById(db, businessId, id).forUpdate();
}

export function partyByCodeKey(db: Db, businessId: number, key: string) {
  return db.selectFrom('parties').selectAll().where('business_id', '=', businessId).where('code_key', '=', key);
}

export function partiesByIds(db: Db, businessId: number, ids: number[]) {
  return db.selectFrom('parties').selectAll().where('business_id', '=', businessId).where('id', 'in', ids).orderBy('id');
}

/** Another party holding the code key (`exceptId`: the party being edited). */
export function partyIdByCodeKey(db: Db, businessId: number, key: string, exceptId: number) {
  return db.selectFrom('parties').select('id').where('business_id', '=', businessId).where('code_key', '=', key).where('id', '<>', exceptId);
}

/** The largest numeric party code (null if none). */
export function largestNumericPartyCode(businessId: number) {
  return sql<{ m: string | null }>`
    select max(code_key::numeric) as m from parties
     where business_id = ${businessId} and code_key ~ '^[0-9]{1,15}$'`;
}

export function insertPartyDetail(db: Db, businessId: number, name: string) {
  return db.insertInto('detail_accounts').values({ business_id: businessId, kind: 'party', name }).returning('id');
}

export function renamePartyDetail(db: Db, businessId: number, detailId: number, name: string) {
  return db.updateTable('detail_accounts').set({ name }).where('business_id', '=', businessId).where('id', '=', detailId);
}

export function deletePartyDetail(db: Db, businessId: number, detailId: number) {
  return db.deleteFrom('detail_accounts').where('business_id', '=', businessId).where('id', '=', detailId);
}

export function insertPartyRow(db: Db, values: Insertable<PartiesTable>) {
  return db.insertInto('parties').values(values).returning('id');
}

export function updatePartyRow(db: Db, businessId: number, id: number, values: Updateable<PartiesTable>) {
  return db
    .updateTable('parties')
    .set({ ...values, updated_at: sql<Date>`now()` })
    .where('business_id', '=', businessId)
    .where('id', '=', id);
}

export function deletePartyRow(db: Db, businessId: number, id: number) {
  return db.deleteFrom('parties').where('business_id', '=', businessId).where('id', '=', id);
}

/** What keeps a party from being deleted, first found wins (in the order of the messages). */
export function partyUses(businessId: number, partyId: number, detailId: number) {
  return sql<{ opening: boolean; voucher: boolean; payment: boolean; invoice: boolean }>`
    select exists (select 1 from vouchers where business_id = ${businessId} and kind = 'opening'
                      and source_type = 'party' and source_id = ${partyId}) as opening,
           exists (select 1 from voucher_lines where business_id = ${businessId} and detail_id = ${detailId}) as voucher,
           exists (select 1 from payments where business_id = ${businessId} and party_id = ${partyId}) as payment,
           exists (select 1 from invoices where business_id = ${businessId} and party_id = ${partyId}) as invoice`;
}

export interface PartySearch {
  codeKey?: string;
  /** a `like` pattern on the normalised full name */
  namePattern?: string;
  /** a `like` pattern on any phone's normalised digits */
  phonePattern?: string;
  /** the stored party type */
  partyType?: string;
  /** either: a phone whose normalised digits equal one of these, or the email (case-insensitive) */
  phoneOrEmail?: { phones: string[]; email?: string };
}

function searchParties(db: Db, businessId: number, s: PartySearch) {
  let q = db.selectFrom('parties').where('business_id', '=', businessId);
  if (s.codeKey !== undefined) q = q.where('code_key', '=', s.codeKey);
  if (s.namePattern !== undefined) q = q.where(sql<boolean>`full_name_norm like ${s.namePattern}`);
  if (s.phonePattern !== undefined) {
    const pattern = s.phonePattern;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('party_phones as ph')
          .select('ph.id')
          .whereRef('ph.business_id', '=', 'parties.business_id')
          .whereRef('ph.party_id', '=', 'parties.id')
          .where(sql<boolean>`ph.tel_norm like ${pattern}`),
      ),
    );
  }
  if (s.partyType !== undefined) q = q.where('party_type', '=', s.partyType);
  if (s.phoneOrEmail !== undefined) {
    const { phones, email } = s.phoneOrEmail;
    q = q.where((eb) =>
      eb.or([
        ...(phones.length
          ? [
              eb.exists(
                eb
                  .selectFrom('party_phones as ph')
                  .select('ph.id')
                  .whereRef('ph.business_id', '=', 'parties.business_id')
                  .whereRef('ph.party_id', '=', 'parties.id')
                  .where('ph.tel_norm', 'in', phones),
              ),
            ]
          : []),
        ...(email ? [eb(sql`lower(email)`, '=', email.toLowerCase())] : []),
        ...(phones.length || email ? [] : [sql<boolean>`false`]),
      ]),
    );
  }
  return q;
}

export function partyCount(db: Db, businessId: number, s: PartySearch) {
  return searchParties(db, businessId, s).select((eb) => eb.fn.countAll<number>().as('n'));
}

export function partyPage(db: Db, businessId: number, s: PartySearch, limit: number, offset: number) {
  return searchParties(db, businessId, s).selectAll().orderBy('id').limit(limit).offset(offset);
}

/** Save by code: concurrent saves of one code run one after another (the lock ends with the transaction). */
export function lockPartyCode(businessId: number, key: string) {
  return sql`select pg_advisory_xact_lock(hashtextextended(${String(businessId)} || ':party-code:' || ${key}, 0))`;
}

// ---- phones ----

const PHONE_COLUMNS = ['id', 'party_id', 'tel', 'caption', 'is_primary'] as const;

export function phonesOfParties(db: Db, businessId: number, partyIds: number[]) {
  return db
    .selectFrom('party_phones')
    .select(PHONE_COLUMNS)
    .where('business_id', '=', businessId)
    .where('party_id', 'in', partyIds)
    .orderBy('is_primary', 'desc')
    .orderBy('id');
}

export function primaryPhoneOf(db: Db, businessId: number, partyId: number) {
  return db.selectFrom('party_phones').select('id').where('business_id', '=', businessId).where('party_id', '=', partyId).where('is_primary', '=', true);
}

export function insertPhone(db: Db, row: { business_id: number; party_id: number; tel: string; tel_norm: string; caption: string; is_primary: boolean }) {
  return db.insertInto('party_phones').values(row).returning(PHONE_COLUMNS);
}

export function lockPhoneById(db: Db, businessId: number, id: number) {
  return db.selectFrom('party_phones').select(PHONE_COLUMNS).where('business_id', '=', businessId).where('id', '=', id).forUpdate();
}

export function deletePhoneById(db: Db, businessId: number, id: number) {
  return db.deleteFrom('party_phones').where('business_id', '=', businessId).where('id', '=', id);
}

export function deletePhonesOfParty(db: Db, businessId: number, partyId: number) {
  return db.deleteFrom('party_phones').where('business_id', '=', businessId).where('party_id', '=', partyId);
}

export function deletePrimaryPhone(db: Db, businessId: number, partyId: number) {
  return deletePhonesOfParty(db, businessId, partyId).where('is_primary', '=', true);
}

export function deleteCaptionedPhone(db: Db, businessId: number, partyId: number, caption: string) {
  return deletePhonesOfParty(db, businessId, partyId).where('is_primary', '=', false).where('caption', '=', caption);
}

// ---- groups ----

const GROUP_COLUMNS = ['id', 'name', 'parent_id'] as const;

export function partyGroups(db: Db, businessId: number) {
  return db.selectFrom('party_groups').select(GROUP_COLUMNS).where('business_id', '=', businessId).orderBy('id');
}

export function partyGroupById(db: Db, businessId: number, id: number) {
  return db.selectFrom('party_groups').select(GROUP_COLUMNS).where('business_id', '=', businessId).where('id', '=', id);
}

export function lockPartyGroupById(db: Db, businessId: number, id: number) {
  return partyGroupById(db, businessId, id).forUpdate();
}

/** Another group of that name under the same parent (`exceptId`: the group being edited, 0 for none). */
export function partyGroupNamed(db: Db, businessId: number, parentId: number | null, nameNorm: string, exceptId: number) {
  const q = db.selectFrom('party_groups').select('id').where('business_id', '=', businessId).where('name_norm', '=', nameNorm).where('id', '<>', exceptId);
  return parentId === null ? q.where('parent_id', 'is', null) : q.where('parent_id', '=', parentId);
}

export function insertPartyGroup(db: Db, businessId: number, name: string, nameNorm: string, parentId: number | null) {
  return db.insertInto('party_groups').values({ business_id: businessId, name, name_norm: nameNorm, parent_id: parentId }).returning('id');
}

export function updatePartyGroupRow(db: Db, businessId: number, id: number, name: string, nameNorm: string, parentId: number | null) {
  return db.updateTable('party_groups').set({ name, name_norm: nameNorm, parent_id: parentId }).where('business_id', '=', businessId).where('id', '=', id);
}

export function deletePartyGroupRow(db: Db, businessId: number, id: number) {
  return db.deleteFrom('party_groups').where('business_id', '=', businessId).where('id', '=', id);
}

/** The group's ancestors, nearest first (a move under one of them would close a cycle). */
export function partyGroupAncestors(businessId: number, id: number) {
  return sql<{ id: number }>`
    with recursive up(id, parent_id, depth) as (
      select id, parent_id, 0 from party_groups where business_id = ${businessId} and id = ${id}
      union all
      select g.id, g.parent_id, up.depth + 1 from party_groups g
        join up on g.business_id = ${businessId} and g.id = up.parent_id
       where up.depth < 10000
    )
    select id from up order by depth`;
}

/** Why a group cannot be deleted: it has subgroups, or parties are in it. */
export function partyGroupUses(businessId: number, id: number) {
  return sql<{ children: boolean; members: boolean }>`
    select exists (select 1 from party_groups where business_id = ${businessId} and parent_id = ${id}) as children,
           exists (select 1 from parties where business_id = ${businessId} and group_id = ${id}) as members`;
}

/** A group named `titleNorm` under the root group named `rootNorm` (the seeded role groups). */
export function partyGroupUnderRoot(db: Db, businessId: number, rootNorm: string, titleNorm: string) {
  return db
    .selectFrom('party_groups as g')
    .innerJoin('party_groups as root', (j) => j.onRef('root.business_id', '=', 'g.business_id').onRef('root.id', '=', 'g.parent_id'))
    .select('g.id')
    .where('g.business_id', '=', businessId)
    .where('root.parent_id', 'is', null)
    .where('root.name_norm', '=', rootNorm)
    .where('g.name_norm', '=', titleNorm);
}

// ---- Chortke's unverified placeholders ----

export function deleteUnverifiedValue(db: Db, businessId: number, partyId: number, field: string) {
  return db.deleteFrom('chortke_unverified_fields').where('business_id', '=', businessId).where('party_id', '=', partyId).where('field', '=', field);
}

export function insertUnverifiedValue(db: Db, businessId: number, partyId: number, field: string, value: string) {
  return db.insertInto('chortke_unverified_fields').values({ business_id: businessId, party_id: partyId, field, value });
}

export function unverifiedOfParties(db: Db, businessId: number, partyIds: number[]) {
  return db.selectFrom('chortke_unverified_fields').select(['party_id', 'field', 'value']).where('business_id', '=', businessId).where('party_id', 'in', partyIds);
}

export const SQL_SAMPLES = sqlSamples({
  partyById: (db) => partyById(db, 1, 1),
  lockPartyById: (db) => lockPartyById(db, 1, 1),
  partyByCodeKey: (db) => partyByCodeKey(db, 1, '1'),
  partiesByIds: (db) => partiesByIds(db, 1, [1, 2]),
  partyIdByCodeKey: (db) => partyIdByCodeKey(db, 1, '1', 0),
  largestNumericPartyCode: () => largestNumericPartyCode(1),
  insertPartyDetail: (db) => insertPartyDetail(db, 1, 'علی رضایی'),
  renamePartyDetail: (db) => renamePartyDetail(db, 1, 1, 'علی رضایی'),
  deletePartyDetail: (db) => deletePartyDetail(db, 1, 1),
  insertPartyRow: (db) => insertPartyRow(db, { business_id: 1, code: '1', code_key: '1', detail_id: 1, full_name: 'x', full_name_norm: 'x', opening_balance: '0' }),
  updatePartyRow: (db) => updatePartyRow(db, 1, 1, { city: 'تهران' }),
  deletePartyRow: (db) => deletePartyRow(db, 1, 1),
  partyUses: () => partyUses(1, 1, 1),
  partyCount: (db) => partyCount(db, 1, { codeKey: '1', namePattern: '%x%', phonePattern: '%0912%', partyType: 'customer' }),
  partyPage: (db) => partyPage(db, 1, { namePattern: '%x%' }, 100, 0),
  partyPageByPhoneOrEmail: (db) => partyPage(db, 1, { phoneOrEmail: { phones: ['09121234567'], email: 'a@b.ir' } }, 100, 0),
  lockPartyCode: () => lockPartyCode(1, '1'),
  phonesOfParties: (db) => phonesOfParties(db, 1, [1, 2]),
  primaryPhoneOf: (db) => primaryPhoneOf(db, 1, 1),
  insertPhone: (db) => insertPhone(db, { business_id: 1, party_id: 1, tel: '0912', tel_norm: '0912', caption: '', is_primary: true }),
  lockPhoneById: (db) => lockPhoneById(db, 1, 1),
  deletePhoneById: (db) => deletePhoneById(db, 1, 1),
  deletePhonesOfParty: (db) => deletePhonesOfParty(db, 1, 1),
  deletePrimaryPhone: (db) => deletePrimaryPhone(db, 1, 1),
  deleteCaptionedPhone: (db) => deleteCaptionedPhone(db, 1, 1, 'تلفن'),
  partyGroups: (db) => partyGroups(db, 1),
  partyGroupById: (db) => partyGroupById(db, 1, 1),
  lockPartyGroupById: (db) => lockPartyGroupById(db, 1, 1),
  partyGroupNamed: (db) => partyGroupNamed(db, 1, 1, 'x', 0),
  insertPartyGroup: (db) => insertPartyGroup(db, 1, 'x', 'x', null),
  updatePartyGroupRow: (db) => updatePartyGroupRow(db, 1, 1, 'x', 'x', null),
  deletePartyGroupRow: (db) => deletePartyGroupRow(db, 1, 1),
  partyGroupAncestors: () => partyGroupAncestors(1, 1),
  partyGroupUses: () => partyGroupUses(1, 1),
  partyGroupUnderRoot: (db) => partyGroupUnderRoot(db, 1, 'اشخاص', 'مشتری'),
  deleteUnverifiedValue: (db) => deleteUnverifiedValue(db, 1, 1, 'economicCode'),
  insertUnverifiedValue: (db) => insertUnverifiedValue(db, 1, 1, 'economicCode', '12345'),
  unverifiedOfParties: (db) => unverifiedOfParties(db, 1, [1, 2]),
});
