import { sql } from 'kysely';
import type { Tx } from '../context.js';
import { jalaliYearOf, jalaliYearRange, type IsoDate } from '../shared/dates.js';

/** The Jalali fiscal year containing `date`, created on first use (1 Farvardin – 29/30 Esfand). */
export async function fiscalYearFor(tx: Tx, businessId: number, date: IsoDate): Promise<{ id: number; jalaliYear: number }> {
  const jy = jalaliYearOf(date);
  const found = await tx
    .selectFrom('fiscal_years')
    .select(['id'])
    .where('business_id', '=', businessId)
    .where('jalali_year', '=', jy)
    .executeTakeFirst();
  if (found) return { id: Number(found.id), jalaliYear: jy };
  const { start, end } = jalaliYearRange(jy);
  const r = await sql<{ id: number }>`
    insert into fiscal_years (business_id, jalali_year, title, start_date, end_date)
    values (${businessId}, ${jy}, ${'سال مالی ' + jy}, ${start}, ${end})
    on conflict (business_id, jalali_year) do update set title = fiscal_years.title
    returning id`.execute(tx);
  return { id: Number(r.rows[0].id), jalaliYear: jy };
}

/** The business's first fiscal year (where opening balances live). */
export async function firstFiscalYear(tx: Tx, businessId: number): Promise<{ id: number; startDate: IsoDate; jalaliYear: number } | null> {
  const r = await tx
    .selectFrom('fiscal_years')
    .select(['id', 'start_date', 'jalali_year'])
    .where('business_id', '=', businessId)
    .orderBy('jalali_year')
    .executeTakeFirst();
  return r ? { id: Number(r.id), startDate: String(r.start_date), jalaliYear: r.jalali_year } : null;
}
