import { sql } from 'kysely';
import type { Column } from './layout.js';
import { currencyDecimals, readPaging, upToEnd, type Paging, type Period, type ReadDb, readPeriod } from './query.js';
import { authorize } from '../auth/permissions.js';
import type { Actor } from '../context.js';

export interface ValuationRow {
  productId: number;
  productCode: string;
  productName: string;
  /** The warehouse's code. */
  warehouse: number;
  warehouseName: string;
  quantity: string;
  averageCost: string;
  value: string;
}

export interface InventoryValuation {
  toDate: string | null;
  total: number;
  rows: ValuationRow[];
  /** value = Σ rows' value = Σ products' stock value; ledgerBalance = the inventory account. */
  totals: { quantity: string; value: string; ledgerBalance: string };
}

export const VALUATION_COLUMNS: Column[] = [
  { key: 'productCode', title: 'کد کالا', kind: 'text' },
  { key: 'productName', title: 'نام کالا', kind: 'text' },
  { key: 'warehouse', title: 'کد انبار', kind: 'int' },
  { key: 'warehouseName', title: 'انبار', kind: 'text' },
  { key: 'quantity', title: 'موجودی', kind: 'qty' },
  { key: 'averageCost', title: 'میانگین بها', kind: 'amount' },
  { key: 'value', title: 'ارزش', kind: 'amount' },
];

/** The inventory account's ledger balance (debit − credit), up to toDate. */
export async function inventoryLedgerBalance(db: ReadDb, businessId: number, p: Period = {}): Promise<string> {
  const r = await sql<{ b: string }>`
    select coalesce(sum(vl.debit - vl.credit), 0)::text as b
      from voucher_lines vl
      join vouchers v on v.business_id = vl.business_id and v.id = vl.voucher_id
      join accounts a on a.business_id = vl.business_id and a.id = vl.account_id and a.role = 'inventory'
     where vl.business_id = ${businessId} and ${upToEnd(sql.ref('v.date'), p)}`.execute(db);
  return r.rows[0]?.b ?? '0';
}

/**
 * Inventory valuation (ارزش موجودی) per product and warehouse. The cost is the moving average
 * over all warehouses, so a product's value is split across its warehouses by quantity
 * (rounded to the currency) and the rounding remainder goes to one row: the rows add up to the
 * product's stock value exactly, and the total equals the inventory account.
 * Without toDate it reads the balance rows; with toDate it sums the movements up to that day.
 */
export async function inventoryValuation(db: ReadDb, actor: Actor, q: Period & Partial<Paging>): Promise<InventoryValuation> {
  authorize(actor, 'report.financial.read');
  const businessId = actor.businessId;
  q = { ...q, ...readPeriod(q) }; // Gregorian or Jalali, checked, in any caller
  const { offset, limit } = readPaging(q);
  const decimals = await currencyDecimals(db, businessId);
  const source = q.toDate
    ? sql`select m.product_id, m.warehouse_id, sum(m.quantity) as quantity,
                 sum(sum(m.value)) over (partition by m.product_id) as product_value,
                 sum(sum(m.quantity)) over (partition by m.product_id) as product_qty
            from stock_movements m
           where m.business_id = ${businessId} and m.date <= ${q.toDate}::date
           group by m.product_id, m.warehouse_id`
    : sql`select sb.product_id, sb.warehouse_id, sb.quantity, p.stock_value as product_value, p.stock_qty as product_qty
            from stock_balances sb join products p on p.business_id = sb.business_id and p.id = sb.product_id
           where sb.business_id = ${businessId}`;
  const r = await sql<Record<string, string | number>>`
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
     limit ${limit} offset ${offset}`.execute(db);
  let totals = { n: 0, q: '0', v: '0' };
  if (r.rows[0]) totals = { n: Number(r.rows[0].n), q: String(r.rows[0].t_q), v: String(r.rows[0].t_v) };
  else if (offset > 0) {
    const all = await inventoryValuation(db, actor, { ...q, offset: 0, limit: 1 });
    return { ...all, rows: [] };
  }
  return {
    toDate: q.toDate ?? null,
    total: totals.n,
    rows: r.rows.map((x) => ({
      productId: Number(x.product_id),
      productCode: String(x.code),
      productName: String(x.name),
      warehouse: Number(x.warehouse_code),
      warehouseName: String(x.warehouse_name),
      quantity: String(x.quantity),
      averageCost: String(x.avg_cost),
      value: String(x.value),
    })),
    totals: { quantity: totals.q, value: totals.v, ledgerBalance: await inventoryLedgerBalance(db, businessId, q) },
  };
}

export interface ReorderRow {
  productId: number;
  productCode: string;
  productName: string;
  stockQty: string;
  orderPoint: string;
  minimumOrder: string;
  waitingTime: number;
  /** What to order: the shortfall below the order point, at least the minimum order. */
  suggestedQuantity: string;
}

export const REORDER_COLUMNS: Column[] = [
  { key: 'productCode', title: 'کد کالا', kind: 'text' },
  { key: 'productName', title: 'نام کالا', kind: 'text' },
  { key: 'stockQty', title: 'موجودی', kind: 'qty' },
  { key: 'orderPoint', title: 'نقطه سفارش', kind: 'qty' },
  { key: 'minimumOrder', title: 'حداقل سفارش', kind: 'qty' },
  { key: 'waitingTime', title: 'زمان انتظار (روز)', kind: 'int' },
  { key: 'suggestedQuantity', title: 'مقدار پیشنهادی سفارش', kind: 'qty' },
];

/** Reorder list (کالاهای رسیده به نقطه سفارش): active goods with an order point and stock ≤ it. */
export async function reorderList(db: ReadDb, actor: Actor, q: Partial<Paging>): Promise<{ total: number; rows: ReorderRow[] }> {
  authorize(actor, 'stock.read');
  const businessId = actor.businessId;
  const { offset, limit } = readPaging(q);
  const r = await sql<Record<string, string | number>>`
    select id, code, name, stock_qty::text as stock_qty, order_point::text as order_point, minimum_order::text as minimum_order,
           waiting_time, greatest(order_point - stock_qty, minimum_order)::text as suggested, count(*) over ()::int as n
      from products
     where business_id = ${businessId} and kind = 'goods' and active and order_point > 0 and stock_qty <= order_point
     order by (stock_qty - order_point), code
     limit ${limit} offset ${offset}`.execute(db);
  return {
    total: r.rows[0] ? Number(r.rows[0].n) : 0,
    rows: r.rows.map((x) => ({
      productId: Number(x.id),
      productCode: String(x.code),
      productName: String(x.name),
      stockQty: String(x.stock_qty),
      orderPoint: String(x.order_point),
      minimumOrder: String(x.minimum_order),
      waitingTime: Number(x.waiting_time),
      suggestedQuantity: String(x.suggested),
    })),
  };
}
