import { Decimal } from 'decimal.js';
import { fail } from '../errors.js';

/**
 * Exact decimal arithmetic for money and quantities. Never JS floating point: values arrive
 * as strings (numeric columns) or are parsed from the wire into Decimal at the edge.
 */
export const Dec = Decimal.clone({ precision: 50, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 });
export type Dec = Decimal;
export type DecValue = Decimal.Value;

export const ZERO = new Dec(0);

export function dec(v: DecValue): Decimal {
  return new Dec(v);
}

/** Half-up rounding to the currency's decimals (Rial: 0). */
export function roundMoney(v: Decimal, decimals = 0): Decimal {
  return v.toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP);
}

/** Quantities keep up to 4 decimals. */
export function roundQty(v: Decimal): Decimal {
  return v.toDecimalPlaces(4, Decimal.ROUND_HALF_UP);
}

/** The canonical string stored in numeric columns. */
export function toDb(v: Decimal): string {
  return v.toFixed();
}

/**
 * A number for the wire that a double cannot hold exactly (beyond 2^53, or more than 15
 * significant digits): the reply serializer (`src/http/common/json.ts`) writes its exact
 * digits as a JSON number token. `toJSON` (any other serializer) gives the digits as a string.
 */
export class ExactNumber {
  constructor(readonly text: string) {}
  toJSON(): string {
    return this.text;
  }
}

export type WireNumber = number | ExactNumber;

/** A JSON number for the wire, exact: a plain JS number when the double holds the value
 * exactly (every ordinary amount), else an ExactNumber carrying the decimal's digits. */
export function toWire(v: DecValue | null | undefined): WireNumber {
  if (v === null || v === undefined) return 0;
  const d = new Dec(v);
  const n = d.toNumber();
  if (d.sd(true) <= 15 || new Dec(n).eq(d)) return n;
  return new ExactNumber(d.toFixed());
}

/** Amounts and quantities have at most 18 integer digits: every stored column (numeric(24, 4))
 * keeps them exactly, with room for the totals of a document and for running balances. */
export const MAX_INTEGER_DIGITS = 18;
const SIZE_LIMIT = new Dec(10).pow(MAX_INTEGER_DIGITS);

/** Refuses a value with more than 18 integer digits, naming the field (never a database error). */
export function assertSize(v: Decimal, field: string): Decimal {
  if (v.abs().gte(SIZE_LIMIT)) throw fail.with('AMOUNT_TOO_MANY_DIGITS', { field, maxDigits: MAX_INTEGER_DIGITS });
  return v;
}
