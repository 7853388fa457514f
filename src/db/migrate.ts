import crypto from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
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
  for (const m of migrations) {
    const done = await db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(${LOCK_ID})`.execute(tx);
      const seen = await sql<{ name: string }>`select name from schema_migrations where name = ${m.name}`.execute(tx);
      if (seen.rows.length > 0) return false;
      await sql.raw(m.sql).execute(tx);
      await sql`insert into schema_migrations (name) values (${m.name})`.execute(tx);
      return true;
    });
    if (done) applied.push(m.name);
  }
  await distributeOnCitus(db);
  return applied;
}

/** Global (reference) tables: every other table with business_id is distributed on it. */
export const REFERENCE_TABLES = ['businesses', 'credentials', 'schema_migrations'];

/**
 * When the citus extension is installed, distribute every business-owned table on
 * business_id (co-located) and make the global tables reference tables, parents first.
 * A no-op on plain PostgreSQL and PGlite. See docs/scale-out.md.
 */
export async function distributeOnCitus(db: Kysely<DB>): Promise<void> {
  const citus = await sql<{ n: number }>`select count(*)::int as n from pg_extension where extname = 'citus'`.execute(db);
  if (!citus.rows[0]?.n) return;
  const done = await sql<{ name: string }>`select logicalrelid::regclass::text as name from pg_dist_partition`.execute(db);
  const already = new Set(done.rows.map((r) => r.name));
  for (const t of REFERENCE_TABLES) {
    if (!already.has(t)) await sql`select create_reference_table(${t})`.execute(db);
  }
  for (const t of await businessTablesInForeignKeyOrder(db)) {
    if (already.has(t)) continue;
    // The first distributed table (users) defines the co-location group for the rest.
    const colocate = t === 'users' ? 'default' : 'users';
    await sql`select create_distributed_table(${t}, 'business_id', colocate_with => ${colocate})`.execute(db);
  }
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
