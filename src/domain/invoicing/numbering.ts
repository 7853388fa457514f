import { sql } from 'kysely';
import type { Tx } from '../context.js';
import { nextNumber } from '../counters.js';
import { fail } from '../errors.js';
import type { InvoiceType } from './types.js';

/**
 * Claims an invoice number, unique per business and type. Every posting of the type first takes
 * the row lock of the type's counter, so concurrent postings queue here and "max + 1" never
 * hands out one number twice; a client's own number is checked under the same lock.
 */
export async function claimInvoiceNo(tx: Tx, businessId: number, type: InvoiceType, wanted?: number): Promise<number> {
  const name = `invoice_no:${type}`;
  await sql`
    insert into counters (business_id, name, value) values (${businessId}, ${name}, 0)
    on conflict (business_id, name) do update set value = counters.value`.execute(tx);
  if (wanted !== undefined) {
    const taken = await tx
      .selectFrom('invoices')
      .select('id')
      .where('business_id', '=', businessId)
      .where('invoice_type', '=', type)
      .where('invoice_no', '=', wanted)
      .executeTakeFirst();
    if (taken) throw fail.duplicate('invoiceNo', wanted, 'فاکتور');
    return wanted;
  }
  const max = await tx
    .selectFrom('invoices')
    .select((eb) => eb.fn.max('invoice_no').as('n'))
    .where('business_id', '=', businessId)
    .where('invoice_type', '=', type)
    .executeTakeFirst();
  return nextNumber(tx, businessId, name, Number(max?.n ?? 0));
}
