import * as jalaali from 'jalaali-js';
import { fail } from '../errors.js';
import { toAsciiDigits } from './text.js';

/** A calendar day as ISO 'YYYY-MM-DD' (Gregorian), the stored form. */
export type IsoDate = string;

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The days Daftar can read and show: Jalali years 1–3177 (the range of the Jalali arithmetic). */
export const JALALI_MIN_YEAR = 1;
export const JALALI_MAX_YEAR = 3177;

// YYYY-MM-DD or YYYY/MM/DD, then optionally a time of day and optionally its UTC offset.
const DATE_TEXT = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

const invalid = (field: string) => fail.with('DATE_INVALID', { field });

/**
 * Reads a date as clients send it: Gregorian `YYYY-MM-DD` or Jalali `YYYY/MM/DD` (a year below
 * 1700 means Jalali, whatever the separator); Persian digits allowed. A time of day may follow
 * (`T10:30`, ` 10:30:00`): without a UTC offset it is Tehran wall time and only the day counts;
 * with one (`Z`, `-05:00`) it is an instant, booked on its calendar day in Tehran. Anything
 * else, and any day outside Jalali years 1–3177, is a validation error naming the field.
 */
export function parseDate(input: unknown, field: string): IsoDate {
  if (typeof input !== 'string') throw fail.with('DATE_NOT_TEXT', { field });
  const m = DATE_TEXT.exec(toAsciiDigits(input.trim()));
  if (!m) throw invalid(field);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let iso: IsoDate;
  if (y < 1700) {
    if (!jalaali.isValidJalaaliDate(y, mo, d)) throw fail.with('DATE_JALALI_INVALID', { field });
    const g = jalaali.toGregorian(y, mo, d);
    iso = isoOf(g.gy, g.gm, g.gd);
  } else {
    const dt = new Date(Date.UTC(y, mo - 1, d));
    if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) throw invalid(field);
    iso = isoOf(y, mo, d);
  }
  if (m[4] !== undefined) {
    const [h, mi, sec] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
    if (h > 23 || mi > 59 || sec > 59) throw invalid(field);
    if (m[7] !== undefined) {
      const offset = offsetMinutes(m[7]);
      if (offset === null) throw invalid(field);
      const [gy, gm, gd] = iso.split('-').map(Number);
      const utc = Date.UTC(gy, gm - 1, gd, h, mi, sec) - offset * 60_000;
      iso = tehranDayOf(utc);
    }
  }
  if (!inJalaliRange(iso)) {
    throw fail.with('DATE_OUTSIDE_CALENDAR', { field, minYear: JALALI_MIN_YEAR, maxYear: JALALI_MAX_YEAR });
  }
  return iso;
}

function isoOf(y: number, m: number, d: number): IsoDate {
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

/** `Z`, `+03:30`, `-0500`, `+04` → minutes east of UTC; null past ±14:00. */
function offsetMinutes(z: string): number | null {
  if (z.toUpperCase() === 'Z') return 0;
  const digits = z.slice(1).replace(':', '');
  const h = Number(digits.slice(0, 2));
  const mi = Number(digits.slice(2) || 0);
  if (mi > 59 || h * 60 + mi > 14 * 60) return null;
  return (z[0] === '-' ? -1 : 1) * (h * 60 + mi);
}

let tehranClock: Intl.DateTimeFormat | undefined;

/** Tehran's UTC offset at an instant, in minutes, from the time-zone database (DST until 2022). */
function tehranOffsetMinutes(utcMs: number): number {
  tehranClock ??= new Intl.DateTimeFormat('en-US', {
    timeZone: 'Asia/Tehran', hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
  });
  const p = Object.fromEntries(tehranClock.formatToParts(new Date(utcMs)).map((x) => [x.type, Number(x.value)]));
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  const offset = Math.round((wall - Math.floor(utcMs / 60_000) * 60_000) / 60_000);
  // Far from today the formatter may switch calendars (Julian before 1582): the modern offset then.
  return Math.abs(offset) <= 5 * 60 ? offset : 210;
}

/** The calendar day in Tehran of an instant. */
function tehranDayOf(utcMs: number): IsoDate {
  const t = new Date(utcMs + tehranOffsetMinutes(utcMs) * 60_000);
  return isoOf(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Whether a Gregorian day lies in the Jalali years the calendar arithmetic supports. */
export function inJalaliRange(iso: IsoDate): boolean {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  if (!Number.isInteger(y) || y < 600 || y > 3800) return false;
  try {
    const jy = jalaali.toJalaali(y, m, d).jy;
    return jy >= JALALI_MIN_YEAR && jy <= JALALI_MAX_YEAR;
  } catch {
    return false; // past the Jalali arithmetic's own range
  }
}

/** ISO Gregorian day → Jalali 'YYYY/MM/DD'. */
export function toJalali(iso: IsoDate): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  const j = jalaali.toJalaali(y, m, d);
  return `${j.jy}/${pad2(j.jm)}/${pad2(j.jd)}`;
}

export function jalaliYearOf(iso: IsoDate): number {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return jalaali.toJalaali(y, m, d).jy;
}

/** First and last Gregorian day of a Jalali year (1 Farvardin to 29/30 Esfand). */
export function jalaliYearRange(jy: number): { start: IsoDate; end: IsoDate } {
  const s = jalaali.toGregorian(jy, 1, 1);
  const lastDay = jalaali.isLeapJalaaliYear(jy) ? 30 : 29;
  const e = jalaali.toGregorian(jy, 12, lastDay);
  return { start: `${s.gy}-${pad2(s.gm)}-${pad2(s.gd)}`, end: `${e.gy}-${pad2(e.gm)}-${pad2(e.gd)}` };
}

let tehranDay: Intl.DateTimeFormat | undefined;

/** Today as ISO in Iran's time zone (documents are dated by the business's calendar day). */
export function todayIso(now = new Date()): IsoDate {
  // Building an Intl formatter costs ~0.5 ms: one, made on first use.
  tehranDay ??= new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tehran', year: 'numeric', month: '2-digit', day: '2-digit' });
  return tehranDay.format(now);
}
