import { sql } from 'kysely';
import { sqlSamples } from '../../db/sql-samples.js';
import { inPeriod, type Paging, type Period } from './query.js';

export type SalesGroupKey = 'product' | 'customer' | 'day' | 'month';

/**
 * Posted sales (and sale returns, negated) grouped by product, customer or day, with the whole
 * grouping's totals on every row; `page` null: every group (days are folded into months by the caller).
 */
export function salesGroups(businessId: number, groupBy: SalesGroupKey, q: Period, page: Paging | null) {
  const key = groupBy === 'product' ? sql`l.product_id::text` : groupBy === 'customer' ? sql`i.party_id::text` : sql`i.date::text`;
  const named =
    groupBy === 'product'
      ? sql`join products n on n.business_id = ${businessId} and n.id::text = g.key`
      : groupBy === 'customer'
        ? sql`join parties n on n.business_id = ${businessId} and n.id::text = g.key`
        : sql``;
  const code = groupBy === 'product' || groupBy === 'customer' ? sql`n.code` : sql`null::text`;
  const name = groupBy === 'product' ? sql`n.name` : groupBy === 'customer' ? sql`n.full_name` : sql`g.key`;
  return sql<Record<string, string | number | null>>`
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
     order by ${page ? sql`g.net desc, g.key` : sql`g.key`}
     ${page ? sql`limit ${page.limit} offset ${page.offset}` : sql``}`;
}

export const SQL_SAMPLES = sqlSamples({
  salesGroupsByProduct: () => salesGroups(1, 'product', { fromDate: '2026-03-21', toDate: '2027-03-20' }, { offset: 0, limit: 50 }),
  salesGroupsByDay: () => salesGroups(1, 'day', { fromDate: '2026-03-21' }, null),
});
