import { systemActor } from '../../../src/domain/context.js';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { backend, call, testApp, type TestApp } from '../../helpers/app.js';
import { openDatabase } from '../../../src/db/connection.js';
import { verifyBooks } from '../../../src/domain/reports/index.js';
import { buildBusiness, type Fixture } from './fixture.js';

/** Runs `npm run verify` (the CLI) against a database, returning its exit code and output. */
function runCli(env: Record<string, string | undefined>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/verify-cli.ts'], { env: childEnv, cwd: process.cwd() });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** Where the CLI finds this test's database: the PostgreSQL database itself, or a PGlite copy on disk. */
async function cliTarget(t: TestApp): Promise<{ env: Record<string, string | undefined>; cleanup: () => void }> {
  if (backend === 'postgres') {
    const own = (t.database as { url?: string }).url; // a schema of its own (test/helpers/db.ts, on Citus)
    if (own) return { env: { DATABASE_URL: own }, cleanup: () => {} };
    const r = await sql<{ d: string }>`select current_database() as d`.execute(t.database.db);
    const u = new URL(process.env.DATABASE_URL!);
    u.pathname = '/' + r.rows[0].d;
    return { env: { DATABASE_URL: u.toString() }, cleanup: () => {} };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daftar-verify-'));
  const dump = await t.database.pglite!.dumpDataDir('none');
  const copy = await openDatabase({ dataDir: dir, loadDataDir: dump });
  // Kysely closes its driver only once used: close the PGlite instance itself, flushing it to disk.
  await copy.pglite!.close();
  return { env: { DATABASE_URL: undefined, DAFTAR_DATA_DIR: dir }, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

describe('the invariant verifier', () => {
  let t: TestApp;
  let f: Fixture;
  let b: number;
  before(async () => {
    t = await testApp();
    b = t.business.businessId;
    f = await buildBusiness(t.database, b, t.business.adminUserId);
  });
  after(() => t.close());

  it('passes on a business built through the domain', async () => {
    const v = await verifyBooks(t.database.db, systemActor(b));
    const failed = v.checks.filter((c) => !c.ok);
    assert.deepEqual(failed, [], JSON.stringify(failed));
    assert.equal(v.ok, true);
    const names = v.checks.map((c) => c.name);
    for (const n of [
      'vouchers_balance',
      'trial_balance_zero',
      'stock_balance_equals_movements',
      'product_quantity_equals_balances',
      'inventory_account_equals_valuation',
      'parties_have_detail_accounts',
      'party_accounts_use_party_details',
      'invoices_have_one_voucher',
      'payments_have_one_voucher',
      'stock_adjustments_have_one_voucher',
      'history_has_no_gap',
      'movements_point_at_documents',
      'vouchers_point_at_documents',
      'documents_point_at_live_rows',
      'documents_within_numbering',
      'tables_read_whole',
    ]) assert.ok(names.includes(n), n);
    assert.ok(v.checks.every((c) => !('skipped' in c)), 'no check is skipped: the migrations create every table');
    const http = await call(t.app, 'GET', '/api/reports/verify');
    assert.equal(http.status, 200);
    assert.equal(http.body.data.report.ok, true);
    assert.equal(http.body.data.report.checks.length, v.checks.length);
  });

  it('npm run verify exits 0 on sound books', async () => {
    const target = await cliTarget(t);
    try {
      const r = await runCli(target.env);
      assert.equal(r.code, 0, r.out);
      assert.match(r.out, /PASS {2}stock_balance_equals_movements/);
    } finally {
      target.cleanup();
    }
  });

  it('fails naming the row when a stock balance is corrupted; the CLI exits non-zero', async () => {
    await sql`update stock_balances set quantity = quantity + 1
               where business_id = ${b} and product_id = ${f.productA} and warehouse_id = ${f.warehouse1}`.execute(t.database.db);
    const v = await verifyBooks(t.database.db, systemActor(b));
    assert.equal(v.ok, false);
    const bal = v.checks.find((c) => c.name === 'stock_balance_equals_movements')!;
    assert.equal(bal.ok, false);
    assert.equal(bal.offending.length, 1);
    const row = bal.offending[0];
    assert.equal(Number(row.productId), f.productA);
    assert.equal(Number(row.warehouseId), f.warehouse1);
    assert.equal(Number(row.balanceQuantity), 8);
    assert.equal(Number(row.movementsQuantity), 7);
    const qty = v.checks.find((c) => c.name === 'product_quantity_equals_balances')!;
    assert.equal(qty.ok, false);
    assert.equal(Number(qty.offending[0].productId), f.productA);
    assert.ok(v.checks.find((c) => c.name === 'trial_balance_zero')!.ok, 'the ledger itself is still sound');

    const http = await call(t.app, 'GET', '/api/reports/verify');
    assert.equal(http.body.data.report.ok, false);
    const failed = http.body.data.report.checks.filter((c: { ok: boolean }) => !c.ok).map((c: { name: string }) => c.name);
    assert.deepEqual(failed.sort(), ['product_quantity_equals_balances', 'stock_balance_equals_movements']);

    const target = await cliTarget(t);
    try {
      const r = await runCli(target.env);
      assert.equal(r.code, 1, r.out);
      assert.match(r.out, /FAIL {2}stock_balance_equals_movements/);
      assert.match(r.out, new RegExp(`"productId":${f.productA},"warehouseId":${f.warehouse1}`));
    } finally {
      target.cleanup();
    }
  });

  it('flags a party whose detail account is of another kind, and a missing history entry', async () => {
    // A fresh business, so the corruption of the previous test does not mix in.
    const other = await t.newBusiness();
    const ob = other.businessId;
    await sql`insert into detail_accounts (business_id, kind, name) values (${ob}, 'bank', 'نادرست')`.execute(t.database.db);
    const d = await sql<{ id: number }>`select id from detail_accounts where business_id = ${ob} order by id desc limit 1`.execute(t.database.db);
    await sql`insert into parties (business_id, code, code_key, detail_id, full_name) values (${ob}, '77', '77', ${d.rows[0].id}, 'بی‌تاریخچه')`.execute(t.database.db);
    const v = await verifyBooks(t.database.db, systemActor(ob));
    const pd = v.checks.find((c) => c.name === 'parties_have_detail_accounts')!;
    assert.equal(pd.ok, false);
    assert.equal(pd.offending[0].detailKind, 'bank');
    const hist = v.checks.find((c) => c.name === 'history_has_no_gap')!;
    assert.equal(hist.ok, false);
    assert.equal(hist.offending[0].entity, 'party');
  });

  it('flags movements, vouchers and lines whose invoice row is lost, and a counter behind its numbers', async () => {
    const other = await t.newBusiness();
    const ob = other.businessId;
    const of = await buildBusiness(t.database, ob, other.adminUserId);
    // A lost row, as a damaged page loses it: no trigger or foreign key stands in the way.
    await t.database.db.transaction().execute(async (tx) => {
      // On Citus the SET must reach the workers' shards too (a no-op setting elsewhere).
      await sql`set local citus.propagate_set_commands = 'local'`.execute(tx);
      await sql`set local session_replication_role = replica`.execute(tx);
      await sql`delete from invoices where business_id = ${ob} and id = ${of.voidedInvoice}`.execute(tx);
      await sql`update counters set value = 1 where business_id = ${ob} and name = 'invoice_no:2'`.execute(tx);
    });
    const v = await verifyBooks(t.database.db, systemActor(ob));
    const failed = (name: string) => v.checks.find((c) => c.name === name)!;
    const mv = failed('movements_point_at_documents');
    assert.equal(mv.ok, false);
    assert.ok(mv.offending.every((r) => Number(r.documentId) === of.voidedInvoice && r.problem === 'document missing'), JSON.stringify(mv.offending));
    assert.deepEqual(new Set(mv.offending.map((r) => r.documentType)), new Set(['invoice', 'invoice_void']));
    const vo = failed('vouchers_point_at_documents');
    assert.equal(vo.ok, false);
    assert.ok(vo.offending.some((r) => r.documentType === 'invoice' && Number(r.documentId) === of.voidedInvoice));
    const live = failed('documents_point_at_live_rows');
    assert.deepEqual(live.offending, [{ kind: 'invoice_line', rowId: of.voidedInvoice, problem: 'invoice missing' }]);
    const numbering = failed('documents_within_numbering');
    assert.equal(numbering.ok, false);
    assert.equal(Number(numbering.offending[0].invoiceType), 2);
    assert.ok(failed('tables_read_whole').ok, 'every table still reads');
    assert.ok(failed('vouchers_balance').ok);
  });
});
