import crypto from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from './schema.js';

// From src/db/ (tsx) the migrations sit beside this module; from the dist/ bundle, in src/db/.
export const MIGRATIONS_DIR = [new URL('./migrations/', import.meta.url), new URL('../src/db/migrations/', import.meta.url)]
  .map((u) => fileURLToPath(u))
  .find((d) => fs.existsSync(d)) as string;

export interface Migration {
  name: string;
  sql: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((name) => ({ name, sql: fs.readFileSync(dir + name, 'utf8') }));
}

/** A hash of all migrations: tests key their migrated templates on it. */
export function migrationsFingerprint(migrations = loadMigrations()): string {
  const h = crypto.createHash('sha256');
  for (const m of migrations) h.update(m.name).update('\0').update(m.sql).update('\0');
  return h.digest('hex').slice(0, 16);
}

const LOCK_ID = 7_349_201; // advisory lock: one migrator at a time

/**
 * Applies pending migrations, each in its own transaction together with its row in
 * schema_migrations: a failed migration leaves the database exactly as it was.
 */
export async function migrate(db: Kysely<DB>, migrations = loadMigrations()): Promise<string[]> {
  await sql`create table if not exists schema_migrations (
    name text primary key,
    applied_at timestamptz not null default now()
  )`.execute(db);
  const applied: string[] = [];
  const citus = await hasCitus(db);
  for (const m of migrations) {
    const done = await db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(${LOCK_ID})`.execute(tx);
      const seen = await sql<{ name: string }>`select name from schema_migrations where name = ${m.name}`.execute(tx);
      if (seen.rows.length > 0) return false;
      if (citus) await citusSettings(tx);
      await sql.raw(m.sql).execute(tx);
      await sql`insert into schema_migrations (name) values (${m.name})`.execute(tx);
      return true;
    });
    if (done) applied.push(m.name);
  }
  await distributeOnCitus(db);
  await assertDistributed(db);
  return applied;
}

/** Global (reference) tables: every other table with business_id is distributed on it. */
export const REFERENCE_TABLES = ['businesses', 'credentials', 'schema_migrations'];

async function hasCitus(db: Kysely<DB>): Promise<boolean> {
  const r = await sql<{ n: number }>`select count(*)::int as n from pg_extension where extname = 'citus'`.execute(db);
  return Boolean(r.rows[0]?.n);
}

/**
 * Citus settings for a migration or a distribution step (docs/scale-out.md, "Decisions"):
 * - foreign keys from a local table to a reference table are kept as they are instead of turning
 *   the local table into a "Citus local table" (which then cannot be distributed with its
 *   identity columns); every such table is distributed right after;
 * - the row-level guard triggers (immutability, voucher balance, invoice guard) are distributed
 *   with their tables: each reads only rows of its own business, which live on the same shard group.
 */
async function citusSettings(tx: Kysely<DB>): Promise<void> {
  await sql`set local citus.enable_local_reference_table_foreign_keys = off`.execute(tx);
  await sql`set local citus.enable_unsafe_triggers = on`.execute(tx);
  // DDL on a table with a foreign key to a reference table must use one connection per node.
  await sql`set local citus.multi_shard_modify_mode = 'sequential'`.execute(tx);
}

type CitusKind = 'distributed' | 'reference' | 'local';

/** How Citus holds each table of the schema, read from pg_dist_partition (absent: a plain table). */
async function citusTables(db: Kysely<DB>): Promise<Map<string, { kind: CitusKind; colocation: number }>> {
  const r = await sql<{ name: string; partmethod: string; repmodel: string; colocationid: number }>`
    select c.relname as name, p.partmethod, p.repmodel, p.colocationid
      from pg_dist_partition p join pg_class c on c.oid = p.logicalrelid
      join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = current_schema()`.execute(db);
  const kind = (x: { partmethod: string; repmodel: string }): CitusKind =>
    x.partmethod === 'h' ? 'distributed' : x.repmodel === 't' ? 'reference' : 'local';
  return new Map(r.rows.map((x) => [x.name, { kind: kind(x), colocation: Number(x.colocationid) }]));
}

interface ForeignKey {
  table: string;
  name: string;
  def: string;
}

/** Drops foreign keys (to add them back later in the same transaction); returns them. */
async function dropForeignKeys(tx: Kysely<DB>, where: RawBuilder<boolean>): Promise<ForeignKey[]> {
  const r = await sql<ForeignKey>`
    select cast(k.conrelid::regclass as text) as "table", k.conname as name, pg_get_constraintdef(k.oid) as def
      from pg_constraint k where k.contype = 'f' and k.confrelid <> k.conrelid and ${where}`.execute(tx);
  for (const k of r.rows) await sql`alter table ${sql.id(k.table)} drop constraint ${sql.id(k.name)}`.execute(tx);
  return r.rows;
}

/**
 * When the citus extension is installed, make the global tables reference tables and distribute
 * every business-owned table on business_id, co-located with users, parents first, all in one
 * transaction: a foreign key that must wait for its parent (the vouchers ↔ fiscal_years cycle)
 * is dropped and added back at the end, never lost on a failure. A no-op on plain
 * PostgreSQL and PGlite. See docs/scale-out.md.
 */
export async function distributeOnCitus(db: Kysely<DB>): Promise<void> {
  if (!(await hasCitus(db))) return;
  const before = await citusTables(db);
  const pending = (await businessTablesInForeignKeyOrder(db)).filter((t) => before.get(t)?.kind !== 'distributed');
  const references = REFERENCE_TABLES.filter((t) => before.get(t)?.kind !== 'reference');
  if (!pending.length && !references.length) return;
  const local = [...before].filter(([, v]) => v.kind === 'local').map(([t]) => t);
  if (local.length) {
    // Citus can turn neither back (identity columns): the data must be reloaded into a fresh schema.
    throw new Error(`citus: ${local.join(', ')} became Citus local tables (an earlier release's step); see docs/scale-out.md, "Repairing a half-distributed database"`);
  }
  await db.transaction().execute(async (tx) => {
    await citusSettings(tx);
    const readd: ForeignKey[] = [];
    for (const t of references) await sql`select create_reference_table(${t})`.execute(tx);
    const done = new Set<string>(REFERENCE_TABLES);
    for (const [t, v] of before) if (v.kind === 'distributed') done.add(t);
    for (const t of pending) {
      readd.push(...(await dropForeignKeys(tx, sql<boolean>`k.conrelid = cast(${t} as regclass)
        and not (cast(k.confrelid::regclass as text) = any(cast(${[...done]} as text[])))`)));
      // The first distributed table (users) defines the co-location group for the rest.
      const colocate = t === 'users' ? 'default' : 'users';
      await sql`select create_distributed_table(${t}, 'business_id', colocate_with => ${colocate})`.execute(tx);
      done.add(t);
    }
    for (const k of readd) await sql`alter table ${sql.id(k.table)} add constraint ${sql.id(k.name)} ${sql.raw(k.def)}`.execute(tx);
  });
}

/**
 * On Citus, refuses to go on unless every business table is distributed on business_id in the
 * users' co-location group and every global table is a reference table (a half-distributed
 * schema would answer, slowly or wrongly, as if all were well). Nothing to check elsewhere.
 */
export async function assertDistributed(db: Kysely<DB>): Promise<void> {
  if (!(await hasCitus(db))) return;
  const state = await citusTables(db);
  const group = state.get('users')?.colocation;
  const wrong = [
    ...REFERENCE_TABLES.filter((t) => state.get(t)?.kind !== 'reference').map((t) => `${t} (not a reference table)`),
    ...(await businessTablesInForeignKeyOrder(db))
      .filter((t) => state.get(t)?.kind !== 'distributed' || state.get(t)?.colocation !== group)
      .map((t) => `${t} (${state.get(t)?.kind ?? 'not distributed'}${state.get(t)?.kind === 'distributed' ? ', not co-located with users' : ''})`),
  ];
  if (wrong.length) throw new Error(`citus: tables not distributed as docs/scale-out.md requires: ${wrong.join(', ')}`);
}

/** Tables with a business_id column, ordered so that referenced tables come first. */
export async function businessTablesInForeignKeyOrder(db: Kysely<DB>): Promise<string[]> {
  const tables = await sql<{ name: string }>`
    select c.relname as name from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attname = 'business_id' and not a.attisdropped
     where c.relkind = 'r' and n.nspname = current_schema()
     order by c.relname`.execute(db);
  const deps = await sql<{ child: string; parent: string }>`
    select cl.relname as child, pl.relname as parent from pg_constraint k
      join pg_class cl on cl.oid = k.conrelid join pg_class pl on pl.oid = k.confrelid
      join pg_namespace n on n.oid = cl.relnamespace
     where k.contype = 'f' and n.nspname = current_schema()`.execute(db);
  const names = tables.rows.map((r) => r.name).filter((n) => !REFERENCE_TABLES.includes(n));
  const parents = new Map<string, Set<string>>(names.map((n) => [n, new Set()]));
  for (const d of deps.rows) if (d.child !== d.parent && parents.has(d.child) && parents.has(d.parent)) parents.get(d.child)!.add(d.parent);
  const ordered: string[] = [];
  const visit = (n: string, path: Set<string>) => {
    if (ordered.includes(n) || path.has(n)) return;
    path.add(n);
    for (const p of parents.get(n) ?? []) visit(p, path);
    ordered.push(n);
  };
  // users first: it anchors the co-location group.
  if (parents.has('users')) visit('users', new Set());
  for (const n of names) visit(n, new Set());
  return ordered;
}
