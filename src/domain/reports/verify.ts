import type { RawBuilder } from 'kysely';
import type { ReadDb } from './query.js';
import { authorize } from '../auth/permissions.js';
import type { Actor } from '../context.js';
import * as q from './verify.repository.js';

/** The result of one invariant check; `offending` holds at most OFFENDING_LIMIT rows. */
export interface Check {
  name: string;
  description: string;
  ok: boolean;
  offending: Record<string, unknown>[];
}

export interface Verification {
  businessId: number;
  ok: boolean;
  checks: Check[];
}

export { OFFENDING_LIMIT } from './verify.repository.js';

type Row = q.Row;

/** One invariant: its name, what it asserts (Persian) and the query of its offending rows. */
interface Invariant {
  name: string;
  description: string;
  offending: (businessId: number) => RawBuilder<Row>;
}

const postingDocument = (table: q.PostingTable, fa: string): Invariant => ({
  name: `${table}_have_one_voucher`,
  description: `هر ${fa} سند حسابداری خود را دارد که با مدرک دیگری مشترک نیست`,
  offending: (b) => q.documentsWithoutOwnVoucher(b, table),
});

/**
 * Every invariant of the books (accounting.md "Ledger", "Stock and cost"), in the order they are
 * reported. The last check, tables_read_whole, is not per business (tablesReadWhole).
 */
const INVARIANTS: Invariant[] = [
  // The ledger and stock quantities.
  { name: 'vouchers_balance', description: 'هر سند حسابداری تراز است (جمع بدهکار = جمع بستانکار)', offending: q.unbalancedVouchers },
  { name: 'trial_balance_zero', description: 'تراز آزمایشی صفر است (جمع کل بدهکار = جمع کل بستانکار)', offending: q.unbalancedLedger },
  { name: 'amounts_in_currency_decimals', description: 'هر مبلغ ثبت‌شده (سند، فاکتور، دریافت و پرداخت) به اعشار ارز گرد شده است', offending: q.amountsOffCurrencyDecimals },
  { name: 'stock_balance_equals_movements', description: 'موجودی هر کالا در هر انبار = جمع گردش‌های آن', offending: q.stockBalancesOffMovements },
  { name: 'product_quantity_equals_balances', description: 'موجودی کل هر کالا = جمع موجودی انبارها', offending: q.productQuantitiesOffBalances },
  // Product counts and values, and the inventory account.
  { name: 'product_count_kept', description: 'شمار کالاهای نگه‌داشته‌شده = شمار واقعی کالاها', offending: q.productCountOff },
  { name: 'product_value_equals_movements', description: 'ارزش موجودی هر کالا = جمع مبلغ گردش‌های آن', offending: q.productValuesOffMovements },
  { name: 'inventory_account_equals_valuation', description: 'مانده حساب موجودی کالا = ارزش موجودی کالاها', offending: q.inventoryAccountOffValuation },
  // Issue 18 point 1: the books equal a replay of the live documents (docs/catalog.md).
  {
    name: 'stock_value_from_live_movements',
    description: 'ارزش هر گردش زنده کالا = بازپخش میانگین موزون متحرک اسناد زنده به ترتیب تاریخ',
    offending: q.movementsOffReplay,
  },
  {
    name: 'stock_never_negative_at_any_date',
    description: 'موجودی هر کالا در هر انبار در هیچ تاریخی منفی نیست (مگر موجودی منفی مجاز باشد)',
    offending: q.negativeStockDates,
  },
  // Parties and money accounts have their detail accounts; reversals mirror their originals.
  { name: 'parties_have_detail_accounts', description: 'هر شخص یک حساب تفصیلی از نوع شخص دارد', offending: q.partiesWithoutDetailAccounts },
  { name: 'party_accounts_use_party_details', description: 'تفصیلی ردیف‌های حساب‌های دریافتنی و پرداختنی همیشه یک شخص است', offending: q.partyAccountLinesWithoutParty },
  { name: 'money_accounts_have_detail_accounts', description: 'هر صندوق و حساب بانکی یک حساب تفصیلی از نوع خود دارد', offending: q.moneyAccountsWithoutDetailAccounts },
  { name: 'cheque_accounts_equal_cheques', description: 'مانده اسناد دریافتنی، اسناد در جریان وصول و اسناد پرداختنی = جمع چک‌های باز در همان وضعیت', offending: q.chequeAccountsOffCheques },
  { name: 'cheque_state_equals_its_vouchers', description: 'وضعیت هر چک با جمع اسناد گردش خودش روی اسناد دریافتنی، در جریان وصول و پرداختنی می‌خواند', offending: q.chequesOffTheirVouchers },
  { name: 'year_end_vouchers_mirror', description: 'هر سال مالی بسته یک سند اختتامیه و سال بعدش یک سند افتتاحیه دارد و مانده‌های افتتاحیه همان مانده‌های اختتامیه است', offending: q.yearEndVouchersOff },
  { name: 'reversals_mirror_originals', description: 'هر سند برگشتی دقیقاً قرینه سند اصلی است', offending: q.reversalsOffOriginals },
  // Each posting document has one voucher of its own; voided invoices are reversed.
  postingDocument('stock_adjustments', 'تعدیل موجودی'),
  postingDocument('payments', 'دریافت و پرداخت'),
  postingDocument('invoices', 'فاکتور'),
  { name: 'voided_invoices_reversed', description: 'هر فاکتور باطل‌شده سند حسابداری و گردش‌های کالای برگشتی دارد', offending: q.voidedInvoicesNotReversed },
  { name: 'one_voucher_per_source', description: 'هر مدرک منبع حداکثر یک سند حسابداری اصلی (غیربرگشتی) دارد', offending: q.sourcesWithSeveralVouchers },
  // History has no gap; every row that names a document finds it (a lost or unreadable document
  // row shows here even when nothing else does), and the numbering accounts for every document.
  // Numbers are not checked for gaps: a client may choose its own invoice number, which leaves
  // the numbers between unused, and nothing records that.
  { name: 'history_has_no_gap', description: 'هر کالا، شخص و فاکتور دست‌کم یک رکورد تاریخچه دارد', offending: q.entitiesWithoutHistory },
  { name: 'movements_point_at_documents', description: 'هر گردش کالا به مدرکی موجود (فاکتور، تعدیل موجودی) اشاره می‌کند', offending: q.movementsWithoutDocuments },
  { name: 'vouchers_point_at_documents', description: 'هر سند حسابداری که مدرکی را نام می‌برد، آن مدرک موجود است', offending: q.vouchersWithoutDocuments },
  {
    name: 'documents_point_at_live_rows',
    description: 'ردیف‌های سند، ردیف‌های فاکتور و پرداخت‌ها به سند، فاکتور، شخص و حساب موجود اشاره می‌کنند',
    offending: q.rowsPointingAtNothing,
  },
  {
    name: 'documents_within_numbering',
    description: 'هیچ شناسه‌ای از دنباله‌اش و هیچ شماره فاکتوری از شمارنده نوع خود بزرگ‌تر نیست',
    offending: q.documentsBeyondNumbering,
  },
];

