import type { Compilable, Kysely, RawBuilder } from 'kysely';
import type { DB } from './schema.js';

/**
 * A repository's queries as reviewable SQL (Immich's sync-sql): each repository file exports
 * `SQL_SAMPLES = sqlSamples({ name: (db) => someQuery(db, 1, …) })` — one sample call of each
 * query builder with placeholder arguments. `npm run sync-sql` compiles them (nothing runs) into
 * `queries.sql` beside the file; a test fails when a snapshot is stale.
 */
export type SqlSample = (db: Kysely<DB>) => Compilable | RawBuilder<unknown>;

export function sqlSamples<T extends Record<string, SqlSample>>(samples: T): T {
  return samples;
}
