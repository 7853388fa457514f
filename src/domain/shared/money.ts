import { Decimal } from 'decimal.js';

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

/** A JSON number for the wire. Amounts and quantities fit a double exactly in practice
 * (Rial amounts < 2^53); the arithmetic never happened in floating point. */
export function toWire(v: DecValue | null | undefined): number {
  if (v === null || v === undefined) return 0;
  return new Dec(v).toNumber();
}
