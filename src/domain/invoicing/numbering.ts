import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../context.js';
import { fail } from '../errors.js';
import { invoiceWithNumber } from './repository.js';
import { INVOICE_TYPE_CODE, type InvoiceType } from './types.js';
import { typeSlots } from './words.js';

/**
 * The invoice number as a data-modifying CTE named `claimed_no` (one column, `value`) of the
 * posting's one write statement, so the type's counter row — which every posting of the type
 * shares — is locked only from that statement to the commit.
 *
 * - No number given: the next one, max(counter + 1, largest number of the type + 1). Every
 *   number ever handed out went through the counter under its row lock, so two postings never
 *   get the same one.
 * - A client's own number: used as given, and the counter raised to it under the same lock
 *   (a duplicate is refused by the caller's check and, for a concurrent twin, by the unique key).
 */
export function claimInvoiceNoCte(businessId: number, typeCode: number, wanted?: number): RawBuilder<unknown> {
  const name = `invoice_no:${typeCode}`;
  if (wanted !== undefined) {
    return sql`claimed_no as (
      insert into counters (business_id, name, value) values (${businessId}, ${name}, ${wanted})
      on conflict (business_id, name) do update set value = greatest(counters.value, excluded.value)
      returning cast(${wanted} as bigint) as value)`;
  }
  return sql`claimed_no as (
    insert into counters (business_id, name, value)
    values (${businessId}, ${name},
            coalesce((select max(invoice_no) from invoices where business_id = ${businessId} and invoice_type = ${typeCode}), 0) + 1)
    on conflict (business_id, name) do update set value = greatest(counters.value + 1, excluded.value)
    returning value)`;
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
