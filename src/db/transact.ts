import type { Kysely } from 'kysely';
import type { DB } from './schema.js';
import type { Tx } from '../domain/context.js';
import { isRetryable } from './connection.js';

const MAX_ATTEMPTS = 8;

/**
 * Runs `fn` in one transaction (read committed; writers lock rows in a fixed order), and runs
 * it again from the start on a serialization failure or deadlock. Nothing half-written: any
 * throw rolls the whole transaction back.
 */
export async function transact<T>(db: Kysely<DB>, fn: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(fn);
    } catch (err) {
      if (!isRetryable(err) || attempt >= MAX_ATTEMPTS) throw err;
      const backoff = Math.min(200, 5 * 2 ** attempt) * (0.5 + Math.random());
      await new Promise((r) => setTimeout(r, backoff));
    }
  }
}
