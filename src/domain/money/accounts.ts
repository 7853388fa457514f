import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, Tx } from '../context.js';
import { recordAudit } from '../audit/audit.js';
import { fail } from '../errors.js';
import { detailBalances, normalizeNumeric } from '../ledger/balances.js';
import { replaceOpeningBalance } from '../ledger/opening.js';
import * as ids from '../shared/identifiers.js';
import { Dec, toDb, type Dec as Decimal } from '../shared/money.js';
import { assertCurrencyAmount } from '../ledger/amounts.js';
import { normalizeText } from '../shared/text.js';
import { authorize } from '../auth/permissions.js';
import * as repo from './repository.js';

/**
 * Money accounts: cash registers (صندوق) and bank accounts (حساب بانکی). Each has a detail
 * account under the cash / bank role account; its balance is read from the ledger and its
 * opening balance is an opening voucher against opening equity.
 */
export interface CashRegister {
  id: number;
  name: string;
  detailId: number;
  openingBalance: string;
  balance: string;
  active: boolean;
}

export interface BankAccount {
  id: number;
  bankName: string;
  branch: string;
  accountNo: string;
  cardNumber: string;
  sheba: string;
  detailId: number;
  openingBalance: string;
  balance: string;
  active: boolean;
}

export interface CashRegisterInput {
  name?: string;
  openingBalance?: Decimal;
  active?: boolean;
}

export interface BankAccountInput {
  bankName?: string;
  branch?: string;
  accountNo?: string;
  cardNumber?: string;
  sheba?: string;
  openingBalance?: Decimal;
  active?: boolean;
}

const MAX_TEXT = 200;

function text(v: string | undefined, field: string, required: boolean): string | undefined {
  if (v === undefined) {
    if (required) throw fail.missing(field);
    return undefined;
  }
  const s = v.trim();
  if (required && !s) throw fail.missing(field);
  if (s.length > MAX_TEXT) throw fail.with('TEXT_TOO_LONG', { field, max: MAX_TEXT });
  return s;
}

// ---- cash registers -------------------------------------------------------------------------

export async function listCashRegisters(db: Kysely<DB>, actor: Actor, opts: { ids?: number[] } = {}): Promise<CashRegister[]> {
  authorize(actor, 'moneyAccount.read');
  const businessId = actor.businessId;
  if (opts.ids?.length === 0) return [];
  const rows = await repo.cashRegisters(db, businessId, opts.ids).execute();
  const bal = await detailBalances(db, businessId, rows.map((r) => Number(r.detail_id)), ['cash']);
  return rows.map((r) => ({
    id: Number(r.id),
    name: r.name,
    detailId: Number(r.detail_id),
    openingBalance: normalizeNumeric(r.opening_balance),
    balance: bal.get(Number(r.detail_id)) ?? '0',
    active: r.active,
  }));
}

export async function getCashRegister(db: Kysely<DB>, actor: Actor, id: number): Promise<CashRegister | null> {
  authorize(actor, 'moneyAccount.read');
  const businessId = actor.businessId;
  return (await listCashRegisters(db, actor, { ids: [id] }))[0] ?? null;
}

async function assertCashNameFree(tx: Tx, businessId: number, name: string, exceptId?: number): Promise<void> {
  if (await repo.cashRegisterNamed(tx, businessId, normalizeText(name), exceptId).executeTakeFirst()) throw fail.with('DUPLICATE_ENTITY', { entity: 'cashRegister', field: 'name', value: name });
}

export async function createCashRegister(tx: Tx, actor: Actor, input: CashRegisterInput): Promise<CashRegister> {
  authorize(actor, 'moneyAccount.write');
  const b = actor.businessId;
  const name = text(input.name, 'name', true)!;
  await assertCashNameFree(tx, b, name);
  const opening = await assertCurrencyAmount(tx, b, input.openingBalance ?? new Dec(0), 'openingBalance');
  const detail = await repo.insertDetailAccount(tx, b, 'cash', name).executeTakeFirstOrThrow();
  const row = await repo
    .insertCashRegister(tx, { business_id: b, name, name_norm: normalizeText(name), detail_id: Number(detail.id), opening_balance: toDb(opening), active: input.active ?? true })
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  if (!opening.isZero()) {
    await replaceOpeningBalance(tx, actor, { source: 'cash_register', sourceId: id, detailId: Number(detail.id), amount: opening, debitRole: 'cash', description: name });
  }
  const reg = (await getCashRegister(tx, actor, id))!;
  await recordAudit(tx, actor, { action: 'create', entity: 'cash_register', entityId: id, after: reg });
  return reg;
}

