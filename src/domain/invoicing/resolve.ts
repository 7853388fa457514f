import { fail } from '../errors.js';
import { Dec, type Dec as Decimal } from '../shared/money.js';
import { computeInvoice, type ComputedInvoice, type ComputeLineInput } from './compute.js';
import { isReturn, type ReadInvoice } from './read-input.js';
import type { ContextWarehouse, PostingContext } from './context.js';
import type { InvoiceLineInput, LineKind } from './types.js';
import { defaultVatRate } from './vat.js';

/** One line with its product, kind and warehouse resolved: built once, used by every later step. */
export interface ResolvedLine {
  index: number;
  kind: LineKind;
  product: { id: number; code: string; name: string };
  warehouse: { id: number; code: number } | null;
  input: InvoiceLineInput;
}

export interface ResolvedInvoice {
  party: { id: number; detailId: number; name: string };
  lines: ResolvedLine[];
  computed: ComputedInvoice;
}

/** The goods line's warehouse: its own, else the invoice's, else the default one. */
function lineWarehouse(read: ReadInvoice, ctx: PostingContext, l: InvoiceLineInput, i: number): ContextWarehouse {
  const id = l.warehouseId ?? read.warehouseId;
  const field = l.warehouseId !== undefined ? `lines[${i}].warehouseId` : 'warehouseId';
  if (id === undefined) {
    if (!ctx.defaultWarehouse) throw fail.with('INVOICE_NO_WAREHOUSE', { field: `lines[${i}].warehouseId` });
    return ctx.defaultWarehouse;
  }
  const w = ctx.warehouses.get(id);
  if (!w) throw fail.notFound('warehouse', field, id);
  return w;
}

function resolveLine(read: ReadInvoice, ctx: PostingContext, l: ReadInvoice['lines'][number], i: number): ResolvedLine {
  const f = (name: string) => `lines[${i}].${name}`;
  const product = ctx.products.get(l.productId);
  if (!product) throw fail.notFound('product', f('productId'), l.productId);
  // Returns correct documents that exist: they take back what an earlier invoice moved, so they
  // stay possible after its product or warehouse was deactivated (docs/invoicing.md).
  if (!product.active && !isReturn(read.type)) throw fail.with('INVOICE_PRODUCT_INACTIVE', { field: f('productId'), product: product.name });
  const kind: LineKind = product.kind === 'service' ? 'service' : 'goods';
  if (l.kind !== undefined && l.kind !== 'goods' && l.kind !== 'service') throw fail.with('INVOICE_KIND_INVALID', { field: f('kind') });
  if (l.kind !== undefined && l.kind !== kind) {
    throw fail.with(kind === 'goods' ? 'INVOICE_LINE_IS_GOODS' : 'INVOICE_LINE_IS_SERVICE', { field: f('kind'), product: product.name });
  }
  let warehouse: ContextWarehouse | null = null;
  if (kind === 'goods') {
    warehouse = lineWarehouse(read, ctx, l, i);
    if (!warehouse.active && !isReturn(read.type)) {
      throw fail.with('INVOICE_WAREHOUSE_INACTIVE', { field: f('warehouseId'), warehouse: warehouse.code });
    }
  }
  return {
    index: i,
    kind,
    product: { id: product.id, code: product.code, name: product.name },
    warehouse: warehouse && { id: warehouse.id, code: warehouse.code },
    input: l,
  };
}

/** A line's VAT: as sent, else the product's own rate, else the business's table (or the statute) on the date. */
function vatRateOf(read: ReadInvoice, ctx: PostingContext, l: InvoiceLineInput): Decimal {
  if (l.vatRate !== undefined) return l.vatRate;
  const product = ctx.products.get(l.productId!)!;
  if (product.vatRate !== null) return new Dec(product.vatRate);
  return ctx.vatRate !== null ? new Dec(ctx.vatRate) : defaultVatRate(read.date);
}

/**
 * Step 2 of posting (pure, given the context): the party, each line's product, kind and
 * warehouse, and every figure of the invoice (compute.ts).
 */
export function resolveLines(read: ReadInvoice, ctx: PostingContext): ResolvedInvoice {
  if (!ctx.party) throw fail.notFound('party', 'partyId', read.partyId);
  const lines = read.lines.map((l, i) => resolveLine(read, ctx, l, i));
  const computeLines: ComputeLineInput[] = lines.map(({ input: l }) => ({
    quantity: l.quantity!,
    unitPrice: l.unitPrice!,
    amount: l.amount,
    discount: l.discount,
    ...(l.vat !== undefined ? { vat: l.vat } : { vatRate: vatRateOf(read, ctx, l) }),
    levyRate: l.levyRate,
  }));
  const computed = computeInvoice({
    lines: computeLines,
    discount: read.discount,
    lineDiscount: read.lineDiscount,
    serviceChargeRate: read.serviceChargeRate,
    rounding: read.rounding,
    freight: read.freight,
    roundingMode: ctx.roundingMode,
    decimals: ctx.decimals,
  });
  return { party: ctx.party, lines, computed };
}
