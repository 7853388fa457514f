import type { Kysely, Selectable } from 'kysely';
import type { DB, PartiesTable } from '../../db/schema.js';
import type { Actor, Tx } from '../context.js';
import { recordAudit } from '../audit/audit.js';
import { nextNumber } from '../counters.js';
import { fail } from '../errors.js';
import { assertCurrencyAmount } from '../ledger/amounts.js';
import { detailBalances, normalizeNumeric } from '../ledger/balances.js';
import { replaceOpeningBalance } from '../ledger/opening.js';
import { parseDate, toJalali } from '../shared/dates.js';
import * as ids from '../shared/identifiers.js';
import { Dec, assertSize, toDb } from '../shared/money.js';
import { codeKey, containsPattern, normalizePhone, normalizeText, toAsciiDigits } from '../shared/text.js';
import { PARTY_ROLES, type Party, type PartyFilter, type PartyInput, type PartyKind, type PartyRole, type Phone } from './types.js';
import { setPartyPhones } from './phones.js';
import * as repo from './repository.js';
import { authorize } from '../auth/permissions.js';

type PartyRow = Selectable<PartiesTable>;
type PartyValues = Partial<Omit<PartyRow, 'business_id' | 'id' | 'detail_id' | 'created_at'>>;

/** The role as the parties table stores it (its `party_type` column predates the domain's words). */
const STORED_TYPE: Record<PartyRole, string> = { customer: 'customer', supplier: 'seller', serviceProvider: 'provider', employee: 'personnel' };
const ROLE_OF_TYPE: Record<string, PartyRole> = Object.fromEntries(Object.entries(STORED_TYPE).map(([role, type]) => [type, role as PartyRole]));

/** Ledger roles whose lines on a party's detail account make up its balance. */
export const PARTY_BALANCE_ROLES = ['receivable', 'payable'] as const;

const TEXT_FIELDS = {
  prefix: 'prefix',
  firstName: 'first_name',
  lastName: 'last_name',
  nickName: 'nick_name',
  companyName: 'company_name',
  companyAddress: 'company_address',
  country: 'country',
  province: 'province',
  city: 'city',
  address: 'address',
  website: 'website',
  comment: 'comment',
  registrationNumber: 'registration_number',
  bankName: 'bank_name',
  bankAccountNumber: 'bank_account_no',
  jobPosition: 'job_position',
  salary: 'salary',
  contractStart: 'contract_start',
  contractEnd: 'contract_end',
  contractDescription: 'contract_description',
  commission: 'commission',
  tax: 'tax',
} as const satisfies Partial<Record<keyof PartyInput, keyof PartyRow>>;

const MONEY_FIELDS = { cashCredit: 'cash_credit', chequeCredit: 'cheque_credit', financialCredit: 'financial_credit' } as const;

const MAX_TEXT = 1000;
const MAX_CODE = 100;
/** The columns of credit limits and the visitor's percentage hold 4 decimals: never silently cut. */
const MAX_DECIMALS = 4;
const MAX_PRICE_TIER = 1000;

/** prefix + first + last name; nickName or companyName when the person has no name. */
export function deriveFullName(p: { prefix: string; first_name: string; last_name: string; nick_name: string; company_name: string }): string {
  const core = [p.first_name, p.last_name].map((s) => s.trim()).filter(Boolean).join(' ');
  if (core) return [p.prefix.trim(), core].filter(Boolean).join(' ');
  return p.nick_name.trim() || p.company_name.trim();
}

/** A person's کد ملی (10 digits) or a company's شناسه ملی (11). */
function nationalOrLegalId(v: string): string {
  const d = toAsciiDigits(v).replace(/[\s-]/g, '');
  return d.length === 11 ? ids.legalNationalId(v, 'nationalId') : ids.nationalCode(v, 'nationalId');
}

function textColumns(input: PartyInput, v: PartyValues): void {
  for (const [k, col] of Object.entries(TEXT_FIELDS) as [keyof typeof TEXT_FIELDS, keyof PartyValues][]) {
    const s = input[k];
    if (s === undefined) continue;
    if (s.length > MAX_TEXT) throw fail.with('TEXT_TOO_LONG', { field: k, max: MAX_TEXT });
    (v as Record<string, unknown>)[col] = s.trim();
  }
}

