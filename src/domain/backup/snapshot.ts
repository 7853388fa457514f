import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely } from 'kysely';
import type { Database } from '../../db/connection.js';
import { PGliteDialect } from '../../db/pglite-dialect.js';
import type { DB } from '../../db/schema.js';
import { checkpoint, readOnlyTransaction, textOutputSettings } from './repository.js';

export type SnapshotDb = Kysely<DB>;

export interface SnapshotTiming {
  /** PGlite: how long the server's session was held for the dump (ms). */
  sessionHeldMs: number;
}

/**
 * Runs `read` inside one consistent, read-only picture of the database while the server keeps
 * serving. PostgreSQL: a repeatable-read read-only transaction on one pooled connection (the
 * other connections keep serving). PGlite is one session, so a long transaction would queue
 * every request behind it: instead the session is held only to copy its data files (a copy of the
 * data files between two transactions), and the rows are read from a second PGlite opened on
 * that copy. Values are read as PostgreSQL's text output, in UTC, ISO dates and hex bytea.
 */
export async function withSnapshot<T>(database: Database, read: (db: SnapshotDb) => Promise<T>, timing?: SnapshotTiming): Promise<T> {
  if (database.kind === 'postgres') {
    return database.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (tx) => {
        await readOnlyTransaction().execute(tx);
        await textSettings(tx);
        return read(tx);
      });
  }
  const clone = await clonePglite(database, timing);
  const db = new Kysely<DB>({ dialect: new PGliteDialect(clone.pglite) });
  try {
    return await db.transaction().execute(async (tx) => {
      await textSettings(tx);
      return read(tx);
    });
  } finally {
    await db.destroy();
    clone.cleanup();
  }
}


async function textSettings(tx: Kysely<DB>): Promise<void> {
  for (const setting of textOutputSettings()) await setting.execute(tx);
}

/**
 * A private copy of the server's PGlite, taken between two of its transactions. A data directory
 * on disk is copied file by file (a crash-consistent image: commits write the WAL, and nothing
 * runs while the session is held; a checkpoint first keeps the copy's recovery short). An
 * in-memory PGlite (tests) is copied with dumpDataDir().
 */
async function clonePglite(database: Database, timing?: SnapshotTiming): Promise<{ pglite: PGlite; cleanup: () => void }> {
  const pglite = database.pglite;
  if (!pglite) throw new Error('PGlite database without its instance');
  const dataDir = (pglite as unknown as { dataDir?: string }).dataDir;
  const onDisk = typeof dataDir === 'string' && dataDir !== '' && !/^[a-z]+:\/\//.test(dataDir);
  const copyDir = onDisk ? fs.mkdtempSync(path.join(os.tmpdir(), 'daftar-snapshot-')) : '';
  const cleanup = () => copyDir && fs.rmSync(copyDir, { recursive: true, force: true });
  try {
    // Holding the dialect's connection means no transaction of the server is open during the copy.
    const dump = await database.db.connection().execute(async (conn) => {
      const t0 = performance.now();
      let tar: Blob | undefined;
      if (onDisk) {
        await checkpoint().execute(conn);
        // Synchronous on purpose: several times faster than fs.promises.cp for ~1200 small files.
        fs.cpSync(dataDir, copyDir, { recursive: true });
      } else tar = await pglite.dumpDataDir('none');
      if (timing) timing.sessionHeldMs = performance.now() - t0;
      return tar;
    });
    const clone = new PGlite({ dataDir: onDisk ? copyDir : undefined, loadDataDir: dump, extensions: { pg_trgm } });
    await clone.waitReady;
    return { pglite: clone, cleanup };
  } catch (err) {
    cleanup();
    throw err;
  }
}
