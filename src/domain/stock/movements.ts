import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, Tx } from '../context.js';
import { fail } from '../errors.js';
import { recordAudit } from '../audit/audit.js';
import { accountsByRole } from '../ledger/chart.js';
import { postVoucher, VoucherBuilder } from '../ledger/voucher.js';
import { toJalali, type IsoDate } from '../shared/dates.js';
import { Dec, roundMoney, roundQty, toDb, type Dec as Decimal } from '../shared/money.js';
import { averageCost, inValue, outValue } from './costing.js';
import { recostProducts, stockAtDate } from './recost.js';
import {
  documentMovements,
  insertBalanceRows,
  insertStockAdjustment,
  lockBalances,
  lockProducts,
  reversalOf,
  setAdjustmentVoucher,
  stockBalanceRows,
  stockWriteCtes,
  type BalanceRow,
  type MovementRow,
  type ProductTotalsRow,
  stockSettings,
  warehouseIdsIn,
} from './repository.js';

export { averageCost } from './costing.js';
import { authorize } from '../auth/permissions.js';

/**
 * The stock ledger: append-only movements, a balance row per (product, warehouse), and the
 * product's moving weighted average over all warehouses (stock_value / stock_qty).
 * None of these functions posts a voucher or an audit entry: the calling document does both.
 */
export interface StockLineInput {
  productId: number;
  warehouseId: number;
  /** signed: + in, − out */
  quantity: Decimal;
  /** + lines: a receipt at this cost (updates the moving average); absent: at the current average */
  unitCost?: Decimal;
  reversesMovementId?: number;
}

export interface StockLineResult {
  movementId: number;
  productId: number;
  warehouseId: number;
  quantity: Decimal;
  unitCost: Decimal;
  /** signed, rounded to the currency */
  value: Decimal;
}

interface CoreLine extends StockLineInput {
  /** A reversal's exact value (the original's value, negated). */
  exactValue?: Decimal;
}

interface ProductState {
  id: number;
  name: string;
  kind: string;
  stockControl: boolean;
  qty: Decimal;
  value: Decimal;
  /** Date of the product's latest movement (null: none): a document dated before it is back-dated. */
  lastDate: string | null;
}

type Db = Kysely<DB>;

export interface StockSettings {
  decimals: number;
  allowNegative: boolean;
}

async function businessSettings(tx: Tx, businessId: number): Promise<StockSettings> {
  const b = await stockSettings(tx, businessId).executeTakeFirstOrThrow();
  return { decimals: Number(b.currency_decimals), allowNegative: b.allow_negative_stock };
}

function validateLines(lines: CoreLine[]): void {
  lines.forEach((l, i) => {
    if (!Number.isInteger(l.productId) || l.productId <= 0) throw fail.validation(`lines[${i}].productId`);
    if (!Number.isInteger(l.warehouseId) || l.warehouseId <= 0) throw fail.validation(`lines[${i}].warehouseId`);
    if (l.quantity.isZero() || !l.quantity.isFinite()) {
      throw fail.with('STOCK_QUANTITY_ZERO', { field: `lines[${i}].quantity` });
    }
    if (!roundQty(l.quantity).eq(l.quantity)) {
      throw fail.with('STOCK_DECIMALS', { field: `lines[${i}].quantity`, max: 4 });
    }
    if (l.unitCost !== undefined && (l.unitCost.isNegative() || !l.unitCost.isFinite())) {
      throw fail.with('STOCK_NEGATIVE', { field: `lines[${i}].unitCost` });
    }
  });
}

/** The locked stock state of a document's products and (product, warehouse) balances. */
interface LockedStock {
  products: Map<number, ProductState>;
  balances: Map<string, Decimal>;
}

/**
 * Locks what a document's lines move, in the one lock order every writer uses: products by
 * id, then balances by (product_id, warehouse_id). Usually two statements; a balance row that
 * does not exist yet is created first (its warehouse checked), then locked with the rest.
 */
