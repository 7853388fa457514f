import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';
import { sqlSamples } from '../../db/sql-samples.js';
import type { Paging, Period } from './query.js';
import type { SalesGroupBy } from './sales.js';

/**
 * The reports' SQL (trial balance, statements, stock card, valuation, sales). Builders take
 * `(db, ...)` — or only their values when they are `sql` templates — and return the query; the
 * report functions beside this file run them and shape the rows. The verifier's queries are in
 * verify.repository.ts, the dashboard's in dashboard.repository.ts.
 */
type Db = Kysely<DB>;
type Row = Record<string, string | number | null>;

// ---- period conditions ----------------------------------------------------------------------

/** `<col> between` the period's ends, as a SQL condition (true when both ends are open). */
export function inPeriod(col: RawBuilder<unknown>, p: Period): RawBuilder<boolean> {
  if (p.fromDate && p.toDate) return sql<boolean>`(${col} >= ${p.fromDate}::date and ${col} <= ${p.toDate}::date)`;
  if (p.fromDate) return sql<boolean>`${col} >= ${p.fromDate}::date`;
  if (p.toDate) return sql<boolean>`${col} <= ${p.toDate}::date`;
  return sql<boolean>`true`;
}

/** Before the period's start (the opening balance); false when the period has no start. */
export function beforePeriod(col: RawBuilder<unknown>, p: Period): RawBuilder<boolean> {
  return p.fromDate ? sql<boolean>`${col} < ${p.fromDate}::date` : sql<boolean>`false`;
}

/** Up to the period's end (the closing balance). */
export function upToEnd(col: RawBuilder<unknown>, p: Period): RawBuilder<boolean> {
  return p.toDate ? sql<boolean>`${col} <= ${p.toDate}::date` : sql<boolean>`true`;
}

const voucherDate = () => sql.ref('v.date');
const movementDate = () => sql.ref('m.date');

/**
 * Each account with its parent and grandparent (the chart has three levels), so a line can roll
 * up to its ancestor at any level: columns id, level, p_id, p_level, g_id, g_level.
 */
function accountAncestors(businessId: number): RawBuilder<unknown> {
  return sql`
    select a.id, a.level, p.id as p_id, p.level as p_level, g.id as g_id, g.level as g_level
      from accounts a
      left join accounts p on p.business_id = a.business_id and p.id = a.parent_id
      left join accounts g on g.business_id = p.business_id and g.id = p.parent_id
     where a.business_id = ${businessId}`;
}

/**
 * Leaves out the year-end vouchers (a fiscal year's result, closing and opening, and their
 * reversals): the reports show the books as the documents made them, so a closed year's profit and
 * loss still shows its sales and the new year's opening balances are the old year's closing ones,
 * not twice (docs/fiscal-years.md).
 */
function notYearEnd(businessId: number): RawBuilder<boolean> {
  return sql<boolean>`vl.voucher_id not in (select ye.id from vouchers ye where ye.business_id = ${businessId} and ye.source_type in ('fiscal_year_result', 'fiscal_year_close', 'fiscal_year_open'))`;
}

// ---- the things a report is about ----------------------------------------------------------

export function currencyDecimals(db: Db, businessId: number) {
  return db.selectFrom('businesses').select('currency_decimals').where('id', '=', businessId);
}

export function productBrief(db: Db, businessId: number, productId: number) {
  return db.selectFrom('products').select(['id', 'code', 'name']).where('business_id', '=', businessId).where('id', '=', productId);
}

export function warehouseIdByCode(db: Db, businessId: number, code: number) {
  return db.selectFrom('warehouses').select('id').where('business_id', '=', businessId).where('code', '=', code);
}

export function partyBrief(db: Db, businessId: number, partyId: number) {
  return db.selectFrom('parties').select(['id', 'code', 'full_name', 'detail_id']).where('business_id', '=', businessId).where('id', '=', partyId);
}

// ---- trial balance ---------------------------------------------------------------------------

/**
 * The trial balance's page at chart level `level` (1–3), split by detail account when
 * `byDetail`, with the report's row count and totals as window sums over all rows (t_od … t_cc).
 */
