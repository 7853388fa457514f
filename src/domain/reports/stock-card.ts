import { Dec } from '../shared/money.js';
import { fail } from '../errors.js';
import type { Column } from './layout.js';
import { DOCUMENT_TYPE_FA } from './labels.js';
import { readPaging, type Paging, type Period, type ReadDb, readPeriod } from './query.js';
import { productBrief, stockCardPage, stockCardTotals, stockOpening, warehouseIdByCode, type StockCardScope } from './repository.js';
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
  { key: 'docType', title: 'نوع سند', kind: 'text', labels: DOCUMENT_TYPE_FA },
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
  const period = readPeriod(q); // Gregorian or Jalali, checked, in any caller
  if (q.productId === undefined) throw fail.missing('productId');
  const page = readPaging(q);
  const product = await productBrief(db, actor.businessId, q.productId).executeTakeFirst();
  if (!product) throw fail.notFound('product', 'productId', q.productId);
  const scope: StockCardScope = { businessId: actor.businessId, productId: q.productId, warehouseId: await warehouseIdOf(db, actor.businessId, q.warehouse) };
  const opening = (await stockOpening(scope, period).execute(db)).rows[0];
  const r = await stockCardPage(scope, period, opening, page).execute(db);
  const t = r.rows[0] ? totalsOf(r.rows[0]) : page.offset > 0 ? await totalsPastTheEnd(db, scope, period) : NO_TOTALS;
  return {
    productId: Number(product.id),
    productCode: product.code,
    productName: product.name,
    warehouse: q.warehouse ?? null,
    fromDate: period.fromDate ?? null,
    toDate: period.toDate ?? null,
    openingQuantity: opening.q,
    openingValue: opening.v,
    total: t.n,
    lines: r.rows.map(toLine),
    totals: {
      quantityIn: t.tin,
      quantityOut: t.tout,
      closingQuantity: new Dec(opening.q).plus(t.tq).toFixed(),
      closingValue: new Dec(opening.v).plus(t.tv).toFixed(),
    },
  };
}

/** The warehouse asked for, by its code (null: all warehouses). */
async function warehouseIdOf(db: ReadDb, businessId: number, code: number | undefined): Promise<number | null> {
  if (code === undefined) return null;
  const w = await warehouseIdByCode(db, businessId, code).executeTakeFirst();
  if (!w) throw fail.notFound('warehouse', 'warehouse', code);
  return Number(w.id);
}

type SqlRow = Record<string, string | number | null>;
/** The period's movement count, Σ in, Σ out, Σ quantity and Σ value. */
type CardTotals = { n: number; tin: string; tout: string; tq: string; tv: string };
const NO_TOTALS: CardTotals = { n: 0, tin: '0', tout: '0', tq: '0', tv: '0' };

function totalsOf(x: SqlRow): CardTotals {
  return { n: Number(x.n), tin: String(x.t_in), tout: String(x.t_out), tq: String(x.t_q), tv: String(x.t_v) };
}

/** A page past the last movement has no row to carry the totals: they are summed on their own. */
async function totalsPastTheEnd(db: ReadDb, scope: StockCardScope, period: Period): Promise<CardTotals> {
  const a = (await stockCardTotals(scope, period).execute(db)).rows[0];
  return { ...a, n: Number(a.n) };
}

function toLine(x: SqlRow): StockCardLine {
  return {
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
  };
}