/** A non-negative amount of at most 4 decimals. */
function limitedDecimal(d: Dec, field: string): Dec {
  if (d.lt(0)) throw fail.with('PARTY_NEGATIVE', { field });
  if (d.decimalPlaces() > MAX_DECIMALS) throw fail.with('PARTY_DECIMALS', { field, max: MAX_DECIMALS });
  return assertSize(d, field);
}

function numberColumns(input: PartyInput, v: PartyValues): void {
  for (const [k, col] of Object.entries(MONEY_FIELDS) as [keyof typeof MONEY_FIELDS, keyof PartyValues][]) {
    const d = input[k];
    if (d !== undefined) (v as Record<string, unknown>)[col] = toDb(limitedDecimal(d, k));
  }
  if (input.visitorRate !== undefined) {
    if (input.visitorRate.gt(100)) throw fail.with('PARTY_PERCENT_RANGE', { field: 'visitorRate' });
    v.visitor_percent = toDb(limitedDecimal(input.visitorRate, 'visitorRate'));
  }
  for (const k of ['buyPriceTier', 'sellPriceTier'] as const) {
    const n = input[k];
    if (n === undefined) continue;
    if (!Number.isInteger(n) || n < 0 || n > MAX_PRICE_TIER) throw fail.with('PARTY_PRICE_TIER_RANGE', { field: k, max: MAX_PRICE_TIER });
    v[k === 'buyPriceTier' ? 'buy_price_level' : 'sell_price_level'] = n;
  }
}

function identifierColumns(input: PartyInput, v: PartyValues): void {
  if (input.email !== undefined) v.email = ids.email(input.email, 'email');
  if (input.nationalId !== undefined) v.national_code = nationalOrLegalId(input.nationalId);
  if (input.economicCode !== undefined) v.economic_code = ids.economicCode(input.economicCode, 'economicCode');
  if (input.cardNumber !== undefined) v.card_no = ids.cardNumber(input.cardNumber, 'cardNumber');
  if (input.sheba !== undefined) v.sheba = ids.sheba(input.sheba, 'sheba');
  if (input.postalCode !== undefined) v.postal_code = ids.postalCode(input.postalCode, 'postalCode');
  if (input.birthDate !== undefined) v.birth_date = input.birthDate === null || input.birthDate.trim() === '' ? null : parseDate(input.birthDate, 'birthDate');
}

function kindAndRoleColumns(input: PartyInput, v: PartyValues): void {
  if (input.roles !== undefined) {
    if (input.roles.length !== 1) throw fail.with('PARTY_ONE_ROLE', { field: 'roles' });
    const role = input.roles[0]!;
    if (!PARTY_ROLES.includes(role)) throw fail.with('PARTY_ROLE_INVALID', { field: 'roles[0]', allowed: PARTY_ROLES.join(', ') });
    v.party_type = STORED_TYPE[role];
  }
  if (input.kind !== undefined) {
    if (input.kind !== 'person' && input.kind !== 'company') throw fail.with('PARTY_KIND_INVALID', { field: 'kind', allowed: 'person, company' });
    v.is_legal = input.kind === 'company';
  }
  if (input.visitor !== undefined) v.visitor = input.visitor;
  if (input.courier !== undefined) v.courier_status = input.courier;
  if (input.active !== undefined) v.active = input.active;
}

/** Validates the fields present in `input` and maps them to columns (absent fields are left out). */
async function columnsOf(tx: Tx, businessId: number, input: PartyInput): Promise<PartyValues> {
  const v: PartyValues = {};
  textColumns(input, v);
  numberColumns(input, v);
  identifierColumns(input, v);
  kindAndRoleColumns(input, v);
  if (input.tag !== undefined) {
    if (input.tag.length > MAX_TEXT) throw fail.with('TEXT_TOO_LONG', { field: 'tag', max: MAX_TEXT });
    v.tag = input.tag;
  }
  if (input.groupId !== undefined) {
    if (input.groupId !== null && !(await repo.partyGroupById(tx, businessId, input.groupId).executeTakeFirst())) {
      throw fail.notFound('partyGroup', 'groupId', input.groupId);
    }
    v.group_id = input.groupId;
  }
  return v;
}

async function assertCodeFree(tx: Tx, businessId: number, code: string, exceptId = 0): Promise<void> {
  if (await repo.partyIdByCodeKey(tx, businessId, codeKey(code), exceptId).executeTakeFirst()) {
    throw fail.with('DUPLICATE_ENTITY', { entity: 'party', field: 'code', value: code });
  }
}

