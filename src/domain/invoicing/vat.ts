import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { Dec, type Dec as Decimal } from '../shared/money.js';
import type { IsoDate } from '../shared/dates.js';

/**
 * Statutory VAT (مالیات بر ارزش افزوده) by date, used when a business has no rows of its own
 * in `vat_rates`: 9% until 1402/12/29 (2024-03-19), 10% from 1403/01/01 (2024-03-20).
 */
export const DEFAULT_VAT_RATES: { validFrom: IsoDate; rate: string }[] = [
  { validFrom: '1900-01-01', rate: '9' },
  { validFrom: '2024-03-20', rate: '10' },
];

export function defaultVatRate(date: IsoDate): Decimal {
  let rate = DEFAULT_VAT_RATES[0].rate;
  for (const r of DEFAULT_VAT_RATES) if (r.validFrom <= date) rate = r.rate;
  return new Dec(rate);
}

/** The VAT percent in force on `date`: the business's own table, else the statutory default. */
export async function vatRateOn(db: Kysely<DB>, businessId: number, date: IsoDate): Promise<Decimal> {
  const own = await db
    .selectFrom('vat_rates')
    .select('rate')
    .where('business_id', '=', businessId)
    .where('valid_from', '<=', date)
    .orderBy('valid_from', 'desc')
    .limit(1)
    .executeTakeFirst();
  return own ? new Dec(own.rate) : defaultVatRate(date);
}
