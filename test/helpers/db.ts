import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/connection.js';
import { migrate, migrationsFingerprint } from '../../src/db/migrate.js';

/**
 * A fresh, migrated database for one test app, on the backend the suite runs on:
 * PostgreSQL when DATABASE_URL is set (a new database cloned from a migrated template),
 * otherwise PGlite in memory (loaded from a migrated template dump cached in .tmp/).
 */
export async function freshDatabase(): Promise<Database & { drop(): Promise<void> }> {
  return process.env.DATABASE_URL ? freshPostgres(process.env.DATABASE_URL) : freshPglite();
}

const TMP = path.resolve('.tmp');

async function pgliteTemplate(): Promise<Blob> {
  fs.mkdirSync(TMP, { recursive: true });
  const file = path.join(TMP, `pglite-${migrationsFingerprint()}.tar`);
  if (!fs.existsSync(file)) {
    const db = await openDatabase({});
    await migrate(db.db);
    const dump = await db.pglite!.dumpDataDir('none');
    await db.close();
    const tmp = `${file}.${process.pid}.${crypto.randomUUID()}`;
    fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(tmp, file); // atomic: concurrent test processes never read half a file
  }
  return new Blob([fs.readFileSync(file)]);
}

async function freshPglite() {
  const database = await openDatabase({ loadDataDir: await pgliteTemplate() });
  return Object.assign(database, { drop: async () => {} });
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = '/' + name;
  return u.toString();
}

/**
 * On a Citus cluster a database cannot be cloned from a template while the cluster's connections
 * use it, and a new database has no workers: each test gets a schema of its own in the
 * coordinator's database instead, migrated and distributed there (docs/scale-out.md, "Tests on
 * the cluster"). Chosen when the citus extension is installed, or by DAFTAR_TEST_ISOLATION=schema.
 */
export async function hasCitus(admin: pg.Client): Promise<boolean> {
  const r = await admin.query(`select 1 from pg_extension where extname = 'citus'`);
  return (r.rowCount ?? 0) > 0;
}

/**
 * Shards per distributed table in a test schema. Citus's default (32 per table, ~37 tables) makes
 * each test app's migration create ~1,200 shards; 4 (still spread over every worker, each
 * statement still routed to one shard) cuts that several-fold (docs/scale-out.md, "Measured").
 * DAFTAR_TEST_SHARD_COUNT overrides it.
 */
const TEST_SHARD_COUNT = Number(process.env.DAFTAR_TEST_SHARD_COUNT ?? 4);

/**
 * Migration 0001's `create extension if not exists pg_trgm` installs into the first schema of
 * the search path: in a test schema, which its drop would take the extension with, and which no
 * other test schema can see (`operator class "gin_trgm_ops" does not exist`). So the test
 * schemas share one pg_trgm in `public`, made here first (on Citus, propagated to the workers).
 */
export async function sharedExtensions(admin: pg.Client): Promise<void> {
  await admin.query('create extension if not exists pg_trgm schema public').catch(async (err) => {
    // another test process made it at the same moment
    if ((await admin.query(`select 1 from pg_extension where extname = 'pg_trgm'`)).rowCount === 0) throw err;
  });
}

/**
 * An empty schema of the database at `base` (the pg_trgm extension shared in `public`): its URL,
 * with the schema first on the search path (and on Citus the tests' shard count), and its drop.
 */
export async function newTestSchema(base: string, prefix: string, citus: boolean): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `${prefix}${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await sharedExtensions(admin);
    await admin.query(`create schema ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(base);
  u.searchParams.set('options', `-c search_path=${name},public${citus ? ` -c citus.shard_count=${TEST_SHARD_COUNT}` : ''}`);
  return {
    name,
    url: u.toString(),
    drop: async () => {
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      await a.query(`drop schema if exists ${name} cascade`).catch(() => {});
      await a.end();
    },
  };
}

async function freshSchema(url: string, citus: boolean) {
  const schema = await newTestSchema(url, 'daftar_t_', citus);
  const database = await openDatabase({ databaseUrl: schema.url, poolSize: 10 });
  try {
    await migrate(database.db);
  } catch (err) {
    await database.close();
    await schema.drop();
    throw err;
  }
  // url: what a child process (the verify CLI) connects to, the schema on its search path.
  return Object.assign(database, { url: schema.url, drop: schema.drop });
}

async function freshPostgres(url: string) {
  const probe = new pg.Client({ connectionString: url });
  await probe.connect();
  try {
    const citus = await hasCitus(probe);
    const bySchema = process.env.DAFTAR_TEST_ISOLATION ? process.env.DAFTAR_TEST_ISOLATION === 'schema' : citus;
    if (bySchema) return await freshSchema(url, citus);
  } finally {
    await probe.end();
  }
  const template = `daftar_tpl_${migrationsFingerprint()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const name = `daftar_t_${crypto.randomBytes(6).toString('hex')}`;
  try {
    await admin.query('select pg_advisory_lock(7349203)');
    try {
      const exists = await admin.query('select 1 from pg_database where datname = $1', [template]);
      if (exists.rowCount === 0) {
        await admin.query(`create database ${template}`);
        const t = await openDatabase({ databaseUrl: withDatabase(url, template), poolSize: 1 });
        try {
          await migrate(t.db);
        } catch (err) {
          await t.close();
          await admin.query(`drop database ${template}`);
          throw err;
        }
        await t.close();
      }
      await admin.query(`create database ${name} template ${template}`);
    } finally {
      await admin.query('select pg_advisory_unlock(7349203)');
    }
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ databaseUrl: withDatabase(url, name), poolSize: 10 });
  return Object.assign(database, {
    drop: async () => {
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`).catch(() => {});
      await a.end();
    },
  });
}
