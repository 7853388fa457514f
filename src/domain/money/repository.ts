import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { BankAccountsTable, CashRegistersTable, DB, PaymentsTable } from '../../db/schema.js';
import { sqlSamples } from '../../db/sql-samples.js';

/**
 * The SQL of money accounts (cash registers, bank accounts) and payments. Builders take
 * `(db, ...)` and return the query; accounts.ts and payments.ts run them. Balances come from the
 * ledger (ledger/balances.ts), not from here.
 */
type Db = Kysely<DB>;

// ---- cash registers --------------------------------------------------------------------------

/** The business's cash registers by id, or only those in `ids`. */
export function cashRegisters(db: Db, businessId: number, ids?: number[]) {
  const q = db.selectFrom('cash_registers').selectAll().where('business_id', '=', businessId);
  return (ids ? q.where('id', 'in', ids) : q).orderBy('id');
}

/** Another register already named `nameNorm` (normalized), other than `exceptId`. */
export function cashRegisterNamed(db: Db, businessId: number, nameNorm: string, exceptId?: number) {
  const q = db.selectFrom('cash_registers').select('id').where('business_id', '=', businessId).where('name_norm', '=', nameNorm);
  return exceptId === undefined ? q : q.where('id', '<>', exceptId);
}

export function insertCashRegister(db: Db, row: Insertable<CashRegistersTable>) {
  return db.insertInto('cash_registers').values(row).returning('id');
}

export function cashRegisterForUpdate(db: Db, businessId: number, id: number) {
  return db.selectFrom('cash_registers').selectAll().where('business_id', '=', businessId).where('id', '=', id).forUpdate();
}

export function updateCashRegister(db: Db, businessId: number, id: number, changes: Updateable<CashRegistersTable>) {
  return db.updateTable('cash_registers').set(changes).where('business_id', '=', businessId).where('id', '=', id);
}

/**
 * The register a payment moves through, locked: the one asked for, or without one the business's
 * first active register.
 */
export function cashRegisterForPayment(db: Db, businessId: number, id: number | undefined) {
  const q = db.selectFrom('cash_registers').select(['id', 'detail_id', 'active', 'name']).where('business_id', '=', businessId);
  return (id ? q.where('id', '=', id) : q.where('active', '=', true).orderBy('id').limit(1)).forUpdate();
}

// ---- bank accounts ---------------------------------------------------------------------------

/** The business's bank accounts by id, or only those in `ids`. */
export function bankAccounts(db: Db, businessId: number, ids?: number[]) {
  const q = db.selectFrom('bank_accounts').selectAll().where('business_id', '=', businessId);
  return (ids ? q.where('id', 'in', ids) : q).orderBy('id');
}

export function insertBankAccount(db: Db, row: Insertable<BankAccountsTable>) {
  return db.insertInto('bank_accounts').values(row).returning('id');
}

export function bankAccountForUpdate(db: Db, businessId: number, id: number) {
  return db.selectFrom('bank_accounts').selectAll().where('business_id', '=', businessId).where('id', '=', id).forUpdate();
}

export function updateBankAccount(db: Db, businessId: number, id: number, changes: Updateable<BankAccountsTable>) {
  return db.updateTable('bank_accounts').set(changes).where('business_id', '=', businessId).where('id', '=', id);
}

// ---- the detail account of a money account ----------------------------------------------------

export function insertDetailAccount(db: Db, businessId: number, kind: 'cash' | 'bank', name: string) {
  return db.insertInto('detail_accounts').values({ business_id: businessId, kind, name }).returning('id');
}

export function renameDetailAccount(db: Db, businessId: number, detailId: number, name: string) {
  return db.updateTable('detail_accounts').set({ name }).where('business_id', '=', businessId).where('id', '=', detailId);
}

// ---- payments --------------------------------------------------------------------------------

/** Whether the business lets money accounts go below zero. */
export function allowsNegativeMoney(db: Db, businessId: number) {
  return db.selectFrom('businesses').select('allow_negative_money').where('id', '=', businessId);
}

/** The party a payment names; a share lock keeps it from being deleted while the payment is written. */
export function partyForPayment(db: Db, businessId: number, partyId: number) {
  return db.selectFrom('parties').select(['id', 'detail_id', 'full_name']).where('business_id', '=', businessId).where('id', '=', partyId).forShare();
}