/** The next free numeric code: past every numeric code a client chose by hand. */
async function nextPartyCode(tx: Tx, businessId: number): Promise<string> {
  const r = await repo.largestNumericPartyCode(businessId).execute(tx);
  const floor = Number(r.rows[0]?.m ?? 0);
  return String(await nextNumber(tx, businessId, 'party_code', floor));
}

function normalizedCode(code: string): string {
  const c = toAsciiDigits(code.trim());
  if (c.length > MAX_CODE) throw fail.with('TEXT_TOO_LONG', { field: 'code', max: MAX_CODE });
  return c;
}

function namesOf(v: PartyValues) {
  return { prefix: v.prefix ?? '', first_name: v.first_name ?? '', last_name: v.last_name ?? '', nick_name: v.nick_name ?? '', company_name: v.company_name ?? '' };
}

/** The opening balance as an opening voucher on the party's detail account (receivable or payable). */
async function postOpening(tx: Tx, actor: Actor, partyId: number, detailId: number, amount: Dec, description: string): Promise<void> {
  await replaceOpeningBalance(tx, actor, { source: 'party', sourceId: partyId, detailId, amount, debitRole: 'receivable', creditRole: 'payable', description });
}

/** `name` in one piece, as the parts the party keeps (PartyInput.name). */
function partsOfName(input: PartyInput, kind: PartyKind): PartyInput {
  const { name, ...rest } = input;
  if (name === undefined) return input;
  if (input.firstName !== undefined || input.lastName !== undefined || input.companyName !== undefined) throw fail.validation('name');
  return kind === 'company' ? { ...rest, companyName: name } : { ...rest, firstName: '', lastName: name };
}

export async function createParty(tx: Tx, actor: Actor, given: PartyInput): Promise<Party> {
  authorize(actor, 'party.create');
  const b = actor.businessId;
  const input = partsOfName(given, given.kind ?? 'person');
  const values = await columnsOf(tx, b, input);
  const fullName = deriveFullName(namesOf(values));
  if (!fullName) throw fail.missing('lastName');
  if (input.openingBalance) await assertCurrencyAmount(tx, b, input.openingBalance, 'openingBalance');
  let code = input.code === undefined ? '' : normalizedCode(input.code);
  if (code === '') code = await nextPartyCode(tx, b);
  await assertCodeFree(tx, b, code);

  const detailId = Number((await repo.insertPartyDetail(tx, b, fullName).executeTakeFirstOrThrow()).id);
  const row = await repo
    .insertPartyRow(tx, {
      ...values,
      business_id: b,
      code,
      code_key: codeKey(code),
      detail_id: detailId,
      full_name: fullName,
      full_name_norm: normalizeText(fullName),
      opening_balance: toDb(input.openingBalance ?? new Dec(0)),
    })
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  await setPartyPhones(tx, b, id, { mobile: input.mobile, phones: input.phones });
  if (input.openingBalance && !input.openingBalance.isZero()) await postOpening(tx, actor, id, detailId, input.openingBalance, fullName);
  const party = (await getParty(tx, actor, id))!;
  await recordAudit(tx, actor, { action: 'create', entity: 'party', entityId: id, after: party });
  return party;
}

async function lockParty(tx: Tx, businessId: number, id: number): Promise<PartyRow> {
  const row = await repo.lockPartyById(tx, businessId, id).executeTakeFirst();
  if (!row) throw fail.notFound('party', 'partyId', id);
  return row;
}

/** A changed code (a taken one refused); '' or the same code keeps the stored one. */
async function codeColumns(tx: Tx, businessId: number, current: PartyRow, input: PartyInput, values: PartyValues): Promise<void> {
  if (input.code === undefined) return;
  const code = normalizedCode(input.code);
  if (code === '' || codeKey(code) === current.code_key) return;
  await assertCodeFree(tx, businessId, code, Number(current.id));
  values.code = code;
  values.code_key = codeKey(code);
}

