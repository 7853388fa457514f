import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, Tx } from '../context.js';
import { toAsciiDigits } from '../shared/text.js';
import { authorize } from '../auth/permissions.js';
import * as repo from './repository.js';

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

/** Sets (value) or clears (null) the placeholder of each field given, for one party. */
export async function saveUnverified(tx: Tx, businessId: number, partyId: number, values: Partial<Record<UnverifiableField, string | null>>): Promise<void> {
  for (const field of UNVERIFIABLE_FIELDS) {
    if (!(field in values)) continue;
    const value = values[field];
    await repo.deleteUnverifiedValue(tx, businessId, partyId, field).execute();
    if (value) await repo.insertUnverifiedValue(tx, businessId, partyId, field, value).execute();
  }
}

/** party id → field → placeholder, for the parties listed. */
export async function loadUnverified(db: Kysely<DB>, actor: Actor, partyIds: number[]): Promise<Map<number, Partial<Record<UnverifiableField, string>>>> {
  authorize(actor, 'party.read');
  const out = new Map<number, Partial<Record<UnverifiableField, string>>>();
  if (partyIds.length === 0) return out;
  for (const r of await repo.unverifiedOfParties(db, actor.businessId, partyIds).execute()) {
    const m = out.get(Number(r.party_id)) ?? {};
    m[r.field as UnverifiableField] = r.value;
    out.set(Number(r.party_id), m);
  }
  return out;
}
