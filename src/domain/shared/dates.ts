import * as jalaali from 'jalaali-js';
import { fail } from '../errors.js';
import { toAsciiDigits } from './text.js';

/** A calendar day as ISO 'YYYY-MM-DD' (Gregorian), the stored form. */
export type IsoDate = string;

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * Reads a date as clients send it: Gregorian `YYYY-MM-DD` or Jalali `YYYY/MM/DD` (a year below
 * 1700 means Jalali, whatever the separator); Persian digits allowed; a time part is ignored.
 */
export function parseDate(input: unknown, field: string): IsoDate {
  if (typeof input !== 'string') throw fail.validation(field, `تاریخ «${field}» باید رشته باشد`, `${field} must be a date string`);
  const s = toAsciiDigits(input.trim());
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ].*)?$/.exec(s);
  if (!m) throw fail.validation(field, `تاریخ «${field}» نامعتبر است (قالب YYYY-MM-DD یا YYYY/MM/DD)`, `${field} is not a valid date`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1700) {
    if (!jalaali.isValidJalaaliDate(y, mo, d)) throw fail.validation(field, `تاریخ شمسی «${field}» نامعتبر است`, `${field} is not a valid Jalali date`);
    const g = jalaali.toGregorian(y, mo, d);
    return `${g.gy}-${pad2(g.gm)}-${pad2(g.gd)}`;
  }
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d || y > 9999) {
    throw fail.validation(field, `تاریخ «${field}» نامعتبر است`, `${field} is not a valid date`);
  }
  return `${y}-${pad2(mo)}-${pad2(d)}`;
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
