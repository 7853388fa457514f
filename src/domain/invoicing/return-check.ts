import { fail } from '../errors.js';
import { toJalali, type IsoDate } from '../shared/dates.js';
import { ZERO, type Dec as Decimal } from '../shared/money.js';
import type { ReadInvoice } from './read-input.js';
import type { ResolvedInvoice } from './resolve.js';
import type { InvoiceType } from './types.js';
import { typeSlots } from './words.js';

/** The invoice a return names, as the return's checks and costing need it. */
export interface OriginalInvoice {
  id: number;
  type: InvoiceType;
  number: number;
  status: string;
  partyId: number;
  date: IsoDate;
  /** per product: quantity moved, quantity already returned, Σ cost of what was moved */
  byProduct: Map<number, { sold: Decimal; returned: Decimal; cost: Decimal }>;
}

/** What a return's type returns. */
const RETURNS: Partial<Record<InvoiceType, InvoiceType>> = { saleReturn: 'sale', purchaseReturn: 'purchase' };

/** The original itself: of the type returned, live, of the same party, dated no later. */
function checkOriginalHeader(read: ReadInvoice, original: OriginalInvoice): void {
  const field = 'originalInvoiceId';
  const named = { field, ...typeSlots(original.type), number: original.number };
  const wanted = RETURNS[read.type]!;
  if (original.type !== wanted) {
    const w = typeSlots(wanted);
    throw fail.with('INVOICE_ORIGINAL_WRONG_TYPE', { ...named, wanted: w.type, wantedFa: w.typeFa });
  }
  if (original.status !== 'posted') throw fail.with('INVOICE_ORIGINAL_VOIDED', named);
  if (original.partyId !== read.partyId) throw fail.with('INVOICE_ORIGINAL_OTHER_PARTY', named);
  if (read.date < original.date) {
    // Goods cannot come back before they left (or go back before they came): the books at a
    // date in between would be wrong (issue 18, point 7).
    throw fail.with('INVOICE_RETURN_BEFORE_ORIGINAL', {
      ...named,
      field: 'invoiceDate',
      date: read.date,
      dateJalali: toJalali(read.date),
      originalDate: original.date,
      originalDateJalali: toJalali(original.date),
    });
  }
}

/**
 * Step 3 of posting (pure, given the original): a return that names its original takes back
 * no more of each product than the original moved, less what earlier returns took back.
 */
export function checkReturnAgainstOriginal(read: ReadInvoice, resolved: ResolvedInvoice, original: OriginalInvoice): void {
  checkOriginalHeader(read, original);
  const named = { ...typeSlots(original.type), number: original.number };
  const returning = new Map<number, Decimal>();
  for (const r of resolved.lines) {
    if (r.kind !== 'goods') continue;
    const o = original.byProduct.get(r.product.id);
    if (!o) throw fail.with('INVOICE_RETURN_PRODUCT_NOT_ON_ORIGINAL', { field: `lines[${r.index}].productId`, product: r.product.name, ...named });
    const q = (returning.get(r.product.id) ?? ZERO).plus(resolved.computed.lines[r.index].quantity);
    returning.set(r.product.id, q);
    if (q.plus(o.returned).gt(o.sold)) {
      throw fail.with('INVOICE_RETURN_EXCEEDS_ORIGINAL', {
        field: `lines[${r.index}].quantity`,
        product: r.product.name,
        ...named,
        sold: o.sold,
        returned: o.returned,
      });
    }
  }
}