export async function updateCashRegister(tx: Tx, actor: Actor, id: number, input: CashRegisterInput): Promise<CashRegister> {
  authorize(actor, 'moneyAccount.write');
  const b = actor.businessId;
  const cur = await repo.cashRegisterForUpdate(tx, b, id).executeTakeFirst();
  if (!cur) throw fail.notFound('cashRegister', 'cashRegisterId', id);
  const before = (await getCashRegister(tx, actor, id))!;
  const name = text(input.name, 'name', false);
  if (name === '') throw fail.missing('name');
  if (name !== undefined && name !== cur.name) {
    await assertCashNameFree(tx, b, name, id);
    await repo.renameDetailAccount(tx, b, Number(cur.detail_id), name).execute();
  }
  const opening = input.openingBalance === undefined ? undefined : await assertCurrencyAmount(tx, b, input.openingBalance, 'openingBalance');
  const openingChanged = opening !== undefined && !opening.eq(cur.opening_balance);
  const changes = {
    ...(name !== undefined ? { name, name_norm: normalizeText(name) } : {}),
    ...(openingChanged ? { opening_balance: toDb(opening!) } : {}),
    ...(input.active !== undefined ? { active: input.active } : {}),
  };
  // Nothing to change: the unchanged register, nothing written (docs/platform.md).
  if (Object.keys(changes).length === 0) return before;
  await repo.updateCashRegister(tx, b, id, changes).execute();
  if (openingChanged) {
    await replaceOpeningBalance(tx, actor, { source: 'cash_register', sourceId: id, detailId: Number(cur.detail_id), amount: opening!, debitRole: 'cash', description: name ?? cur.name });
  }
  const reg = (await getCashRegister(tx, actor, id))!;
  await recordAudit(tx, actor, { action: 'update', entity: 'cash_register', entityId: id, before, after: reg });
  return reg;
}

// ---- bank accounts --------------------------------------------------------------------------

export async function listBankAccounts(db: Kysely<DB>, actor: Actor, opts: { ids?: number[] } = {}): Promise<BankAccount[]> {
  authorize(actor, 'moneyAccount.read');
  const businessId = actor.businessId;
  if (opts.ids?.length === 0) return [];
  const rows = await repo.bankAccounts(db, businessId, opts.ids).execute();
  const bal = await detailBalances(db, businessId, rows.map((r) => Number(r.detail_id)), ['bank']);
  return rows.map((r) => ({
    id: Number(r.id),
    bankName: r.bank_name,
    branch: r.branch,
    accountNo: r.account_no,
    cardNumber: r.card_no,
    sheba: r.sheba,
    detailId: Number(r.detail_id),
    openingBalance: normalizeNumeric(r.opening_balance),
    balance: bal.get(Number(r.detail_id)) ?? '0',
    active: r.active,
  }));
}

export async function getBankAccount(db: Kysely<DB>, actor: Actor, id: number): Promise<BankAccount | null> {
  authorize(actor, 'moneyAccount.read');
  const businessId = actor.businessId;
  return (await listBankAccounts(db, actor, { ids: [id] }))[0] ?? null;
}

function bankColumns(input: BankAccountInput, creating: boolean) {
  const bankName = text(input.bankName, 'bankName', creating);
  if (bankName === '') throw fail.missing('bankName');
  return {
    ...(bankName !== undefined ? { bank_name: bankName } : {}),
    ...(input.branch !== undefined ? { branch: text(input.branch, 'branch', false)! } : {}),
    ...(input.accountNo !== undefined ? { account_no: text(input.accountNo, 'accountNo', false)! } : {}),
    ...(input.cardNumber !== undefined ? { card_no: ids.cardNumber(input.cardNumber, 'cardNumber') } : {}),
    ...(input.sheba !== undefined ? { sheba: ids.sheba(input.sheba, 'sheba') } : {}),
    ...(input.active !== undefined ? { active: input.active } : {}),
  };
}

/** A bank account's name in the books (its detail account's) and in messages. */
export function bankLabel(bankName: string, accountNo: string): string {
  return accountNo ? `${bankName} - ${accountNo}` : bankName;
}

export async function createBankAccount(tx: Tx, actor: Actor, input: BankAccountInput): Promise<BankAccount> {
  authorize(actor, 'moneyAccount.write');
  const b = actor.businessId;
  const cols = bankColumns(input, true);
  const opening = await assertCurrencyAmount(tx, b, input.openingBalance ?? new Dec(0), 'openingBalance');
  const label = bankLabel(cols.bank_name!, cols.account_no ?? '');
  const detail = await repo.insertDetailAccount(tx, b, 'bank', label).executeTakeFirstOrThrow();
  const row = await repo
    .insertBankAccount(tx, { ...cols, bank_name: cols.bank_name!, business_id: b, detail_id: Number(detail.id), opening_balance: toDb(opening) })
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  if (!opening.isZero()) {
    await replaceOpeningBalance(tx, actor, { source: 'bank_account', sourceId: id, detailId: Number(detail.id), amount: opening, debitRole: 'bank', description: label });
  }
  const acct = (await getBankAccount(tx, actor, id))!;
  await recordAudit(tx, actor, { action: 'create', entity: 'bank_account', entityId: id, after: acct });
  return acct;
}

