import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, Tx } from '../context.js';
import { recordAudit } from '../audit/audit.js';
import { fail } from '../errors.js';
import { assertCurrencyAmount } from '../ledger/amounts.js';
import { detailBalances, normalizeNumeric } from '../ledger/balances.js';
import { accountsByRole } from '../ledger/chart.js';
import { postVoucher, VoucherBuilder } from '../ledger/voucher.js';
import type { IsoDate } from '../shared/dates.js';
import { Dec, toDb, type Dec as Decimal } from '../shared/money.js';
import { allows, authorize, paymentPermission } from '../auth/permissions.js';

export type PaymentKind = 'receipt' | 'payment';

export interface PaymentInput {
  /** receipt: money in from the party (دریافت); payment: money out to the party (پرداخت). */
  kind: PaymentKind;
  partyId: number;
  amount: Decimal;
  date: IsoDate;
  /** The money account: one of these; neither = the business's first active cash register. */
  cashRegisterId?: number;
  bankAccountId?: number;
  invoiceId?: number;
  description?: string;
  /** How the money moves, when the caller says: 'cash' (a register) or 'bank' (an account); cheque and card come later. */
  method?: string;
}

export interface Payment {
  paymentId: number;
  kind: PaymentKind;
  partyId: number;
  amount: string;
  date: IsoDate;
  cashRegisterId: number | null;
  bankAccountId: number | null;
  invoiceId: number | null;
  voucherId: number;
  description: string;
}

const MAX_DESCRIPTION = 1000;

interface MoneyAccount {
  cashRegisterId: number | null;
  bankAccountId: number | null;
  detailId: number;
  role: 'cash' | 'bank';
  label: string;
}

/** The method, when given, must be one the domain records today and match the account sent. */
function assertMethod(input: PaymentInput): void {
  if (input.method === undefined) return;
  if (input.method !== 'cash' && input.method !== 'bank') throw fail.with('MONEY_METHOD_LATER', { field: 'method', value: input.method });
  if (input.method === 'bank' && !input.bankAccountId) throw fail.missing('bankAccountId');
  if (input.method === 'cash' && input.bankAccountId) throw fail.with('MONEY_ACCOUNT_EITHER', { field: 'cashRegisterId', otherField: 'bankAccountId' });
}

/**
 * The money account a payment moves through, resolved, checked and locked (for update): payments
 * out of one account run one at a time, each seeing the balance the previous one left.
 */
async function moneyAccount(tx: Tx, businessId: number, input: PaymentInput): Promise<MoneyAccount> {
  if (input.cashRegisterId && input.bankAccountId) {
    throw fail.with('MONEY_ACCOUNT_EITHER', { field: 'cashRegisterId', otherField: 'bankAccountId' });
  }
  if (input.bankAccountId) {
    const b = await tx
      .selectFrom('bank_accounts')
      .select(['id', 'detail_id', 'active', 'bank_name', 'account_no'])
      .where('business_id', '=', businessId)
      .where('id', '=', input.bankAccountId)
      .forUpdate()
      .executeTakeFirst();
    if (!b) throw fail.notFound('bankAccount', 'bankAccountId', input.bankAccountId);
    if (!b.active) throw fail.with('MONEY_ACCOUNT_INACTIVE', { field: 'bankAccountId', entity: 'bankAccount' });
    const label = [b.bank_name, b.account_no].filter(Boolean).join(' ');
    return { cashRegisterId: null, bankAccountId: Number(b.id), detailId: Number(b.detail_id), role: 'bank', label };
  }
  let q = tx.selectFrom('cash_registers').select(['id', 'detail_id', 'active', 'name']).where('business_id', '=', businessId);
  q = input.cashRegisterId ? q.where('id', '=', input.cashRegisterId) : q.where('active', '=', true).orderBy('id').limit(1);
  const c = await q.forUpdate().executeTakeFirst();
  if (!c) {
    if (input.cashRegisterId) throw fail.notFound('cashRegister', 'cashRegisterId', input.cashRegisterId);
    throw fail.missing('cashRegisterId');
  }
  if (!c.active) throw fail.with('MONEY_ACCOUNT_INACTIVE', { field: 'cashRegisterId', entity: 'cashRegister' });
  return { cashRegisterId: Number(c.id), bankAccountId: null, detailId: Number(c.detail_id), role: 'cash', label: c.name };
}

