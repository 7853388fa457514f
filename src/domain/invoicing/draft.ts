import { Dec, type Dec as Decimal } from '../shared/money.js';
import type { ReadInvoice } from './read-input.js';
import type { ResolvedInvoice } from './resolve.js';
import type { StockPlan } from './stock-plan.js';
import type { Invoice, InvoiceLine } from './types.js';

/** A value as its numeric(p, s) column stores it (half away from zero), then as read back. */
export const stored = (v: Decimal, scale = 4) => v.toDecimalPlaces(scale, Dec.ROUND_HALF_UP).toFixed();
const storedOrNull = (v: Decimal | null | undefined, scale = 4) => (v === null || v === undefined ? null : stored(v, scale));

/** The invoice's lines with every figure as stored: built once, written and returned as they are. */
export function invoiceLines(resolved: ResolvedInvoice, stock: Pick<StockPlan, 'moves'>): InvoiceLine[] {
  return resolved.lines.map((r) => {
    const cl = resolved.computed.lines[r.index];
    const m = stock.moves.get(r.index);
    const l = r.input;
    return {
      lineNo: r.index + 1,
      kind: r.kind,
      productId: r.product.id,
      productCode: r.product.code,
      productName: r.product.name,
      warehouse: r.warehouse,
      quantity: stored(cl.quantity),
      firstUnitQuantity: storedOrNull(l.firstUnitQuantity),
      secondUnitQuantity: storedOrNull(l.secondUnitQuantity),
      quantityText: l.quantityText ?? '',
      unitPrice: stored(cl.unitPrice),
      amount: stored(cl.amount),
      discount: stored(cl.discount),
      net: stored(cl.net),
      vatRate: stored(cl.vatRate),
      vat: stored(cl.vat),
      levyRate: stored(cl.levyRate),
      levy: stored(cl.levy),
      total: stored(cl.total),
      unitCost: m ? stored(m.unitCost.toDecimalPlaces(10), 10) : null,
      cost: m ? stored(m.value.abs()) : null,
      description: l.description ?? '',
    };
  });
}

/**
 * The invoice as getInvoice will read it back, built from what is being written: its number
 * (0 until the write claims it) and creation time come from the write.
 */
export function draftInvoice(
  read: ReadInvoice,
  ids: { invoiceId: number; voucherId: number | null; userId: number | null },
  resolved: ResolvedInvoice,
  stock: Pick<StockPlan, 'moves' | 'value'>,
): Invoice {
  const c = resolved.computed;
  return {
    id: ids.invoiceId,
    type: read.type,
    number: read.number ?? 0,
    partyId: resolved.party.id,
    partyName: resolved.party.name,
    date: read.date,
    time: read.time,
    description: read.description,
    userId: ids.userId,
    discount: stored(c.discount),
    lineDiscount: stored(c.lineDiscount),
    serviceChargeRate: stored(c.serviceChargeRate),
    rounding: stored(c.rounding),
    subtotal: stored(c.subtotal),
    lineDiscounts: stored(c.lineDiscounts),
    net: stored(c.net),
    vat: stored(c.vat),
    levy: stored(c.levy),
    serviceCharge: stored(c.serviceCharge),
    freight: stored(c.freight),
    payable: stored(c.payable),
    cogs: stored(stock.value),
    status: 'posted',
    voucherId: ids.voucherId,
    voidVoucherId: null,
    originalInvoiceId: read.originalInvoiceId ?? null,
    reference: read.reference,
    tag: read.tag,
    dueDate: read.dueDate,
    createdAt: '',
    lines: invoiceLines(resolved, stock),
  };
}
