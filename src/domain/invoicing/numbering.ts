import { sql } from 'kysely';
import { raiseCounter } from '../counters.js';
import type { Tx } from '../context.js';
import { fail } from '../errors.js';
import { invoiceWithNumber } from './repository.js';
import { INVOICE_TYPE_CODE, type InvoiceType } from './types.js';
import { typeSlots } from './words.js';

/**
 * Claims the invoice number in a statement of its own, just before the posting's write statement,
 * so the type's counter row — which every posting of the type shares — is locked from there to
 * the commit (one round trip longer than when it was a CTE of the write; Citus refuses the
 * number as a subquery inside the write's INSERTs, docs/scale-out.md).
 *
 * - No number given: the next one, max(counter + 1, largest number of the type + 1), by an
 *   UPDATE of the counter row; a missing row is first seeded (insert … do nothing, no lock held).
 *   Every number ever handed out went through the counter under its row lock, so two postings
 *   never get the same one, and a rolled-back posting rolls its claim back (gapless).
 * - A client's own number: used as given, and the counter raised to it under the same lock
 *   (a duplicate is refused by the caller's check and, for a concurrent twin, by the unique key).
 */
export async function claimInvoiceNumber(tx: Tx, businessId: number, typeCode: number, wanted?: number): Promise<number> {
  const name = `invoice_no:${typeCode}`;
  if (wanted !== undefined) {
    await raiseCounter(tx, businessId, name, wanted);
    return wanted;
  }
  const claim = () => sql<{ value: string | number }>`
    update counters set value = greatest(value + 1,
      coalesce((select max(invoice_no) from invoices where business_id = ${businessId} and invoice_type = ${typeCode}), 0) + 1)
     where business_id = ${businessId} and name = ${name}
    returning value`.execute(tx);
  let r = await claim();
  if (r.rows.length === 0) {
    await sql`insert into counters (business_id, name, value) values (${businessId}, ${name}, 0)
      on conflict (business_id, name) do nothing`.execute(tx);
    r = await claim();
  }
  return Number(r.rows[0].value);
}

/**
 * A client's own number, refused when a posted invoice of the type has it (DUPLICATE on number;
 * a voided invoice's number may be taken again, migration 0280). A
 * concurrent claim of the same number is refused by the unique key at the write, with the same
 * error (writeInvoice maps it).
 */
export async function assertInvoiceNumberFree(tx: Tx, businessId: number, type: InvoiceType, wanted: number): Promise<void> {
  const taken = await invoiceWithNumber(tx, businessId, INVOICE_TYPE_CODE[type], wanted).executeTakeFirst();
  if (taken) throw fail.with('INVOICE_NUMBER_TAKEN', { field: 'number', value: wanted, ...typeSlots(type) });
}
