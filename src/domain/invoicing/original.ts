import type { Tx } from '../context.js';
import { fail } from '../errors.js';
import { ZERO } from '../shared/money.js';
import { invoiceStockByProduct, lockedInvoice, returnedGoods } from './repository.js';
import type { OriginalInvoice } from './return-check.js';
import { invoiceTypeOfCode } from './types.js';

export type { OriginalInvoice } from './return-check.js';

/** Reads (and locks) the invoice a return names, or NOT_FOUND naming originalInvoiceId. */
export async function loadOriginal(tx: Tx, businessId: number, id: number): Promise<OriginalInvoice> {
  const inv = await lockedInvoice(tx, businessId, id).executeTakeFirst();
  if (!inv) throw fail.notFound('invoice', 'originalInvoiceId', id);
  const byProduct: OriginalInvoice['byProduct'] = new Map();
  for (const l of (await invoiceStockByProduct(businessId, id).execute(tx)).rows) {
    const p = byProduct.get(Number(l.product_id)) ?? { sold: ZERO, returned: ZERO, cost: ZERO };
    byProduct.set(Number(l.product_id), { ...p, sold: p.sold.plus(l.quantity), cost: p.cost.plus(l.cost) });
  }
  for (const l of await returnedGoods(tx, businessId, id).execute()) {
    const p = byProduct.get(Number(l.product_id));
    if (p) p.returned = p.returned.plus(l.quantity);
  }
  return {
    id,
    type: invoiceTypeOfCode(Number(inv.invoice_type)),
    number: Number(inv.invoice_no),
    status: inv.status,
    partyId: Number(inv.party_id),
    date: String(inv.date).slice(0, 10),
    byProduct,
  };
}