function check(name: string, description: string, offending: Row[]): Check {
  return { name, description, ok: offending.length === 0, offending };
}

/**
 * Runs one check's query inside a savepoint: an error (an unreadable page, a missing relation
 * file) becomes a failed check naming it, and the remaining checks still run.
 */
async function checked(db: ReadDb, name: string, description: string, query: RawBuilder<Row>): Promise<Check> {
  await q.savepoint().execute(db);
  try {
    const offending = (await query.execute(db)).rows;
    await q.releaseSavepoint().execute(db);
    return check(name, description, offending);
  } catch (err) {
    await q.rollbackToSavepoint().execute(db);
    return check(name, description, [{ error: errorText(err) }]);
  }
}

function errorText(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return `${e.code ? e.code + ' ' : ''}${String(e.message ?? err).split('\n')[0]}`;
}

/**
 * Reads every row of every table (a count and a hash of each row), so a page PostgreSQL cannot
 * read, or a table whose file is gone, fails here instead of going unnoticed by queries that
 * never touch it. All tables, not one business's rows: damage does not respect tenants.
 */
async function tablesReadWhole(db: ReadDb): Promise<Check> {
  const name = 'tables_read_whole';
  const description = 'همه ردیف‌های همه جدول‌ها خوانا هستند';
  const tables = (await q.baseTables().execute(db)).rows.map((r) => r.t);
  const offending: Row[] = [];
  for (const t of tables) {
    const c = await checked(db, name, description, q.tableReadWhole(t));
    if (!c.ok) offending.push({ table: t, ...c.offending[0] });
  }
  return check(name, description, offending.slice(0, q.OFFENDING_LIMIT));
}

/**
 * Checks every invariant of the books of one business. Each check is one SQL statement that
 * returns only the offending rows (capped). Run it inside one repeatable-read transaction for a
 * consistent snapshot (verifyBooks does).
 */
export async function verifyBusiness(db: ReadDb, businessId: number): Promise<Verification> {
  const checks: Check[] = [];
  // One after another: the checks share the snapshot transaction (and its savepoints).
  for (const i of INVARIANTS) checks.push(await checked(db, i.name, i.description, i.offending(businessId)));
  checks.push(await tablesReadWhole(db));
  return { businessId, ok: checks.every((c) => c.ok), checks };
}

/** Verifies one business in a read-only, repeatable-read snapshot (a consistent picture). */
export async function verifyBooks(db: ReadDb, actor: Actor): Promise<Verification> {
  authorize(actor, 'report.financial.read');
  const businessId = actor.businessId;
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      await q.readOnly().execute(tx);
      return verifyBusiness(tx, businessId);
    });
}

/** Every business in the database, for the CLI. */
export async function allBusinesses(db: ReadDb): Promise<{ id: number; name: string }[]> {
  const r = await q.allBusinesses(db).execute();
  return r.map((x) => ({ id: Number(x.id), name: x.name }));
}
