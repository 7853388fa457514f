import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, Tx } from '../context.js';
import { recordAudit } from '../audit/audit.js';
import { fail } from '../errors.js';
import { normalizePhone } from '../shared/text.js';
import { authorize } from '../auth/permissions.js';

export interface PartyPhone {
  telId: number;
  customerId: number;
  tel: string;
  caption: string;
  isPrimary: boolean;
}

const MAX_TEL = 50;
const MAX_CAPTION = 200;

function checkTel(tel: string, field: string): string {
  const t = tel.trim();
  if (t.length > MAX_TEL) throw fail.outOfRange(field, `طول شماره تلفن «${field}» بیش از ${MAX_TEL} نویسه است`);
  return t;
}

async function assertParty(db: Kysely<DB>, businessId: number, partyId: number, field: string): Promise<void> {
  const p = await db.selectFrom('parties').select('id').where('business_id', '=', businessId).where('id', '=', partyId).executeTakeFirst();
  if (!p) throw fail.notFound('شخص', field, partyId, 'party');
}

export async function listPhones(db: Kysely<DB>, actor: Actor, partyId: number): Promise<PartyPhone[]> {
  authorize(actor, 'party.read');
  const businessId = actor.businessId;
  await assertParty(db, businessId, partyId, 'customerId');
  const rows = await db
    .selectFrom('party_phones')
    .select(['id', 'party_id', 'tel', 'caption', 'is_primary'])
    .where('business_id', '=', businessId)
    .where('party_id', '=', partyId)
    .orderBy('is_primary', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ telId: Number(r.id), customerId: Number(r.party_id), tel: r.tel, caption: r.caption, isPrimary: r.is_primary }));
}

/** Adds a phone number; the first number of a party becomes its primary number (Siba `tel`). */
export async function addPhone(tx: Tx, actor: Actor, partyId: number, input: { tel: string; caption: string }): Promise<PartyPhone> {
  authorize(actor, 'party.update');
  const b = actor.businessId;
  await tx.selectFrom('parties').select('id').where('business_id', '=', b).where('id', '=', partyId).forUpdate().executeTakeFirst();
  await assertParty(tx, b, partyId, 'customerId');
  const tel = checkTel(input.tel ?? '', 'tel');
  if (normalizePhone(tel) === '') throw fail.validation('tel', 'شماره تلفن «tel» باید رقم داشته باشد', 'tel must contain digits');
  const caption = (input.caption ?? '').trim();
  if (caption.length > MAX_CAPTION) throw fail.outOfRange('caption');
  const hasPrimary = await tx
    .selectFrom('party_phones')
    .select('id')
    .where('business_id', '=', b)
    .where('party_id', '=', partyId)
    .where('is_primary', '=', true)
    .executeTakeFirst();
  const row = await tx
    .insertInto('party_phones')
    .values({ business_id: b, party_id: partyId, tel, tel_norm: normalizePhone(tel), caption, is_primary: !hasPrimary })
    .returning(['id', 'party_id', 'tel', 'caption', 'is_primary'])
    .executeTakeFirstOrThrow();
  const phone = { telId: Number(row.id), customerId: Number(row.party_id), tel: row.tel, caption: row.caption, isPrimary: row.is_primary };
  await recordAudit(tx, actor, { action: 'create', entity: 'party_phone', entityId: phone.telId, after: phone });
  return phone;
}

export async function deletePhone(tx: Tx, actor: Actor, telId: number): Promise<void> {
  authorize(actor, 'party.update');
  const b = actor.businessId;
  const row = await tx
    .selectFrom('party_phones')
    .select(['id', 'party_id', 'tel', 'caption', 'is_primary'])
    .where('business_id', '=', b)
    .where('id', '=', telId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw fail.notFound('شماره تلفن', 'telId', telId, 'phone');
  await tx.deleteFrom('party_phones').where('business_id', '=', b).where('id', '=', telId).execute();
  await recordAudit(tx, actor, {
    action: 'delete',
    entity: 'party_phone',
    entityId: telId,
    before: { telId, customerId: Number(row.party_id), tel: row.tel, caption: row.caption, isPrimary: row.is_primary },
  });
}

/**
 * Sets a party's phones from a create/update (part of that change, no audit entry of its own):
 * `tel` replaces the primary number ('' removes it); each of `phones` replaces the non-primary
 * number with the same caption ('' removes it).
 */
export async function setPartyPhones(tx: Tx, businessId: number, partyId: number, input: { tel?: string; phones?: { tel: string; caption: string }[] }): Promise<void> {
  if (input.tel !== undefined) {
    const tel = checkTel(input.tel, 'tel');
    await tx.deleteFrom('party_phones').where('business_id', '=', businessId).where('party_id', '=', partyId).where('is_primary', '=', true).execute();
    if (tel !== '') {
      await tx.insertInto('party_phones').values({ business_id: businessId, party_id: partyId, tel, tel_norm: normalizePhone(tel), caption: '', is_primary: true }).execute();
    }
  }
  for (const [i, p] of (input.phones ?? []).entries()) {
    const tel = checkTel(p.tel, `phones[${i}].tel`);
    const caption = p.caption.trim();
    await tx
      .deleteFrom('party_phones')
      .where('business_id', '=', businessId)
      .where('party_id', '=', partyId)
      .where('is_primary', '=', false)
      .where('caption', '=', caption)
      .execute();
    if (tel !== '') {
      await tx.insertInto('party_phones').values({ business_id: businessId, party_id: partyId, tel, tel_norm: normalizePhone(tel), caption, is_primary: false }).execute();
    }
  }
}
