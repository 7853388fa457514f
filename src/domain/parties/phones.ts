import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, Tx } from '../context.js';
import { recordAudit } from '../audit/audit.js';
import { fail } from '../errors.js';
import { normalizePhone } from '../shared/text.js';
import { authorize } from '../auth/permissions.js';
import * as repo from './repository.js';

export interface PartyPhone {
  id: number;
  partyId: number;
  tel: string;
  caption: string;
  isPrimary: boolean;
}

const MAX_TEL = 50;
const MAX_CAPTION = 200;

function checkTel(tel: string, field: string): string {
  const t = tel.trim();
  if (t.length > MAX_TEL) throw fail.with('TEXT_TOO_LONG', { field, max: MAX_TEL });
  return t;
}

async function assertParty(db: Kysely<DB>, businessId: number, partyId: number): Promise<void> {
  if (!(await repo.partyById(db, businessId, partyId).executeTakeFirst())) throw fail.notFound('party', 'partyId', partyId);
}

type PhoneRow = { id: number; party_id: number; tel: string; caption: string; is_primary: boolean };
const phoneOf = (r: PhoneRow): PartyPhone => ({ id: Number(r.id), partyId: Number(r.party_id), tel: r.tel, caption: r.caption, isPrimary: r.is_primary });

export async function listPhones(db: Kysely<DB>, actor: Actor, partyId: number): Promise<PartyPhone[]> {
  authorize(actor, 'party.read');
  await assertParty(db, actor.businessId, partyId);
  return (await repo.phonesOfParties(db, actor.businessId, [partyId]).execute()).map(phoneOf);
}

/** Adds a phone number; the first number of a party becomes its primary number. */
export async function addPhone(tx: Tx, actor: Actor, partyId: number, input: { tel: string; caption: string }): Promise<PartyPhone> {
  authorize(actor, 'party.update');
  const b = actor.businessId;
  if (!(await repo.lockPartyById(tx, b, partyId).executeTakeFirst())) throw fail.notFound('party', 'partyId', partyId);
  const tel = checkTel(input.tel ?? '', 'tel');
  if (normalizePhone(tel) === '') throw fail.with('PARTY_PHONE_NO_DIGITS', { field: 'tel' });
  const caption = (input.caption ?? '').trim();
  if (caption.length > MAX_CAPTION) throw fail.outOfRange('caption');
  const hasPrimary = await repo.primaryPhoneOf(tx, b, partyId).executeTakeFirst();
  const row = await repo
    .insertPhone(tx, { business_id: b, party_id: partyId, tel, tel_norm: normalizePhone(tel), caption, is_primary: !hasPrimary })
    .executeTakeFirstOrThrow();
  const phone = phoneOf(row);
  await recordAudit(tx, actor, { action: 'create', entity: 'party_phone', entityId: phone.id, after: phone });
  return phone;
}

export async function deletePhone(tx: Tx, actor: Actor, phoneId: number): Promise<void> {
  authorize(actor, 'party.update');
  const b = actor.businessId;
  const row = await repo.lockPhoneById(tx, b, phoneId).executeTakeFirst();
  if (!row) throw fail.notFound('phone', 'phoneId', phoneId);
  await repo.deletePhoneById(tx, b, phoneId).execute();
  await recordAudit(tx, actor, { action: 'delete', entity: 'party_phone', entityId: phoneId, before: phoneOf(row) });
}

/**
 * Sets a party's phones from a create/update (part of that change, no audit entry of its own):
 * `mobile` replaces the primary number ('' removes it); each of `phones` replaces the non-primary
 * number with the same caption ('' removes it).
 */
export async function setPartyPhones(tx: Tx, businessId: number, partyId: number, input: { mobile?: string; phones?: { tel: string; caption: string }[] }): Promise<void> {
  if (input.mobile !== undefined) {
    const tel = checkTel(input.mobile, 'mobile');
    await repo.deletePrimaryPhone(tx, businessId, partyId).execute();
    if (tel !== '') await repo.insertPhone(tx, { business_id: businessId, party_id: partyId, tel, tel_norm: normalizePhone(tel), caption: '', is_primary: true }).execute();
  }
  for (const [i, p] of (input.phones ?? []).entries()) {
    const tel = checkTel(p.tel, `phones[${i}].tel`);
    const caption = p.caption.trim();
    await repo.deleteCaptionedPhone(tx, businessId, partyId, caption).execute();
    if (tel !== '') await repo.insertPhone(tx, { business_id: businessId, party_id: partyId, tel, tel_norm: normalizePhone(tel), caption, is_primary: false }).execute();
  }
}
