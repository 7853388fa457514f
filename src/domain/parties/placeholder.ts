import { toAsciiDigits } from '../shared/text.js';

/**
 * Chortke's documentation placeholders (docs/chortke.md, "Identifiers"). Chortke's own
 * example person sends a sheba "12341234123412341234", a card number "1234123412341234"
 * and an economic code "12345": none is a valid identifier, yet the example must be accepted as
 * written. Rule: in these three fields only, a value made only of the documentation's digit
 * runs — a prefix (5 digits or more) of "1234567890…" or of "12341234…" — is a placeholder:
 * stored as written in chortke_unverified_fields and read back, never in the party's verified
 * identifier columns (so Siba and reports never see it). Anything else must be a valid
 * identifier (400 naming the field otherwise).
 */
export const UNVERIFIABLE_FIELDS = ['sheba', 'cardNumber', 'economicCode'] as const;
export type UnverifiableField = (typeof UNVERIFIABLE_FIELDS)[number];

const ASCENDING = '1234567890'.repeat(4);
const BLOCKS = '1234'.repeat(10);

export function isPlaceholder(value: string): boolean {
  const d = toAsciiDigits(value).replace(/[\s-]/g, '');
  if (!/^\d{5,40}$/.test(d)) return false;
  return ASCENDING.startsWith(d) || BLOCKS.startsWith(d);
}

