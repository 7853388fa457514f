import { verhoeffDigit, verhoeffValid } from './verhoeff.js';

/**
 * Moadian's taxid (spec moadian.md §2), 22 chars:
 * fiscalId(6) + hex(day)(5) + hex(serial)(10) + Verhoeff digit over the decimal control string.
 * `day` is the UTC day number of the issue instant (ms / 86400000), never a Tehran wall-clock date:
 * the server checks that it equals indatim's day.
 */
export const MAX_SERIAL = 999_999_999_999n;
const FISCAL_ID = /^[A-Z0-9]{6}$/;

export function utcDayNumber(issuedAtMs: number): number {
  return Math.floor(issuedAtMs / 86_400_000);
}

/** The fiscal id with each letter replaced by its ASCII code ('A' → "65"). */
function fiscalDecimal(fiscalId: string): string {
  return [...fiscalId].map((ch) => (/\d/.test(ch) ? ch : String(ch.charCodeAt(0)))).join('');
}

export function taxidControlString(fiscalId: string, day: number, serial: bigint): string {
  return fiscalDecimal(fiscalId) + String(day).padStart(6, '0') + serial.toString().padStart(12, '0');
}

export interface TaxidInput {
  fiscalId: string;
  issuedAtMs: number;
  serial: bigint | number;
}

export function makeTaxid(input: TaxidInput): string {
  const fiscalId = input.fiscalId.toUpperCase(); // upper-case first: 'a' (97) would change the check digit
  const serial = BigInt(input.serial);
  if (!FISCAL_ID.test(fiscalId)) throw new RangeError('taxid: fiscal id must be 6 letters/digits');
  if (serial < 0n || serial > MAX_SERIAL) throw new RangeError('taxid: serial out of range');
  if (!Number.isSafeInteger(input.issuedAtMs) || input.issuedAtMs < 0) throw new RangeError('taxid: bad instant');
  const day = utcDayNumber(input.issuedAtMs);
  const check = verhoeffDigit(taxidControlString(fiscalId, day, serial));
  return (fiscalId + day.toString(16).padStart(5, '0') + serial.toString(16).padStart(10, '0') + check).toUpperCase();
}

export interface ParsedTaxid {
  fiscalId: string;
  day: number;
  serial: bigint;
}

/** Parses and checks a taxid (format + check digit); null when invalid. */
export function parseTaxid(taxid: string): ParsedTaxid | null {
  const m = /^([A-Z0-9]{6})([0-9A-F]{5})([0-9A-F]{10})([0-9])$/.exec(taxid.toUpperCase());
  if (!m) return null;
  const [, fiscalId, dayHex, serialHex, check] = m as unknown as [string, string, string, string, string];
  const day = parseInt(dayHex, 16);
  const serial = BigInt('0x' + serialHex);
  if (serial > MAX_SERIAL) return null;
  if (!verhoeffValid(taxidControlString(fiscalId, day, serial) + check)) return null;
  return { fiscalId, day, serial };
}

/** The internal serial `inno`: hex of the taxid serial, 10 digits (IITP §8-5). */
export function innoOf(serial: bigint | number): string {
  return BigInt(serial).toString(16).padStart(10, '0').toUpperCase();
}