/**
 * Money out may not take the account below zero (its balance over all its postings) unless the
 * business allows it (`businesses.allow_negative_money`). The account's row is already locked.
 */
async function assertFunds(tx: Tx, businessId: number, money: MoneyAccount, amount: Decimal): Promise<void> {
  const biz = await tx.selectFrom('businesses').select('allow_negative_money').where('id', '=', businessId).executeTakeFirstOrThrow();
  if (biz.allow_negative_money) return;
  const balance = (await detailBalances(tx, businessId, [money.detailId], [money.role])).get(money.detailId) ?? '0';
  if (new Dec(balance).minus(amount).isNegative()) {
    // The field is the account (Siba's wire has always named it); the message names the amount asked.
    const field = money.role === 'bank' ? 'bankAccountId' : 'cashRegisterId';
    throw fail.insufficientFunds(field, { available: balance, requested: amount.toFixed() }, money.label || field);
  }
}

/** The invoice a payment settles: the business's own. */
async function assertInvoice(tx: Tx, businessId: number, invoiceId: number): Promise<void> {
  const r = await sql<{ x: number }>`select 1 as x from invoices where business_id = ${businessId} and id = ${invoiceId}`.execute(tx);
  if (r.rows.length === 0) throw fail.notFound('invoice', 'invoiceId', invoiceId);
}

/**
 * Records a receipt or payment with one balanced voucher:
 * receipt = Dr cash/bank (its detail) / Cr receivable (the party's detail);
 * payment = Dr payable (the party's detail) / Cr cash/bank.
 */
export async function postPayment(tx: Tx, actor: Actor, input: PaymentInput): Promise<{ paymentId: number; voucherId: number }> {
  authorize(actor, paymentPermission(input.kind, 'create'));
  const b = actor.businessId;
  if (input.kind !== 'receipt' && input.kind !== 'payment') {
    throw fail.with('PAYMENT_KIND_INVALID', { field: 'kind' });
  }
  if (input.amount.lte(0)) throw fail.with('PAYMENT_AMOUNT_NOT_POSITIVE', { field: 'amount' });
  await assertCurrencyAmount(tx, b, input.amount, 'amount');
  assertMethod(input);
  const description = (input.description ?? '').trim();
  if (description.length > MAX_DESCRIPTION) throw fail.outOfRange('description');
  // A share lock keeps the party from being deleted while its payment is written.
  const party = await tx
    .selectFrom('parties')
    .select(['id', 'detail_id', 'full_name'])
    .where('business_id', '=', b)
    .where('id', '=', input.partyId)
    .forShare()
    .executeTakeFirst();
  if (!party) throw fail.notFound('party', 'partyId', input.partyId);
  const money = await moneyAccount(tx, b, input);
  if (input.kind === 'payment') await assertFunds(tx, b, money, input.amount);
  if (input.invoiceId !== undefined) await assertInvoice(tx, b, input.invoiceId);

  const roles = await accountsByRole(tx, b);
  const moneyAccountId = roles[money.role];
  const label = description || (input.kind === 'receipt' ? `دریافت از ${party.full_name}` : `پرداخت به ${party.full_name}`);
  const v = new VoucherBuilder();
  if (input.kind === 'receipt') {
    v.debit(moneyAccountId, input.amount, { detailId: money.detailId, description: label });
    v.credit(roles.receivable, input.amount, { detailId: Number(party.detail_id), description: label });
  } else {
    v.debit(roles.payable, input.amount, { detailId: Number(party.detail_id), description: label });
    v.credit(moneyAccountId, input.amount, { detailId: money.detailId, description: label });
  }
  // The payment's id is drawn first so that its voucher can name it as its source.
  const seq = await sql<{ id: number }>`select nextval(pg_get_serial_sequence('payments', 'id')) as id`.execute(tx);
  const paymentId = Number(seq.rows[0].id);
  const voucherId = await postVoucher(tx, actor, { date: input.date, kind: 'payment', description: label, sourceType: 'payment', sourceId: paymentId, lines: v });
  await tx
    .insertInto('payments')
    .values({
      business_id: b,
      id: paymentId,
      kind: input.kind,
      party_id: Number(party.id),
      amount: toDb(input.amount),
      date: input.date,
      cash_register_id: money.cashRegisterId,
      bank_account_id: money.bankAccountId,
      invoice_id: input.invoiceId ?? null,
      voucher_id: voucherId,
      description,
      created_by: actor.userId,
    })
    .execute();
  const payment = (await getPayment(tx, actor, paymentId))!;
  await recordAudit(tx, actor, { action: 'create', entity: 'payment', entityId: paymentId, after: payment });
  return { paymentId, voucherId };
}

