import type { Actor, Tx } from '../context.js';
import { codeKey } from '../shared/text.js';
import { createParty, findPartyByCode, updateParty } from './parties.js';
import { lockPartyCode } from './repository.js';
import type { Party, PartyInput } from './types.js';

/**
 * Save by code (every surface's "update when it exists, else create"): a known code updates the
 * party (only the fields sent; the code stays as stored), an unknown or absent one creates it
 * with `forCreate()` (which throws when a field a create needs is missing). The code key is
 * locked for the transaction first, so concurrent saves of one new code run one after another
 * and the later ones update the party the first created instead of failing on the unique key
 * (issue 18 point 10).
 */
export async function savePartyByCode(
  tx: Tx,
  actor: Actor,
  item: { code?: string; input: PartyInput; forCreate: () => Promise<PartyInput> },
): Promise<{ party: Party; created: boolean }> {
  const key = item.code === undefined ? '' : codeKey(item.code);
  if (key !== '') {
    await lockPartyCode(actor.businessId, key).execute(tx);
    const existing = await findPartyByCode(tx, actor, item.code!);
    if (existing) {
      const { code: _code, ...changes } = item.input;
      return { party: await updateParty(tx, actor, existing.id, changes), created: false };
    }
  }
  return { party: await createParty(tx, actor, await item.forCreate()), created: true };
}
