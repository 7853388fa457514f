import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { backend } from '../helpers/app.js';
import { dirChecksums, runEntry } from '../helpers/cli-process.js';
import { processStorage, type ServerProcess, type Storage } from '../helpers/server-process.js';
import { openDatabase } from '../../src/db/connection.js';
import { freePort, newServer } from './helpers/server.js';

/**
 * The PGlite data directory as the shop's only copy of its books (issue 17): one server per
 * directory, a crashed owner never blocks a restart, and a damaged directory is refused with
 * every file left as it was — or, for a lost page, reported by the verifier.
 */
describe('one PGlite data directory: one writer, damaged data refused (pglite)', { skip: backend !== 'pglite' }, () => {
  let storage: Storage;
  let a: ServerProcess;
  let dir: string;
  const copies: string[] = [];
  const invoices: number[] = [];

  /** A copy of the (stopped) data directory to damage. */
  const copyOf = (name: string) => {
    const to = fs.mkdtempSync(path.join(os.tmpdir(), `daftar-${name}-`));
    fs.cpSync(dir, to, { recursive: true });
    copies.push(to);
    return to;
  };
  const startOn = async (d: string) => runEntry('src/main.ts', [], { DAFTAR_DATA_DIR: d }, { PORT: String(await freePort()) });

  before(async () => {
    storage = await processStorage('pglite');
    dir = storage.env.DAFTAR_DATA_DIR;
    a = await newServer(storage.env);
    await a.start(120_000);
    const customer = await a.request('POST', '/api/customers', { firstName: 'مشتری', lastName: 'پوشه داده' });
    const product = await a.request('POST', '/api/products', { name: 'کالای پوشه', buyPrice: 1000 });
    const partyId = customer.body.data.customer.id;
    const itemId = product.body.data.product.productId;
    for (const [invoiceType, quantity] of [[1, 10], [2, 3]]) {
      const f = await a.request('POST', '/api/factors', { invoiceType, personId: partyId, details: [{ itemId, quantity, price: 1500 }] });
      assert.equal(f.status, 200, JSON.stringify(f.body));
      invoices.push(f.body.data.factor.factorId);
    }
  });
  after(async () => {
    await a?.stop().catch(() => {});
    await storage?.cleanup();
    for (const c of copies) fs.rmSync(c, { recursive: true, force: true });
  });

  it('a second server on the directory exits non-zero naming the first one\'s pid and port; the first keeps serving', async (t) => {
    const second = await startOn(dir);
    t.diagnostic(`data-dir: the second server exited ${second.code} after ${second.ms} ms`);
    assert.notEqual(second.code, 0, second.stderr);
    assert.match(second.stderr, new RegExp(`pid ${a.proc!.pid}\\b`));
    assert.match(second.stderr, new RegExp(`port ${a.port}\\b`));
    assert.doesNotMatch(second.stderr, /\n\s+at /, 'no stack trace');
    const list = await a.request('GET', '/api/factors');
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.data.factor.map((f: { factorId: number }) => f.factorId).sort(), [...invoices].sort());
  });

  it('after kill -9 the directory starts again; of two starts at once exactly one serves', async () => {
    await a.kill9();
    const b = await newServer(storage.env);
    const c = await newServer(storage.env);
    const started = await Promise.allSettled([b.start(120_000), c.start(120_000)]);
    const ok = started.filter((s) => s.status === 'fulfilled');
    assert.equal(ok.length, 1, JSON.stringify(started.map((s) => (s.status === 'rejected' ? String(s.reason).slice(0, 400) : 'started'))));
    const loser = started.find((s) => s.status === 'rejected') as PromiseRejectedResult;
    assert.match(String(loser.reason), /in use by a running Daftar server \(pid \d+/);
    const winner = started[0].status === 'fulfilled' ? b : c;
    const list = await winner.request('GET', '/api/factors');
    assert.equal(list.body.data.factor.length, invoices.length, 'nothing lost');
    await winner.stop(); // gracefully: the directory is now a clean, stopped database
    a = winner;
  });

  it('a directory missing PG_VERSION is refused naming it, and no file changes', async () => {
    const d = copyOf('nover');
    fs.rmSync(path.join(d, 'PG_VERSION'));
    const sums = dirChecksums(d);
    const r = await startOn(d);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /PG_VERSION is missing/);
    assert.match(r.stderr, new RegExp(d.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.doesNotMatch(r.stdout + r.stderr, /first start/);
    assert.deepEqual(dirChecksums(d), sums);
  });

  it('a non-empty directory that is no database is refused, untouched', async () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'daftar-notes-'));
    copies.push(d);
    fs.writeFileSync(path.join(d, 'notes.txt'), 'my other files');
    const r = await startOn(d);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /is not empty but PG_VERSION, global\/pg_control/);
    assert.deepEqual(fs.readdirSync(d), ['notes.txt']);
  });

  it('a damaged WAL: refused with the directory and the backup command named, no stack trace, no file changed', async () => {
    const d = copyOf('wal');
    const seg = fs.readdirSync(path.join(d, 'pg_wal')).find((f) => /^[0-9A-F]{24}$/.test(f))!;
    const junk = Buffer.alloc(2 * 1024 * 1024);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 2654435761) >>> 24;
    const fd = fs.openSync(path.join(d, 'pg_wal', seg), 'r+');
    fs.writeSync(fd, junk, 0, junk.length, 0);
    fs.closeSync(fd);
    const sums = dirChecksums(d);
    const r = await startOn(d);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /is damaged/);
    assert.match(r.stderr, /npm run daftar -- backup/);
    assert.ok(r.stderr.includes(d), r.stderr);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    assert.deepEqual(dirChecksums(d), sums);
  });

  it('a damaged control file: refused naming it, no file changed', async () => {
    const d = copyOf('ctl');
    const fd = fs.openSync(path.join(d, 'global/pg_control'), 'r+');
    fs.writeSync(fd, Buffer.from('damaged!'), 0, 8, 40);
    fs.closeSync(fd);
    const sums = dirChecksums(d);
    const r = await startOn(d);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /global\/pg_control fails its checksum/);
    assert.deepEqual(dirChecksums(d), sums);
  });

  it('a zeroed page of the invoices table: the server starts, the verifier fails naming the lost invoices', async () => {
    const d = copyOf('page');
    const probe = await openDatabase({ dataDir: d });
    const file = (await probe.pglite!.query<{ f: string }>(`select pg_relation_filepath('invoices') as f`)).rows[0].f;
    await probe.pglite!.close();
    const fd = fs.openSync(path.join(d, file), 'r+');
    fs.writeSync(fd, Buffer.alloc(8192), 0, 8192, 0);
    fs.closeSync(fd);
    const s = await newServer({ DAFTAR_DATA_DIR: d });
    try {
      await s.start(120_000);
      // npm run verify while the server holds the directory: it runs inside the server.
      const v = await runEntry('src/verify-cli.ts', ['--json'], { DAFTAR_DATA_DIR: d });
      assert.equal(v.code, 1, v.stderr);
      const report = JSON.parse(v.stdout) as { ok: boolean; businesses: { checks: { name: string; ok: boolean; offending: Record<string, unknown>[] }[] }[] };
      assert.equal(report.ok, false);
      const checks = report.businesses[0].checks;
      const mv = checks.find((c) => c.name === 'movements_point_at_documents')!;
      assert.equal(mv.ok, false);
      assert.deepEqual([...new Set(mv.offending.map((o) => o.documentId))].sort(), [...invoices].sort());
      assert.ok(mv.offending.every((o) => o.problem === 'document missing'));
      assert.equal(checks.find((c) => c.name === 'vouchers_point_at_documents')!.ok, false);
    } finally {
      await s.stop();
    }
  });
});