export function trialBalanceRows(businessId: number, p: Period, level: number, byDetail: boolean, page: Paging) {
  const date = voucherDate();
  const detailKey = byDetail ? sql`vl.detail_id` : sql`null::bigint`;
  const dated = Boolean(p.fromDate || p.toDate);
  return sql<Row>`
    with acc as (
      ${accountAncestors(businessId)}
    ),
    lines as (
      -- Summed per (account, detail) first: the hierarchy joins then see a few hundred rows,
      -- not every voucher line. Without a period every line counts and no date is needed.
      select vl.account_id, ${detailKey} as detail_id,
             coalesce(sum(case when ${beforePeriod(date, p)} then vl.debit - vl.credit else 0 end), 0) as opening,
             coalesce(sum(case when ${inPeriod(date, p)} then vl.debit else 0 end), 0) as pd,
             coalesce(sum(case when ${inPeriod(date, p)} then vl.credit else 0 end), 0) as pc
        from voucher_lines vl
        ${dated ? sql`join vouchers v on v.business_id = vl.business_id and v.id = vl.voucher_id` : sql``}
       where vl.business_id = ${businessId} and ${upToEnd(date, p)} and ${notYearEnd(businessId)}
       group by 1, 2
    ),
    grouped as (
      select case when a.level = ${level} then a.id when a.p_level = ${level} then a.p_id when a.g_level = ${level} then a.g_id else a.id end as target_id,
             l.detail_id,
             sum(l.opening) as opening, sum(l.pd) as pd, sum(l.pc) as pc
        from lines l join acc a on a.id = l.account_id
       group by 1, 2
    ),
    shaped as (
      select g.target_id, g.detail_id, t.code, t.name, t.level, d.name as detail_name, d.kind as detail_kind,
             greatest(g.opening, 0) as od, greatest(-g.opening, 0) as oc, g.pd, g.pc,
             greatest(g.opening + g.pd - g.pc, 0) as cd, greatest(-(g.opening + g.pd - g.pc), 0) as cc
        from grouped g
        join accounts t on t.business_id = ${businessId} and t.id = g.target_id
        left join detail_accounts d on d.business_id = ${businessId} and d.id = g.detail_id
       where g.opening <> 0 or g.pd <> 0 or g.pc <> 0
    )
    select target_id as "accountId", detail_id as "detailId", code, name, level, detail_name as "detailName", detail_kind as "detailKind",
           od::text as "openingDebit", oc::text as "openingCredit", pd::text as "periodDebit", pc::text as "periodCredit",
           cd::text as "closingDebit", cc::text as "closingCredit",
           count(*) over ()::int as n,
           (sum(od) over ())::text as t_od, (sum(oc) over ())::text as t_oc, (sum(pd) over ())::text as t_pd,
           (sum(pc) over ())::text as t_pc, (sum(cd) over ())::text as t_cd, (sum(cc) over ())::text as t_cc
      from shaped
     order by code, detail_id nulls first
     limit ${page.limit} offset ${page.offset}`;
}

// ---- financial statements --------------------------------------------------------------------

/**
 * Net movement per general (level 2) account with its group's code and the roles bound under the
 * group: in the period (`range: 'period'`) or up to its end (`'upToEnd'`, the balance sheet).
 */
export function generalAccountMovements(businessId: number, p: Period, range: 'period' | 'upToEnd') {
  const when = range === 'period' ? inPeriod(voucherDate(), p) : upToEnd(voucherDate(), p);
  return sql<{ id: number; code: string; name: string; group_code: string; roles: string | null; net: string }>`
    with acc as (
      ${accountAncestors(businessId)}
    ),
    top as (
      select a.id, case when a.level = 1 then a.id when a.p_level = 1 then a.p_id else a.g_id end as group_id,
             case when a.level = 2 then a.id when a.p_level = 2 then a.p_id else a.id end as general_id
        from acc a
    ),
    group_roles as (
      select t.group_id, string_agg(x.role, ',') as roles
        from top t join accounts x on x.business_id = ${businessId} and x.id = t.id and x.role is not null
       group by t.group_id
    ),
    moved as (
      select t.general_id, t.group_id, sum(vl.debit - vl.credit) as net
        from voucher_lines vl
        join vouchers v on v.business_id = vl.business_id and v.id = vl.voucher_id
        join top t on t.id = vl.account_id
       where vl.business_id = ${businessId} and ${when} and ${notYearEnd(businessId)}
       group by t.general_id, t.group_id
    )
    select ge.id, ge.code, ge.name, gr.code as group_code, r.roles, m.net::text as net
      from moved m
      join accounts ge on ge.business_id = ${businessId} and ge.id = m.general_id
      join accounts gr on gr.business_id = ${businessId} and gr.id = m.group_id
      left join group_roles r on r.group_id = m.group_id
     where m.net <> 0
     order by ge.code`;
}

// ---- party statement -------------------------------------------------------------------------

