import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { openDatabase, type Database } from '../../db/connection.js';
import { assertDistributed, distributeOnCitus, loadMigrations, migrationsFingerprint, type Migration } from '../../db/migrate.js';
import { pgliteTemplatePath } from '../../db/template.js';
import type { DB } from '../../db/schema.js';
import { fail } from '../errors.js';
import { verifyBusiness } from '../reports/verify.js';
import { dataTables, ownedSequences } from './catalog.js';
import * as q from './repository.js';
import { readBackup, type DataLine, type Manifest, type SequenceValue } from './format.js';

export type RestoreTarget = { dataDir: string } | { databaseUrl: string };

export interface RestoreResult {
  manifest: Manifest;
  location: string;
  /** Migrations newer than the backup applied after loading it. */
  upgradedWith: string[];
  elapsedMs: number;
}

const BATCH_ROWS = 500;
const BATCH_BYTES = 4 * 1024 * 1024;

/**
 * Restores a backup into an empty PGlite data directory or an empty PostgreSQL database.
 * Nothing is half-restored: the file is checked whole first; everything then happens in one
 * transaction (schema up to the backup's version, rows, sequences, newer migrations, verifier),
 * and a PGlite directory is built beside the target and moved into place only on success.
 */
export async function restoreBackup(file: string, target: RestoreTarget, migrations = loadMigrations()): Promise<RestoreResult> {
  const t0 = performance.now();
  const manifest = await readBackup(file, () => {});
  const cut = schemaCut(manifest, migrations);
  if ('dataDir' in target) {
    const dir = path.resolve(target.dataDir);
    refuseNonEmptyDir(dir);
    const building = path.join(path.dirname(dir), `.${path.basename(dir)}.restoring-${process.pid}`);
    fs.rmSync(building, { recursive: true, force: true });
    let database: Database | undefined;
    try {
      // The migrated template (made at install) spares initdb and the migrations when the backup is current.
      const template = pgliteTemplatePath(migrationsFingerprint(migrations));
      const current = cut === migrations.length && fs.existsSync(template);
      database = await openDatabase({ dataDir: building, loadDataDir: current ? new Blob([fs.readFileSync(template)]) : undefined });
      const upgradedWith = await restoreInto(database.db, file, migrations, cut, current);
      await database.close();
      database = undefined;
      refuseNonEmptyDir(dir); // nobody filled it meanwhile
      if (fs.existsSync(dir)) fs.rmdirSync(dir);
      fs.renameSync(building, dir);
      return { manifest, location: `PGlite data directory ${dir}`, upgradedWith, elapsedMs: performance.now() - t0 };
    } finally {
      await database?.close().catch(() => {});
      fs.rmSync(building, { recursive: true, force: true });
    }
  }
  const database = await openDatabase({ databaseUrl: target.databaseUrl, poolSize: 1 });
  try {
    if (!(await isEmptyDatabase(database.db))) throw notEmpty(database.location);
    const upgradedWith = await restoreInto(database.db, file, migrations, cut);
    // On a Citus coordinator the rows went into plain tables of the coordinator: distribute them
    // as `npm run migrate` does (the rows are copied into the shards); a no-op elsewhere. Should
    // this fail, the restored rows stay on the coordinator and the server's migration at start
    // distributes them (docs/scale-out.md, "Restoring into a cluster").
    await distributeOnCitus(database.db);
    await assertDistributed(database.db);
    return { manifest, location: database.location, upgradedWith, elapsedMs: performance.now() - t0 };
  } finally {
    await database.close();
  }
}

/** Index of the backup's last migration in ours; refuses a backup from a newer or foreign schema. */
function schemaCut(manifest: Manifest, migrations: Migration[]): number {
  const ours = migrations.map((m) => m.name);
  const unknown = manifest.migrations.filter((m) => !ours.includes(m));
  if (unknown.length > 0) {
    throw fail.with('BACKUP_SCHEMA_NEWER', { schemaVersion: manifest.schemaVersion, unknown: unknown.join(', ') });
  }
  const prefix = ours.slice(0, manifest.migrations.length);
  if (prefix.join('\n') !== manifest.migrations.join('\n')) {
    throw fail.with('BACKUP_MIGRATIONS_REORDERED');
  }
  return manifest.migrations.length;
}

function notEmpty(where: string): Error {
  return fail.with('BACKUP_TARGET_NOT_EMPTY', { target: where });
}

function refuseNonEmptyDir(dir: string): void {
  if (!fs.existsSync(dir)) return;
  if (!fs.statSync(dir).isDirectory() || fs.readdirSync(dir).length > 0) throw notEmpty(dir);
}

async function isEmptyDatabase(db: Kysely<DB>): Promise<boolean> {
  const r = await q.relationCount().execute(db);
  return r.rows[0]!.n === 0;
}

async function applyMigrations(tx: Kysely<DB>, list: Migration[]): Promise<void> {
  for (const m of list) {
    await sql.raw(m.sql).execute(tx);
    await q.recordMigration(m.name).execute(tx);
  }
}

