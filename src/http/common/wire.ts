import { Type } from 'typebox';
import { fail } from '../../domain/errors.js';
import { Dec, type Dec as Decimal } from '../../domain/shared/money.js';
import { toAsciiDigits } from '../../domain/shared/text.js';

/**
 * Lenient readers for wire values. Clients send numbers as JSON numbers or numeric strings
 * (with Persian or Arabic-Indic digits), booleans in several spellings, and "" or null for
 * "not given". Each reader returns undefined for "not given" and throws a validation error
 * naming the field for anything it cannot read.
 */

/** JSON schemas for such fields, so the OpenAPI document shows what is accepted. */
export const NumLike = (opts: { description?: string } = {}) =>
  Type.Union([Type.Number(), Type.String({ maxLength: 64 }), Type.Null()], opts);
export const BoolLike = (opts: { description?: string } = {}) =>
  Type.Union([Type.Boolean(), Type.Number(), Type.String({ maxLength: 8 }), Type.Null()], opts);
export const Text = (max = 1000, opts: { description?: string } = {}) => Type.Union([Type.String({ maxLength: max }), Type.Null()], opts);

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)$/;

export function isAbsent(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

export function readDecimal(v: unknown, field: string): Decimal | undefined {
  if (isAbsent(v)) return undefined;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw fail.validation(field, `«${field}» باید عدد باشد`, `${field} must be a number`);
    return new Dec(v);
  }
  if (typeof v === 'string') {
    const s = toAsciiDigits(v.trim()).replace(/[,\u066C\u060C]/g, '').replace(/\u066B/g, '.');
    if (!NUMERIC.test(s) || s.replace(/\D/g, '').length > 30) throw fail.validation(field, `«${field}» باید عدد باشد`, `${field} must be a number`);
    return new Dec(s);
  }
  throw fail.validation(field, `«${field}» باید عدد باشد`, `${field} must be a number`);
}

export function readInt(v: unknown, field: string): number | undefined {
  const d = readDecimal(v, field);
  if (d === undefined) return undefined;
  if (!d.isInteger() || d.abs().gt(Number.MAX_SAFE_INTEGER)) {
    throw fail.validation(field, `«${field}» باید عدد صحیح باشد`, `${field} must be an integer`);
  }
  return d.toNumber();
}

/** An id: a positive integer. */
export function readId(v: unknown, field: string): number | undefined {
  const n = readInt(v, field);
  if (n !== undefined && n < 0) throw fail.validation(field, `شناسه «${field}» نامعتبر است`, `${field} must be a positive integer`);
  return n;
}

export function readBool(v: unknown, field: string): boolean | undefined {
  if (isAbsent(v)) return undefined;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (v === 1) return true;
    if (v === 0) return false;
  }
  if (typeof v === 'string') {
    const s = toAsciiDigits(v.trim()).toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(s)) return true;
    if (['false', '0', 'no', 'off'].includes(s)) return false;
  }
  throw fail.validation(field, `«${field}» باید true یا false باشد`, `${field} must be a boolean`);
}

export function readText(v: unknown, field: string, max = 1000): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v !== 'string') throw fail.validation(field, `«${field}» باید متن باشد`, `${field} must be a string`);
  if (v.length > max) throw fail.outOfRange(field, `طول «${field}» بیش از ${max} نویسه است`, `${field} is longer than ${max} characters`);
  return v;
}