export function invoiceExists(db: Db, businessId: number, invoiceId: number) {
  return db.selectFrom('invoices').select(sql<number>`1`.as('one')).where('business_id', '=', businessId).where('id', '=', invoiceId);
}

/** The next payment id, drawn before the voucher so that the voucher can name it as its source. */
export function nextPaymentId() {
  return sql<{ id: number }>`select nextval(pg_get_serial_sequence('payments', 'id')) as id`;
}

export function insertPayment(db: Db, row: Insertable<PaymentsTable>) {
  return db.insertInto('payments').values(row);
}

export const PAYMENT_COLUMNS = [
  'id', 'kind', 'party_id', 'amount', 'date', 'cash_register_id', 'bank_account_id', 'cheque_id', 'method', 'invoice_id', 'voucher_id', 'void_voucher_id', 'description',
] as const;

/** The party's name as printed, beside a payment's columns. */
const partyName = sql<string>`(select full_name from parties pa where pa.business_id = payments.business_id and pa.id = payments.party_id)`.as('party_name');

export function paymentById(db: Db, businessId: number, id: number) {
  return db.selectFrom('payments').select(PAYMENT_COLUMNS).select(partyName).where('business_id', '=', businessId).where('id', '=', id);
}

/** The payment a void works on, locked: two voids of one payment run one after the other. */
export function paymentForVoid(db: Db, businessId: number, id: number) {
  return db.selectFrom('payments').select(PAYMENT_COLUMNS).where('business_id', '=', businessId).where('id', '=', id).forUpdate();
}

export function markPaymentVoid(db: Db, businessId: number, id: number, voidVoucherId: number) {
  return db.updateTable('payments').set({ void_voucher_id: voidVoucherId }).where('business_id', '=', businessId).where('id', '=', id);
}

/** Whether any voucher line names this detail account (a cash register's or bank account's). */
export function detailHasPostings(db: Db, businessId: number, detailId: number) {
  return db.selectFrom('voucher_lines').select(sql<number>`1`.as('one')).where('business_id', '=', businessId).where('detail_id', '=', detailId).limit(1);
}

/** Whether a payment or cheque names this register or account (even one whose voucher was reversed). */
export function moneyAccountReferenced(db: Db, businessId: number, which: 'cash_register_id' | 'bank_account_id', id: number) {
  const cheques = which === 'bank_account_id' ? sql`or exists (select 1 from cheques where business_id = ${businessId} and bank_account_id = ${id})` : sql``;
  return sql<{ used: boolean }>`select (exists (select 1 from payments where business_id = ${businessId} and ${sql.ref(which)} = ${id}) ${cheques}) as used`;
}

export function deleteCashRegisterRow(db: Db, businessId: number, id: number) {
  return db.deleteFrom('cash_registers').where('business_id', '=', businessId).where('id', '=', id);
}

export function deleteBankAccountRow(db: Db, businessId: number, id: number) {
  return db.deleteFrom('bank_accounts').where('business_id', '=', businessId).where('id', '=', id);
}

export function deleteDetailAccount(db: Db, businessId: number, detailId: number) {
  return db.deleteFrom('detail_accounts').where('business_id', '=', businessId).where('id', '=', detailId);
}

export interface PaymentFilter {
  partyId?: number;
  invoiceId?: number;
  /** Receipts only (a clerk's view). */
  receiptsOnly?: boolean;
}

function filteredPayments(db: Db, businessId: number, f: PaymentFilter) {
  let q = db.selectFrom('payments').where('business_id', '=', businessId);
  if (f.receiptsOnly) q = q.where('kind', '=', 'receipt');
  if (f.partyId !== undefined) q = q.where('party_id', '=', f.partyId);
  if (f.invoiceId !== undefined) q = q.where('invoice_id', '=', f.invoiceId);
  return q;
}

export function paymentCount(db: Db, businessId: number, f: PaymentFilter) {
  return filteredPayments(db, businessId, f).select((eb) => eb.fn.countAll<number>().as('n'));
}

/** A page of the filtered payments, newest first. */
export function paymentPage(db: Db, businessId: number, f: PaymentFilter, page: { offset: number; limit: number }) {
  return filteredPayments(db, businessId, f).select(PAYMENT_COLUMNS).select(partyName).orderBy('id', 'desc').limit(page.limit).offset(page.offset);
}

