import {
  isShebaValid,
  verifyCardNumber,
  verifyIranianLegalId,
  verifyIranianNationalId,
} from '@persian-tools/persian-tools';
import { fail } from '../errors.js';
import { toAsciiDigits } from './text.js';

/** Iranian identifiers (accounting.md): each returns the canonical stored form or throws a
 * validation error naming `field`. Empty input is "not given" and returns ''. */

const digits = (v: string) => toAsciiDigits(v).replace(/[\s-]/g, '');

export function nationalCode(v: string, field: string): string {
  const d = digits(v);
  if (d === '') return '';
  if (!/^\d{10}$/.test(d) || /^(\d)\1{9}$/.test(d) || !verifyIranianNationalId(d)) {
    throw fail.with('NATIONAL_CODE_INVALID', { field });
  }
  return d;
}

export function legalNationalId(v: string, field: string): string {
  const d = digits(v);
  if (d === '') return '';
  if (!/^\d{11}$/.test(d) || !verifyIranianLegalId(d)) {
    throw fail.with('LEGAL_NATIONAL_ID_INVALID', { field });
  }
  return d;
}

/** Economic code: 14 digits for a person (national code + 4), 11 or 12 for a legal entity. */
export function economicCode(v: string, field: string): string {
  const d = digits(v);
  if (d === '') return '';
  if (!/^(\d{11}|\d{12}|\d{14})$/.test(d)) {
    throw fail.with('ECONOMIC_CODE_INVALID', { field });
  }
  return d;
}

export function sheba(v: string, field: string): string {
  let s = toAsciiDigits(v).replace(/[\s-]/g, '').toUpperCase();
  if (s === '') return '';
  if (/^\d{24}$/.test(s)) s = 'IR' + s;
  if (!/^IR\d{24}$/.test(s) || !isShebaValid(s)) {
    throw fail.with('SHEBA_INVALID', { field });
  }
  return s;
}

export function cardNumber(v: string, field: string): string {
  const d = digits(v);
  if (d === '') return '';
  if (!/^\d{16}$/.test(d) || !verifyCardNumber(Number(d))) {
    throw fail.with('CARD_NUMBER_INVALID', { field });
  }
  return d;
}

/** Mobile: 09 + 9 digits; +989…/989…/00989… accepted and stored as 09…. */
export function mobile(v: string, field: string): string {
  let d = toAsciiDigits(v).replace(/[\s\-()]/g, '');
  if (d === '') return '';
  d = d.replace(/^\+/, '');
  if (/^(0098|98)9\d{9}$/.test(d)) d = '0' + d.slice(d.length - 10);
  else if (/^9\d{9}$/.test(d)) d = '0' + d;
  if (!/^09\d{9}$/.test(d)) {
    throw fail.with('MOBILE_INVALID', { field });
  }
  return d;
}

export function postalCode(v: string, field: string): string {
  const d = digits(v);
  if (d === '') return '';
  if (!/^\d{10}$/.test(d)) throw fail.with('POSTAL_CODE_INVALID', { field });
  return d;
}

export function email(v: string, field: string): string {
  const s = v.trim();
  if (s === '') return '';
  if (s.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s)) {
    throw fail.with('EMAIL_INVALID', { field });
  }
  return s;
}