/** A detail account's balance before the period (debit − credit). */
export function detailOpeningBalance(businessId: number, detailId: number, p: Period) {
  return sql<{ b: string }>`
    select coalesce(sum(vl.debit - vl.credit), 0)::text as b
      from voucher_lines vl join vouchers v on v.business_id = vl.business_id and v.id = vl.voucher_id
     where vl.business_id = ${businessId} and vl.detail_id = ${detailId} and ${beforePeriod(voucherDate(), p)}`;
}

/** A page of a detail account's lines in the period, each with its running balance from `opening`, and the period's count and totals. */
export function detailStatementLines(businessId: number, detailId: number, p: Period, opening: string, page: Paging) {
  return sql<Row>`
    with lines as (
      select v.date, v.id as voucher_id, v.number, v.kind, v.source_type, v.source_id, vl.line_no,
             a.code, a.name, coalesce(nullif(vl.description, ''), v.description) as description, vl.debit, vl.credit,
             ${opening}::numeric + sum(vl.debit - vl.credit) over (order by v.date, v.id, vl.line_no) as balance,
             count(*) over () as n,
             sum(vl.debit) over () as t_d, sum(vl.credit) over () as t_c
        from voucher_lines vl
        join vouchers v on v.business_id = vl.business_id and v.id = vl.voucher_id
        join accounts a on a.business_id = vl.business_id and a.id = vl.account_id
       where vl.business_id = ${businessId} and vl.detail_id = ${detailId} and ${inPeriod(voucherDate(), p)}
    )
    select date, voucher_id, number, kind, source_type, source_id, code, name, description,
           debit::text as debit, credit::text as credit, balance::text as balance, n::int as n, t_d::text as t_d, t_c::text as t_c
      from lines
     order by date, voucher_id, line_no
     limit ${page.limit} offset ${page.offset}`;
}

/** The count and totals of a detail account's lines in the period (for a page past the end). */
export function detailStatementTotals(businessId: number, detailId: number, p: Period) {
  return sql<{ n: number; d: string; c: string }>`
    select count(*)::int as n, coalesce(sum(vl.debit), 0)::text as d, coalesce(sum(vl.credit), 0)::text as c
      from voucher_lines vl join vouchers v on v.business_id = vl.business_id and v.id = vl.voucher_id
     where vl.business_id = ${businessId} and vl.detail_id = ${detailId} and ${inPeriod(voucherDate(), p)}`;
}

// ---- stock card ------------------------------------------------------------------------------

/** Which movements a stock card shows: one product, one warehouse (by id) or all. */
export interface StockCardScope {
  businessId: number;
  productId: number;
  warehouseId: number | null;
}

function inScope(s: StockCardScope): RawBuilder<boolean> {
  const inWarehouse = s.warehouseId === null ? sql`true` : sql`m.warehouse_id = ${s.warehouseId}`;
  return sql<boolean>`m.business_id = ${s.businessId} and m.product_id = ${s.productId} and ${inWarehouse}`;
}

/** Quantity and value of the scope's movements before the period. */
export function stockOpening(s: StockCardScope, p: Period) {
  return sql<{ q: string; v: string }>`
    select coalesce(sum(m.quantity), 0)::text as q, coalesce(sum(m.value), 0)::text as v
      from stock_movements m
     where ${inScope(s)} and ${beforePeriod(movementDate(), p)}`;
}

/**
 * The page in (date, id) order straight from stock_movements_product_date, its running
 * balance from the opening + the movements before the page + a window over the page only,
 * and the totals as one aggregate: a popular product's tens of thousands of movements are
 * summed, never sorted or windowed whole. Each part is materialized: computed once, whatever
 * the planner believes of the table (without statistics it re-ran the totals per page row).
 */
export function stockCardPage(s: StockCardScope, p: Period, opening: { q: string; v: string }, page: Paging) {
  const mine = sql`${inScope(s)} and ${inPeriod(movementDate(), p)}`;
  return sql<Row>`
    with totals as materialized (
      select count(*) as n, coalesce(sum(greatest(m.quantity, 0)), 0) as t_in, coalesce(sum(greatest(-m.quantity, 0)), 0) as t_out,
             coalesce(sum(m.quantity), 0) as t_q, coalesce(sum(m.value), 0) as t_v
        from stock_movements m where ${mine}
    ),
    prior as materialized (
      select coalesce(sum(x.quantity), 0) as q, coalesce(sum(x.value), 0) as v
        from (select m.quantity, m.value from stock_movements m where ${mine} order by m.date, m.id limit ${page.offset}) x
    ),
    page as materialized (
      select m.id, m.date, m.warehouse_id, m.doc_type, m.doc_id, m.quantity, m.unit_cost, m.value, m.reverses_id
        from stock_movements m where ${mine} order by m.date, m.id limit ${page.limit} offset ${page.offset}
    )
    select p.id, p.date, w.code as warehouse_code, p.doc_type, p.doc_id, p.reverses_id,
           greatest(p.quantity, 0)::text as qin, greatest(-p.quantity, 0)::text as qout, p.unit_cost::text as unit_cost, p.value::text as value,
           (${opening.q}::numeric + prior.q + sum(p.quantity) over (order by p.date, p.id))::text as rq,
           (${opening.v}::numeric + prior.v + sum(p.value) over (order by p.date, p.id))::text as rv,
           t.n::int as n, t.t_in::text as t_in, t.t_out::text as t_out, t.t_q::text as t_q, t.t_v::text as t_v
      from page p
      join warehouses w on w.business_id = ${s.businessId} and w.id = p.warehouse_id
      cross join prior cross join totals t
     order by p.date, p.id`;
}

