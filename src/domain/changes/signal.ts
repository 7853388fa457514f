import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * After-commit wake-ups of the change hook's deliverer: transact() calls changesCommitted(db)
 * once a transaction that queued a delivery has committed; each deliverer listens for its own
 * database. No listener: nothing happens (the deliverer's start-up pass finds the rows).
 */
const listeners = new Map<Kysely<DB>, Set<() => void>>();

export function onChangesCommitted(db: Kysely<DB>, fn: () => void): () => void {
  const set = listeners.get(db) ?? new Set();
  set.add(fn);
  listeners.set(db, set);
  return () => {
    set.delete(fn);
    if (set.size === 0) listeners.delete(db);
  };
}

export function changesCommitted(db: Kysely<DB>): void {
  for (const fn of listeners.get(db) ?? []) fn();
}
