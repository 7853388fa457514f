import type { RawBuilder } from 'kysely';
import type { Actor, Tx } from '../context.js';
import type { IsoDate } from '../shared/dates.js';
import { ZERO, type Dec as Decimal } from '../shared/money.js';
import { prepareStockMovements, type PlannedMovement, type StockSettings } from '../stock/movements.js';
import { relabel, stockLinesOf } from './stock-lines.js';
import type { OriginalInvoice } from './original.js';
import type { ResolvedInvoice } from './resolve.js';
import type { InvoiceType } from './types.js';

export interface StockPlan {
  /** planned movement per invoice line index (goods lines) */
  moves: Map<number, PlannedMovement>;
  /** the movements' writes, as CTEs of the posting's one statement */
  ctes: RawBuilder<unknown> | null;
  /** a back-dated invoice: re-costs (and checks) later movements once written */
  recost: (() => Promise<void>) | null;
  index: number[];
  /** Σ |value| of the movements: what the inventory account moves by */
  value: Decimal;
}

/**
 * Step 4 of posting: locks the goods' stock and costs each movement (refusing a sale beyond
 * the stock, reported against the invoice's own line), without writing anything.
 */
export async function planStockMovements(
  tx: Tx,
  actor: Actor,
  settings: StockSettings,
  p: { type: InvoiceType; invoiceId: number; date: IsoDate; resolved: ResolvedInvoice; original?: OriginalInvoice },
): Promise<StockPlan> {
  const { lines, index } = stockLinesOf(p.type, p.resolved, p.original);
  const moves = new Map<number, PlannedMovement>();
  if (lines.length === 0) return { moves, ctes: null, recost: null, index, value: ZERO };
  let prepared;
  try {
    // A return's sale cost was read before the stock lock; a concurrent re-costing may have
    // changed it since, so its products are re-costed after the write (returns are rare).
    const recostAlways = p.type === 'saleReturn' && p.original !== undefined;
    prepared = await prepareStockMovements(tx, actor, settings, { docType: 'invoice', docId: p.invoiceId, date: p.date }, lines, recostAlways);
  } catch (err) {
    throw relabel(err, index);
  }
  let value = ZERO;
  prepared.planned.forEach((m, k) => {
    moves.set(index[k], m);
    value = value.plus(m.value.abs());
  });
  return { moves, ctes: prepared.ctes, recost: prepared.recost, index, value };
}
