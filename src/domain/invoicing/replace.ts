import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, Tx } from '../context.js';
import { movePaymentsToInvoice } from '../money/payments.js';
import { postInvoice } from './post.js';
import { getInvoice } from './read.js';
import { invoiceByNumber, invoiceWithNumber } from './repository.js';
import { INVOICE_TYPE_CODE, type Invoice, type InvoiceInput, type InvoiceType } from './types.js';
import { voidInvoice } from './void.js';

/**
 * Save by number (Hesabfa's invoice/save with a Number): a posted invoice is never edited, so the
 * one of that type and number is voided (its stock and voucher reversed) and the input is posted
 * in its place under the same number; the receipts and payments that settled it now settle the
 * new one. With no posted invoice of that number, the input is posted with it.
 */
export async function saveInvoiceByNumber(
  tx: Tx,
  actor: Actor,
  input: InvoiceInput & { type: InvoiceType; number: number },
): Promise<{ invoice: Invoice; replacedId: number | null }> {
  const standing = await invoiceWithNumber(tx, actor.businessId, INVOICE_TYPE_CODE[input.type], input.number).executeTakeFirst();
  const replacedId = standing ? Number(standing.id) : null;
  if (replacedId !== null) await voidInvoice(tx, actor, replacedId);
  const invoice = await postInvoice(tx, actor, input);
  if (replacedId !== null) await movePaymentsToInvoice(tx, actor, replacedId, invoice.id);
  return { invoice, replacedId };
}

/** The invoice of a type and number: the posted one, else the latest voided one (numbers repeat only after a void). */
export async function findInvoiceByNumber(db: Kysely<DB>, actor: Actor, type: InvoiceType, number: number): Promise<Invoice | null> {
  const row = await invoiceByNumber(db, actor.businessId, INVOICE_TYPE_CODE[type], number).executeTakeFirst();
  return row ? getInvoice(db, actor, Number(row.id)) : null;
}
