import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { backend, call, testApp, type TestApp } from '../helpers/app.js';
import { groupCommitStats, transactPosting } from '../../src/db/group-commit.js';
import type { Tx } from '../../src/domain/context.js';
import { recordChange } from '../../src/domain/changes/changes.js';
import { actorFor, addParty, goods } from '../domain/invoicing/fixtures.js';
import { getInvoice, postInvoice } from '../../src/domain/invoicing/index.js';
import { DomainError } from '../../src/domain/errors.js';

/**
 * Group commit (src/db/group-commit.ts, docs/performance.md): postings that queue behind a
 * running batch share one transaction, each in its own savepoint.
 */
describe(`group commit of postings (${backend})`, () => {
  let t: TestApp;
  let biz: number;
  let person: number;
  let product: number;

  before(async () => {
    t = await testApp();
    biz = t.business.businessId;
    const admin = actorFor(biz, t.business.adminUserId);
    person = (await addParty(t.database, admin, 'مشتری')).id;
    const created = await call(t.app, 'POST', '/api/products', { name: 'کالای گروهی', buyPrice: 1000 });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    product = created.body.data.product.productId;
    const buy = await call(t.app, 'POST', '/api/factors', {
      invoiceType: 1,
      personId: person,
      details: [{ itemId: product, itemType: 0, quantity: 30, price: 1000, warehouseCode: 1, taxPerc: 0 }],
    });
    assert.equal(buy.status, 200, JSON.stringify(buy.body));
  });
  after(() => t.close());

  /**
   * Holds the batcher busy until `release()`; once `entered`, its batch runs and what is
   * submitted meanwhile forms the next batch.
   */
  async function blocker() {
    let release!: () => void;
    let enter!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const entered = new Promise<void>((r) => (enter = r));
    const done = transactPosting(t.database.db, async () => (enter(), gate));
    await entered;
    return { release, done };
  }

  const counter = (tx: Tx, name: string) =>
    sql`insert into counters (business_id, name, value) values (${biz}, ${name}, 1)`.execute(tx);
  const counterExists = async (name: string) =>
    (await sql<{ n: number }>`select count(*)::int as n from counters where business_id = ${biz} and name = ${name}`.execute(t.database.db)).rows[0].n === 1;

  it('is on by default, and a lone posting runs at once in a batch of its own', async () => {
    const before = { ...groupCommitStats(t.database.db)! };
    assert.ok(before, 'group commit configured by buildApp');
    const r = await call(t.app, 'POST', '/api/factors', { invoiceType: 2, personId: person, details: [{ itemId: product, itemType: 0, quantity: 1, price: 2000, warehouseCode: 1, taxPerc: 0 }] });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const s = groupCommitStats(t.database.db)!;
    assert.equal(s.batches, before.batches + 1);
    assert.equal(s.postings, before.postings + 1);
  });

  it('sales queued behind a running batch commit together; a refused one gets its own error and leaves nothing', async () => {
    const actor = actorFor(biz, t.business.adminUserId);
    const before = { ...groupCommitStats(t.database.db)! };
    const b = await blocker();
    // 8 sales of 1 and, in the middle, one of 1,000 (beyond the stock)
    const pending = [1, 1, 1, 1, 1000, 1, 1, 1, 1].map((q, i) =>
      transactPosting(t.database.db, (tx) => postInvoice(tx, actor, { type: 'sale', partyId: person, description: `گروه ${i}`, lines: [goods(product, q, 2000)] })).then(
        (inv) => ({ ok: true as const, inv }),
        (err: DomainError) => ({ ok: false as const, err }),
      ),
    );
    b.release();
    await b.done;
    const results = await Promise.all(pending);
    const s = groupCommitStats(t.database.db)!;
    assert.ok(s.largest >= 9, `one batch took the nine (largest ${s.largest})`);
    assert.equal(s.batches - before.batches, 2, 'the blocker, then the nine');
    assert.deepEqual(results.map((r) => r.ok), [true, true, true, true, false, true, true, true, true]);
    const refused = results[4];
    assert.ok(!refused.ok && refused.err instanceof DomainError && refused.err.code === 'INSUFFICIENT_STOCK', String(!refused.ok && refused.err));
    const numbers = results.flatMap((r) => (r.ok ? [r.inv.number] : []));
    assert.deepEqual(numbers, Array.from({ length: 8 }, (_, i) => numbers[0] + i), 'gapless, in the batch order');
    const stored = await t.database.db.selectFrom('invoices').select('invoice_no').where('business_id', '=', biz).where('invoice_type', '=', 2).orderBy('invoice_no').execute();
    assert.deepEqual(stored.map((x) => Number(x.invoice_no)), Array.from({ length: 9 }, (_, i) => i + 1), 'the refused sale stored nothing and took no number');
    for (const r of results) if (r.ok) assert.deepEqual(r.inv, await getInvoice(t.database.db, actor, r.inv.id), 'each reply is what was committed');
    const v = await call(t.app, 'GET', '/api/reports/verify');
    assert.equal(v.status, 200);
    const report = v.body.data.report as { ok: boolean; checks: { ok: boolean; name: string }[] };
    assert.deepEqual(report.checks.filter((c) => !c.ok).map((c) => c.name), []);
    assert.equal(report.ok, true);
  });

  it('an unbalanced voucher is refused inside its own savepoint; the postings around it commit', async () => {
    const fy = await t.database.db.selectFrom('fiscal_years').select('id').where('business_id', '=', biz).executeTakeFirstOrThrow();
    const acct = await t.database.db.selectFrom('accounts').select('id').where('business_id', '=', biz).executeTakeFirstOrThrow();
    // (on PGlite the blocker holds the one connection: read first)
    const b = await blocker();
    const a = transactPosting(t.database.db, (tx) => counter(tx, 'gc:a'));
    const bad = transactPosting(t.database.db, async (tx) => {
      await counter(tx, 'gc:bad');
      await sql`insert into vouchers (business_id, id, fiscal_year_id, number, date, kind) values (${biz}, 990001, ${fy.id}, 990001, '2026-01-01', 'manual')`.execute(tx);
      await sql`insert into voucher_lines (business_id, voucher_id, line_no, account_id, debit, credit) values (${biz}, 990001, 1, ${acct.id}, 5, 0)`.execute(tx);
    });
    const badRefused = assert.rejects(bad, (e: { code?: string }) => e.code === '23514');
    const c = transactPosting(t.database.db, (tx) => counter(tx, 'gc:c'));
    b.release();
    await b.done;
    await a;
    await c;
    await badRefused;
    assert.equal(await counterExists('gc:a'), true);
    assert.equal(await counterExists('gc:c'), true);
    assert.equal(await counterExists('gc:bad'), false, 'the refused posting left nothing');
    const v = await t.database.db.selectFrom('vouchers').select('id').where('business_id', '=', biz).where('id', '=', 990001).execute();
    assert.deepEqual(v, []);
  });

  it('a deadlock inside one posting runs that posting again on its own; a thrown error keeps its changes out of the feed', async () => {
    const actor = actorFor(biz, t.business.adminUserId);
    const b = await blocker();
    const before = { ...groupCommitStats(t.database.db)! };
    let tries = 0;
    const flaky = transactPosting(t.database.db, async (tx) => {
      tries++;
      await counter(tx, `gc:flaky${tries}`);
      if (tries === 1) throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
      return tries;
    });
    const failing = transactPosting(t.database.db, async (tx) => {
      await recordChange(tx, actor, { objectType: 'Product', objectId: 987654, kind: 'update' });
      throw new Error('refused');
    });
    const refusedAlone = assert.rejects(failing, /refused/);
    const kept = transactPosting(t.database.db, async (tx) => {
      await recordChange(tx, actor, { objectType: 'Product', objectId: 987655, kind: 'update' });
    });
    b.release();
    await b.done;
    assert.equal(await flaky, 2, 'ran again, alone');
    await refusedAlone;
    await kept;
    const s = groupCommitStats(t.database.db)!;
    assert.ok(s.rerunAlone >= before.rerunAlone + 1);
    assert.equal(await counterExists('gc:flaky1'), false);
    assert.equal(await counterExists('gc:flaky2'), true);
    const changes = await t.database.db.selectFrom('changes').select('object_id').where('business_id', '=', biz).where('object_id', 'in', [987654, 987655]).execute();
    assert.deepEqual(changes.map((c) => Number(c.object_id)), [987655]);
  });
});
