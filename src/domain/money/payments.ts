import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, Tx } from '../context.js';
import { recordAudit } from '../audit/audit.js';
import { fail } from '../errors.js';
import { assertCurrencyAmount } from '../ledger/amounts.js';
import { normalizeNumeric } from '../ledger/balances.js';
import { accountsByRole } from '../ledger/chart.js';
import { postVoucher, reverseVoucher, VoucherBuilder } from '../ledger/voucher.js';
import { parseDate, todayIso, type IsoDate } from '../shared/dates.js';
import { recordCheque, voidChequeOfPayment, type ChequeDetails } from '../cheques/cheques.js';
import { assertMoneyAvailable } from './funds.js';
import { Dec, toDb, type Dec as Decimal } from '../shared/money.js';
import { allows, authorize, paymentPermission } from '../auth/permissions.js';
import { bankLabel } from './accounts.js';
import * as repo from './repository.js';
import type { Invoice, InvoiceType } from '../invoicing/types.js';

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
  /** How the money moves, when the caller says: 'cash' (a register), 'bank' (a transfer), 'card' (a POS terminal's bank account) or 'cheque'. */
  method?: string;
  /** method 'cheque': the cheque received or issued (its amount is the payment's). */
  cheque?: ChequeDetails;
}

export interface Payment {
  paymentId: number;
  /** cash, bank, card or cheque. */
  method: 'cash' | 'bank' | 'card' | 'cheque';
  kind: PaymentKind;
  partyId: number;
  /** The party's name as printed. */
  partyName: string;
  amount: string;
  date: IsoDate;
  cashRegisterId: number | null;
  bankAccountId: number | null;
  chequeId: number | null;
  invoiceId: number | null;
  voucherId: number;
  /** The reversing voucher of a voided payment; null while it stands. */
  voidVoucherId: number | null;
  description: string;
}

const MAX_DESCRIPTION = 1000;

interface MoneyAccount {
  cashRegisterId: number | null;
  bankAccountId: number | null;
  detailId: number;
  role: 'cash' | 'bank';
  /** The account's name as the books show it (its detail account's name). */
  label: string;
  /** The request field that names this kind of account (the register chosen by default included). */
  field: 'cashRegisterId' | 'bankAccountId';
}

/** The method, when given, must be one the domain records today and match the account sent. */
function assertMethod(input: PaymentInput): void {
  if (input.method === undefined) {
    if (input.cheque) throw fail.missing('method');
    return;
  }
  if (input.method === 'cheque') {
    if (!input.cheque) throw fail.missing('cheque');
    if (input.cashRegisterId) throw fail.validation('cashRegisterId');
    if (input.bankAccountId) throw fail.validation('bankAccountId');
    return;
  }
  if (input.cheque) throw fail.validation('cheque');
  if (input.method !== 'cash' && input.method !== 'bank' && input.method !== 'card') throw fail.with('MONEY_METHOD_LATER', { field: 'method', value: input.method });
  // A card payment goes through a POS terminal, which settles into its bank account.
  if ((input.method === 'bank' || input.method === 'card') && !input.bankAccountId) throw fail.missing('bankAccountId');
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
    const b = await repo.bankAccountForUpdate(tx, businessId, input.bankAccountId).executeTakeFirst();
    if (!b) throw fail.notFound('bankAccount', 'bankAccountId', input.bankAccountId);
    if (!b.active) throw fail.with('MONEY_ACCOUNT_INACTIVE', { field: 'bankAccountId', entity: 'bankAccount' });
    const label = bankLabel(b.bank_name, b.account_no);
    return { cashRegisterId: null, bankAccountId: Number(b.id), detailId: Number(b.detail_id), role: 'bank', label, field: 'bankAccountId' };
  }
  const c = await repo.cashRegisterForPayment(tx, businessId, input.cashRegisterId || undefined).executeTakeFirst();
  if (!c) {
    if (input.cashRegisterId) throw fail.notFound('cashRegister', 'cashRegisterId', input.cashRegisterId);
    throw fail.missing('cashRegisterId');
  }
  if (!c.active) throw fail.with('MONEY_ACCOUNT_INACTIVE', { field: 'cashRegisterId', entity: 'cashRegister' });
  return { cashRegisterId: Number(c.id), bankAccountId: null, detailId: Number(c.detail_id), role: 'cash', label: c.name, field: 'cashRegisterId' };
}

/** The invoice a payment settles: the business's own. */
async function assertInvoice(tx: Tx, businessId: number, invoiceId: number): Promise<void> {
  if (!(await repo.invoiceExists(tx, businessId, invoiceId).executeTakeFirst())) throw fail.notFound('invoice', 'invoiceId', invoiceId);
}

/**
 * Records a receipt or payment with one balanced voucher:
 * receipt = Dr cash/bank (its detail) / Cr receivable (the party's detail);
 * payment = Dr payable (the party's detail) / Cr cash/bank.
 */
