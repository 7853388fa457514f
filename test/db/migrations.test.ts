import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import pg from 'pg';
import crypto from 'node:crypto';
import { openDatabase, type Database } from '../../src/db/connection.js';
import { loadMigrations, migrate } from '../../src/db/migrate.js';

/** Starts from an EMPTY database (no template) on the suite's backend. */
async function emptyDatabase(): Promise<{ database: Database; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) return { database: await openDatabase({}), drop: async () => {} };
  const name = `daftar_m_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = '/' + name;
  return {
    database: await openDatabase({ databaseUrl: u.toString(), poolSize: 2 }),
    drop: async () => {
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

describe('migrations', () => {
  let t: { database: Database; drop: () => Promise<void> };
  before(async () => {
    t = await emptyDatabase();
  });
  after(async () => {
    await t.database.close();
    await t.drop();
  });

  it('apply from an empty database, once', async () => {
    const all = loadMigrations();
    const applied = await migrate(t.database.db);
    assert.deepEqual(applied, all.map((m) => m.name));
    assert.deepEqual(await migrate(t.database.db), [], 'second run applies nothing');
    const rows = await sql<{ name: string }>`select name from schema_migrations order by name`.execute(t.database.db);
    assert.deepEqual(rows.rows.map((r) => r.name), all.map((m) => m.name));
  });

  it('a failing migration leaves the database exactly as it was', async () => {
    const broken = [
      ...loadMigrations(),
      { name: '9999_broken.sql', sql: 'create table half_done (id int); insert into half_done values (1); select 1/0;' },
    ];
    await assert.rejects(() => migrate(t.database.db, broken));
    const table = await sql<{ t: string | null }>`select to_regclass('half_done')::text as t`.execute(t.database.db);
    assert.equal(table.rows[0].t, null, 'the half-done table was rolled back');
    const seen = await sql<{ n: number }>`select count(*)::int as n from schema_migrations where name = '9999_broken.sql'`.execute(t.database.db);
    assert.equal(seen.rows[0].n, 0);
  });
});
