import { Decimal } from 'decimal.js';

/**
 * JSON writer for Moadian documents: a Decimal is written as a JSON number token of its exact
 * digits (amounts reach 18 integer digits, beyond a double), never through a float. Absent
 * (undefined) fields are omitted, as the TICS example and the .NET SDK do (spec §1.1).
 */
export function moadianJson(value: unknown): string {
  if (value === null) return 'null';
  if (Decimal.isDecimal(value)) return (value as Decimal).toFixed();
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError('moadianJson: unsafe JS number (use a Decimal)');
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(moadianJson).join(',')}]`;
  if (typeof value === 'object') {
    const parts = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}:${moadianJson(v)}`);
    return `{${parts.join(',')}}`;
  }
  throw new TypeError(`moadianJson: cannot write ${typeof value}`);
}