/** The count and totals of the scope's movements in the period (for a page past the end). */
export function stockCardTotals(s: StockCardScope, p: Period) {
  return sql<{ n: number; tin: string; tout: string; tq: string; tv: string }>`
    select count(*)::int as n, coalesce(sum(greatest(m.quantity, 0)), 0)::text as tin, coalesce(sum(greatest(-m.quantity, 0)), 0)::text as tout,
           coalesce(sum(m.quantity), 0)::text as tq, coalesce(sum(m.value), 0)::text as tv
      from stock_movements m
     where ${inScope(s)} and ${inPeriod(movementDate(), p)}`;
}

// ---- inventory -------------------------------------------------------------------------------

/** The inventory account's ledger balance (debit − credit), up to the period's end. */
export function inventoryAccountBalance(businessId: number, p: Period) {
  return sql<{ b: string }>`
    select coalesce(sum(vl.debit - vl.credit), 0)::text as b
      from voucher_lines vl
      join vouchers v on v.business_id = vl.business_id and v.id = vl.voucher_id
      join accounts a on a.business_id = vl.business_id and a.id = vl.account_id and a.role = 'inventory'
     where vl.business_id = ${businessId} and ${upToEnd(voucherDate(), p)} and ${notYearEnd(businessId)}`;
}

/**
 * A page of the valuation per product and warehouse, with the row count and totals. Without
 * toDate it reads the balance rows; with toDate it sums the movements up to that day. Each
 * product's value is split across its warehouses by quantity, rounded to `decimals`, the rounding
 * remainder on one row.
 */
export function valuationRows(businessId: number, p: Period, decimals: number, page: Paging) {
  const source = p.toDate
    ? sql`select m.product_id, m.warehouse_id, sum(m.quantity) as quantity,
                 sum(sum(m.value)) over (partition by m.product_id) as product_value,
                 sum(sum(m.quantity)) over (partition by m.product_id) as product_qty
            from stock_movements m
           where m.business_id = ${businessId} and m.date <= ${p.toDate}::date
           group by m.product_id, m.warehouse_id`
    : sql`select sb.product_id, sb.warehouse_id, sb.quantity, p.stock_value as product_value, p.stock_qty as product_qty
            from stock_balances sb join products p on p.business_id = sb.business_id and p.id = sb.product_id
           where sb.business_id = ${businessId}`;
  return sql<Record<string, string | number>>`
    with src as (${source}),
    priced as (
      select s.*, case when s.product_qty <> 0 then s.product_value / s.product_qty else 0 end as avg_cost
        from src s
    ),
    split as (
      select pr.*, round(pr.quantity * pr.avg_cost, ${decimals}) as raw,
             sum(round(pr.quantity * pr.avg_cost, ${decimals})) over (partition by pr.product_id) as raw_sum,
             row_number() over (partition by pr.product_id order by (pr.quantity <> 0) desc, pr.quantity desc, pr.warehouse_id) as rn
        from priced pr
    ),
    rows as (
      select sp.product_id, sp.warehouse_id, sp.quantity, sp.avg_cost,
             case when sp.rn = 1 then sp.raw + (sp.product_value - sp.raw_sum) else sp.raw end as value
        from split sp
       where sp.quantity <> 0 or (sp.rn = 1 and sp.product_value <> 0)
    )
    select x.product_id, p.code, p.name, w.code as warehouse_code, w.name as warehouse_name,
           x.quantity::text as quantity, round(x.avg_cost, 4)::text as avg_cost, x.value::text as value,
           count(*) over ()::int as n, (sum(x.quantity) over ())::text as t_q, (sum(x.value) over ())::text as t_v
      from rows x
      join products p on p.business_id = ${businessId} and p.id = x.product_id
      join warehouses w on w.business_id = ${businessId} and w.id = x.warehouse_id
     order by p.code, w.code
     limit ${page.limit} offset ${page.offset}`;
}

