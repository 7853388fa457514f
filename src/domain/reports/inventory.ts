import type { Column } from './layout.js';
import { readPaging, type Paging, type Period, type ReadDb, readPeriod } from './query.js';
import { currencyDecimals, inventoryAccountBalance, reorderRows, valuationRows } from './repository.js';
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
  const r = await inventoryAccountBalance(businessId, p).execute(db);
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
  const decimals = Number((await currencyDecimals(db, businessId).executeTakeFirst())?.currency_decimals ?? 0);
  const r = await valuationRows(businessId, q, decimals, { offset, limit }).execute(db);
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
  const r = await reorderRows(businessId, { offset, limit }).execute(db);
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