export async function postPayment(tx: Tx, actor: Actor, input: PaymentInput): Promise<{ paymentId: number; voucherId: number; chequeId: number | null }> {
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
  const party = await repo.partyForPayment(tx, b, input.partyId).executeTakeFirst();
  if (!party) throw fail.notFound('party', 'partyId', input.partyId);
  const byCheque = input.method === 'cheque';
  const money = byCheque ? null : await moneyAccount(tx, b, input);
  if (money && input.kind === 'payment') await assertMoneyAvailable(tx, b, money, input.amount);
  if (input.invoiceId !== undefined) await assertInvoice(tx, b, input.invoiceId);

  const roles = await accountsByRole(tx, b);
  const partyDetail = Number(party.detail_id);
  const label =
    description ||
    (byCheque
      ? input.kind === 'receipt'
        ? `دریافت چک ${input.cheque!.number} از ${party.full_name}`
        : `پرداخت چک ${input.cheque!.number} به ${party.full_name}`
      : input.kind === 'receipt'
        ? `دریافت از ${party.full_name}`
        : `پرداخت به ${party.full_name}`);
  // Money in: Dr cash/bank (or notes receivable: the cheque in hand) / Cr the party's receivable.
  // Money out: Dr the party's payable / Cr cash/bank (or notes payable: the cheque issued).
  const instrument = money ? { accountId: roles[money.role], detailId: money.detailId } : { accountId: roles[input.kind === 'receipt' ? 'notes_receivable' : 'notes_payable'], detailId: partyDetail };
  const v = new VoucherBuilder();
  if (input.kind === 'receipt') {
    v.debit(instrument.accountId, input.amount, { detailId: instrument.detailId, description: label });
    v.credit(roles.receivable, input.amount, { detailId: partyDetail, description: label });
  } else {
    v.debit(roles.payable, input.amount, { detailId: partyDetail, description: label });
    v.credit(instrument.accountId, input.amount, { detailId: instrument.detailId, description: label });
  }
  // The payment's id is drawn first so that its voucher can name it as its source.
  const seq = await repo.nextPaymentId().execute(tx);
  const paymentId = Number(seq.rows[0].id);
  const voucherId = await postVoucher(tx, actor, { date: input.date, kind: 'payment', description: label, sourceType: 'payment', sourceId: paymentId, lines: v });
  const chequeId = byCheque
    ? await recordCheque(tx, actor, {
        direction: input.kind === 'receipt' ? 'received' : 'issued',
        partyId: Number(party.id),
        amount: input.amount,
        date: input.date,
        voucherId,
        details: input.cheque!,
        prefix: 'cheque.',
      })
    : null;
  await repo
    .insertPayment(tx, {
      business_id: b,
      id: paymentId,
      kind: input.kind,
      party_id: Number(party.id),
      amount: toDb(input.amount),
      date: input.date,
      cash_register_id: money?.cashRegisterId ?? null,
      bank_account_id: money?.bankAccountId ?? null,
      cheque_id: chequeId,
      method: byCheque ? 'cheque' : input.method === 'card' ? 'card' : money!.role,
      invoice_id: input.invoiceId ?? null,
      voucher_id: voucherId,
      description,
      created_by: actor.userId,
    })
    .execute();
  const payment = (await getPayment(tx, actor, paymentId))!;
  await recordAudit(tx, actor, { action: 'create', entity: 'payment', entityId: paymentId, after: payment });
  return { paymentId, voucherId, chequeId };
}

function toPayment(r: {
  id: number;
  kind: string;
  party_id: number;
  amount: string;
  date: string;
  cash_register_id: number | null;
  bank_account_id: number | null;
  cheque_id: number | null;
  method: string | null;
  invoice_id: number | null;
  voucher_id: number;
  void_voucher_id: number | null;
  description: string;
  party_name: string;
}): Payment {
  return {
    paymentId: Number(r.id),
    method: (r.method ?? (r.cheque_id !== null ? 'cheque' : r.bank_account_id !== null ? 'bank' : 'cash')) as Payment['method'],
    kind: r.kind as PaymentKind,
    partyId: Number(r.party_id),
    partyName: r.party_name,
    amount: normalizeNumeric(r.amount),
    date: String(r.date),
    cashRegisterId: r.cash_register_id === null ? null : Number(r.cash_register_id),
    bankAccountId: r.bank_account_id === null ? null : Number(r.bank_account_id),
    chequeId: r.cheque_id === null ? null : Number(r.cheque_id),
    invoiceId: r.invoice_id === null ? null : Number(r.invoice_id),
    voucherId: Number(r.voucher_id),
    voidVoucherId: r.void_voucher_id === null ? null : Number(r.void_voucher_id),
    description: r.description,
  };
}

/**
 * Voids a receipt or payment with the reversing voucher of its own (never an edit or delete):
 * the party's balance, the money account and any invoice it settled are as before it. One by
 * cheque is voided only while the cheque is still in its first state; the cheque goes with it.
 */