async function lockStock(tx: Tx, businessId: number, lines: CoreLine[]): Promise<LockedStock> {
  const productIds = [...new Set(lines.map((l) => l.productId))].sort((a, b) => a - b);
  const prows = await lockProducts(tx, businessId, productIds).execute();
  const products = new Map<number, ProductState>(
    prows.map((p) => [
      Number(p.id),
      {
        id: Number(p.id),
        name: p.name,
        kind: p.kind,
        stockControl: p.stock_control,
        qty: new Dec(p.stock_qty),
        value: new Dec(p.stock_value),
        lastDate: p.last_date === null ? null : String(p.last_date).slice(0, 10),
      },
    ]),
  );
  const pairs = [...new Map(lines.map((l) => [`${l.productId}:${l.warehouseId}`, [l.productId, l.warehouseId] as const])).values()].sort(
    (a, b) => a[0] - b[0] || a[1] - b[1],
  );
  const lock = (which: (readonly [number, number])[]) => lockBalances(tx, businessId, which).execute();
  const balances = new Map<string, Decimal>();
  const present = (await lock(pairs)).map((b) => {
    balances.set(`${b.product_id}:${b.warehouse_id}`, new Dec(b.quantity));
    return `${b.product_id}:${b.warehouse_id}`;
  });
  const missing = pairs.filter(([p, w]) => !present.includes(`${p}:${w}`));
  if (missing.length > 0) {
    // Only real products and warehouses get a balance row; the per-line checks name the others.
    const wrows = await warehouseIdsIn(tx, businessId, [...new Set(missing.map(([, w]) => w))]).execute();
    const known = new Set(wrows.map((w) => Number(w.id)));
    const creatable = missing.filter(([p, w]) => products.has(p) && known.has(w));
    if (creatable.length > 0) {
      await insertBalanceRows(tx, businessId, creatable).execute();
      for (const b of await lock(creatable)) balances.set(`${b.product_id}:${b.warehouse_id}`, new Dec(b.quantity));
    }
  }
  return { products, balances };
}

/** A planned movement: everything but the id its insert gives it. */
export type PlannedMovement = Omit<StockLineResult, 'movementId'>;

/** The state at the end of a back-dated document's date, for the products it is back-dated for. */
type PositionState = Awaited<ReturnType<typeof stockAtDate>>;

/**
 * Costs each line against the locked state (moving average; reversals at their exact value),
 * refusing an outflow beyond what is on hand. A line of a product the document is back-dated
 * for is costed and checked against `at`, the state at the end of the document's date (where it
 * takes its place in the history); later positions are re-costed and checked by recost.ts.
 * Pure: updates `state` (and `at`) to the state after the lines.
 */
function planMovements(lines: CoreLine[], state: LockedStock, settings: StockSettings, date: IsoDate, at?: PositionState): PlannedMovement[] {
  const { products, balances } = state;
  lines.forEach((l, i) => {
    const p = products.get(l.productId);
    if (!p) throw fail.notFound('product', `lines[${i}].productId`, l.productId);
    if (p.kind === 'service') {
      throw fail.with('STOCK_SERVICE_NO_STOCK', { field: `lines[${i}].productId`, name: p.name });
    }
    if (!balances.has(`${l.productId}:${l.warehouseId}`)) throw fail.notFound('warehouse', `lines[${i}].warehouseId`, l.warehouseId);
  });
  const { decimals, allowNegative } = settings;
  const planned: PlannedMovement[] = [];
  lines.forEach((l, i) => {
    const p = products.get(l.productId)!;
    const key = `${l.productId}:${l.warehouseId}`;
    const pos = at?.products.get(l.productId);
    const cost = pos ?? p;
    const onHand = pos ? (at!.balances.get(key) ?? new Dec(0)) : (balances.get(key) ?? new Dec(0));
    const q = l.quantity;
    let value: Decimal;
    let unitCost: Decimal;
    if (l.exactValue !== undefined) {
      // A reversal mirrors the original exactly; re-costing then fixes the later movements.
      value = l.exactValue;
      unitCost = l.unitCost ?? value.div(q).abs();
    } else if (q.gt(0)) {
      ({ unitCost, value } = inValue(q, l.unitCost, cost.qty, cost.value, decimals));
    } else {
      unitCost = l.unitCost ?? averageCost(cost.qty, cost.value);
      value = outValue(q.neg(), cost.qty, cost.value, decimals);
    }
    if (q.lt(0) && !allowNegative && p.stockControl && onHand.lt(q.neg())) {
      throw fail.insufficientStock(
        `lines[${i}]`,
        { productId: p.id, warehouseId: l.warehouseId, available: onHand.toFixed(), requested: q.neg().toFixed(), ...(pos ? { date, dateJalali: toJalali(date) } : {}) },
        p.name,
      );
    }
    if (pos) {
      pos.qty = pos.qty.plus(q);
      pos.value = pos.value.plus(value);
      at!.balances.set(key, onHand.plus(q));
    }
    p.qty = p.qty.plus(q);
    p.value = p.value.plus(value);
    balances.set(key, (balances.get(key) ?? new Dec(0)).plus(q));
    planned.push({ productId: l.productId, warehouseId: l.warehouseId, quantity: q, unitCost, value });
  });
  return planned;
}

