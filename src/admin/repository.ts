import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { sqlSamples } from '../db/sql-samples.js';

/** The SQL of the admin commands (everything else they do goes through domain functions). */

/** A user of a business by the normalised login name. */
export function userIdByName(db: Kysely<DB>, businessId: number, userNameNorm: string) {
  return db.selectFrom('users').select('id').where('business_id', '=', businessId).where('user_name_norm', '=', userNameNorm);
}

/**
 * Whether the database was ever migrated: `verify` may be pointed at any database, and says so
 * plainly instead of failing on a missing table (the one place a table's existence is asked).
 */
export function migratedMarker() {
  return sql<{ t: string | null }>`select to_regclass('businesses')::text as t`;
}

export const SQL_SAMPLES = sqlSamples({
  userIdByName: (db) => userIdByName(db, 1, 'ali'),
  migratedMarker: () => migratedMarker(),
});
