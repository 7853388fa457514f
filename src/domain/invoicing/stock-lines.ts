import { isDomainError } from '../errors.js';
import { ZERO, type Dec as Decimal } from '../shared/money.js';
import type { StockLineInput } from '../stock/movements.js';
import type { OriginalInvoice } from './return-check.js';
import type { ResolvedInvoice } from './resolve.js';
import type { InvoiceType } from './types.js';

/** Stock direction of each type's goods lines: + in, − out, 0 none. */
export const STOCK_SIGN: Record<InvoiceType, 1 | -1 | 0> = { purchase: 1, sale: -1, purchaseReturn: -1, saleReturn: 1, proforma: 0 };

/** The stock lines of an invoice's goods lines, and for each its invoice line index. */
export interface StockLines {
  lines: StockLineInput[];
  /** lines[k] of the stock call is lines[index[k]] of the invoice */
  index: number[];
}

/**
 * Pure: the stock lines an invoice moves. Purchases come in at their net unit cost; sales and
 * purchase returns leave at the average (no cost given); a sale return naming its sale comes
 * back at that sale's unit cost.
 */
export function stockLinesOf(type: InvoiceType, resolved: ResolvedInvoice, original?: OriginalInvoice): StockLines {
  const sign = STOCK_SIGN[type];
  const out: StockLines = { lines: [], index: [] };
  if (sign === 0) return out;
  for (const r of resolved.lines) {
    if (r.kind !== 'goods') continue;
    const cl = resolved.computed.lines[r.index];
    let unitCost: Decimal | undefined;
    if (type === 'purchase') unitCost = cl.net.div(cl.quantity);
    else if (type === 'saleReturn' && original) {
      const o = original.byProduct.get(r.product.id)!;
      unitCost = o.sold.isZero() ? ZERO : o.cost.div(o.sold);
    }
    out.index.push(r.index);
    out.lines.push({ productId: r.product.id, warehouseId: r.warehouse!.id, quantity: sign > 0 ? cl.quantity : cl.quantity.neg(), unitCost });
  }
  return out;
}

/** `lines[k]` of a stock call (goods lines only) → `lines[index[k]]` of the invoice. */
export function relabel(err: unknown, index: number[]): unknown {
  if (!isDomainError(err)) return err;
  return err.renamed((path) => path.replace(/^lines\[(\d+)\]/, (m, k: string) => (index[Number(k)] === undefined ? m : `lines[${index[Number(k)]}]`)));
}

