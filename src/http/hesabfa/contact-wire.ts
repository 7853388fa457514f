import { fail } from '../../domain/errors.js';
import type { Party, PartyInput } from '../../domain/parties/types.js';
import { padCode } from '../../domain/shared/text.js';
import { toWire } from '../../domain/shared/money.js';
import { readBool, readInt, readText } from '../common/wire.js';
import { field, isObject } from './body.js';
import { readCode } from './item-wire.js';

/** The caption a contact's `Phone` is kept under among the party's numbers (its `Mobile` is the primary one). */
export const PHONE_CAPTION = 'تلفن';
const FAX_CAPTION = 'فکس';

const phoneOf = (p: Party, caption: string) => p.phones.find((x) => !x.isPrimary && x.caption === caption)?.tel ?? '';
const mobileOf = (p: Party) => p.phones.find((x) => x.isPrimary)?.tel ?? '';

/** The wire contact (docs/hesabfa.md "Contacts"): the party in Hesabfa's names. */
export function toContact(p: Party) {
  return {
    Id: p.id,
    Code: padCode(p.code),
    Name: p.fullName,
    FirstName: p.firstName,
    LastName: p.lastName,
    Company: p.companyName,
    ContactType: p.kind === 'company' ? 2 : 1,
    NationalCode: p.nationalId,
    EconomicCode: p.economicCode,
    RegistrationNumber: p.registrationNumber,
    Address: p.address,
    City: p.city,
    State: p.province,
    Country: p.country,
    PostalCode: p.postalCode,
    Phone: phoneOf(p, PHONE_CAPTION),
    Mobile: mobileOf(p),
    Fax: phoneOf(p, FAX_CAPTION),
    Email: p.email,
    Website: p.website,
    Note: p.comment,
    Tag: p.tag,
    Active: p.active,
    Customer: p.roles.includes('customer'),
    Supplier: p.roles.includes('supplier'),
    Balance: toWire(p.balance),
    NodeId: p.groupId ?? 0,
  };
}

/** findByPhoneOrEmail's list entry: the WooCommerce plugin reads `phone`, `mobile` and `email` in lower case. */
export function toContactMatch(p: Party) {
  return { ...toContact(p), phone: phoneOf(p, PHONE_CAPTION), mobile: mobileOf(p), email: p.email };
}

export interface WireContact {
  /** The code sent (undefined: none, a new contact). */
  code?: string;
  input: PartyInput;
}

const TEXT: [wire: string, domain: keyof PartyInput, max: number][] = [
  ['Company', 'companyName', 200],
  ['NationalCode', 'nationalId', 20],
  ['EconomicCode', 'economicCode', 20],
  ['RegistrationNumber', 'registrationNumber', 100],
  ['Address', 'address', 1000],
  ['City', 'city', 200],
  ['State', 'province', 200],
  ['Country', 'country', 200],
  ['PostalCode', 'postalCode', 20],
  ['Email', 'email', 254],
  ['Website', 'website', 500],
  ['Note', 'comment', 1000],
];

/**
 * A wire contact → the party's input. Text: null = not given, "" clears (Name, FirstName and
 * LastName excepted: a party always has a name). Name alone is the whole name (kept as the last
 * name); FirstName/LastName, when sent, are the parts. Phone is kept among the party's numbers
 * (caption «تلفن»), Mobile is its primary number. ContactType 1 person, 2 company.
 */
export function readContact(raw: unknown, at: string): WireContact {
  if (!isObject(raw)) throw fail.with('PRODUCT_NOT_AN_OBJECT', { field: at });
  const f = (name: string) => `${at}.${name}`;
  const text = (name: string, max: number) => readText(field(raw, name), f(name), max);
  const input: PartyInput = {};
  const first = text('FirstName', 200)?.trim();
  const last = text('LastName', 200)?.trim();
  const name = text('Name', 200)?.trim();
  if (first || last) {
    input.firstName = first ?? '';
    input.lastName = last ?? '';
  } else if (name) {
    input.firstName = '';
    input.lastName = name;
  }
  for (const [wire, domain, max] of TEXT) {
    const v = text(wire, max);
    if (v !== undefined) (input as Record<string, unknown>)[domain] = v;
  }
  const type = readInt(field(raw, 'ContactType'), f('ContactType'));
  if (type !== undefined) {
    if (type !== 1 && type !== 2) throw fail.with('FIELD_OUT_OF_RANGE', { field: f('ContactType') });
    input.kind = type === 2 ? 'company' : 'person';
  }
  const phones: { tel: string; caption: string }[] = [];
  const phone = text('Phone', 50);
  if (phone !== undefined) phones.push({ tel: phone.trim(), caption: PHONE_CAPTION });
  const fax = text('Fax', 50);
  if (fax !== undefined) phones.push({ tel: fax.trim(), caption: FAX_CAPTION });
  if (phones.length) input.phones = phones;
  const mobile = text('Mobile', 50);
  if (mobile !== undefined) input.mobile = mobile.trim();
  const active = readBool(field(raw, 'Active'), f('Active'));
  if (active !== undefined) input.active = active;
  // Kept byte for byte (never trimmed); null = not given.
  const tag = field(raw, 'Tag');
  if (tag !== undefined && tag !== null) input.tag = readText(tag, f('Tag'), 1000);
  if (readBool(field(raw, 'Supplier'), f('Supplier')) === true && readBool(field(raw, 'Customer'), f('Customer')) !== true) input.roles = ['supplier'];
  return { code: readCode(field(raw, 'Code'), f('Code')), input };
}

/** A new contact needs a name: Name, or FirstName/LastName, or a company's Company. */
export function requireContactName(c: WireContact, at: string): PartyInput {
  const i = c.input;
  if (!i.lastName && !i.firstName) {
    if (i.companyName) return { ...i, kind: i.kind ?? 'company' };
    throw fail.missing(`${at}.Name`);
  }
  return i;
}
