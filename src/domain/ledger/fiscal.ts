import { sql } from 'kysely';
import type { Tx } from '../context.js';
import { fail } from '../errors.js';
import { jalaliYearOf, jalaliYearRange, todayIso, type IsoDate } from '../shared/dates.js';

/**
 * The Jalali years a document may be dated in: from `firstYear` to `yearsAhead` after the current
 * one (DAFTAR_FIRST_FISCAL_YEAR, DAFTAR_FISCAL_YEARS_AHEAD). Fiscal years are created on demand
 * only inside it, so a mistyped year (0001-01-01, 4000-01-01) cannot open a year of the books.
 */
export interface FiscalWindow {
  firstYear: number;
  yearsAhead: number;
}

export const DEFAULT_FISCAL_WINDOW: FiscalWindow = { firstYear: 1390, yearsAhead: 1 };
let configured: FiscalWindow = DEFAULT_FISCAL_WINDOW;

/** Set once at start from the configuration (buildApp). */
export function configureFiscalWindow(w: FiscalWindow): void {
  configured = w;
}

/** The first and last Jalali year documents may be dated in, today. */
export function fiscalYearWindow(now = new Date(), w = configured): { first: number; last: number } {
  return { first: w.firstYear, last: jalaliYearOf(todayIso(now)) + w.yearsAhead };
}

export function inFiscalWindow(date: IsoDate, now = new Date(), w = configured): boolean {
  const jy = jalaliYearOf(date);
  const { first, last } = fiscalYearWindow(now, w);
  return jy >= first && jy <= last;
}

/** Refuses a document date outside the fiscal window, naming the field; returns its Jalali year. */
export function assertDocumentDate(date: IsoDate, field: string, now = new Date(), w = configured): number {
  const jy = jalaliYearOf(date);
  const { first, last } = fiscalYearWindow(now, w);
  if (jy < first || jy > last) {
    throw fail.with('LEDGER_DATE_OUTSIDE_FISCAL_WINDOW', { field, year: jy, first, last });
  }
  return jy;
}

function closedYear(field: string, jy: number, closedJy: number): Error {
  return jy === closedJy
    ? fail.with('LEDGER_FISCAL_YEAR_CLOSED', { field, year: jy })
    : fail.with('LEDGER_FISCAL_YEAR_BEFORE_CLOSED', { field, year: jy, closedYear: closedJy });
}

/**
 * The open Jalali fiscal year containing a document's `date`, created on first use
 * (1 Farvardin – 29/30 Esfand) — only inside the fiscal window and never inside or before a
 * closed year. Every refusal is a validation error naming `field`.
 */
export async function fiscalYearFor(tx: Tx, businessId: number, date: IsoDate, field = 'date'): Promise<{ id: number; jalaliYear: number }> {
  const jy = assertDocumentDate(date, field);
  const found = await tx
    .selectFrom('fiscal_years')
    .select(['id', 'closed'])
    .where('business_id', '=', businessId)
    .where('jalali_year', '=', jy)
    // A share lock: a close of this year (FOR UPDATE) waits for the posting, or the posting for the close.
    .forShare()
    .executeTakeFirst();
  if (found) {
    if (found.closed) throw closedYear(field, jy, jy);
    return { id: Number(found.id), jalaliYear: jy };
  }
  const laterClosed = await tx
    .selectFrom('fiscal_years')
    .select('jalali_year')
    .where('business_id', '=', businessId)
    .where('closed', '=', true)
    .where('jalali_year', '>', jy)
    .orderBy('jalali_year', 'desc')
    .executeTakeFirst();
  if (laterClosed) throw closedYear(field, jy, laterClosed.jalali_year);
  const { start, end } = jalaliYearRange(jy);
  const r = await sql<{ id: number }>`
    insert into fiscal_years (business_id, jalali_year, title, start_date, end_date)
    values (${businessId}, ${jy}, ${'سال مالی ' + jy}, ${start}, ${end})
    on conflict (business_id, jalali_year) do update set title = fiscal_years.title
    returning id`.execute(tx);
  return { id: Number(r.rows[0].id), jalaliYear: jy };
}

/** The business's first fiscal year inside the fiscal window (where opening balances live). */
export async function firstFiscalYear(tx: Tx, businessId: number): Promise<{ id: number; startDate: IsoDate; jalaliYear: number } | null> {
  const { first, last } = fiscalYearWindow();
  const r = await tx
    .selectFrom('fiscal_years')
    .select(['id', 'start_date', 'jalali_year'])
    .where('business_id', '=', businessId)
    .where('jalali_year', '>=', first)
    .where('jalali_year', '<=', last)
    .orderBy('jalali_year')
    .executeTakeFirst();
  return r ? { id: Number(r.id), startDate: String(r.start_date), jalaliYear: r.jalali_year } : null;
}
