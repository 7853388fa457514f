import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../../../src/db/connection.js';
import { loadMigrations, migrate } from '../../../src/db/migrate.js';
import { transact } from '../../../src/db/transact.js';
import { createBusiness } from '../../../src/domain/business/bootstrap.js';
import { isDomainError } from '../../../src/domain/errors.js';
import { writeBackup } from '../../../src/domain/backup/dump.js';
import { readBackup, readManifest } from '../../../src/domain/backup/format.js';
import { restoreBackup } from '../../../src/domain/backup/restore.js';
import { verifyBooks } from '../../../src/domain/reports/verify.js';
import { backend, testApp, type TestApp } from '../../helpers/app.js';
import { books, emptyPostgres, fingerprint, PNG, sale, seedShop, tempDir } from './fixtures.js';
import { systemActor } from '../../../src/domain/context.js';

const onPostgres = Boolean(process.env.DATABASE_URL);

async function restoredPglite(dir: string): Promise<Database> {
  return openDatabase({ dataDir: dir });
}

function refusedWith(code: string, re: RegExp) {
  return (err: unknown) => {
    assert.ok(isDomainError(err), String(err));
    assert.equal(err.code, code);
    assert.match(err.messageEn, re);
    assert.match(err.messageFa, /[\u0600-\u06FF]/);
    return true;
  };
}

