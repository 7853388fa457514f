import { Type } from 'typebox';
import { fail } from '../../domain/errors.js';
import { Dec, assertSize, type Dec as Decimal } from '../../domain/shared/money.js';
import { toAsciiDigits } from '../../domain/shared/text.js';

/**
 * Lenient readers for wire values. Clients send numbers as JSON numbers or numeric strings
 * (with Persian or Arabic-Indic digits), booleans in several spellings, and "" or null for
 * "not given". Each reader returns undefined for "not given" and throws a validation error
 * naming the field for anything it cannot read.
 */

/**
 * JSON schemas for such fields, so the OpenAPI document shows what is accepted. The string
 * branch comes first: ajv coerces to the first type that fits, and a string must reach
 * readDecimal as sent (coercing to number read "0x10" as 16, " 12 " as 12 and true as 1).
 */
export const NumLike = (opts: { description?: string } = {}) =>
  Type.Union([Type.String({ maxLength: 64 }), Type.Number(), Type.Null()], opts);
export const BoolLike = (opts: { description?: string } = {}) =>
  Type.Union([Type.Boolean(), Type.Number(), Type.String({ maxLength: 8 }), Type.Null()], opts);
export const Text = (max = 1000, opts: { description?: string } = {}) => Type.Union([Type.String({ maxLength: max }), Type.Null()], opts);
/** An optional query-string parameter (read later by readId/readInt/readText, which name it when refused). */
export const QueryText = (max: number) => Type.Optional(Type.String({ maxLength: max }));
/** `?offset=&limit=` of the list calls. */
export const PagingQuery = { offset: QueryText(12), limit: QueryText(12) };
/** Optional number-like wire fields, one per name. */
export const optionalNumbers = <K extends string>(...names: K[]) => Object.fromEntries(names.map((n) => [n, Type.Optional(NumLike())])) as Record<K, ReturnType<typeof Type.Optional<ReturnType<typeof NumLike>>>>;

/** Optional text fields of the body (nullable), name → maximum length. */
export const optionalTexts = <K extends string>(spec: Record<K, number>) =>
  Object.fromEntries(Object.entries<number>(spec).map(([k, max]) => [k, Type.Optional(Text(max))])) as Record<K, ReturnType<typeof Type.Optional<ReturnType<typeof Text>>>>;
/** Optional query-string filters, name → maximum length. */
export const optionalStrings = <K extends string>(spec: Record<K, number>) =>
  Object.fromEntries(Object.entries<number>(spec).map(([k, max]) => [k, QueryText(max)])) as Record<K, ReturnType<typeof QueryText>>;
/** Optional boolean-like fields, one per name. */
export const optionalBools = <K extends string>(...names: K[]) => Object.fromEntries(names.map((n) => [n, Type.Optional(BoolLike())])) as Record<K, ReturnType<typeof Type.Optional<ReturnType<typeof BoolLike>>>>;

/** The fields that were given (not undefined): a wire body read field by field into a domain input. */
export function given<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)$/;
// Thousands separators (٬ or ",", as Chortke's own examples write "1,250,000") only between
// proper groups of three digits: "1,5" is a European 1.5 or a typo, never 15.
const GROUPED = /^[+-]?\d{1,3}([,\u066C]\d{3})+([.\u066B]\d*)?$/;

export function isAbsent(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

const notANumber = (field: string, sent: string) => fail.with('NOT_A_NUMBER', { field, sent });

/**
 * The one strict reader of numbers (platform.md, "Reading numbers"): a JSON number (the body
 * parser keeps its source text when a double cannot hold it), or a string holding a plain
 * decimal in ASCII, Persian or Arabic-Indic digits, with ٫ as the decimal point and ٬ or ","
 * between groups of three. Anything ambiguous is refused naming the field: "1,5", "0x10", "1e3",
 * " 12 ", true, NaN, Infinity. More than 18 integer digits is OUT_OF_RANGE naming the field.
 */
export function readDecimal(v: unknown, field: string): Decimal | undefined {
  if (isAbsent(v)) return undefined;
  let d: Decimal;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw notANumber(field, String(v));
    d = new Dec(v);
  } else if (typeof v === 'string') {
    let s = toAsciiDigits(v);
    if (GROUPED.test(s)) s = s.replace(/[,\u066C]/g, '');
    s = s.replace(/\u066B/, '.');
    if (!NUMERIC.test(s) || s.length > 1000) throw notANumber(field, JSON.stringify(v.slice(0, 40)));
    d = new Dec(s);
  } else {
    throw notANumber(field, JSON.stringify(v) ?? typeof v);
  }
  return assertSize(d, field);
}

export function readInt(v: unknown, field: string): number | undefined {
  const d = readDecimal(v, field);
  if (d === undefined) return undefined;
  if (!d.isInteger() || d.abs().gt(Number.MAX_SAFE_INTEGER)) {
    throw fail.with('NOT_AN_INTEGER', { field });
  }
  return d.toNumber();
}

/** An id: a positive integer. */
export function readId(v: unknown, field: string): number | undefined {
  const n = readInt(v, field);
  if (n !== undefined && n < 0) throw fail.with('NOT_AN_ID', { field });
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
  throw fail.with('NOT_A_BOOLEAN', { field });
}

export function readText(v: unknown, field: string, max = 1000): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v !== 'string') throw fail.with('NOT_TEXT', { field });
  if (v.length > max) throw fail.with('TEXT_TOO_LONG', { field, max });
  return v;
}
