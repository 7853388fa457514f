import { fail } from '../../domain/errors.js';
import * as ids from '../../domain/shared/identifiers.js';
import { toWire } from '../../domain/shared/money.js';
import { toAsciiDigits } from '../../domain/shared/text.js';
import type { Party, PartyInput, PartyRole } from '../../domain/parties/types.js';
import { readBool, readDecimal, readId, readText } from '../common/wire.js';
import { isPlaceholder, type UnverifiableField } from '../../domain/parties/unverified.js';

/**
 * Chortke person ↔ domain party (chortke.md; the seed's parameter table). Identifiers are
 * checked here with the wire's field names (bankShaba, not sheba) so the 400 names what the
 * client sent; the domain checks them again. The domain's names of the fields in its errors are
 * renamed by CHORTKE_PERSON_FIELDS (fields.ts).
 */

/** Chortke's personType ↔ the party's one role. */
export const ROLE_OF_PERSON_TYPE: Record<string, PartyRole> = { customer: 'customer', seller: 'supplier', provider: 'serviceProvider', personnel: 'employee' };
export const PERSON_TYPE_OF_ROLE: Record<PartyRole, string> = { customer: 'customer', supplier: 'seller', serviceProvider: 'provider', employee: 'personnel' };
export const PERSON_TYPES = Object.keys(ROLE_OF_PERSON_TYPE);

export function personTypeError(): Error {
  return fail.with('PARTY_ROLE_INVALID', { field: 'personType', allowed: PERSON_TYPES.join(', ') });
}

/** The caption of the landline kept beside the primary (mobile) number. */
export const PHONE_CAPTION = 'تلفن';

/** Wire text field → PartyInput text field (plain text, stored as written). */
const TEXT: Record<string, keyof PartyInput> = {
  firstName: 'firstName',
  lastName: 'lastName',
  title: 'prefix',
  company: 'companyName',
  description: 'comment',
  country: 'country',
  state: 'province',
  city: 'city',
  address: 'address',
  website: 'website',
  bankName: 'bankName',
  bankAccountNumber: 'bankAccountNumber',
  jobPosition: 'jobPosition',
  salary: 'salary',
  contractStart: 'contractStart',
  contractEnd: 'contractEnd',
  contractDescription: 'contractDescription',
  commissionInput: 'commission',
  tax: 'tax',
  registerationNumber: 'registrationNumber',
  registrationNumber: 'registrationNumber',
};

export interface PersonWrite {
  input: PartyInput;
  /** Placeholders to keep (string) or clear (null), per field given. */
  unverified: Partial<Record<UnverifiableField, string | null>>;
}

const has = (flat: Record<string, unknown>, k: string) => k in flat && flat[k] !== undefined;

/** An identifier field: '' / null clears it; a valid value is stored verified; an invalid one
 * is refused unless it is one of Chortke's documentation placeholders (kept aside as written). */
function identifier(
  flat: Record<string, unknown>,
  [wire, field]: [string, UnverifiableField],
  check: (v: string, field: string) => string,
  out: PersonWrite,
): void {
  if (!has(flat, wire)) return;
  const raw = readText(flat[wire], wire, 100) ?? '';
  let verified: string;
  try {
    verified = check(raw, wire);
  } catch (err) {
    if (!isPlaceholder(raw)) throw err;
    out.input[field] = '';
    out.unverified[field] = raw.trim();
    return;
  }
  out.input[field] = verified;
  out.unverified[field] = null;
}

/** National code (10 digits) or, with 11 digits, a legal entity's national id. */
function nationalId(v: string, field: string): string {
  const d = toAsciiDigits(v).replace(/[\s-]/g, '');
  return d.length === 11 ? ids.legalNationalId(v, field) : ids.nationalCode(v, field);
}

/** isLegal is a String in Chortke's table: Persian words are read too. */
const LEGAL_WORDS: Record<string, boolean> = { 'حقوقی': true, 'حقیقی': false, legal: true, natural: false };