function toPayment(r: {
  id: number;
  kind: string;
  party_id: number;
  amount: string;
  date: string;
  cash_register_id: number | null;
  bank_account_id: number | null;
  invoice_id: number | null;
  voucher_id: number;
  description: string;
}): Payment {
  return {
    paymentId: Number(r.id),
    kind: r.kind as PaymentKind,
    partyId: Number(r.party_id),
    amount: normalizeNumeric(r.amount),
    date: String(r.date),
    cashRegisterId: r.cash_register_id === null ? null : Number(r.cash_register_id),
    bankAccountId: r.bank_account_id === null ? null : Number(r.bank_account_id),
    invoiceId: r.invoice_id === null ? null : Number(r.invoice_id),
    voucherId: Number(r.voucher_id),
    description: r.description,
  };
}

const PAYMENT_COLUMNS = ['id', 'kind', 'party_id', 'amount', 'date', 'cash_register_id', 'bank_account_id', 'invoice_id', 'voucher_id', 'description'] as const;

export async function getPayment(db: Kysely<DB>, actor: Actor, id: number): Promise<Payment | null> {
  const businessId = actor.businessId;
  const r = await db.selectFrom('payments').select(PAYMENT_COLUMNS).where('business_id', '=', businessId).where('id', '=', id).executeTakeFirst();
  if (r) authorize(actor, paymentPermission(r.kind, 'read'));
  return r ? toPayment(r) : null;
}

export async function listPayments(
  db: Kysely<DB>,
  actor: Actor,
  filter: { partyId?: number; invoiceId?: number; offset?: number; limit?: number },
): Promise<{ total: number; items: Payment[] }> {
  const businessId = actor.businessId;
  authorize(actor, 'payment.receipt.read');
  let q = db.selectFrom('payments').where('business_id', '=', businessId);
  if (!allows(actor.role, 'payment.read')) q = q.where('kind', '=', 'receipt'); // a clerk sees receipts only
  if (filter.partyId !== undefined) q = q.where('party_id', '=', filter.partyId);
  if (filter.invoiceId !== undefined) q = q.where('invoice_id', '=', filter.invoiceId);
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const limit = Math.min(Math.max(filter.limit ?? 100, 1), 1000);
  const rows = await q.select(PAYMENT_COLUMNS).orderBy('id', 'desc').limit(limit).offset(Math.max(filter.offset ?? 0, 0)).execute();
  return { total: Number(total.n), items: rows.map(toPayment) };
}

/** Receipts and payments linked to an invoice; `paid` is the sum of their amounts. */
export async function invoicePayments(
  db: Kysely<DB>,
  actor: Actor,
  invoiceId: number,
): Promise<{ paid: string; payments: { paymentId: number; amount: string; date: string; kind: string }[] }> {
  authorize(actor, 'invoice.sale.read');
  const businessId = actor.businessId;
  const rows = await db
    .selectFrom('payments')
    .select(['id', 'amount', 'date', 'kind'])
    .where('business_id', '=', businessId)
    .where('invoice_id', '=', invoiceId)
    .orderBy('id')
    .execute();
  let paid = new Dec(0);
  for (const r of rows) paid = paid.plus(r.amount);
  return {
    paid: normalizeNumeric(paid.toFixed()),
    payments: rows.map((r) => ({ paymentId: Number(r.id), amount: normalizeNumeric(r.amount), date: String(r.date), kind: r.kind })),
  };
}
