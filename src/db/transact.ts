import type { Kysely } from 'kysely';
import type { DB } from './schema.js';
import type { Tx } from '../domain/context.js';
import { isRetryable } from './connection.js';
import { deferChanges, flushChanges } from '../domain/changes/changes.js';
import { changesCommitted } from '../domain/changes/signal.js';

const MAX_ATTEMPTS = 8;

/**
 * Runs `fn` in one transaction (read committed; writers lock rows in a fixed order), and runs
 * it again from the start on a serialization failure or deadlock. Nothing half-written: any
 * throw rolls the whole transaction back. The changes it recorded (the change feed) are written
 * as its last statement, and a queued change-hook delivery wakes the deliverer after the commit.
 */
export async function transact<T>(db: Kysely<DB>, fn: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      let queued = false;
      const result = await db.transaction().execute(async (tx) => {
        deferChanges(tx);
        const r = await fn(tx);
        // The change feed's rows go last: their ids are drawn under a lock held to the commit.
        queued = await flushChanges(tx);
        return r;
      });
      // After the commit: wake the change hook's deliverer (never inside the transaction).
      if (queued) changesCommitted(db);
      return result;
    } catch (err) {
      if (!isRetryable(err) || attempt >= MAX_ATTEMPTS) throw err;
      const backoff = Math.min(200, 5 * 2 ** attempt) * (0.5 + Math.random());
      await new Promise((r) => setTimeout(r, backoff));
    }
  }
}