/** Reads a flat Chortke person: only the fields present are set. */
export function personInput(flat: Record<string, unknown>): PersonWrite {
  const input: PartyInput = {};
  const out: PersonWrite = { input, unverified: {} };

  const code = readText(flat.accountingCode, 'accountingCode', 50)?.trim();
  if (code) {
    if (!/^\d+$/.test(toAsciiDigits(code))) throw fail.with('PARTY_CODE_DIGITS', { field: 'accountingCode' });
    input.code = toAsciiDigits(code);
  }
  if (has(flat, 'nickName')) {
    const nick = readText(flat.nickName, 'nickName', 200)?.trim();
    if (!nick) throw fail.missing('nickName');
    input.nickName = nick;
  }
  if (has(flat, 'personType') && flat.personType !== null && flat.personType !== '') {
    const role = ROLE_OF_PERSON_TYPE[readText(flat.personType, 'personType', 20)!.trim().toLowerCase()];
    if (!role) throw personTypeError();
    input.roles = [role];
  }
  const isLegal = LEGAL_WORDS[String(flat.isLegal ?? '').trim()] ?? readBool(flat.isLegal, 'isLegal');
  if (isLegal !== undefined) input.kind = isLegal ? 'company' : 'person';
  const active = readBool(flat.active, 'active');
  if (active !== undefined) input.active = active;

  if (has(flat, 'personTypeId')) {
    const g = readId(flat.personTypeId, 'personTypeId');
    input.groupId = g ? g : null;
  }
  const credit = readDecimal(flat.financialCredit, 'financialCredit');
  if (credit !== undefined) {
    if (credit.isNegative()) throw fail.with('PARTY_NEGATIVE', { field: 'financialCredit' });
    input.financialCredit = credit;
  }

  for (const [wire, field] of Object.entries(TEXT)) {
    if (!has(flat, wire)) continue;
    (input as Record<string, unknown>)[field] = (readText(flat[wire], wire, 1000) ?? '').trim();
  }

  if (has(flat, 'postalCode')) input.postalCode = ids.postalCode(readText(flat.postalCode, 'postalCode', 20) ?? '', 'postalCode');
  if (has(flat, 'email')) input.email = ids.email(readText(flat.email, 'email', 254) ?? '', 'email');
  if (has(flat, 'mobile')) input.mobile = ids.mobile(readText(flat.mobile, 'mobile', 20) ?? '', 'mobile');
  if (has(flat, 'phone')) input.phones = [{ tel: (readText(flat.phone, 'phone', 50) ?? '').trim(), caption: PHONE_CAPTION }];
  for (const f of ['nationalCode', 'nationalId']) {
    if (has(flat, f)) input.nationalId = nationalId(readText(flat[f], f, 20) ?? '', f);
  }

  identifier(flat, ['bankShaba', 'sheba'], ids.sheba, out);
  identifier(flat, ['bankCardNumber', 'cardNumber'], ids.cardNumber, out);
  identifier(flat, ['economicCode', 'economicCode'], ids.economicCode, out);
  return out;
}

const text = (s: string) => (s === '' ? null : s);
/** `tax` is an Integer in Chortke's table but free text in the party: a number when it is one. */
const numberOrText = (s: string) => (s === '' ? null : /^-?\d+(\.\d+)?$/.test(s) ? toWire(s) : s);

export function personMain(p: Party) {
  return {
    id: p.id,
    accountingCode: p.code,
    nickName: text(p.nickName),
    personType: PERSON_TYPE_OF_ROLE[p.roles[0] ?? 'customer'],
    isLegal: p.kind === 'company',
    firstName: text(p.firstName),
    lastName: text(p.lastName),
    title: text(p.prefix),
    company: text(p.companyName),
    description: text(p.comment),
    active: p.active,
    personTypeId: p.groupId,
    // Additions: the derived display name and the ledger balance (receivable − payable).
    fullName: p.fullName,
    balance: toWire(p.balance),
  };
}

export function personOthers(p: Party, unverified: Partial<Record<UnverifiableField, string>> = {}) {
  const primary = p.phones.find((ph) => ph.isPrimary);
  const landline = p.phones.find((ph) => !ph.isPrimary && ph.caption === PHONE_CAPTION) ?? p.phones.find((ph) => !ph.isPrimary);
  return {
    financialCredit: toWire(p.financialCredit),
    tax: numberOrText(p.tax),
    economicCode: text(p.economicCode) ?? unverified.economicCode ?? null,
    registerationNumber: text(p.registrationNumber),
    nationalCode: text(p.nationalId),
    postalCode: text(p.postalCode),
    country: text(p.country),
    state: text(p.province),
    city: text(p.city),
    address: text(p.address),
    phone: landline?.tel ?? null,
    mobile: primary?.tel ?? null,
    email: text(p.email),
    website: text(p.website),
    bankName: text(p.bankName),
    bankAccountNumber: text(p.bankAccountNumber),
    bankCardNumber: text(p.cardNumber) ?? unverified.cardNumber ?? null,
    bankShaba: text(p.sheba) ?? unverified.sheba ?? null,
    jobPosition: text(p.jobPosition),
    salary: text(p.salary),
    contractStart: text(p.contractStart),
    contractEnd: text(p.contractEnd),
    contractDescription: text(p.contractDescription),
    commissionInput: text(p.commission),
  };
}

export function personFlat(p: Party, unverified: Partial<Record<UnverifiableField, string>> = {}) {
  return { ...personMain(p), ...personOthers(p, unverified) };
}