describe(`backup and restore (${backend})`, () => {
  let t: TestApp;
  let work: string;
  let biz: number;
  let shop: { products: number[]; personId: number };
  let underLoad: string;
  let settled: string;

  before(async () => {
    t = await testApp();
    work = tempDir();
    biz = t.business.businessId;
    shop = await seedShop(t.app);
  });
  after(async () => {
    await t.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('a backup taken while sales keep coming is a consistent snapshot: restored, the verifier passes', async () => {
    underLoad = path.join(work, 'under-load.backup.gz');
    const sales = Array.from({ length: 24 }, (_, i) => sale(t.app, shop.products[i % 3]!, shop.personId, i));
    const [backup, ...results] = await Promise.all([writeBackup(t.database, underLoad, { kind: 'all' }), ...sales]);
    for (const r of results) assert.equal(r.status, 200, JSON.stringify(r.body));
    const m = backup.manifest;
    assert.equal(m.scope.kind, 'all');
    assert.equal(m.schemaVersion, loadMigrations().at(-1)!.name);
    assert.ok(m.tables.invoices! >= 1 && m.tables.invoices! <= 25, `invoices in the snapshot: ${m.tables.invoices}`);
    const dir = path.join(work, 'from-load');
    await restoreBackup(underLoad, { dataDir: dir });
    const r = await restoredPglite(dir);
    try {
      assert.equal((await verifyBooks(r.db, systemActor(biz))).ok, true);
      const n = await r.db.selectFrom('invoices').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(n.n), m.tables.invoices);
    } finally {
      await r.close();
    }
  });

  it('restored into a fresh PGlite directory: the same trial balance, stock valuation, party balances and images', async () => {
    settled = path.join(work, 'settled.backup.gz');
    await writeBackup(t.database, settled, { kind: 'all' });
    const original = await books(t.database, biz);
    assert.equal(original.invoices, 25);
    assert.equal(original.images[0]!.hex, PNG.toString('hex'), 'bytea read back exactly');
    const dir = path.join(work, 'fresh');
    const res = await restoreBackup(settled, { dataDir: dir });
    assert.deepEqual(res.upgradedWith, []);
    const r = await restoredPglite(dir);
    try {
      assert.deepEqual(await books(r, biz), original);
      assert.equal((await verifyBooks(r.db, systemActor(biz))).ok, true);
      // Sequences continue where they stood: the next sale gets the next id, not a duplicate.
      const ids = await sql<{ m: number }>`select max(id)::int as m from invoices`.execute(r.db);
      const next = await sql<{ n: number }>`select nextval(pg_get_serial_sequence('invoices', 'id'))::int as n`.execute(r.db);
      assert.ok(next.rows[0]!.n > ids.rows[0]!.m);
    } finally {
      await r.close();
    }
  });

  it('restored into an empty PostgreSQL database, and from there back into PGlite: the same books', { skip: !onPostgres && 'needs DATABASE_URL' }, async () => {
    const original = await books(t.database, biz);
    // PGlite directory (restored above from this backend) → PostgreSQL → PGlite.
    const fromDir = await restoredPglite(path.join(work, 'fresh'));
    const pgliteBackup = path.join(work, 'from-pglite.backup.gz');
    try {
      const b = await writeBackup(fromDir, pgliteBackup, { kind: 'all' });
      assert.equal(b.manifest.source, 'pglite');
    } finally {
      await fromDir.close();
    }
    const target = await emptyPostgres();
    try {
      await restoreBackup(pgliteBackup, { databaseUrl: target.url });
      const onPg = await openDatabase({ databaseUrl: target.url, poolSize: 2 });
      const back = path.join(work, 'from-postgres.backup.gz');
      try {
        assert.deepEqual(await books(onPg, biz), original);
        // The restore analyzed what it loaded: its checks (and the first requests) are planned for the rows there are.
        const stats = await sql<{ n: string }>`select count(*) as n from pg_stat_user_tables where schemaname = current_schema() and relname in ('invoices', 'voucher_lines', 'stock_movements') and coalesce(last_analyze, last_autoanalyze) is not null`.execute(onPg.db);
        assert.equal(Number(stats.rows[0].n), 3);
        assert.equal((await verifyBooks(onPg.db, systemActor(biz))).ok, true);
        assert.equal((await writeBackup(onPg, back, { kind: 'all' })).manifest.source, 'postgres');
      } finally {
        await onPg.close();
      }
      const again = path.join(work, 'back-to-pglite');
      await restoreBackup(back, { dataDir: again });
      const r = await restoredPglite(again);
      try {
        assert.deepEqual(await books(r, biz), original);
      } finally {
        await r.close();
      }
    } finally {
      await target.drop();
    }
  });

  it('a truncated or altered backup is refused and the target stays empty', async () => {
    const bytes = fs.readFileSync(settled);
    const truncated = path.join(work, 'truncated.backup.gz');
    fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
    const dir = path.join(work, 'stays-empty');
    await assert.rejects(restoreBackup(truncated, { dataDir: dir }), refusedWith('VALIDATION', /damaged or truncated/));
    assert.equal(fs.existsSync(dir), false, 'no target directory made');
    assert.deepEqual(fs.readdirSync(work).filter((n) => n.includes('restoring')), [], 'no half-built directory left');

    // Same length, different rows: the data member re-compressed with one value changed.
    const manifest = await readManifest(settled);
    const lines: string[] = [];
    await readBackup(settled, (l) => {
      lines.push(l.kind === 'row' ? JSON.stringify(l.values) : l.kind === 'table' ? JSON.stringify({ table: l.table, columns: l.columns }) : JSON.stringify({ sequences: l.sequences }));
    });
    const i = lines.findIndex((l) => l.includes('1003.37'));
    lines[i] = lines[i]!.replace('1003.37', '1003.38');
    const altered = path.join(work, 'altered.backup.gz');
    fs.writeFileSync(altered, Buffer.concat([zlib.gzipSync(JSON.stringify(manifest) + '\n'), zlib.gzipSync(lines.join('\n') + '\n')]));
    await assert.rejects(restoreBackup(altered, { dataDir: dir }), refusedWith('VALIDATION', /checksum/));
    assert.equal(fs.existsSync(dir), false);

    if (onPostgres) {
      const target = await emptyPostgres();
      try {
        await assert.rejects(restoreBackup(truncated, { databaseUrl: target.url }), refusedWith('VALIDATION', /damaged or truncated/));
        const c = new (await import('pg')).default.Client({ connectionString: target.url });
        await c.connect();
        const n = await c.query(`select count(*)::int as n from pg_class c join pg_namespace s on s.oid = c.relnamespace where s.nspname = current_schema()`);
        await c.end();
        assert.equal(n.rows[0].n, 0, 'the database stays empty');
      } finally {
        await target.drop();
      }
    }
  });

  it('a non-empty target is refused and left as it was', async () => {
    const dir = path.join(work, 'fresh');
    const before = fingerprint(dir);
    await assert.rejects(restoreBackup(settled, { dataDir: dir }), refusedWith('CONFLICT', /not empty/));
    assert.deepEqual(fingerprint(dir), before);
    const stray = path.join(work, 'stray');
    fs.mkdirSync(stray);
    fs.writeFileSync(path.join(stray, 'notes.txt'), 'mine');
    await assert.rejects(restoreBackup(settled, { dataDir: stray }), refusedWith('CONFLICT', /not empty/));
    assert.deepEqual(fs.readdirSync(stray), ['notes.txt']);
    if (onPostgres) {
      const target = await emptyPostgres();
      const pgc = (await import('pg')).default;
      try {
        const c = new pgc.Client({ connectionString: target.url });
        await c.connect();
        await c.query(`create table notes (body text); insert into notes values ('mine')`);
        await assert.rejects(restoreBackup(settled, { databaseUrl: target.url }), refusedWith('CONFLICT', /not empty/));
        const rows = await c.query(`select c.relname from pg_class c join pg_namespace s on s.oid = c.relnamespace where s.nspname = current_schema() order by 1`);
        assert.deepEqual(rows.rows.map((r) => r.relname), ['notes']);
        await c.end();
      } finally {
        await target.drop();
      }
    }
  });

  it('a backup from a newer schema is refused (this Daftar lacks its last migration)', async () => {
    const older = loadMigrations().slice(0, -1);
    const dir = path.join(work, 'older-daftar');
    await assert.rejects(restoreBackup(settled, { dataDir: dir }, older), refusedWith('CONFLICT', /newer Daftar/));
    assert.equal(fs.existsSync(dir), false);
  });

  it('a backup from an older schema is restored at its version, then upgraded by the newer migrations', async () => {
    const all = loadMigrations();
    const old = await openDatabase({});
    const file = path.join(work, 'old-schema.backup.gz');
    try {
      await migrate(old.db, all.slice(0, -1));
      await transact(old.db, (tx) => createBusiness(tx, { name: 'قدیمی', adminUser: 'admin', adminPassword: 'old-password-1' }));
      const b = await writeBackup(old, file, { kind: 'all' });
      assert.equal(b.manifest.schemaVersion, all.at(-2)!.name);
    } finally {
      await old.close();
    }
    const dir = path.join(work, 'upgraded');
    const res = await restoreBackup(file, { dataDir: dir });
    assert.deepEqual(res.upgradedWith, [all.at(-1)!.name]);
    const r = await restoredPglite(dir);
    try {
      const applied = await sql<{ name: string }>`select name from schema_migrations order by name`.execute(r.db);
      assert.deepEqual(applied.rows.map((x) => x.name), all.map((m) => m.name));
    } finally {
      await r.close();
    }
  });
});
