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
    throw fail.validation(field, `کد ملی «${field}» نامعتبر است`, `${field} is not a valid national code`);
  }
  return d;
}

export function legalNationalId(v: string, field: string): string {
  const d = digits(v);
  if (d === '') return '';
  if (!/^\d{11}$/.test(d) || !verifyIranianLegalId(d)) {
    throw fail.validation(field, `شناسه ملی «${field}» نامعتبر است`, `${field} is not a valid legal national id`);
  }
  return d;
}

/** Economic code: 14 digits for a person (national code + 4), 11 or 12 for a legal entity. */
export function economicCode(v: string, field: string): string {
  const d = digits(v);
  if (d === '') return '';
  if (!/^(\d{11}|\d{12}|\d{14})$/.test(d)) {
    throw fail.validation(field, `کد اقتصادی «${field}» باید ۱۱، ۱۲ یا ۱۴ رقم باشد`, `${field} is not a valid economic code`);
  }
  return d;
}

export function sheba(v: string, field: string): string {
  let s = toAsciiDigits(v).replace(/[\s-]/g, '').toUpperCase();
  if (s === '') return '';
  if (/^\d{24}$/.test(s)) s = 'IR' + s;
  if (!/^IR\d{24}$/.test(s) || !isShebaValid(s)) {
    throw fail.validation(field, `شماره شبا «${field}» نامعتبر است`, `${field} is not a valid Sheba number`);
  }
  return s;
}

export function cardNumber(v: string, field: string): string {
  const d = digits(v);
  if (d === '') return '';
  if (!/^\d{16}$/.test(d) || !verifyCardNumber(Number(d))) {
    throw fail.validation(field, `شماره کارت «${field}» نامعتبر است`, `${field} is not a valid card number`);
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
    throw fail.validation(field, `شماره موبایل «${field}» نامعتبر است (۰۹ و ۹ رقم)`, `${field} is not a valid mobile number`);
  }
  return d;
}

export function postalCode(v: string, field: string): string {
  const d = digits(v);
  if (d === '') return '';
  if (!/^\d{10}$/.test(d)) throw fail.validation(field, `کد پستی «${field}» باید ۱۰ رقم باشد`, `${field} must be 10 digits`);
  return d;
}

export function email(v: string, field: string): string {
  const s = v.trim();
  if (s === '') return '';
  if (s.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s)) {
    throw fail.validation(field, `ایمیل «${field}» نامعتبر است`, `${field} is not a valid email`);
  }
  return s;
}