/** Active goods with an order point and stock at or below it, furthest below first. */
export function reorderRows(businessId: number, page: Paging) {
  return sql<Record<string, string | number>>`
    select id, code, name, stock_qty::text as stock_qty, order_point::text as order_point, minimum_order::text as minimum_order,
           waiting_time, greatest(order_point - stock_qty, minimum_order)::text as suggested, count(*) over ()::int as n
      from products
     where business_id = ${businessId} and kind = 'goods' and active and order_point > 0 and stock_qty <= order_point
     order by (stock_qty - order_point), code
     limit ${page.limit} offset ${page.offset}`;
}

// ---- sales -----------------------------------------------------------------------------------

/**
 * Posted sales (type 2) less returns (type 4) grouped by product, customer or day, with the
 * group count and totals as window sums. Product and customer groups come paged by net sales
 * (`page`); days come whole, in order (`page` null), for the caller to fold into months.
 */
export function salesRows(businessId: number, p: Period, groupBy: SalesGroupBy, page: Paging | null) {
  const byProduct = groupBy === 'product';
  const byCustomer = groupBy === 'customer';
  const key = byProduct ? sql`l.product_id::text` : byCustomer ? sql`i.party_id::text` : sql`i.date::text`;
  const named = byProduct
    ? sql`join products n on n.business_id = ${businessId} and n.id::text = g.key`
    : byCustomer
      ? sql`join parties n on n.business_id = ${businessId} and n.id::text = g.key`
      : sql``;
  const code = byProduct || byCustomer ? sql`n.code` : sql`null::text`;
  const name = byProduct ? sql`n.name` : byCustomer ? sql`n.full_name` : sql`g.key`;
  return sql<Row>`
    with lines as (
      select ${key} as key, i.id as invoice_id,
             case when i.invoice_type = 4 then -1 else 1 end as sign,
             l.quantity, l.net, l.tax + l.fee as vat, l.total, coalesce(l.cost, 0) as cost
        from invoices i
        join invoice_lines l on l.business_id = i.business_id and l.invoice_id = i.id
       where i.business_id = ${businessId} and i.invoice_type in (2, 4) and i.status = 'posted' and ${inPeriod(sql.ref('i.date'), p)}
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
     order by ${page ? sql`g.net desc, g.key` : sql`g.key`}
     ${page ? sql`limit ${page.limit} offset ${page.offset}` : sql``}`;
}

const PERIOD: Period = { fromDate: '2025-03-21', toDate: '2026-03-20' };
const PAGE: Paging = { offset: 0, limit: 100 };
const SCOPE: StockCardScope = { businessId: 1, productId: 1, warehouseId: 1 };

export const SQL_SAMPLES = sqlSamples({
  currencyDecimals: (db) => currencyDecimals(db, 1),
  productBrief: (db) => productBrief(db, 1, 1),
  warehouseIdByCode: (db) => warehouseIdByCode(db, 1, 1),
  partyBrief: (db) => partyBrief(db, 1, 1),
  trialBalanceRows: () => trialBalanceRows(1, PERIOD, 3, false, PAGE),
  trialBalanceRowsByDetail: () => trialBalanceRows(1, {}, 3, true, PAGE),
  generalAccountMovements: () => generalAccountMovements(1, PERIOD, 'period'),
  generalAccountMovementsUpToEnd: () => generalAccountMovements(1, PERIOD, 'upToEnd'),
  detailOpeningBalance: () => detailOpeningBalance(1, 1, PERIOD),
  detailStatementLines: () => detailStatementLines(1, 1, PERIOD, '0', PAGE),
  detailStatementTotals: () => detailStatementTotals(1, 1, PERIOD),
  stockOpening: () => stockOpening(SCOPE, PERIOD),
  stockCardPage: () => stockCardPage(SCOPE, PERIOD, { q: '0', v: '0' }, PAGE),
  stockCardTotals: () => stockCardTotals({ ...SCOPE, warehouseId: null }, PERIOD),
  inventoryAccountBalance: () => inventoryAccountBalance(1, PERIOD),
  valuationRows: () => valuationRows(1, {}, 0, PAGE),
  valuationRowsAt: () => valuationRows(1, PERIOD, 0, PAGE),
  reorderRows: () => reorderRows(1, PAGE),
  salesRowsByProduct: () => salesRows(1, PERIOD, 'product', PAGE),
  salesRowsByDay: () => salesRows(1, PERIOD, 'day', null),
});