/** The receipts and payments that settle an invoice, oldest first (a voided one settles nothing). */
export function paymentsOfInvoice(db: Db, businessId: number, invoiceId: number) {
  return db
    .selectFrom('payments')
    .select(['id', 'amount', 'date', 'kind'])
    .where('business_id', '=', businessId)
    .where('invoice_id', '=', invoiceId)
    .where('void_voucher_id', 'is', null)
    .orderBy('id');
}

/** Moves an invoice's standing receipts and payments to the invoice that replaced it; returns their ids. */
export function relinkPayments(db: Db, businessId: number, fromInvoiceId: number, toInvoiceId: number) {
  return db
    .updateTable('payments')
    .set({ invoice_id: toInvoiceId })
    .where('business_id', '=', businessId)
    .where('invoice_id', '=', fromInvoiceId)
    .where('void_voucher_id', 'is', null)
    .returning('id');
}

export const SQL_SAMPLES = sqlSamples({
  cashRegisters: (db) => cashRegisters(db, 1),
  cashRegistersByIds: (db) => cashRegisters(db, 1, [1, 2]),
  cashRegisterNamed: (db) => cashRegisterNamed(db, 1, 'صندوق مرکزی', 1),
  insertCashRegister: (db) => insertCashRegister(db, { business_id: 1, name: 'صندوق', name_norm: 'صندوق', detail_id: 1, opening_balance: '0', active: true }),
  cashRegisterForUpdate: (db) => cashRegisterForUpdate(db, 1, 1),
  updateCashRegister: (db) => updateCashRegister(db, 1, 1, { name: 'صندوق', name_norm: 'صندوق', opening_balance: '0', active: true }),
  cashRegisterForPayment: (db) => cashRegisterForPayment(db, 1, 1),
  defaultCashRegisterForPayment: (db) => cashRegisterForPayment(db, 1, undefined),
  bankAccounts: (db) => bankAccounts(db, 1, [1]),
  insertBankAccount: (db) => insertBankAccount(db, { business_id: 1, bank_name: 'ملت', detail_id: 1, opening_balance: '0' }),
  bankAccountForUpdate: (db) => bankAccountForUpdate(db, 1, 1),
  updateBankAccount: (db) => updateBankAccount(db, 1, 1, { bank_name: 'ملت', account_no: '0101', opening_balance: '0' }),
  insertDetailAccount: (db) => insertDetailAccount(db, 1, 'cash', 'صندوق'),
  renameDetailAccount: (db) => renameDetailAccount(db, 1, 1, 'صندوق'),
  allowsNegativeMoney: (db) => allowsNegativeMoney(db, 1),
  partyForPayment: (db) => partyForPayment(db, 1, 1),
  invoiceExists: (db) => invoiceExists(db, 1, 1),
  nextPaymentId: () => nextPaymentId(),
  insertPayment: (db) =>
    insertPayment(db, {
      business_id: 1, id: 1, kind: 'receipt', party_id: 1, amount: '1000', date: '2025-03-21', cash_register_id: 1, bank_account_id: null,
      invoice_id: null, voucher_id: 1, description: '', created_by: 1,
    }),
  paymentById: (db) => paymentById(db, 1, 1),
  paymentForVoid: (db) => paymentForVoid(db, 1, 1),
  markPaymentVoid: (db) => markPaymentVoid(db, 1, 1, 2),
  detailHasPostings: (db) => detailHasPostings(db, 1, 1),
  cashRegisterReferenced: (db) => moneyAccountReferenced(db, 1, 'cash_register_id', 1),
  bankAccountReferenced: (db) => moneyAccountReferenced(db, 1, 'bank_account_id', 1),
  deleteCashRegisterRow: (db) => deleteCashRegisterRow(db, 1, 1),
  deleteBankAccountRow: (db) => deleteBankAccountRow(db, 1, 1),
  deleteDetailAccount: (db) => deleteDetailAccount(db, 1, 1),
  paymentCount: (db) => paymentCount(db, 1, { partyId: 1, receiptsOnly: true }),
  paymentPage: (db) => paymentPage(db, 1, { invoiceId: 1 }, { offset: 0, limit: 100 }),
  paymentsOfInvoice: (db) => paymentsOfInvoice(db, 1, 1),
  relinkPayments: (db) => relinkPayments(db, 1, 1, 2),
});