async function restoreInto(db: Kysely<DB>, file: string, migrations: Migration[], cut: number, schemaReady = false): Promise<string[]> {
  const newer = migrations.slice(cut);
  await db.transaction().execute(async (tx) => {
    if (!schemaReady) {
      await q.createMigrationsTable().execute(tx);
      await applyMigrations(tx, migrations.slice(0, cut));
    }
    await q.utcTimezone().execute(tx);
    // Rows go in as they were: no trigger (immutability, voucher balance, product count,
    // foreign keys) fires during the load; the foreign keys and the verifier check them after.
    await q.setReplicationRole('replica').execute(tx);
    const sequences = await loadRows(tx, file);
    await q.setReplicationRole('origin').execute(tx);
    // Statistics of the loaded rows (ANALYZE sees this transaction's own): without them the
    // checks below are planned for empty tables — at 100,000 invoices one of the verifier's
    // queries ran as nested loops for more than 15 minutes.
    await sql`analyze`.execute(tx);
    await checkForeignKeys(tx);
    await setSequences(tx, sequences);
    await applyMigrations(tx, newer);
    await verifyAll(tx);
  });
  return newer.map((m) => m.name);
}

/** Streams the rows into their tables in batches; returns the recorded sequence positions. */
async function loadRows(tx: Kysely<DB>, file: string): Promise<SequenceValue[]> {
  const tables = new Map((await dataTables(tx)).map((t) => [t.name, t]));
  let insert: ((rows: string[]) => Promise<void>) | null = null;
  let pending: string[] = [];
  let pendingBytes = 0;
  let sequences: SequenceValue[] = [];
  const flush = async () => {
    if (pending.length > 0) await insert!(pending);
    pending = [];
    pendingBytes = 0;
  };
  await readBackup(file, async (line: DataLine) => {
    if (line.kind === 'row') {
      const json = JSON.stringify(line.values);
      pending.push(json);
      pendingBytes += json.length;
      if (pending.length >= BATCH_ROWS || pendingBytes >= BATCH_BYTES) await flush();
    } else if (line.kind === 'table') {
      await flush();
      insert = inserter(tx, tables, line.table, line.columns);
    } else {
      await flush();
      sequences = line.sequences;
    }
  });
  await flush();
  return sequences;
}

function inserter(tx: Kysely<DB>, tables: Map<string, { columns: { name: string; type: string }[] }>, table: string, columns: string[]) {
  const info = tables.get(table);
  const types = new Map(info?.columns.map((c) => [c.name, c.type]));
  const missing = columns.filter((c) => !types.has(c));
  if (!info) throw fail.with('BACKUP_TABLE_UNKNOWN', { table });
  if (missing.length > 0) throw fail.with('BACKUP_COLUMNS_UNKNOWN', { table, columns: missing.join(', ') });
  const columnTypes = columns.map((c) => types.get(c)!);
  return async (rows: string[]) => {
    await q.insertJsonRows(table, columns, columnTypes, '[' + rows.join(',') + ']').execute(tx);
  };
}

/** The load ran without foreign-key triggers: check every foreign key now, all at once per constraint. */
async function checkForeignKeys(tx: Kysely<DB>): Promise<void> {
  const fks = await q.foreignKeys().execute(tx);
  for (const fk of fks.rows) {
    const r = await q.danglingRowCount(fk.child, fk.parent, fk.child_cols.split(','), fk.parent_cols.split(',')).execute(tx);
    if (r.rows[0]!.n > 0) {
      throw fail.with('BACKUP_DANGLING_ROWS', { count: r.rows[0]!.n, table: fk.child, parentTable: fk.parent, constraint: fk.name });
    }
  }
}

/**
 * Each identity sequence continues where the source's stood (or after the highest id, for a
 * one-business backup that records no positions), so no id is ever handed out twice.
 */
async function setSequences(tx: Kysely<DB>, recorded: SequenceValue[]): Promise<void> {
  for (const s of await ownedSequences(tx)) {
    const rec = recorded.find((r) => r.table === s.table && r.column === s.column);
    const max = (await q.maxColumnValue(s.table, s.column).execute(tx)).rows[0]!.m;
    if (rec && (max === null || BigInt(rec.value) >= BigInt(max))) {
      await q.setSequence(s.table, s.column, rec.value, rec.isCalled).execute(tx);
    } else if (max !== null) {
      await q.setSequence(s.table, s.column, max, true).execute(tx);
    }
  }
}

/** The restored books must pass the verifier, business by business, or nothing is kept. */
async function verifyAll(tx: Kysely<DB>): Promise<void> {
  const ids = (await q.businessIds().execute(tx)).rows.map((r) => Number(r.id));
  const failed: string[] = [];
  for (const id of ids) {
    const v = await verifyBusiness(tx, id);
    for (const c of v.checks) if (!c.ok) failed.push(`#${id} ${c.name}`);
  }
  if (failed.length > 0) {
    throw fail.with('BACKUP_BOOKS_UNVERIFIED', { failed: failed.join(', ') });
  }
}
