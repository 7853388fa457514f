import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { openDatabase, type Database } from '../../db/connection.js';
import { loadMigrations, migrationsFingerprint, type Migration } from '../../db/migrate.js';
import { pgliteTemplatePath } from '../../db/template.js';
import type { DB } from '../../db/schema.js';
import { fail } from '../errors.js';
import { verifyBusiness } from '../reports/verify.js';
import { dataTables, ownedSequences, quoteIdent } from './catalog.js';
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
    throw fail.conflict(
      `این پشتیبان از نسخه جدیدتری از دفتر است (طرح ${manifest.schemaVersion}، ناشناخته: ${unknown.join('، ')})؛ ابتدا دفتر را به‌روز کنید`,
      `This backup comes from a newer Daftar (schema ${manifest.schemaVersion}; unknown migrations: ${unknown.join(', ')}); upgrade Daftar first`,
    );
  }
  const prefix = ours.slice(0, manifest.migrations.length);
  if (prefix.join('\n') !== manifest.migrations.join('\n')) {
    throw fail.conflict(
      'مهاجرت‌های این پشتیبان با مهاجرت‌های این نسخه از دفتر هم‌ترتیب نیست',
      'The backup was made with migrations in another order than this Daftar has; refusing to guess',
    );
  }
  return manifest.migrations.length;
}

function notEmpty(where: string): Error {
  return fail.conflict(
    `مقصد بازیابی خالی نیست (${where})؛ بازیابی فقط در پوشه یا پایگاه داده خالی انجام می‌شود و چیزی تغییر نکرد`,
    `The restore target is not empty (${where}); restore only into an empty directory or database. Nothing was changed`,
  );
}

function refuseNonEmptyDir(dir: string): void {
  if (!fs.existsSync(dir)) return;
  if (!fs.statSync(dir).isDirectory() || fs.readdirSync(dir).length > 0) throw notEmpty(dir);
}

async function isEmptyDatabase(db: Kysely<DB>): Promise<boolean> {
  const r = await sql<{ n: number }>`
    select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = current_schema() and c.relkind in ('r', 'p', 'v', 'm', 'S')`.execute(db);
  return r.rows[0]!.n === 0;
}

async function applyMigrations(tx: Kysely<DB>, list: Migration[]): Promise<void> {
  for (const m of list) {
    await sql.raw(m.sql).execute(tx);
    await sql`insert into schema_migrations (name) values (${m.name})`.execute(tx);
  }
}

async function restoreInto(db: Kysely<DB>, file: string, migrations: Migration[], cut: number, schemaReady = false): Promise<string[]> {
  const newer = migrations.slice(cut);
  await db.transaction().execute(async (tx) => {
    if (!schemaReady) {
      await sql`create table schema_migrations (name text primary key, applied_at timestamptz not null default now())`.execute(tx);
      await applyMigrations(tx, migrations.slice(0, cut));
    }
    await sql`set local timezone = 'UTC'`.execute(tx);
    // Rows go in as they were: no trigger (immutability, voucher balance, product count,
    // foreign keys) fires during the load; the foreign keys and the verifier check them after.
    await sql`set local session_replication_role = replica`.execute(tx);
    const sequences = await loadRows(tx, file);
    await sql`set local session_replication_role = origin`.execute(tx);
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
  if (!info || missing.length > 0) {
    throw fail.conflict(
      `ساختار پشتیبان با طرح پایگاه داده نمی‌خواند (جدول ${table}${missing.length ? `، ستون ${missing.join('، ')}` : ''})`,
      `The backup does not match the schema (table ${table}${missing.length ? `, columns ${missing.join(', ')}` : ''})`,
    );
  }
  const names = sql.raw(columns.map(quoteIdent).join(', '));
  const casts = sql.raw(columns.map((c, i) => `(r->>${i})::${types.get(c)}`).join(', '));
  return async (rows: string[]) => {
    await sql`insert into ${sql.table(table)} (${names}) select ${casts} from json_array_elements(${'[' + rows.join(',') + ']'}::json) r`.execute(tx);
  };
}

/** The load ran without foreign-key triggers: check every foreign key now, all at once per constraint. */
async function checkForeignKeys(tx: Kysely<DB>): Promise<void> {
  const fks = await sql<{ name: string; child: string; parent: string; child_cols: string; parent_cols: string }>`
    select k.conname as name, cl.relname as child, pl.relname as parent,
           (select string_agg(a.attname, ',' order by u.i) from unnest(k.conkey) with ordinality u(n, i)
              join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n) as child_cols,
           (select string_agg(a.attname, ',' order by u.i) from unnest(k.confkey) with ordinality u(n, i)
              join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.n) as parent_cols
      from pg_constraint k
      join pg_class cl on cl.oid = k.conrelid
      join pg_class pl on pl.oid = k.confrelid
      join pg_namespace n on n.oid = cl.relnamespace
     where k.contype = 'f' and n.nspname = current_schema()
     order by k.conname`.execute(tx);
  for (const fk of fks.rows) {
    const cc = fk.child_cols.split(',');
    const pc = fk.parent_cols.split(',');
    const notNull = cc.map((c) => `c.${quoteIdent(c)} is not null`).join(' and ');
    const match = cc.map((c, i) => `p.${quoteIdent(pc[i]!)} = c.${quoteIdent(c)}`).join(' and ');
    const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(fk.child)} c
      where ${sql.raw(notNull)} and not exists (select 1 from ${sql.table(fk.parent)} p where ${sql.raw(match)})`.execute(tx);
    if (r.rows[0]!.n > 0) {
      throw fail.conflict(
        `پشتیبان ناسازگار است: ${r.rows[0]!.n} ردیف ${fk.child} به ${fk.parent} ناموجود اشاره می‌کند (${fk.name})؛ چیزی بازیابی نشد`,
        `The backup is inconsistent: ${r.rows[0]!.n} rows of ${fk.child} point at missing ${fk.parent} (${fk.name}); nothing was restored`,
      );
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
    const seq = sql`pg_get_serial_sequence(${quoteIdent(s.table)}, ${s.column})`;
    const max = (await sql<{ m: string | null }>`select max(${sql.ref(s.column)})::text as m from ${sql.table(s.table)}`.execute(tx)).rows[0]!.m;
    if (rec && (max === null || BigInt(rec.value) >= BigInt(max))) {
      await sql`select setval(${seq}, ${rec.value}::bigint, ${rec.isCalled})`.execute(tx);
    } else if (max !== null) {
      await sql`select setval(${seq}, ${max}::bigint, true)`.execute(tx);
    }
  }
}

/** The restored books must pass the verifier, business by business, or nothing is kept. */
async function verifyAll(tx: Kysely<DB>): Promise<void> {
  const ids = (await sql<{ id: number }>`select id from businesses order by id`.execute(tx)).rows.map((r) => Number(r.id));
  const failed: string[] = [];
  for (const id of ids) {
    const v = await verifyBusiness(tx, id);
    for (const c of v.checks) if (!c.ok) failed.push(`#${id} ${c.name}`);
  }
  if (failed.length > 0) {
    throw fail.conflict(
      `دفاتر بازیابی‌شده از بررسی صحت رد شد (${failed.join('، ')})؛ هیچ داده‌ای بازیابی نشد`,
      `The restored books failed verification (${failed.join(', ')}); nothing was restored`,
    );
  }
}