/** Which way money settles an invoice: a sale or a purchase return is paid to the business. */
export function settlingKind(type: InvoiceType): PaymentKind {
  if (type === 'sale' || type === 'purchaseReturn') return 'receipt';
  if (type === 'purchase' || type === 'saleReturn') return 'payment';
  throw fail.validation('invoiceId');
}

/**
 * A receipt or payment against a standing invoice: its party and direction are the invoice's (a
 * voided invoice takes none). What Hesabfa's `invoice/savepayment` does.
 */
export async function settleInvoice(
  tx: Tx,
  actor: Actor,
  inv: Pick<Invoice, 'id' | 'number' | 'type' | 'partyId' | 'status'>,
  input: Omit<PaymentInput, 'kind' | 'partyId' | 'invoiceId'>,
): Promise<{ paymentId: number; voucherId: number; chequeId: number | null }> {
  if (inv.status === 'voided') throw fail.notFound('invoice', 'invoiceId', inv.number);
  return postPayment(tx, actor, { ...input, kind: settlingKind(inv.type), partyId: inv.partyId, invoiceId: inv.id });
}

export async function voidPayment(tx: Tx, actor: Actor, id: number, input: { date?: unknown } = {}): Promise<Payment> {
  const b = actor.businessId;
  const row = await repo.paymentForVoid(tx, b, id).executeTakeFirst();
  if (!row) throw fail.notFound('payment', 'id', id);
  authorize(actor, 'payment.void');
  const kindFa = row.kind === 'receipt' ? 'دریافت' : 'پرداخت';
  if (row.void_voucher_id !== null) throw fail.with('PAYMENT_ALREADY_VOID', { kind: row.kind, kindFa });
  const date = input.date === undefined || input.date === null || input.date === '' ? todayIso() : parseDate(input.date, 'date');
  const voidVoucherId = await reverseVoucher(tx, actor, Number(row.voucher_id), { date, description: `ابطال ${kindFa} ${id}`, sourceType: 'payment', sourceId: id });
  if (row.cheque_id !== null) await voidChequeOfPayment(tx, actor, Number(row.cheque_id), voidVoucherId, date, { kind: row.kind, kindFa });
  await repo.markPaymentVoid(tx, b, id, voidVoucherId).execute();
  const after = (await getPayment(tx, actor, id))!;
  await recordAudit(tx, actor, { action: 'void', entity: 'payment', entityId: id, after });
  return after;
}

export async function getPayment(db: Kysely<DB>, actor: Actor, id: number): Promise<Payment | null> {
  const businessId = actor.businessId;
  const r = await repo.paymentById(db, businessId, id).executeTakeFirst();
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
  const f = { partyId: filter.partyId, invoiceId: filter.invoiceId, receiptsOnly: !allows(actor.role, 'payment.read') }; // a clerk sees receipts only
  const total = await repo.paymentCount(db, businessId, f).executeTakeFirstOrThrow();
  const page = { limit: Math.min(Math.max(filter.limit ?? 100, 1), 1000), offset: Math.max(filter.offset ?? 0, 0) };
  const rows = await repo.paymentPage(db, businessId, f, page).execute();
  return { total: Number(total.n), items: rows.map(toPayment) };
}

/**
 * An invoice replaced by another (invoicing/replace.ts): its standing receipts and payments now
 * settle the new one. Only the link moves; the vouchers are the party's and stay as they are.
 */
export async function movePaymentsToInvoice(tx: Tx, actor: Actor, fromInvoiceId: number, toInvoiceId: number): Promise<number[]> {
  authorize(actor, 'invoice.sale.read');
  const moved = (await repo.relinkPayments(tx, actor.businessId, fromInvoiceId, toInvoiceId).execute()).map((r) => Number(r.id));
  for (const id of moved) {
    await recordAudit(tx, actor, { action: 'relink', entity: 'payment', entityId: id, before: { invoiceId: fromInvoiceId }, after: { invoiceId: toInvoiceId } });
  }
  return moved;
}

/** Receipts and payments linked to an invoice; `paid` is the sum of their amounts. */
export async function invoicePayments(
  db: Kysely<DB>,
  actor: Actor,
  invoiceId: number,
): Promise<{ paid: string; payments: { paymentId: number; amount: string; date: string; kind: string }[] }> {
  authorize(actor, 'invoice.sale.read');
  const businessId = actor.businessId;
  const rows = await repo.paymentsOfInvoice(db, businessId, invoiceId).execute();
  let paid = new Dec(0);
  for (const r of rows) paid = paid.plus(r.amount);
  return {
    paid: normalizeNumeric(paid.toFixed()),
    payments: rows.map((r) => ({ paymentId: Number(r.id), amount: normalizeNumeric(r.amount), date: String(r.date), kind: r.kind })),
  };
}
