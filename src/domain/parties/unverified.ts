import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, Tx } from '../context.js';
import { authorize } from '../auth/permissions.js';
import * as repo from './repository.js';

export { isPlaceholder, UNVERIFIABLE_FIELDS, type UnverifiableField } from './placeholder.js';
import { UNVERIFIABLE_FIELDS, type UnverifiableField } from './placeholder.js';

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
