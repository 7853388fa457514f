import * as jalaali from 'jalaali-js';
import { fail } from '../errors.js';
import { Dec } from '../shared/money.js';
import type { Column } from './layout.js';
import { readPaging, type Paging, type Period, type ReadDb, readPeriod } from './query.js';
import { salesRows } from './repository.js';
import { authorize } from '../auth/permissions.js';
import type { Actor } from '../context.js';

export type SalesGroupBy = 'product' | 'customer' | 'day' | 'month';
const GROUP_BYS: SalesGroupBy[] = ['product', 'customer', 'day', 'month'];

export interface SalesRow {
  /** productId / partyId, or the day (ISO) / Jalali month ('1403/01'). */
  key: string;
  code: string | null;
  name: string;
  invoices: number;
  quantity: string;
  net: string;
  vat: string;
  gross: string;
  cogs: string;
  margin: string;
}

export interface SalesReport {
  groupBy: SalesGroupBy;
  fromDate: string | null;
  toDate: string | null;
  total: number;
  rows: SalesRow[];
  totals: { quantity: string; net: string; vat: string; gross: string; cogs: string; margin: string };
}

export const SALES_COLUMNS: Column[] = [
  { key: 'key', title: 'شناسه', kind: 'text' },
  { key: 'code', title: 'کد', kind: 'text' },
  { key: 'name', title: 'عنوان', kind: 'text' },
  { key: 'invoices', title: 'تعداد فاکتور', kind: 'int' },
  { key: 'quantity', title: 'مقدار', kind: 'qty' },
  { key: 'net', title: 'فروش خالص', kind: 'amount' },
  { key: 'vat', title: 'مالیات و عوارض', kind: 'amount' },
  { key: 'gross', title: 'جمع با مالیات', kind: 'amount' },
  { key: 'cogs', title: 'بهای تمام‌شده', kind: 'amount' },
  { key: 'margin', title: 'سود ناخالص', kind: 'amount' },
];

export function readSalesGroupBy(v: string | undefined): SalesGroupBy {
  if (v === undefined || v === '') return 'product';
  if ((GROUP_BYS as string[]).includes(v)) return v as SalesGroupBy;
  throw fail.with('REPORT_GROUP_BY_INVALID', { field: 'groupBy' });
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * Sales report (گزارش فروش) from posted sale invoices (type 2) less sale returns (type 4);
 * voided invoices and proformas are left out. Figures are line figures: quantity, net (after
 * line discount), VAT (tax + fee), gross (net + VAT), COGS (the goods' cost at posting) and
 * margin (net − COGS). Header-level service charge, discount and rounding are not allocated to
 * lines, so every grouping adds up to the same totals.
 */
export async function salesReport(db: ReadDb, actor: Actor, q: Period & { groupBy?: SalesGroupBy } & Partial<Paging>): Promise<SalesReport> {
  authorize(actor, 'report.financial.read');
  const period = readPeriod(q); // Gregorian or Jalali, checked, in any caller
  const groupBy = q.groupBy ?? 'product';
  const page = readPaging(q);
  // Day and month: aggregate by day in SQL (one row per day), fold days into Jalali months here.
  const paged = groupBy === 'product' || groupBy === 'customer';
  const r = await salesRows(actor.businessId, period, groupBy, paged ? page : null).execute(db);
  const head = r.rows[0];
  if (!head && paged && page.offset > 0) {
    const all = await salesReport(db, actor, { ...q, offset: 0, limit: 1 });
    return { ...all, rows: [] };
  }
  const report = { groupBy, fromDate: period.fromDate ?? null, toDate: period.toDate ?? null };
  if (!head) return { ...report, total: 0, rows: [], totals: { quantity: '0', net: '0', vat: '0', gross: '0', cogs: '0', margin: '0' } };
  let rows = r.rows.map(toSalesRow);
  if (groupBy === 'month') rows = foldMonths(rows);
  const total = paged ? Number(head.n) : rows.length;
  if (!paged) rows = rows.slice(page.offset, page.offset + page.limit);
  return { ...report, total, rows, totals: totalsOf(head) };
}

type SqlRow = Record<string, string | number | null>;

function toSalesRow(x: SqlRow): SalesRow {
  return {
    key: String(x.key),
    code: (x.code as string | null) ?? null,
    name: String(x.name),
    invoices: Number(x.invoices),
    quantity: String(x.quantity),
    net: String(x.net),
    vat: String(x.vat),
    gross: String(x.gross),
    cogs: String(x.cogs),
    margin: String(x.margin),
  };
}

/** The report's totals, carried on every row by window sums. */
function totalsOf(head: SqlRow): SalesReport['totals'] {
  const net = new Dec(String(head.t_n));
  const cogs = new Dec(String(head.t_c));
  return {
    quantity: String(head.t_q),
    net: net.toFixed(),
    vat: String(head.t_v),
    gross: String(head.t_g),
    cogs: cogs.toFixed(),
    margin: net.minus(cogs).toFixed(),
  };
}

/** Day rows → Jalali month rows ('1403/01'); invoices are counted per day, so summed per month. */
function foldMonths(days: SalesRow[]): SalesRow[] {
  const months = new Map<string, SalesRow>();
  for (const d of days) {
    const [y, m, dd] = d.key.split('-').map(Number);
    const j = jalaali.toJalaali(y, m, dd);
    const k = `${j.jy}/${pad2(j.jm)}`;
    const cur = months.get(k);
    if (!cur) {
      months.set(k, { ...d, key: k, name: k });
      continue;
    }
    const add = (a: string, b: string) => new Dec(a).plus(b).toFixed();
    cur.invoices += d.invoices;
    cur.quantity = add(cur.quantity, d.quantity);
    cur.net = add(cur.net, d.net);
    cur.vat = add(cur.vat, d.vat);
    cur.gross = add(cur.gross, d.gross);
    cur.cogs = add(cur.cogs, d.cogs);
    cur.margin = add(cur.margin, d.margin);
  }
  return [...months.values()];
}
