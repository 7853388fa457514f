import { sql, type Kysely, type Selectable } from 'kysely';
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
import type { Party, PartyFilter, PartyInput, PartyType, Phone } from './types.js';
import { setPartyPhones } from './phones.js';
import { authorize } from '../auth/permissions.js';

type PartyRow = Selectable<PartiesTable>;
type PartyValues = Partial<Omit<PartyRow, 'business_id' | 'id' | 'detail_id' | 'created_at'>>;

export const PARTY_TYPES: PartyType[] = ['customer', 'personnel', 'seller', 'provider'];
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
  bankAccountNo: 'bank_account_no',
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

/** prefix + first + last name; nickName or companyName when the person has no name. */
export function deriveFullName(p: { prefix: string; first_name: string; last_name: string; nick_name: string; company_name: string }): string {
  const core = [p.first_name, p.last_name].map((s) => s.trim()).filter(Boolean).join(' ');
  if (core) return [p.prefix.trim(), core].filter(Boolean).join(' ');
  return p.nick_name.trim() || p.company_name.trim();
}

/** The national code field holds a person's کد ملی (10 digits) or a legal entity's شناسه ملی (11). */
function nationalOrLegalId(v: string): string {
  const d = toAsciiDigits(v).replace(/[\s-]/g, '');
  return d.length === 11 ? ids.legalNationalId(v, 'nationalCode') : ids.nationalCode(v, 'nationalCode');
}

/** Validates the fields present in `input` and maps them to columns (absent fields are left out). */
async function columnsOf(tx: Tx, businessId: number, input: PartyInput): Promise<PartyValues> {
  const v: PartyValues = {};
  for (const [k, col] of Object.entries(TEXT_FIELDS) as [keyof typeof TEXT_FIELDS, keyof PartyValues][]) {
    const s = input[k];
    if (s === undefined) continue;
    if (s.length > MAX_TEXT) throw fail.outOfRange(k, `طول «${k}» بیش از ${MAX_TEXT} نویسه است`);
    (v as Record<string, unknown>)[col] = s.trim();
  }
  for (const [k, col] of Object.entries(MONEY_FIELDS) as [keyof typeof MONEY_FIELDS, keyof PartyValues][]) {
    const d = input[k];
    if (d === undefined) continue;
    if (d.lt(0)) throw fail.outOfRange(k, `«${k}» نمی‌تواند منفی باشد`);
    // A credit limit is never posted: its column's 4 decimals, never silently cut.
    if (d.decimalPlaces() > 4) throw fail.validation(k, `«${k}» حداکثر ۴ رقم اعشار می‌پذیرد`, `${k} allows at most 4 decimals`);
    (v as Record<string, unknown>)[col] = toDb(assertSize(d, k));
  }
  if (input.partyType !== undefined) {
    if (!PARTY_TYPES.includes(input.partyType)) throw fail.validation('partyType', `نوع شخص «partyType» باید یکی از ${PARTY_TYPES.join('، ')} باشد`);
    v.party_type = input.partyType;
  }
  if (input.isLegal !== undefined) v.is_legal = input.isLegal;
  if (input.visitor !== undefined) v.visitor = input.visitor;
  if (input.courierStatus !== undefined) v.courier_status = input.courierStatus;
  if (input.active !== undefined) v.active = input.active;
  if (input.email !== undefined) v.email = ids.email(input.email, 'email');
  if (input.nationalCode !== undefined) v.national_code = nationalOrLegalId(input.nationalCode);
  if (input.economicCode !== undefined) v.economic_code = ids.economicCode(input.economicCode, 'economicCode');
  if (input.cardNo !== undefined) v.card_no = ids.cardNumber(input.cardNo, 'cardNo');
  if (input.sheba !== undefined) v.sheba = ids.sheba(input.sheba, 'sheba');
  if (input.postalCode !== undefined) v.postal_code = ids.postalCode(input.postalCode, 'postalCode');
  if (input.visitorPercent !== undefined) {
    if (input.visitorPercent.lt(0) || input.visitorPercent.gt(100)) throw fail.outOfRange('visitorPercent', 'درصد ویزیتور «visitorPercent» باید بین ۰ و ۱۰۰ باشد');
    if (input.visitorPercent.decimalPlaces() > 4) throw fail.validation('visitorPercent', '«visitorPercent» حداکثر ۴ رقم اعشار می‌پذیرد');
    v.visitor_percent = toDb(input.visitorPercent);
  }
  for (const k of ['buyPriceLevel', 'sellPriceLevel'] as const) {
    const n = input[k];
    if (n === undefined) continue;
    if (!Number.isInteger(n) || n < 0 || n > 1000) throw fail.outOfRange(k, `سطح قیمت «${k}» باید عدد صحیح بین ۰ و ۱۰۰۰ باشد`);
    v[k === 'buyPriceLevel' ? 'buy_price_level' : 'sell_price_level'] = n;
  }
  if (input.birthDate !== undefined) v.birth_date = input.birthDate === null || input.birthDate.trim() === '' ? null : parseDate(input.birthDate, 'birthDate');
  if (input.groupId !== undefined) {
    if (input.groupId !== null) {
      const g = await tx.selectFrom('party_groups').select('id').where('business_id', '=', businessId).where('id', '=', input.groupId).executeTakeFirst();
      if (!g) throw fail.notFound('گروه اشخاص', 'groupId', input.groupId, 'party group');
    }
    v.group_id = input.groupId;
  }
  return v;
}

