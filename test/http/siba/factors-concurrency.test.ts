import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backend, call, testApp, type TestApp } from '../../helpers/app.js';
import { actorFor, addParty, addProduct, balanceIn, ledger, stockOf } from '../../domain/invoicing/fixtures.js';

/**
 * Concurrent sales of the last units never oversell. On PostgreSQL the 20 requests really run
 * at once (Promise.all of app.inject over a connection pool); on PGlite they are serialized.
 */
describe(`Siba /api/factors under concurrency (${backend})`, () => {
  let t: TestApp;
  let biz: number;
  let product: number;
  let warehouseId: number;

  before(async () => {
    t = await testApp();
    biz = t.business.businessId;
    const admin = actorFor(biz, t.business.adminUserId);
    const person = await addParty(t.database, admin, 'مشتری');
    product = await addProduct(t.database, biz, { name: 'کالای کمیاب' });
    const w = await t.database.db.selectFrom('warehouses').select('id').where('business_id', '=', biz).where('code', '=', 1).executeTakeFirstOrThrow();
    warehouseId = Number(w.id);
    const buy = await call(t.app, 'POST', '/api/factors', {
      invoiceType: 1,
      personId: person.id,
      details: [{ itemId: product, itemType: 0, quantity: 7, price: 1003, warehouseCode: 1, taxPerc: 0 }],
    });
    assert.equal(buy.status, 200, JSON.stringify(buy.body));
  });
  after(() => t.close());

  it('20 concurrent sales of 1 unit against a stock of 7: exactly 7 succeed, 13 get 1005', async () => {
    const sale = (i: number) =>
      call(t.app, 'POST', '/api/factors', {
        invoiceType: 2,
        personId: 1,
        info: `فروش هم‌زمان ${i}`,
        details: [{ itemId: product, itemType: 0, quantity: 1, price: 2000, warehouseCode: 1, taxPerc: 9 }],
      });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => sale(i)));
    const ok = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status !== 200);
    assert.equal(ok.length, 7, JSON.stringify(refused.filter((r) => r.body?.errCode !== 1005).map((r) => r.body)));
    assert.equal(refused.length, 13);
    for (const r of refused) assert.deepEqual([r.status, r.body.errCode, r.body.data], [409, 1005, null]);
    const numbers = ok.map((r) => r.body.data.factor.invoiceNo).sort((a: number, b: number) => a - b);
    assert.deepEqual(numbers, [1, 2, 3, 4, 5, 6, 7], 'each success took its own number');
    // 7 units at 1003: every sale takes one unit at the average, the last one whatever remains.
    assert.equal(ok.reduce((s, r) => s + r.body.data.factor.cogs, 0), 7021);

    assert.equal(await balanceIn(t.database, biz, product, warehouseId), '0');
    assert.deepEqual(await stockOf(t.database, biz, product), { qty: '0', value: '0' });
    const l = await ledger(t.database, biz);
    assert.equal(l.trial, '0');
    assert.equal(l.inventory, '0');
    assert.equal(l.inventory, l.valuation);
    const invoices = await t.database.db.selectFrom('invoices').select('id').where('business_id', '=', biz).where('invoice_type', '=', 2).execute();
    assert.equal(invoices.length, 7, 'no invoice of a refused sale was stored');
  });
});
