import type { Actor, Tx } from '../context.js';
import { recordAudit } from '../audit/audit.js';
import { authorize } from '../auth/permissions.js';
import { fail } from '../errors.js';
import { reverseVoucher } from '../ledger/voucher.js';
import type { IsoDate } from '../shared/dates.js';
import { reverseStockMovements } from '../stock/movements.js';
import { postReversalVariance } from '../stock/variance.js';
import { enqueueOnPosting, sendsOnPosting } from '../moadian/submission.js';
import { getInvoice } from './read.js';
import { goodsLineNumbers, liveReturns, lockedInvoice, markVoided } from './repository.js';
import { relabel } from './stock-lines.js';
import { invoiceTypeOfCode, type Invoice, type InvoiceType } from './types.js';
import { INVOICE_TYPE_FA, typeSlots } from './words.js';

/** The invoice being voided, locked. */
interface Voidable {
  id: number;
  type: InvoiceType;
  number: number;
  date: IsoDate;
  voucherId: number | null;
}

/** Locks the invoice and refuses a void that cannot be: unknown, already void, or with live returns. */
async function loadVoidable(tx: Tx, businessId: number, id: number): Promise<Voidable> {
  const inv = await lockedInvoice(tx, businessId, id).executeTakeFirst();
  if (!inv) throw fail.notFound('invoice', 'invoiceId', id);
  const v: Voidable = {
    id,
    type: invoiceTypeOfCode(Number(inv.invoice_type)),
    number: Number(inv.invoice_no),
    date: String(inv.date).slice(0, 10),
    voucherId: inv.voucher_id === null ? null : Number(inv.voucher_id),
  };
  const named = { field: 'invoiceId', ...typeSlots(v.type), number: v.number };
  if (inv.status === 'voided') throw fail.with('INVOICE_ALREADY_VOIDED', named);
  const returns = await liveReturns(tx, businessId, id).execute();
  if (returns.length > 0) throw fail.with('INVOICE_HAS_RETURNS', { ...named, count: returns.length, first: Number(returns[0].invoice_no) });
  return v;
}

/** The goods come back out (or go back in) at their own original cost; the variance is booked. */
async function reverseInvoiceStock(tx: Tx, actor: Actor, inv: Voidable): Promise<void> {
  const goodsLines = await goodsLineNumbers(tx, actor.businessId, inv.id).execute();
  let reversal;
  try {
    reversal = await reverseStockMovements(tx, actor, { docType: 'invoice', docId: inv.id, date: inv.date, newDocType: 'invoice_void', newDocId: inv.id });
  } catch (err) {
    throw relabel(err, goodsLines.map((l) => l.line_no - 1));
  }
  await postReversalVariance(tx, actor, {
    date: inv.date,
    docType: 'invoice',
    docId: inv.id,
    reversal,
    counterRole: 'cogs',
    sourceType: 'invoice_void_variance',
    sourceId: inv.id,
    description: `اختلاف بهای تمام‌شده در ابطال فاکتور ${INVOICE_TYPE_FA[inv.type]} شماره ${inv.number}`,
  });
}

/**
 * Voids (ابطال) an invoice: nothing is deleted. Its stock movements are mirrored at their own
 * original cost and its voucher is reversed, both dated on the invoice's date, and the invoice
 * is marked 'voided'. Refused for clerks, twice, for a sale that has live returns, and when
 * the goods a purchase brought in are no longer on hand (INSUFFICIENT_STOCK).
 */
export async function voidInvoice(tx: Tx, actor: Actor, id: number): Promise<Invoice> {
  authorize(actor, 'invoice.void');
  const inv = await loadVoidable(tx, actor.businessId, id);
  if (inv.type !== 'proforma') await reverseInvoiceStock(tx, actor, inv);
  let voidVoucherId: number | null = null;
  if (inv.voucherId !== null) {
    voidVoucherId = await reverseVoucher(tx, actor, inv.voucherId, {
      date: inv.date,
      kind: 'void',
      description: `ابطال فاکتور ${INVOICE_TYPE_FA[inv.type]} شماره ${inv.number}`,
      sourceType: 'invoice_void',
      sourceId: id,
    });
  }
  await markVoided(tx, actor.businessId, id, voidVoucherId, actor.userId).execute();
  await recordAudit(tx, actor, {
    action: 'void',
    entity: 'invoice',
    entityId: id,
    before: { status: 'posted', voucherId: inv.voucherId },
    after: { status: 'voided', voidVoucherId },
  });
  // Sending on posting (docs/moadian.md): a voided sale goes as a cancellation (subject 3) once its original was accepted
  if (inv.type === 'sale' && (await sendsOnPosting(tx, actor.businessId, inv.date))) await enqueueOnPosting(tx, actor, id);
  return (await getInvoice(tx, actor, id))!;
}