/**
 * The writes of planned movements (stockWriteCtes: one statement of data-modifying CTEs, the
 * movements first, returning their ids in line order as `stock_mv`), then the new balances and
 * product totals of what they touch. Every row they touch is locked by lockStock.
 */
function stockWrites(businessId: number, doc: { docType: string; docId: number; date: IsoDate }, lines: CoreLine[], planned: PlannedMovement[], state: LockedStock) {
  const movements: MovementRow[] = planned.map((m, i) => ({
    productId: m.productId,
    warehouseId: m.warehouseId,
    quantity: toDb(m.quantity),
    unitCost: toDb(m.unitCost.toDecimalPlaces(10)),
    value: toDb(m.value),
    reversesId: lines[i].reversesMovementId ?? null,
  }));
  const touched = new Set(planned.map((m) => `${m.productId}:${m.warehouseId}`));
  const balances: BalanceRow[] = [...state.balances]
    .filter(([key]) => touched.has(key))
    .map(([key, qty]) => {
      const [productId, warehouseId] = key.split(':').map(Number);
      return { productId, warehouseId, quantity: toDb(qty) };
    });
  const moved = new Set(planned.map((m) => m.productId));
  const products: ProductTotalsRow[] = [...state.products.values()]
    .filter((p) => moved.has(p.id))
    .map((p) => ({ id: p.id, qty: toDb(p.qty), value: toDb(p.value), avgCost: toDb(averageCost(p.qty, p.value).toDecimalPlaces(10)) }));
  return stockWriteCtes(businessId, doc, movements, balances, products);
}

type Doc = { docType: string; docId: number; date: IsoDate };

const CAUSE_FA: Record<string, string> = {
  invoice: 'ثبت فاکتور',
  invoice_void: 'ابطال فاکتور',
  stock_adjustment: 'تعدیل موجودی',
  opening_reversal: 'اصلاح موجودی اول دوره',
};

/**
 * Locks and costs lines, and says what must be re-costed once they are written: the products
 * the document is back-dated for (a movement dated after it exists), or every product of a
 * reversal. A document at the end of its products' history (the usual sale) pays nothing extra.
 */
async function plan(tx: Tx, actor: Actor, settings: StockSettings, doc: Doc, lines: CoreLine[], always = false) {
  validateLines(lines);
  const state = await lockStock(tx, actor.businessId, lines);
  const reversal = lines.some((l) => l.exactValue !== undefined);
  const backdated = [...new Set(lines.map((l) => l.productId))].filter((id) => {
    const last = state.products.get(id)?.lastDate;
    return last !== null && last !== undefined && last > doc.date;
  });
  const at = !reversal && backdated.length > 0 ? await stockAtDate(tx, actor.businessId, backdated, doc.date) : undefined;
  const planned = planMovements(lines, state, settings, doc.date, at);
  const toRecost = reversal || always ? [...new Set(lines.map((l) => l.productId))] : backdated;
  const recost =
    toRecost.length === 0
      ? null
      : async () => {
          await recostProducts(tx, actor, {
            productIds: toRecost.sort((a, b) => a - b),
            fromDate: doc.date,
            decimals: settings.decimals,
            allowNegative: settings.allowNegative,
            cause: { sourceType: doc.docType, sourceId: doc.docId, description: `اصلاح بهای کالا در پی ${CAUSE_FA[doc.docType] ?? doc.docType} (شناسه ${doc.docId})` },
            fieldFor: (productId, warehouseId) => {
              const k = lines.findIndex((l) => l.productId === productId && l.warehouseId === warehouseId);
              return `lines[${k >= 0 ? k : lines.findIndex((l) => l.productId === productId)}]`;
            },
          });
        };
  return { state, planned, recost };
}