export async function updateParty(tx: Tx, actor: Actor, id: number, given: PartyInput): Promise<Party> {
  authorize(actor, 'party.update');
  const b = actor.businessId;
  const current = await lockParty(tx, b, id);
  const before = (await getParty(tx, actor, id))!;
  const input = partsOfName(given, given.kind ?? before.kind);
  const values = await columnsOf(tx, b, input);
  await codeColumns(tx, b, current, input, values);
  const fullName = deriveFullName({ ...current, ...values });
  if (!fullName) throw fail.missing('lastName');
  if (fullName !== current.full_name) {
    values.full_name = fullName;
    values.full_name_norm = normalizeText(fullName);
    await repo.renamePartyDetail(tx, b, current.detail_id, fullName).execute();
  }
  if (input.openingBalance) await assertCurrencyAmount(tx, b, input.openingBalance, 'openingBalance');
  const opening = input.openingBalance !== undefined && !input.openingBalance.eq(current.opening_balance) ? input.openingBalance : undefined;
  if (opening) values.opening_balance = toDb(opening);
  await repo.updatePartyRow(tx, b, id, values).execute();
  await setPartyPhones(tx, b, id, { mobile: input.mobile, phones: input.phones });
  if (opening) await postOpening(tx, actor, id, current.detail_id, opening, fullName);
  const party = (await getParty(tx, actor, id))!;
  await recordAudit(tx, actor, { action: 'update', entity: 'party', entityId: id, before, after: party });
  return party;
}

/**
 * Deletes a party that nothing refers to. Like a payment, an opening balance is a use: its
 * vouchers (and their reversals, when it was later set to zero) stay in the ledger on the party's
 * detail account, and a ledger line must always name a party (verify's
 * `party_accounts_use_party_details`). Such a party is deactivated, not deleted. Proformas post
 * no voucher, so invoices are checked on their own.
 */
export async function deleteParty(tx: Tx, actor: Actor, id: number): Promise<void> {
  authorize(actor, 'party.update');
  const b = actor.businessId;
  const row = await lockParty(tx, b, id);
  const before = (await getParty(tx, actor, id))!;
  const uses = (await repo.partyUses(b, id, row.detail_id).execute(tx)).rows[0]!;
  const name = row.full_name;
  if (uses.opening || !new Dec(row.opening_balance).isZero()) throw fail.with('PARTY_IN_USE_OPENING', { name });
  if (uses.voucher) throw fail.with('PARTY_IN_USE_VOUCHER', { name });
  if (uses.payment) throw fail.with('PARTY_IN_USE_PAYMENT', { name });
  if (uses.invoice) throw fail.with('PARTY_IN_USE_INVOICE', { name });
  await repo.deletePhonesOfParty(tx, b, id).execute();
  await repo.deletePartyRow(tx, b, id).execute();
  await repo.deletePartyDetail(tx, b, row.detail_id).execute();
  await recordAudit(tx, actor, { action: 'delete', entity: 'party', entityId: id, before });
}

function toParty(r: PartyRow, phones: Phone[], balance: string): Party {
  return {
    id: Number(r.id),
    code: r.code,
    detailId: Number(r.detail_id),
    kind: r.is_legal ? 'company' : 'person',
    roles: [ROLE_OF_TYPE[r.party_type] ?? 'customer'],
    prefix: r.prefix,
    firstName: r.first_name,
    lastName: r.last_name,
    nickName: r.nick_name,
    fullName: r.full_name,
    companyName: r.company_name,
    companyAddress: r.company_address,
    groupId: r.group_id === null ? null : Number(r.group_id),
    birthDate: r.birth_date ? toJalali(String(r.birth_date)) : null,
    country: r.country,
    province: r.province,
    city: r.city,
    address: r.address,
    postalCode: r.postal_code,
    email: r.email,
    website: r.website,
    comment: r.comment,
    economicCode: r.economic_code,
    nationalId: r.national_code,
    registrationNumber: r.registration_number,
    bankName: r.bank_name,
    bankAccountNumber: r.bank_account_no,
    cardNumber: r.card_no,
    sheba: r.sheba,
    cashCredit: normalizeNumeric(r.cash_credit),
    chequeCredit: normalizeNumeric(r.cheque_credit),
    financialCredit: normalizeNumeric(r.financial_credit),
    visitor: r.visitor,
    visitorRate: normalizeNumeric(r.visitor_percent),
    courier: r.courier_status,
    buyPriceTier: r.buy_price_level,
    sellPriceTier: r.sell_price_level,
    jobPosition: r.job_position,
    salary: r.salary,
    contractStart: r.contract_start,
    contractEnd: r.contract_end,
    contractDescription: r.contract_description,
    commission: r.commission,
    tax: r.tax,
    openingBalance: normalizeNumeric(r.opening_balance),
    balance,
    active: r.active,
    phones,
    tag: r.tag,
  };
}

