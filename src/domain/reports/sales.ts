import { sql } from 'kysely';
import * as jalaali from 'jalaali-js';
import { fail } from '../errors.js';
import { Dec } from '../shared/money.js';
import type { Column } from './layout.js';
import { inPeriod, readPaging, type Paging, type Period, type ReadDb, readPeriod } from './query.js';
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
  const businessId = actor.businessId;
  q = { ...q, ...readPeriod(q) }; // Gregorian or Jalali, checked, in any caller
  const groupBy = q.groupBy ?? 'product';
  const { offset, limit } = readPaging(q);
  const empty: SalesReport = {
    groupBy, fromDate: q.fromDate ?? null, toDate: q.toDate ?? null, total: 0, rows: [],
    totals: { quantity: '0', net: '0', vat: '0', gross: '0', cogs: '0', margin: '0' },
  };
  const key = groupBy === 'product' ? sql`l.product_id::text` : groupBy === 'customer' ? sql`i.party_id::text` : sql`i.date::text`;
  const named =
    groupBy === 'product'
      ? sql`join products n on n.business_id = ${businessId} and n.id::text = g.key`
      : groupBy === 'customer'
        ? sql`join parties n on n.business_id = ${businessId} and n.id::text = g.key`
        : sql``;
  const code = groupBy === 'product' || groupBy === 'customer' ? sql`n.code` : sql`null::text`;
  const name = groupBy === 'product' ? sql`n.name` : groupBy === 'customer' ? sql`n.full_name` : sql`g.key`;
  // Day and month: aggregate by day in SQL (one row per day), fold days into Jalali months here.
  const paged = groupBy === 'product' || groupBy === 'customer';
  const r = await sql<Record<string, string | number | null>>`
    with lines as (
      select ${key} as key, i.id as invoice_id,
             case when i.invoice_type = 4 then -1 else 1 end as sign,
             l.quantity, l.net, l.tax + l.fee as vat, l.total, coalesce(l.cost, 0) as cost
        from invoices i
        join invoice_lines l on l.business_id = i.business_id and l.invoice_id = i.id
       where i.business_id = ${businessId} and i.invoice_type in (2, 4) and i.status = 'posted' and ${inPeriod(sql.ref('i.date'), q)}
    ),
    g as (
      select key, count(distinct invoice_id) as invoices,
             sum(sign * quantity) as quantity, sum(sign * net) as net, sum(sign * vat) as vat,
             sum(sign * total) as gross, sum(sign * cost) as cogs
        from lines group by key
    )
    select g.key, ${code} as code, ${name} as name, g.invoices::int as invoices,
           g.quantity::text as quantity, g.net::text as net, g.vat::text as vat, g.gross::text as gross,
           g.cogs::text as cogs, (g.net - g.cogs)::text as margin,
           count(*) over ()::int as n,
           (sum(g.quantity) over ())::text as t_q, (sum(g.net) over ())::text as t_n, (sum(g.vat) over ())::text as t_v,
           (sum(g.gross) over ())::text as t_g, (sum(g.cogs) over ())::text as t_c
      from g ${named}
     order by ${paged ? sql`g.net desc, g.key` : sql`g.key`}
     ${paged ? sql`limit ${limit} offset ${offset}` : sql``}`.execute(db);
  let rows: SalesRow[] = r.rows.map((x) => ({
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
  }));
  let total = r.rows[0] ? Number(r.rows[0].n) : 0;
  const head = r.rows[0];
  if (!head && paged && offset > 0) {
    const all = await salesReport(db, actor, { ...q, offset: 0, limit: 1 });
    return { ...all, rows: [] };
  }
  if (groupBy === 'month') rows = foldMonths(rows);
  if (!paged) {
    total = rows.length;
    rows = rows.slice(offset, offset + limit);
  }
  if (!head) return empty;
  const tn = new Dec(String(head.t_n));
  const tc = new Dec(String(head.t_c));
  return {
    groupBy,
    fromDate: q.fromDate ?? null,
    toDate: q.toDate ?? null,
    total,
    rows,
    totals: {
      quantity: String(head.t_q),
      net: tn.toFixed(),
      vat: String(head.t_v),
      gross: String(head.t_g),
      cogs: tc.toFixed(),
      margin: tn.minus(tc).toFixed(),
    },
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