/**
 * Locks and costs a document's stock lines without writing them: the caller puts `ctes` into
 * its own single write statement (`with ${ctes}, …`), then calls `recost` (when not null: a
 * back-dated document) after that statement. Used by invoice posting, whose whole write is one
 * statement.
 */
export async function prepareStockMovements(
  tx: Tx,
  actor: Actor,
  settings: StockSettings,
  doc: Doc,
  input: StockLineInput[],
  /** Re-cost even when not back-dated: a cost read before the lock (a return's sale cost) may be stale. */
  recostAlways = false,
): Promise<{ planned: PlannedMovement[]; ctes: RawBuilder<unknown>; recost: (() => Promise<void>) | null }> {
  const lines: CoreLine[] = input.map((l) => ({ ...l }));
  const { state, planned, recost } = await plan(tx, actor, settings, doc, lines, recostAlways);
  return { planned, ctes: stockWrites(actor.businessId, doc, lines, planned, state), recost };
}

async function applyMovements(tx: Tx, actor: Actor, doc: Doc, lines: CoreLine[]): Promise<StockLineResult[]> {
  if (lines.length === 0) return [];
  const settings = await businessSettings(tx, actor.businessId);
  const { state, planned, recost } = await plan(tx, actor, settings, doc, lines);
  const r = await sql<{ id: number }>`with ${stockWrites(actor.businessId, doc, lines, planned, state)} select id from stock_mv`.execute(tx);
  if (recost) await recost();
  return planned.map((m, i) => ({ movementId: Number(r.rows[i].id), ...m }));
}

/** Posts a document's stock movements (see the contract in docs/catalog.md). */
export async function postStockMovements(
  tx: Tx,
  actor: Actor,
  input: { docType: string; docId: number; date: IsoDate; lines: StockLineInput[] },
): Promise<StockLineResult[]> {
  return applyMovements(tx, actor, input, input.lines.map((l) => ({ ...l })));
}

/**
 * Mirrors every movement of a document (a void): each at the original movement's own unit cost
 * and value, never today's average, pointing at the original through reverses_id.
 */
export async function reverseStockMovements(
  tx: Tx,
  actor: Actor,
  input: { docType: string; docId: number; date: IsoDate; newDocType: string; newDocId: number },
): Promise<StockLineResult[]> {
  // Each at its value in the books (own + corrections), so that a voided document nets to zero.
  // A concurrent back-dated document corrects these values under its products' locks: take them
  // first (the one lock order), then read the values the reversal mirrors.
  const listed = await documentMovements(tx, actor.businessId, input.docType, input.docId).execute();
  if (listed.length === 0) return [];
  await lockProducts(tx, actor.businessId, [...new Set(listed.map((o) => Number(o.product_id)))].sort((a, b) => a - b)).execute();
  const originals = await documentMovements(tx, actor.businessId, input.docType, input.docId).execute();
  const already = await reversalOf(tx, actor.businessId, originals.map((o) => Number(o.id))).executeTakeFirst();
  if (already) throw fail.with('STOCK_ALREADY_REVERSED');
  return applyMovements(
    tx,
    actor,
    { docType: input.newDocType, docId: input.newDocId, date: input.date },
    originals.map((o) => ({
      productId: Number(o.product_id),
      warehouseId: Number(o.warehouse_id),
      quantity: new Dec(o.quantity).neg(),
      unitCost: new Dec(o.unit_cost),
      exactValue: new Dec(o.value).neg(),
      reversesMovementId: Number(o.id),
    })),
  );
}

