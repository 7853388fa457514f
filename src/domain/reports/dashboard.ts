import { Dec } from '../shared/money.js';
import { parseDate, toJalali, type IsoDate } from '../shared/dates.js';
import { authorize } from '../auth/permissions.js';
import type { Actor } from '../context.js';
import { normalizeNumeric } from '../ledger/balances.js';
import { listBankAccounts, listCashRegisters } from '../money/accounts.js';
import { reorderList } from './inventory.js';
import { salesReport } from './sales.js';
import { verifyBooks } from './verify.js';
import type { ReadDb } from './query.js';
import { roleTotals } from './dashboard.repository.js';
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
  verifier: { ok: boolean; failed: string[] };
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

async function netSales(db: ReadDb, actor: Actor, fromDate: IsoDate, toDate: IsoDate): Promise<string> {
  return normalizeNumeric((await salesReport(db, actor, { fromDate, toDate, groupBy: 'month', limit: 1 })).totals.net);
}

async function monthlySales(db: ReadDb, actor: Actor, today: IsoDate): Promise<{ month: string; net: string }[]> {
  const r = await salesReport(db, actor, { fromDate: jalaliMonthStart(today, 11), toDate: today, groupBy: 'month', limit: 100 });
  const byMonth = new Map(r.rows.map((row) => [row.key, row.net]));
  return monthKeys(today).map((month) => ({ month, net: normalizeNumeric(byMonth.get(month) ?? '0') }));
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

/** The dashboard as of `today` (a Tehran calendar day). Reads only; financial readers only. */
export async function dashboard(db: ReadDb, actor: Actor, today: IsoDate): Promise<Dashboard> {
  authorize(actor, 'report.financial.read');
  const verification = await verifyBooks(db, actor);
  return {
    today,
    sales: { today: await netSales(db, actor, today, today), thisMonth: await netSales(db, actor, jalaliMonthStart(today), today) },
    ...(await receivablesAndPayables(db, actor.businessId)),
    ...(await moneyBalances(db, actor)),
    reorder: await reorder(db, actor),
    monthlySales: await monthlySales(db, actor, today),
    chequesThisWeek: await chequesThisWeek(db, actor.businessId, today),
    verifier: { ok: verification.ok, failed: verification.checks.filter((c) => !c.ok).map((c) => c.name) },
  };
}
