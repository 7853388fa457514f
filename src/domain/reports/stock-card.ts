import { stockBefore, stockCardPage, stockTotals, type StockScope } from './stock-card.repository.js';
import { Dec } from '../shared/money.js';
import { fail } from '../errors.js';
import type { Column } from './layout.js';
import { readPaging, type Paging, type Period, type ReadDb, readPeriod } from './query.js';
import { authorize } from '../auth/permissions.js';
import type { Actor } from '../context.js';

export interface StockCardLine {
  movementId: number;
  date: string;
  /** The warehouse's code. */
  warehouse: number;
  docType: string;
  docId: number;
  quantityIn: string;
  quantityOut: string;
  unitCost: string;
  /** Signed value of the movement (+ in, − out). */
  value: string;
  runningQuantity: string;
  runningValue: string;
  reversesId: number | null;
}

export interface StockCard {
  productId: number;
  productCode: string;
  productName: string;
  /** The warehouse's code asked for, or null for all. */
  warehouse: number | null;
  fromDate: string | null;
  toDate: string | null;
  openingQuantity: string;
  openingValue: string;
  total: number;
  lines: StockCardLine[];
  totals: { quantityIn: string; quantityOut: string; closingQuantity: string; closingValue: string };
}

export const STOCK_CARD_COLUMNS: Column[] = [
  { key: 'date', title: 'تاریخ', kind: 'date' },
  { key: 'warehouse', title: 'انبار', kind: 'int' },
  { key: 'docType', title: 'نوع سند', kind: 'text' },
  { key: 'docId', title: 'شماره سند', kind: 'int' },
  { key: 'quantityIn', title: 'وارده', kind: 'qty' },
  { key: 'quantityOut', title: 'صادره', kind: 'qty' },
  { key: 'unitCost', title: 'بهای واحد', kind: 'amount' },
  { key: 'value', title: 'مبلغ', kind: 'amount' },
  { key: 'runningQuantity', title: 'مانده تعداد', kind: 'qty' },
  { key: 'runningValue', title: 'مانده مبلغ', kind: 'amount' },
];

/**
 * Stock card (کارت کالا) of a product, in one warehouse or all: every movement in the period in
 * date order, with running quantity and value starting from the balance before fromDate.
 */
export async function stockCard(
  db: ReadDb,
  actor: Actor,
  q: Period & { productId?: number; warehouse?: number } & Partial<Paging>,
): Promise<StockCard> {
  authorize(actor, 'report.financial.read');
  const businessId = actor.businessId;
  q = { ...q, ...readPeriod(q) }; // Gregorian or Jalali, checked, in any caller
  if (q.productId === undefined) throw fail.missing('productId');
  const { offset, limit } = readPaging(q);
  const product = await db
    .selectFrom('products')
    .select(['id', 'code', 'name'])
    .where('business_id', '=', businessId)
    .where('id', '=', q.productId)
    .executeTakeFirst();
  if (!product) throw fail.notFound('product', 'productId', q.productId);
  let warehouseId: number | null = null;
  if (q.warehouse !== undefined) {
    const w = await db
      .selectFrom('warehouses')
      .select('id')
      .where('business_id', '=', businessId)
      .where('code', '=', q.warehouse)
      .executeTakeFirst();
    if (!w) throw fail.notFound('warehouse', 'warehouse', q.warehouse);
    warehouseId = Number(w.id);
  }
  const scope: StockScope = { businessId, productId: q.productId, warehouseId, period: q };
  const o = await stockBefore(scope).execute(db);
  const openingQuantity = o.rows[0].q;
  const openingValue = o.rows[0].v;
  const r = await stockCardPage(scope, openingQuantity, openingValue, offset, limit).execute(db);
  let t = { n: 0, tin: '0', tout: '0', tq: '0', tv: '0' };
  if (r.rows[0]) {
    const x = r.rows[0];
    t = { n: Number(x.n), tin: String(x.t_in), tout: String(x.t_out), tq: String(x.t_q), tv: String(x.t_v) };
  } else if (offset > 0) {
    const a = await stockTotals(scope).execute(db);
    t = { ...a.rows[0], n: Number(a.rows[0].n) };
  }
  return {
    productId: Number(product.id),
    productCode: product.code,
    productName: product.name,
    warehouse: q.warehouse ?? null,
    fromDate: q.fromDate ?? null,
    toDate: q.toDate ?? null,
    openingQuantity,
    openingValue,
    total: t.n,
    lines: r.rows.map((x) => ({
      movementId: Number(x.id),
      date: String(x.date),
      warehouse: Number(x.warehouse_code),
      docType: String(x.doc_type),
      docId: Number(x.doc_id),
      quantityIn: String(x.qin),
      quantityOut: String(x.qout),
      unitCost: String(x.unit_cost),
      value: String(x.value),
      runningQuantity: String(x.rq),
      runningValue: String(x.rv),
      reversesId: x.reverses_id === null ? null : Number(x.reverses_id),
    })),
    totals: {
      quantityIn: t.tin,
      quantityOut: t.tout,
      closingQuantity: new Dec(openingQuantity).plus(t.tq).toFixed(),
      closingValue: new Dec(openingValue).plus(t.tv).toFixed(),
    },
  };
}
