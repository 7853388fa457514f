import { Dec } from '../shared/money.js';
import { parseDate, toJalali, type IsoDate } from '../shared/dates.js';
import { authorize } from '../auth/permissions.js';
import type { Actor } from '../context.js';
import { normalizeNumeric } from '../ledger/balances.js';
import { listBankAccounts, listCashRegisters } from '../money/accounts.js';
import { reorderList } from './inventory.js';
import { verifyBooks } from './verify.js';
import type { ReadDb } from './query.js';
import { netSalesByDay, roleTotals } from './dashboard.repository.js';
import { openChequesDue } from './money-reports.repository.js';
import { weekStart } from './money-reports.js';

/**
 * The dashboard (پیشخوان): the figures an owner opens the books for. Sales are net sales (after
 * returns and line discounts, before VAT) of posted invoices, by the Tehran calendar day; months
 * are Jalali. Receivables and payables are the balances of the receivable and payable accounts.
 */
export interface Dashboard {
  today: IsoDate;
  sales: { today: string; thisMonth: string };
  receivables: string;
  payables: string;
  cash: string;
  bank: string;
  reorder: { count: number; products: { productId: number; code: string; name: string; stock: string; orderPoint: string }[] };
  monthlySales: { month: string; net: string }[];
  /** Open cheques due this week (Saturday to Friday), each direction: count and sum. */
  chequesThisWeek: { from: IsoDate; to: IsoDate; received: { count: number; total: string }; issued: { count: number; total: string } };
  /** Absent when asked without it (`verifier: false`): the full verifier reads every row of the books. */
  verifier?: { ok: boolean; failed: string[] };
}

async function chequesThisWeek(db: ReadDb, businessId: number, today: IsoDate): Promise<Dashboard['chequesThisWeek']> {
  const from = weekStart(today);
  const end = new Date(`${from}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 6);
  const to = end.toISOString().slice(0, 10);
  const rows = (await openChequesDue(businessId, { fromDate: from, toDate: to }).execute(db)).rows;
  const side = (d: string) => {
    const xs = rows.filter((r) => r.direction === d);
    return { count: xs.length, total: normalizeNumeric(xs.reduce((s, r) => s.plus(r.amount), new Dec(0)).toFixed()) };
  };
  return { from, to, received: side('received'), issued: side('issued') };
}

const REORDER_SHOWN = 20;

/** The first day of the Jalali month `back` months before the one containing `iso`. */
function jalaliMonthStart(iso: IsoDate, back = 0): IsoDate {
  const [jy, jm] = toJalali(iso).split('/').map(Number);
  const k = jy * 12 + (jm - 1) - back;
  return parseDate(`${Math.floor(k / 12)}/${String((k % 12) + 1).padStart(2, '0')}/01`, 'today');
}

function monthKeys(today: IsoDate): string[] {
  const out: string[] = [];
  for (let back = 11; back >= 0; back--) out.push(toJalali(jalaliMonthStart(today, back)).slice(0, 7));
  return out;
}

/** Today's, this month's and the last 12 Jalali months' net sales, from one read of net sales per day. */
async function sales(db: ReadDb, businessId: number, today: IsoDate): Promise<Pick<Dashboard, 'sales' | 'monthlySales'>> {
  const days = await netSalesByDay(db, businessId, jalaliMonthStart(today, 11), today).execute();
  const monthStart = jalaliMonthStart(today);
  const byMonth = new Map<string, Dec>();
  let todayNet = new Dec(0);
  for (const d of days) {
    const month = toJalali(d.date).slice(0, 7);
    byMonth.set(month, (byMonth.get(month) ?? new Dec(0)).plus(d.net));
    if (d.date === today) todayNet = todayNet.plus(d.net);
  }
  const plain = (v: Dec | undefined) => normalizeNumeric((v ?? new Dec(0)).toFixed());
  return {
    sales: { today: plain(todayNet), thisMonth: plain(byMonth.get(toJalali(monthStart).slice(0, 7))) },
    monthlySales: monthKeys(today).map((month) => ({ month, net: plain(byMonth.get(month)) })),
  };
}

async function receivablesAndPayables(db: ReadDb, businessId: number): Promise<{ receivables: string; payables: string }> {
  const rows = await roleTotals(db, businessId, ['receivable', 'payable']).execute();
  const net = (role: string, sign: 1 | -1) => {
    const r = rows.find((x) => x.role === role);
    return r ? normalizeNumeric(new Dec(r.debit ?? 0).minus(r.credit ?? 0).times(sign).toFixed()) : '0';
  };
  return { receivables: net('receivable', 1), payables: net('payable', -1) };
}

async function moneyBalances(db: ReadDb, actor: Actor): Promise<{ cash: string; bank: string }> {
  const sum = (xs: { balance: string }[]) => xs.reduce((s, x) => s.plus(x.balance), new Dec(0)).toFixed();
  return { cash: normalizeNumeric(sum(await listCashRegisters(db, actor))), bank: normalizeNumeric(sum(await listBankAccounts(db, actor))) };
}

async function reorder(db: ReadDb, actor: Actor): Promise<Dashboard['reorder']> {
  const r = await reorderList(db, actor, { limit: REORDER_SHOWN });
  const products = r.rows.map((x) => ({ productId: x.productId, code: x.productCode, name: x.productName, stock: normalizeNumeric(x.stockQty), orderPoint: normalizeNumeric(x.orderPoint) }));
  return { count: r.total, products };
}

/**
 * The dashboard as of `today` (a Tehran calendar day). Reads only; financial readers only.
 * `verifier: false` leaves the verifier out: it reads all of the books (seconds at 100,000
 * invoices) while the figures read indexes, so the console asks for it separately (GET
 * /reports/verify) and shows the figures first.
 */
export async function dashboard(db: ReadDb, actor: Actor, today: IsoDate, opts: { verifier?: boolean } = {}): Promise<Dashboard> {
  authorize(actor, 'report.financial.read');
  const verification = opts.verifier === false ? null : await verifyBooks(db, actor);
  return {
    today,
    ...(await sales(db, actor.businessId, today)),
    ...(await receivablesAndPayables(db, actor.businessId)),
    ...(await moneyBalances(db, actor)),
    reorder: await reorder(db, actor),
    chequesThisWeek: await chequesThisWeek(db, actor.businessId, today),
    ...(verification ? { verifier: { ok: verification.ok, failed: verification.checks.filter((c) => !c.ok).map((c) => c.name) } } : {}),
  };
}
