import { sql } from 'kysely';
import { sqlSamples } from '../../db/sql-samples.js';
import { beforePeriod, inPeriod, type Period } from './query.js';

/** Whose movements a stock card reads: one product, in one warehouse (by id) or all, in a period. */
export interface StockScope {
  businessId: number;
  productId: number;
  warehouseId: number | null;
  period: Period;
}

function mine(s: StockScope) {
  const inWarehouse = s.warehouseId === null ? sql`true` : sql`m.warehouse_id = ${s.warehouseId}`;
  return sql`m.business_id = ${s.businessId} and m.product_id = ${s.productId} and ${inWarehouse} and ${inPeriod(sql.ref('m.date'), s.period)}`;
}

/** Quantity and value before the period (the card's opening row). */
export function stockBefore(s: StockScope) {
  const inWarehouse = s.warehouseId === null ? sql`true` : sql`m.warehouse_id = ${s.warehouseId}`;
  return sql<{ q: string; v: string }>`
    select coalesce(sum(m.quantity), 0)::text as q, coalesce(sum(m.value), 0)::text as v
      from stock_movements m
     where m.business_id = ${s.businessId} and m.product_id = ${s.productId} and ${inWarehouse} and ${beforePeriod(sql.ref('m.date'), s.period)}`;
}

/**
 * The page in (date, id) order straight from stock_movements_product_date, its running
 * balance from the opening + the movements before the page + a window over the page only,
 * and the totals as one aggregate: a popular product's tens of thousands of movements are
 * summed, never sorted or windowed whole. Each part is materialized: computed once, whatever
 * the planner believes of the table (without statistics it re-ran the totals per page row).
 */
export function stockCardPage(s: StockScope, openingQuantity: string, openingValue: string, offset: number, limit: number) {
  return sql<Record<string, string | number | null>>`
    with totals as materialized (
      select count(*) as n, coalesce(sum(greatest(m.quantity, 0)), 0) as t_in, coalesce(sum(greatest(-m.quantity, 0)), 0) as t_out,
             coalesce(sum(m.quantity), 0) as t_q, coalesce(sum(m.value), 0) as t_v
        from stock_movements m where ${mine(s)}
    ),
    prior as materialized (
      select coalesce(sum(x.quantity), 0) as q, coalesce(sum(x.value), 0) as v
        from (select m.quantity, m.value from stock_movements m where ${mine(s)} order by m.date, m.id limit ${offset}) x
    ),
    page as materialized (
      select m.id, m.date, m.warehouse_id, m.doc_type, m.doc_id, m.quantity, m.unit_cost, m.value, m.reverses_id
        from stock_movements m where ${mine(s)} order by m.date, m.id limit ${limit} offset ${offset}
    )
    select p.id, p.date, w.code as warehouse_code, p.doc_type, p.doc_id, p.reverses_id,
           greatest(p.quantity, 0)::text as qin, greatest(-p.quantity, 0)::text as qout, p.unit_cost::text as unit_cost, p.value::text as value,
           (${openingQuantity}::numeric + prior.q + sum(p.quantity) over (order by p.date, p.id))::text as rq,
           (${openingValue}::numeric + prior.v + sum(p.value) over (order by p.date, p.id))::text as rv,
           t.n::int as n, t.t_in::text as t_in, t.t_out::text as t_out, t.t_q::text as t_q, t.t_v::text as t_v
      from page p
      join warehouses w on w.business_id = ${s.businessId} and w.id = p.warehouse_id
      cross join prior cross join totals t
     order by p.date, p.id`;
}

/** The period's totals alone (a page past the end has no row to carry them). */
export function stockTotals(s: StockScope) {
  return sql<{ n: number; tin: string; tout: string; tq: string; tv: string }>`
    select count(*)::int as n, coalesce(sum(greatest(m.quantity, 0)), 0)::text as tin, coalesce(sum(greatest(-m.quantity, 0)), 0)::text as tout,
           coalesce(sum(m.quantity), 0)::text as tq, coalesce(sum(m.value), 0)::text as tv
      from stock_movements m
     where ${mine(s)}`;
}

const sample: StockScope = { businessId: 1, productId: 2, warehouseId: 3, period: { fromDate: '2026-03-21', toDate: '2027-03-20' } };
export const SQL_SAMPLES = sqlSamples({
  stockBefore: () => stockBefore(sample),
  stockCardPage: () => stockCardPage(sample, '0', '0', 0, 50),
  stockTotals: () => stockTotals(sample),
});
