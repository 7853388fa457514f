import fs from 'node:fs';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { liftCommitWarnings } from './citus-commit-errors.js';
import type { DirLock } from './dir-lock.js';
import { PGliteDialect } from './pglite-dialect.js';
import type { DB } from './schema.js';

export type DatabaseKind = 'pglite' | 'postgres';

/** The one data layer: Kysely over either embedded PGlite or a PostgreSQL pool. */
export interface Database {
  kind: DatabaseKind;
  db: Kysely<DB>;
  /** Human-readable location of the data, for start-up messages (never includes a password). */
  location: string;
  /** The PGlite instance, when embedded (for dumps in tests). */
  pglite?: PGlite;
  /** PGlite data directory: the lock this process holds on it (src/db/dir-lock.ts). */
  dirLock?: DirLock;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string;
  /** PGlite data directory; undefined = in memory. */
  dataDir?: string;
  /** PGlite: start from a dump (tests clone a migrated template this way). */
  loadDataDir?: Blob | File;
  poolSize?: number;
  onPoolError?: (err: Error) => void;
}

const INT8 = 20;
const DATE = 1082;

// Identifiers are bigint in SQL and stay well below 2^53: read them as numbers.
// Dates are calendar days: keep them as 'YYYY-MM-DD' strings, never shifted by a time zone.
pg.types.setTypeParser(INT8, (v: string) => Number(v));
pg.types.setTypeParser(DATE, (v: string) => v);

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30_000,
    });
    // A dropped connection (database restart) must not crash the process; the pool reconnects.
    pool.on('error', (err) => opts.onPoolError?.(err));
    pool.on('connect', liftCommitWarnings);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return {
      kind: 'postgres',
      db,
      location: redactUrl(opts.databaseUrl),
      close: () => db.destroy(),
    };
  }
  if (opts.dataDir) fs.mkdirSync(opts.dataDir, { recursive: true });
  const pglite = new PGlite({
    dataDir: opts.dataDir,
    extensions: { pg_trgm },
    loadDataDir: opts.loadDataDir,
    parsers: { [INT8]: (v: string) => Number(v), [DATE]: (v: string) => v },
    serializers: { [pgliteTypes.DATE]: (v: unknown) => String(v) },
  });
  await pglite.waitReady;
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return {
    kind: 'pglite',
    db,
    pglite,
    location: opts.dataDir ? `PGlite data directory ${opts.dataDir}` : 'PGlite in memory',
    close: () => db.destroy(),
  };
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return `PostgreSQL ${u.toString()}`;
  } catch {
    return 'PostgreSQL (DATABASE_URL)';
  }
}

/** Is this error one that a retry of the whole transaction can cure? */
export function isRetryable(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === '40001' || code === '40P01';
}

export { sql };