async function assertCodeFree(tx: Tx, businessId: number, key: string, code: string, exceptId?: number): Promise<void> {
  let q = tx.selectFrom('parties').select('id').where('business_id', '=', businessId).where('code_key', '=', key);
  if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
  if (await q.executeTakeFirst()) throw fail.duplicate('code', code, 'شخص');
}

/** The next free numeric code: past every numeric code a client chose by hand. */
async function nextPartyCode(tx: Tx, businessId: number): Promise<string> {
  const r = await sql<{ m: string | null }>`
    select max(code_key::numeric) as m from parties
     where business_id = ${businessId} and code_key ~ '^[0-9]{1,15}$'`.execute(tx);
  const floor = Number(r.rows[0]?.m ?? 0);
  return String(await nextNumber(tx, businessId, 'party_code', floor));
}

function normalizedCode(code: string): string {
  const c = toAsciiDigits(code.trim());
  if (c.length > 100) throw fail.outOfRange('code', 'طول کد «code» بیش از ۱۰۰ نویسه است');
  return c;
}

export async function createParty(tx: Tx, actor: Actor, input: PartyInput): Promise<Party> {
  authorize(actor, 'party.create');
  const b = actor.businessId;
  const values = await columnsOf(tx, b, input);
  const names = {
    prefix: values.prefix ?? '',
    first_name: values.first_name ?? '',
    last_name: values.last_name ?? '',
    nick_name: values.nick_name ?? '',
    company_name: values.company_name ?? '',
  };
  const fullName = deriveFullName(names);
  if (!fullName) throw fail.missing('lastName');
  if (input.openingBalance) await assertCurrencyAmount(tx, b, input.openingBalance, 'openingBalance');
  let code = input.code === undefined ? '' : normalizedCode(input.code);
  if (code === '') code = await nextPartyCode(tx, b);
  const key = codeKey(code);
  await assertCodeFree(tx, b, key, code);

  const detail = await tx.insertInto('detail_accounts').values({ business_id: b, kind: 'party', name: fullName }).returning('id').executeTakeFirstOrThrow();
  const row = await tx
    .insertInto('parties')
    .values({
      ...values,
      business_id: b,
      code,
      code_key: key,
      detail_id: Number(detail.id),
      full_name: fullName,
      full_name_norm: normalizeText(fullName),
      opening_balance: toDb(input.openingBalance ?? new Dec(0)),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  await setPartyPhones(tx, b, id, { tel: input.tel, phones: input.phones });
  if (input.openingBalance && !input.openingBalance.isZero()) {
    await replaceOpeningBalance(tx, actor, {
      source: 'party',
      sourceId: id,
      detailId: Number(detail.id),
      amount: input.openingBalance,
      debitRole: 'receivable',
      creditRole: 'payable',
      description: fullName,
    });
  }
  const party = (await getParty(tx, actor, id))!;
  await recordAudit(tx, actor, { action: 'create', entity: 'party', entityId: id, after: party });
  return party;
}

async function lockParty(tx: Tx, businessId: number, id: number): Promise<PartyRow> {
  const row = await tx.selectFrom('parties').selectAll().where('business_id', '=', businessId).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw fail.notFound('شخص', 'partyId', id, 'party');
  return row;
}

export async function updateParty(tx: Tx, actor: Actor, id: number, input: PartyInput): Promise<Party> {
  authorize(actor, 'party.update');
  const b = actor.businessId;
  const current = await lockParty(tx, b, id);
  const before = (await getParty(tx, actor, id))!;
  const values = await columnsOf(tx, b, input);
  if (input.code !== undefined) {
    const code = normalizedCode(input.code);
    if (code !== '' && codeKey(code) !== current.code_key) {
      await assertCodeFree(tx, b, codeKey(code), code, id);
      values.code = code;
      values.code_key = codeKey(code);
    }
  }
  const merged = { ...current, ...values };
  const fullName = deriveFullName(merged);
  if (!fullName) throw fail.missing('lastName');
  if (fullName !== current.full_name) {
    values.full_name = fullName;
    values.full_name_norm = normalizeText(fullName);
    await tx.updateTable('detail_accounts').set({ name: fullName }).where('business_id', '=', b).where('id', '=', current.detail_id).execute();
  }
  if (input.openingBalance) await assertCurrencyAmount(tx, b, input.openingBalance, 'openingBalance');
  const openingChanged = input.openingBalance !== undefined && !input.openingBalance.eq(current.opening_balance);
  if (openingChanged) values.opening_balance = toDb(input.openingBalance!);
  await tx
    .updateTable('parties')
    .set({ ...values, updated_at: sql<Date>`now()` })
    .where('business_id', '=', b)
    .where('id', '=', id)
    .execute();
  await setPartyPhones(tx, b, id, { tel: input.tel, phones: input.phones });
  if (openingChanged) {
    await replaceOpeningBalance(tx, actor, {
      source: 'party',
      sourceId: id,
      detailId: current.detail_id,
      amount: input.openingBalance!,
      debitRole: 'receivable',
      creditRole: 'payable',
      description: fullName,
    });
  }
  const party = (await getParty(tx, actor, id))!;
  await recordAudit(tx, actor, { action: 'update', entity: 'party', entityId: id, before, after: party });
  return party;
}

/**
 * Deletes a party that nothing refers to. Like a payment, an opening balance is a use: its
 * vouchers (and their reversals, when it was later set to zero) stay in the ledger on the party's
 * detail account, and a ledger line must always name a party (verify's
 * `party_accounts_use_party_details`). Such a party is deactivated, not deleted.
 */
export async function deleteParty(tx: Tx, actor: Actor, id: number): Promise<void> {
  authorize(actor, 'party.update');
  const b = actor.businessId;
  const row = await lockParty(tx, b, id);
  const before = (await getParty(tx, actor, id))!;
  const opening = await tx
    .selectFrom('vouchers')
    .select('id')
    .where('business_id', '=', b)
    .where('kind', '=', 'opening')
    .where('source_type', '=', 'party')
    .where('source_id', '=', id)
    .executeTakeFirst();
  if (opening || !new Dec(row.opening_balance).isZero()) {
    throw fail.inUse('شخص', 'برای این شخص مانده اول دوره ثبت شده است؛ آن را غیرفعال کنید', 'party');
  }
  const used = await tx.selectFrom('voucher_lines').select('voucher_id').where('business_id', '=', b).where('detail_id', '=', row.detail_id).executeTakeFirst();
  if (used) throw fail.inUse('شخص', 'برای این شخص سند حسابداری (فاکتور یا دریافت/پرداخت) ثبت شده است', 'party');
  const pay = await tx.selectFrom('payments').select('id').where('business_id', '=', b).where('party_id', '=', id).executeTakeFirst();
  if (pay) throw fail.inUse('شخص', 'برای این شخص دریافت یا پرداخت ثبت شده است', 'party');
  if (await hasInvoices(tx, b, id)) throw fail.inUse('شخص', 'برای این شخص فاکتور ثبت شده است', 'party');

  await tx.deleteFrom('party_phones').where('business_id', '=', b).where('party_id', '=', id).execute();
  await tx.deleteFrom('parties').where('business_id', '=', b).where('id', '=', id).execute();
  await tx.deleteFrom('detail_accounts').where('business_id', '=', b).where('id', '=', row.detail_id).execute();
  await recordAudit(tx, actor, { action: 'delete', entity: 'party', entityId: id, before });
}

/** Invoices live in the invoicing module's table (migration 0030); proformas post no voucher. */
async function hasInvoices(tx: Tx, businessId: number, partyId: number): Promise<boolean> {
  const t = await sql<{ t: string | null }>`select to_regclass('invoices')::text as t`.execute(tx);
  if (!t.rows[0]?.t) return false;
  const col = await sql<{ c: string }>`
    select column_name as c from information_schema.columns
     where table_name = 'invoices' and column_name in ('party_id', 'person_id') and table_schema = current_schema()
     order by column_name limit 1`.execute(tx);
  const c = col.rows[0]?.c;
  if (!c) return false;
  const r = await sql<{ x: number }>`select 1 as x from invoices where business_id = ${businessId} and ${sql.ref(c)} = ${partyId} limit 1`.execute(tx);
  return r.rows.length > 0;
}

function toParty(r: PartyRow, phones: Phone[], balance: string): Party {
  return {
    id: Number(r.id),
    code: r.code,
    detailId: Number(r.detail_id),
    partyType: r.party_type as PartyType,
    isLegal: r.is_legal,
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
    nationalCode: r.national_code,
    registrationNumber: r.registration_number,
    bankName: r.bank_name,
    bankAccountNo: r.bank_account_no,
    cardNo: r.card_no,
    sheba: r.sheba,
    cashCredit: normalizeNumeric(r.cash_credit),
    chequeCredit: normalizeNumeric(r.cheque_credit),
    financialCredit: normalizeNumeric(r.financial_credit),
    visitor: r.visitor,
    visitorPercent: normalizeNumeric(r.visitor_percent),
    courierStatus: r.courier_status,
    buyPriceLevel: r.buy_price_level,
    sellPriceLevel: r.sell_price_level,
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
  };
}

/** Rows → parties, with phones and ledger balances loaded in two queries. */
async function hydrate(db: Kysely<DB>, businessId: number, rows: PartyRow[]): Promise<Party[]> {
  if (rows.length === 0) return [];
  const partyIds = rows.map((r) => Number(r.id));
  const phoneRows = await db
    .selectFrom('party_phones')
    .select(['id', 'party_id', 'tel', 'caption', 'is_primary'])
    .where('business_id', '=', businessId)
    .where('party_id', 'in', partyIds)
    .orderBy('is_primary', 'desc')
    .orderBy('id')
    .execute();
  const phones = new Map<number, Phone[]>();
  for (const p of phoneRows) {
    const list = phones.get(Number(p.party_id)) ?? [];
    list.push({ telId: Number(p.id), tel: p.tel, caption: p.caption, isPrimary: p.is_primary });
    phones.set(Number(p.party_id), list);
  }
  const balances = await detailBalances(db, businessId, rows.map((r) => Number(r.detail_id)), [...PARTY_BALANCE_ROLES]);
  return rows.map((r) => toParty(r, phones.get(Number(r.id)) ?? [], balances.get(Number(r.detail_id)) ?? '0'));
}

export async function getParty(db: Kysely<DB>, actor: Actor, id: number): Promise<Party | null> {
  authorize(actor, 'party.read');
  const businessId = actor.businessId;
  const row = await db.selectFrom('parties').selectAll().where('business_id', '=', businessId).where('id', '=', id).executeTakeFirst();
  return row ? (await hydrate(db, businessId, [row]))[0] : null;
}

/** "7", "07" and "۷" are one code. */
export async function findPartyByCode(db: Kysely<DB>, actor: Actor, code: string): Promise<Party | null> {
  authorize(actor, 'party.read');
  const businessId = actor.businessId;
  const key = codeKey(code);
  if (!key) return null;
  const row = await db.selectFrom('parties').selectAll().where('business_id', '=', businessId).where('code_key', '=', key).executeTakeFirst();
  return row ? (await hydrate(db, businessId, [row]))[0] : null;
}

export async function getPartiesByIds(db: Kysely<DB>, actor: Actor, partyIds: number[]): Promise<Party[]> {
  authorize(actor, 'party.read');
  const businessId = actor.businessId;
  if (partyIds.length === 0) return [];
  const rows = await db.selectFrom('parties').selectAll().where('business_id', '=', businessId).where('id', 'in', partyIds).orderBy('id').execute();
  return hydrate(db, businessId, rows);
}

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

export async function listParties(db: Kysely<DB>, actor: Actor, filter: PartyFilter): Promise<{ total: number; items: Party[] }> {
  authorize(actor, 'party.read');
  const businessId = actor.businessId;
  let q = db.selectFrom('parties').where('business_id', '=', businessId);
  if (filter.code !== undefined && filter.code.trim() !== '') q = q.where('code_key', '=', codeKey(filter.code));
  if (filter.name !== undefined && normalizeText(filter.name) !== '') {
    q = q.where(sql<boolean>`full_name_norm like ${containsPattern(normalizeText(filter.name))}`);
  }
  if (filter.tel !== undefined && filter.tel.trim() !== '') {
    const tel = normalizePhone(filter.tel);
    if (tel === '') return { total: 0, items: [] };
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('party_phones as ph')
          .select('ph.id')
          .whereRef('ph.business_id', '=', 'parties.business_id')
          .whereRef('ph.party_id', '=', 'parties.id')
          .where(sql<boolean>`ph.tel_norm like ${containsPattern(tel)}`),
      ),
    );
  }
  if (filter.partyType !== undefined) q = q.where('party_type', '=', filter.partyType);
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const limit = Math.min(Math.max(filter.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT);
  const offset = Math.max(filter.offset ?? 0, 0);
  const rows = await q.selectAll().orderBy('id').limit(limit).offset(offset).execute();
  return { total: Number(total.n), items: await hydrate(db, businessId, rows) };
}