/** On-hand quantity per (product, warehouse), with the warehouse's id and code. */
export async function stockBalances(
  db: Db,
  actor: Actor,
  filter: { productIds?: number[]; warehouseId?: number } = {},
): Promise<{ productId: number; warehouseId: number; warehouse: { id: number; code: number }; quantity: string }[]> {
  authorize(actor, 'stock.read');
  const businessId = actor.businessId;
  if (filter.productIds && filter.productIds.length === 0) return [];
  const rows = await stockBalanceRows(db, businessId, filter).execute();
  return rows.map((r) => ({
    productId: Number(r.product_id),
    warehouseId: Number(r.warehouse_id),
    warehouse: { id: Number(r.warehouse_id), code: Number(r.code) },
    quantity: new Dec(r.quantity).toFixed(),
  }));
}

export interface StockAdjustmentInput {
  date: IsoDate;
  warehouseId: number;
  kind: 'adjustment' | 'opening';
  description?: string;
  lines: { productId: number; quantity: Decimal; unitCost?: Decimal }[];
}

export interface StockAdjustmentResult {
  adjustmentId: number;
  voucherId: number;
  lines: StockLineResult[];
}

/**
 * A stock adjustment without its audit entry, for a caller whose own change it is part of
 * (a Siba product PUT that changes totalQuantity writes one entry for the whole change).
 */
export async function postStockAdjustmentUnaudited(tx: Tx, actor: Actor, input: StockAdjustmentInput): Promise<StockAdjustmentResult> {
  if (input.lines.length === 0) throw fail.missing('lines');
  const description = input.description ?? (input.kind === 'opening' ? 'موجودی اول دوره کالا' : 'تعدیل موجودی کالا');
  const adj = await insertStockAdjustment(tx, { businessId: actor.businessId, date: input.date, kind: input.kind, description, createdBy: actor.userId }).executeTakeFirstOrThrow();
  const adjustmentId = Number(adj.id);
  const lines = await applyMovements(
    tx,
    actor,
    { docType: 'stock_adjustment', docId: adjustmentId, date: input.date },
    input.lines.map((l) => ({ productId: l.productId, warehouseId: input.warehouseId, quantity: l.quantity, unitCost: l.unitCost })),
  );
  const total = lines.reduce((s, l) => s.plus(l.value), new Dec(0));
  const roles = await accountsByRole(tx, actor.businessId);
  const counter = input.kind === 'opening' ? roles.opening_equity : roles.stock_adjustment;
  const voucher = new VoucherBuilder().debit(roles.inventory, total, { description }).credit(counter, total, { description });
  const voucherId = await postVoucher(tx, actor, {
    date: input.date,
    kind: input.kind === 'opening' ? 'opening' : 'stock_adjustment',
    description,
    sourceType: 'stock_adjustment',
    sourceId: adjustmentId,
    lines: voucher,
  });
  await setAdjustmentVoucher(tx, actor.businessId, adjustmentId, voucherId).execute();
  return { adjustmentId, voucherId, lines };
}

/** Movements in one warehouse + one voucher: inventory vs stock adjustment (or opening equity). */
export async function postStockAdjustment(tx: Tx, actor: Actor, input: StockAdjustmentInput): Promise<StockAdjustmentResult> {
  authorize(actor, 'product.write');
  const r = await postStockAdjustmentUnaudited(tx, actor, input);
  await recordAudit(tx, actor, {
    action: 'create',
    entity: 'stock_adjustment',
    entityId: r.adjustmentId,
    after: {
      date: input.date,
      kind: input.kind,
      warehouseId: input.warehouseId,
      voucherId: r.voucherId,
      lines: r.lines.map((l) => ({ productId: l.productId, quantity: l.quantity.toFixed(), unitCost: l.unitCost.toFixed(), value: l.value.toFixed() })),
    },
  });
  return r;
}
