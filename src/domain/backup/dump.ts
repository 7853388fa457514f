import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../../db/connection.js';
import { projectRoot } from '../../db/template.js';
import { assembleBackup, BACKUP_FORMAT, BACKUP_FORMAT_VERSION, DataWriter, type BackupScope, type Manifest, type SequenceValue } from './format.js';
import { dataTables, ownedSequences, type TableInfo } from './catalog.js';
import { appliedMigrations, businessesInScope, closeRowCursor, declareRowCursor, fetchRows, sequencePosition } from './repository.js';
import { withSnapshot, type SnapshotDb, type SnapshotTiming } from './snapshot.js';

const FETCH = 500;

export interface BackupResult {
  file: string;
  manifest: Manifest;
  /** Wall time of the whole backup and, on PGlite, how long the server's session was held (ms). */
  elapsedMs: number;
  sessionHeldMs: number;
}

export function daftarVersion(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Writes a backup of the scope (every business, or one) to `out`, from one consistent snapshot. */
export async function writeBackup(database: Database, out: string, scope: BackupScope): Promise<BackupResult> {
  const t0 = performance.now();
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const writer = new DataWriter(`${out}.data-${process.pid}`);
  const timing: SnapshotTiming = { sessionHeldMs: 0 };
  try {
    const meta = await withSnapshot(database, (db) => dumpSnapshot(db, writer, scope), timing);
    const data = await writer.finish();
    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      daftarVersion: daftarVersion(),
      schemaVersion: meta.migrations[meta.migrations.length - 1] ?? '',
      migrations: meta.migrations,
      createdAt: new Date().toISOString(),
      source: database.kind,
      scope,
      businesses: meta.businesses,
      tables: data.tables,
      dataBytes: data.bytes,
      sha256: data.sha256,
    };
    await assembleBackup(out, manifest, writer.path);
    return { file: out, manifest, elapsedMs: performance.now() - t0, sessionHeldMs: timing.sessionHeldMs };
  } finally {
    await writer.abort();
  }
}

async function dumpSnapshot(db: SnapshotDb, writer: DataWriter, scope: BackupScope) {
  const migrations = (await appliedMigrations().execute(db)).rows.map((r) => r.name);
  const only = scope.kind === 'business' ? scope.businessId! : null;
  const businesses = (await businessesInScope(only).execute(db)).rows.map((b) => ({ id: Number(b.id), name: b.name }));
  for (const table of await dataTables(db)) {
    if (only !== null && !table.hasBusinessId && table.name !== 'businesses') continue;
    await dumpTable(db, writer, table, only);
  }
  await writer.sequences(only === null ? await sequenceValues(db) : []);
  return { migrations, businesses };
}

/** Streams one table through a cursor: each row leaves the database as a JSON array of text. */
async function dumpTable(db: SnapshotDb, writer: DataWriter, table: TableInfo, only: number | null): Promise<void> {
  await writer.table(table.name, table.columns.map((c) => c.name));
  await declareRowCursor(table.name, table.columns.map((c) => c.name), only).execute(db);
  for (;;) {
    const batch = await fetchRows(FETCH).execute(db);
    for (const row of batch.rows) await writer.row(row.r);
    if (batch.rows.length < FETCH) break;
  }
  await closeRowCursor().execute(db);
}

/**
 * Every identity sequence's position, so that a restored database hands out the same next ids
 * (gaps left by refused requests stay gaps). A one-business backup records none: the sequences
 * are shared by all businesses, and their positions would tell one business about the others.
 */
async function sequenceValues(db: SnapshotDb): Promise<SequenceValue[]> {
  const out: SequenceValue[] = [];
  for (const s of await ownedSequences(db)) {
    const r = await sequencePosition(s.sequence).execute(db);
    out.push({ table: s.table, column: s.column, value: r.rows[0]!.v, isCalled: r.rows[0]!.c });
  }
  return out;
}