export async function updateBankAccount(tx: Tx, actor: Actor, id: number, input: BankAccountInput): Promise<BankAccount> {
  authorize(actor, 'moneyAccount.write');
  const b = actor.businessId;
  const cur = await repo.bankAccountForUpdate(tx, b, id).executeTakeFirst();
  if (!cur) throw fail.notFound('bankAccount', 'bankAccountId', id);
  const before = (await getBankAccount(tx, actor, id))!;
  const cols = bankColumns(input, false);
  const opening = input.openingBalance === undefined ? undefined : await assertCurrencyAmount(tx, b, input.openingBalance, 'openingBalance');
  const openingChanged = opening !== undefined && !opening.eq(cur.opening_balance);
  // Nothing to change: the unchanged account, nothing written (docs/platform.md).
  if (Object.keys(cols).length === 0 && !openingChanged) return before;
  const label = bankLabel(cols.bank_name ?? cur.bank_name, cols.account_no ?? cur.account_no);
  await repo.updateBankAccount(tx, b, id, { ...cols, ...(openingChanged ? { opening_balance: toDb(opening!) } : {}) }).execute();
  await repo.renameDetailAccount(tx, b, Number(cur.detail_id), label).execute();
  if (openingChanged) {
    await replaceOpeningBalance(tx, actor, { source: 'bank_account', sourceId: id, detailId: Number(cur.detail_id), amount: opening!, debitRole: 'bank', description: label });
  }
  const acct = (await getBankAccount(tx, actor, id))!;
  await recordAudit(tx, actor, { action: 'update', entity: 'bank_account', entityId: id, before, after: acct });
  return acct;
}

// ---- removal ---------------------------------------------------------------------------------

/**
 * Removes a cash register or bank account that never moved money: no voucher line on its detail
 * account (an opening balance is one) and no payment or cheque naming it. One with postings is
 * refused IN_USE naming it; deactivate it instead (its history stays).
 */
async function removeMoneyAccount(
  tx: Tx,
  actor: Actor,
  which: { entity: 'cashRegister' | 'bankAccount'; column: 'cash_register_id' | 'bank_account_id'; field: string },
  id: number,
  locked: { detail_id: number; label: string } | undefined,
  remove: () => Promise<unknown>,
): Promise<void> {
  const b = actor.businessId;
  if (!locked) throw fail.notFound(which.entity, which.field, id);
  const posted = await repo.detailHasPostings(tx, b, Number(locked.detail_id)).executeTakeFirst();
  const referenced = (await repo.moneyAccountReferenced(tx, b, which.column, id).execute(tx)).rows[0]?.used;
  if (posted || referenced) throw fail.with('MONEY_ACCOUNT_HAS_POSTINGS', { entity: which.entity, name: locked.label });
  await remove();
  await repo.deleteDetailAccount(tx, b, Number(locked.detail_id)).execute();
  await recordAudit(tx, actor, { action: 'delete', entity: which.entity === 'cashRegister' ? 'cash_register' : 'bank_account', entityId: id, before: { name: locked.label } });
}

export async function deleteCashRegister(tx: Tx, actor: Actor, id: number): Promise<void> {
  authorize(actor, 'moneyAccount.write');
  const cur = await repo.cashRegisterForUpdate(tx, actor.businessId, id).executeTakeFirst();
  await removeMoneyAccount(tx, actor, { entity: 'cashRegister', column: 'cash_register_id', field: 'id' }, id, cur && { detail_id: Number(cur.detail_id), label: cur.name }, () =>
    repo.deleteCashRegisterRow(tx, actor.businessId, id).execute(),
  );
}

export async function deleteBankAccount(tx: Tx, actor: Actor, id: number): Promise<void> {
  authorize(actor, 'moneyAccount.write');
  const cur = await repo.bankAccountForUpdate(tx, actor.businessId, id).executeTakeFirst();
  await removeMoneyAccount(tx, actor, { entity: 'bankAccount', column: 'bank_account_id', field: 'id' }, id, cur && { detail_id: Number(cur.detail_id), label: bankLabel(cur.bank_name, cur.account_no) }, () =>
    repo.deleteBankAccountRow(tx, actor.businessId, id).execute(),
  );
}