/** Rows → parties, with phones and ledger balances loaded in two queries. */
async function hydrate(db: Kysely<DB>, businessId: number, rows: PartyRow[]): Promise<Party[]> {
  if (rows.length === 0) return [];
  const phoneRows = await repo.phonesOfParties(db, businessId, rows.map((r) => Number(r.id))).execute();
  const phones = new Map<number, Phone[]>();
  for (const p of phoneRows) {
    const list = phones.get(Number(p.party_id)) ?? [];
    list.push({ id: Number(p.id), tel: p.tel, caption: p.caption, isPrimary: p.is_primary });
    phones.set(Number(p.party_id), list);
  }
  const balances = await detailBalances(db, businessId, rows.map((r) => Number(r.detail_id)), [...PARTY_BALANCE_ROLES]);
  return rows.map((r) => toParty(r, phones.get(Number(r.id)) ?? [], balances.get(Number(r.detail_id)) ?? '0'));
}

export async function getParty(db: Kysely<DB>, actor: Actor, id: number): Promise<Party | null> {
  authorize(actor, 'party.read');
  const row = await repo.partyById(db, actor.businessId, id).executeTakeFirst();
  return row ? (await hydrate(db, actor.businessId, [row]))[0]! : null;
}

/** The stored row of the party with this code, or undefined ("7", "07" and "۷" are one code). */
async function partyRowByCode(db: Kysely<DB>, actor: Actor, code: string) {
  authorize(actor, 'party.read');
  const key = codeKey(code);
  return key ? repo.partyByCodeKey(db, actor.businessId, key).executeTakeFirst() : undefined;
}

export async function findPartyByCode(db: Kysely<DB>, actor: Actor, code: string): Promise<Party | null> {
  const row = await partyRowByCode(db, actor, code);
  return row ? (await hydrate(db, actor.businessId, [row]))[0]! : null;
}

/** The party's id and stored code by code, without the rest of the party (a document naming its party by code). */
export async function partyRefByCode(db: Kysely<DB>, actor: Actor, code: string): Promise<{ id: number; code: string } | null> {
  const row = await partyRowByCode(db, actor, code);
  return row ? { id: Number(row.id), code: row.code } : null;
}

export async function getPartiesByIds(db: Kysely<DB>, actor: Actor, partyIds: number[]): Promise<Party[]> {
  authorize(actor, 'party.read');
  if (partyIds.length === 0) return [];
  return hydrate(db, actor.businessId, await repo.partiesByIds(db, actor.businessId, partyIds).execute());
}

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

/** The filter as the repository's search (null: nothing can match). */
function searchOf(filter: PartyFilter): repo.PartySearch | null {
  const s: repo.PartySearch = {};
  if (filter.code !== undefined && filter.code.trim() !== '') s.codeKey = codeKey(filter.code);
  if (filter.name !== undefined && normalizeText(filter.name) !== '') s.namePattern = containsPattern(normalizeText(filter.name));
  if (filter.phone !== undefined && filter.phone.trim() !== '') {
    const digits = normalizePhone(filter.phone);
    if (digits === '') return null;
    s.phonePattern = containsPattern(digits);
  }
  if (filter.role !== undefined) s.partyType = STORED_TYPE[filter.role];
  if (filter.phoneOrEmail !== undefined) {
    // 0912…, 912… and 98912… name one mobile number
    const phones = [
      ...new Set(
        (filter.phoneOrEmail.phones ?? [])
          .map(normalizePhone)
          .filter((d) => d !== '')
          .flatMap((d) => [d, d.replace(/^0/, ''), '0' + d.replace(/^0/, '')]),
      ),
    ];
    const email = filter.phoneOrEmail.email?.trim() || undefined;
    if (!phones.length && !email) return null;
    s.phoneOrEmail = { phones, email };
  }
  return s;
}

export async function listParties(db: Kysely<DB>, actor: Actor, filter: PartyFilter): Promise<{ total: number; items: Party[] }> {
  authorize(actor, 'party.read');
  const b = actor.businessId;
  const search = searchOf(filter);
  if (!search) return { total: 0, items: [] };
  const total = await repo.partyCount(db, b, search).executeTakeFirstOrThrow();
  const limit = Math.min(Math.max(filter.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT);
  const offset = Math.max(filter.offset ?? 0, 0);
  const rows = await repo.partyPage(db, b, search, limit, offset).execute();
  return { total: Number(total.n), items: await hydrate(db, b, rows) };
}
