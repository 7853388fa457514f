import { Dec, roundMoney, type Dec as Decimal } from '../shared/money.js';

/**
 * The moving weighted average, as pure functions. Posting (planMovements) and re-costing
 * (recost.ts) cost through the same functions, so a product's books always equal a replay of
 * its live movements (docs/catalog.md, "The books of the live documents").
 */

/** Average unit cost of a product state (0 when nothing is on hand). */
export function averageCost(qty: Decimal, value: Decimal): Decimal {
  return qty.gt(0) ? value.div(qty) : new Dec(0);
}

/** Value of a receipt of q (> 0): at its own unit cost, else at the current average. */
export function inValue(q: Decimal, unitCost: Decimal | undefined, qty: Decimal, value: Decimal, decimals: number): { unitCost: Decimal; value: Decimal } {
  if (unitCost !== undefined) return { unitCost, value: roundMoney(q.times(unitCost), decimals) };
  return { unitCost: averageCost(qty, value), value: qty.gt(0) ? share(q, value, qty, decimals) : new Dec(0) };
}

/**
 * round(q × total / of): multiplied before dividing, so an exact half (0.15 of 10 over 3 = 0.5)
 * rounds as exact arithmetic says, not as a 50-digit quotient 0.4999… would (the verifier's SQL
 * computes the same way).
 */
export function share(q: Decimal, total: Decimal, of: Decimal, decimals: number): Decimal {
  return of.isZero() ? new Dec(0) : roundMoney(q.times(total).div(of), decimals);
}

/**
 * Signed value (≤ 0) of an issue of `out` (> 0) at the average. Taking the whole quantity takes
 * the whole value exactly, so the inventory account always equals Σ stock value; with nothing
 * of value on hand (negative stock allowed) the issue carries no value.
 */
export function outValue(out: Decimal, qty: Decimal, value: Decimal, decimals: number): Decimal {
  if (out.eq(qty)) return value.neg();
  if (value.gt(0) && qty.gt(0)) return share(out, value, qty, decimals).neg();
  return new Dec(0);
}

/** A live movement of one product (its document is not voided), in replay order. */
export interface LiveMovement {
  id: number;
  warehouseId: number;
  date: string;
  quantity: Decimal;
  /** Its value as the books hold it: posted value + Σ its corrections. */
  value: Decimal;
  docType: string;
  docId: number;
  /** Invoice type of an invoice movement (1 purchase … 4 sale return), else null. */
  invoiceType: number | null;
  /** The sale a sale return names, else null. */
  originalInvoiceId: number | null;
}

export interface Replay {
  /** What each movement's value must be, by movement id. */
  due: Map<number, Decimal>;
  qty: Decimal;
  value: Decimal;
  /** The first position (on/after checkFrom) where a warehouse's running quantity is below zero. */
  negative?: { movement: LiveMovement; running: Decimal };
}

/**
 * Replays a product's live movements in (date, posting order) with the moving average: issues
 * (sales, purchase returns, adjustment decreases) at the average at their position; a sale
 * return naming its sale at that sale's cost per unit; a sale return without one at the
 * average; every other receipt (purchases, adjustments, openings) at the value it was posted
 * with. Checks each warehouse's running quantity from `checkFrom` on.
 */
export function replay(ms: LiveMovement[], o: { decimals: number; checkFrom: string | null }): Replay {
  const due = new Map<number, Decimal>();
  const running = new Map<number, Decimal>();
  const sales = new Map<number, { qty: Decimal; cost: Decimal }>();
  let qty = new Dec(0);
  let value = new Dec(0);
  let negative: Replay['negative'];
  for (const m of ms) {
    const q = m.quantity;
    let v: Decimal;
    if (q.lt(0)) {
      v = outValue(q.neg(), qty, value, o.decimals);
      if (m.invoiceType === 2) {
        const s = sales.get(m.docId) ?? { qty: new Dec(0), cost: new Dec(0) };
        sales.set(m.docId, { qty: s.qty.plus(q.neg()), cost: s.cost.minus(v) });
      }
    } else if (m.invoiceType === 4 && m.originalInvoiceId !== null) {
      const s = sales.get(m.originalInvoiceId);
      // A return dated before its sale (refused since; only in old books) keeps its value.
      v = s ? share(q, s.cost, s.qty, o.decimals) : m.value;
    } else if (m.invoiceType === 4) {
      v = inValue(q, undefined, qty, value, o.decimals).value;
    } else {
      v = m.value;
    }
    due.set(m.id, v);
    qty = qty.plus(q);
    value = value.plus(v);
    const r = (running.get(m.warehouseId) ?? new Dec(0)).plus(q);
    running.set(m.warehouseId, r);
    if (!negative && r.lt(0) && o.checkFrom !== null && m.date >= o.checkFrom) negative = { movement: m, running: r };
  }
  return { due, qty, value, negative };
}
