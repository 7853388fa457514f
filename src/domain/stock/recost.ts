import type { Actor, Tx } from '../context.js';
import { fail } from '../errors.js';
import { accountsByRole } from '../ledger/chart.js';
import { postVoucher, VoucherBuilder } from '../ledger/voucher.js';
import { toJalali, type IsoDate } from '../shared/dates.js';
import { Dec, toDb, type Dec as Decimal } from '../shared/money.js';
import { averageCost, replay, type LiveMovement } from './costing.js';
import { insertCorrectionRows, liveMovements, productStockValue, setProductStockValue, sumsAtDate, type LiveMovementRow } from './repository.js';

/** doc_type of a value-only correction row (doc_id = the correcting voucher). */
export const RECOST_DOC = 'recost';

export interface RecostInput {
  /** Products already locked by the caller (products by id, then balances). */
  productIds: number[];
  /** The earliest date the change touches: running quantities are checked from here on. */
  fromDate: IsoDate;
  decimals: number;
  allowNegative: boolean;
  /** What caused it: the correcting vouchers' source, e.g. ('invoice_void', 12). */
  cause: { sourceType: string; sourceId: number; description: string };
  /** The caller's field for a refusal on (product, warehouse), e.g. "lines[2]". */
  fieldFor: (productId: number, warehouseId: number) => string;
}

type Row = LiveMovementRow;

const toLive = (r: Row): LiveMovement => ({
  id: Number(r.id),
  warehouseId: Number(r.warehouse_id),
  date: r.date,
  quantity: new Dec(r.quantity),
  value: new Dec(r.value),
  docType: r.doc_type,
  docId: Number(r.doc_id),
  invoiceType: r.invoice_type === null ? null : Number(r.invoice_type),
  originalInvoiceId: r.original_invoice_id === null ? null : Number(r.original_invoice_id),
});

interface Correction {
  movementId: number;
  productId: number;
  warehouseId: number;
  date: string;
  delta: Decimal;
  counter: string;
}

/**
 * Re-costs products after a change that is not at the end of their history (a back-dated
 * document, a void): replays each product's live movements with the moving average, refuses
 * the change when a warehouse's running quantity would go below zero at any position from
 * `fromDate` on (INSUFFICIENT_STOCK naming the date), and brings every movement whose value
 * differs from the replay to it with a value-only correction row — never editing a posted
 * movement — plus, per date, one balanced voucher (inventory against the account the cost went
 * to) dated on the corrected movements' date, so reports at any date see the corrected books.
 */
export async function recostProducts(tx: Tx, actor: Actor, input: RecostInput): Promise<Correction[]> {
  if (input.productIds.length === 0) return [];
  const rows = (await liveMovements(actor.businessId, input.productIds).execute(tx)).rows;
  const corrections = [...groupByProduct(rows)].flatMap(([productId, list]) => replayProduct(productId, list, input));
  if (corrections.length === 0) return [];
  await postCorrections(tx, actor, corrections, input.cause);
  await revalueProducts(tx, actor.businessId, corrections);
  return corrections;
}

function groupByProduct(rows: Row[]): Map<number, Row[]> {
  const byProduct = new Map<number, Row[]>();
  for (const r of rows) {
    const list = byProduct.get(Number(r.product_id)) ?? [];
    list.push(r);
    byProduct.set(Number(r.product_id), list);
  }
  return byProduct;
}

/** One product's replay: its corrections, or INSUFFICIENT_STOCK at the first position below zero. */
function replayProduct(productId: number, list: Row[], input: RecostInput): Correction[] {
  const live = list.map(toLive);
  const checked = !input.allowNegative && list[0].stock_control;
  const r = replay(live, { decimals: input.decimals, checkFrom: checked ? input.fromDate : null });
  if (r.negative) {
    const m = r.negative.movement;
    const q = m.quantity.neg();
    throw fail.insufficientStock(
      input.fieldFor(productId, m.warehouseId),
      { productId, warehouseId: m.warehouseId, date: m.date, dateJalali: toJalali(m.date), available: r.negative.running.plus(q).toFixed(), requested: q.toFixed() },
      list[0].name,
    );
  }
  const out: Correction[] = [];
  live.forEach((m, k) => {
    const delta = r.due.get(m.id)!.minus(m.value);
    if (!delta.isZero()) out.push({ movementId: m.id, productId, warehouseId: m.warehouseId, date: m.date, delta, counter: list[k].counter });
  });
  return out;
}

/** Per date: one balanced voucher (inventory against each counter account) and the value-only correction rows. */
async function postCorrections(tx: Tx, actor: Actor, corrections: Correction[], cause: RecostInput['cause']): Promise<void> {
  const roles = await accountsByRole(tx, actor.businessId);
  const dates = [...new Set(corrections.map((c) => c.date))].sort();
  for (const date of dates) {
    const today = corrections.filter((c) => c.date === date);
    const v = new VoucherBuilder();
    const byCounter = new Map<string, Decimal>();
    for (const c of today) byCounter.set(c.counter, (byCounter.get(c.counter) ?? new Dec(0)).plus(c.delta));
    for (const [counter, d] of byCounter) {
      v.debit(roles.inventory, d, { description: cause.description }).credit(roles[counter as 'cogs'], d, { description: cause.description });
    }
    const voucherId = await postVoucher(tx, actor, {
      date,
      kind: 'stock_adjustment',
      description: cause.description,
      sourceType: `${cause.sourceType}_recost`,
      sourceId: cause.sourceId,
      lines: v,
    });
    const rows = today.map((c) => ({ movementId: c.movementId, productId: c.productId, warehouseId: c.warehouseId, value: toDb(c.delta) }));
    await insertCorrectionRows(tx, actor.businessId, RECOST_DOC, voucherId, date, rows).execute();
  }
}

/** Each corrected product's stock value and average cost move by the sum of its corrections. */
async function revalueProducts(tx: Tx, businessId: number, corrections: Correction[]): Promise<void> {
  const perProduct = new Map<number, Decimal>();
  for (const c of corrections) perProduct.set(c.productId, (perProduct.get(c.productId) ?? new Dec(0)).plus(c.delta));
  for (const [productId, d] of perProduct) {
    const p = await productStockValue(tx, businessId, productId).executeTakeFirstOrThrow();
    const value = new Dec(p.stock_value).plus(d);
    await setProductStockValue(tx, businessId, productId, toDb(value), toDb(averageCost(new Dec(p.stock_qty), value).toDecimalPlaces(10))).execute();
  }
}

/**
 * The state of products at the end of a date, from the movements dated on or before it (voided
 * documents net to zero there: a void is dated on its document's date, a correction on its
 * movement's): quantity and value per product, quantity per (product, warehouse).
 */
export async function stockAtDate(
  tx: Tx,
  businessId: number,
  productIds: number[],
  date: IsoDate,
): Promise<{ products: Map<number, { qty: Decimal; value: Decimal }>; balances: Map<string, Decimal> }> {
  const r = await sumsAtDate(businessId, productIds, date).execute(tx);
  const products = new Map<number, { qty: Decimal; value: Decimal }>();
  const balances = new Map<string, Decimal>();
  for (const id of productIds) products.set(id, { qty: new Dec(0), value: new Dec(0) });
  for (const x of r.rows) {
    const p = products.get(Number(x.product_id))!;
    p.qty = p.qty.plus(x.q);
    p.value = p.value.plus(x.v);
    balances.set(`${x.product_id}:${x.warehouse_id}`, new Dec(x.q));
  }
  return { products, balances };
}
