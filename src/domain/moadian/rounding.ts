import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { selectStartsOn } from './repository.js';

/**
 * The rounding rule of an invoice's figures (docs/moadian.md "Daftar's VAT arithmetic"): Moadian
 * truncates every rial amount (IITP p.23), so from the business's Moadian start date Daftar computes
 * the line amount and the VAT by truncation too, and the voucher, the printed invoice and the JSON
 * sent agree to the rial. Before that date (or without Moadian) the rule stays half-up.
 */
export type InvoiceRounding = 'halfUp' | 'truncate';

export async function invoiceRounding(db: Kysely<DB>, businessId: number, date: string): Promise<InvoiceRounding> {
  const row = await selectStartsOn(db, businessId).executeTakeFirst();
  return row && date >= row.starts_on ? 'truncate' : 'halfUp';
}
