import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { call, snapshotCounts, testApp, type TestApp } from '../../helpers/app.js';
import { transact } from '../../../src/db/transact.js';
import { systemActor } from '../../../src/domain/context.js';
import { createWarehouse } from '../../../src/domain/stock/warehouses.js';
import { accountsByRole } from '../../../src/domain/ledger/chart.js';
import { hesabfa } from './helpers.js';

async function inventoryNet(t: TestApp): Promise<number> {
  const roles = await accountsByRole(t.database.db, t.business.businessId);
  const r = await sql<{ n: string }>`
    select coalesce(sum(debit - credit), 0) as n from voucher_lines
     where business_id = ${t.business.businessId} and account_id = ${roles.inventory}`.execute(t.database.db);
  return Number(r.rows[0].n);
}

describe('Hesabfa UpdateOpeningQuantity and GetQuantity', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
    await transact(t.database.db, (tx) => createWarehouse(tx, systemActor(t.business.businessId), { name: 'انبار ۱۲', code: 12 }));
    const r = await hesabfa(t, 'batchsave', {
      items: [
        { Name: 'لپ‌تاپ', ItemType: 0, SellPrice: 1570000, Barcode: '650077842', ProductCode: 'PCS-873300', Tag: '115' },
        { Name: 'ماوس', ItemType: 0, SellPrice: '275000', Barcode: '89504564', ProductCode: 'PCS-873301', Tag: '230' },
        { Name: 'پشتیبانی', ItemType: 1, SellPrice: 442500, Tag: '227' },
      ],
    });
    assert.equal(r.ErrorCode, 0, r.ErrorMessage);
  });
  after(() => t.close());

  it('sets openings per warehouse; GetQuantity totals, per warehouse, and by codes', async () => {
    const r = await hesabfa(t, 'UpdateOpeningQuantity', {
      items: [
        { Code: '000001', Quantity: 3, UnitPrice: 250000, WarehouseCode: 12 },
        { code: 2, quantity: '16', unitPrice: '۱۰۰۰۰۰' },
      ],
    });
    assert.deepEqual(r, { Success: true, ErrorCode: 0, ErrorMessage: '', Result: null });
    assert.equal(await inventoryNet(t), 3 * 250000 + 16 * 100000);

    const all = await hesabfa(t, 'GetQuantity', {});
    assert.deepEqual(all.Result, [
      { Code: '000001', Tag: '115', Quantity: 3, Barcode: '650077842', SellPrice: 1570000, ProductCode: 'PCS-873300' },
      { Code: '000002', Tag: '230', Quantity: 16, Barcode: '89504564', SellPrice: 275000, ProductCode: 'PCS-873301' },
      { Code: '000003', Tag: '227', Quantity: 0, Barcode: '', SellPrice: 442500, ProductCode: '' },
    ]);
    assert.deepEqual((await hesabfa(t, 'GetQuantity', { codes: [] })).Result, all.Result, 'codes [] = all items');
    const wh12 = await hesabfa(t, 'GetQuantity', { warehouseCode: '12' });
    assert.deepEqual(wh12.Result.map((x: any) => [x.Code, x.Quantity]), [['000001', 3], ['000002', 0], ['000003', 0]]);
    const wh1 = await hesabfa(t, 'GetQuantity', { warehouseCode: 1, codes: ['2', '000001', 'nope'] });
    assert.deepEqual(wh1.Result.map((x: any) => [x.Code, x.Quantity]), [['000001', 0], ['000002', 16]]);
    const missing = await hesabfa(t, 'GetQuantity', { warehouseCode: 99 });
    assert.deepEqual([missing.Success, missing.ErrorCode], [false, 112]);
    assert.match(missing.ErrorMessage, /warehouseCode/);
    const item = await hesabfa(t, 'get', { code: 1 });
    assert.equal(item.Result.Stock, 3);
  });

  it('setting an item again replaces only its own opening (reversal + new entry)', async () => {
    const r = await hesabfa(t, 'UpdateOpeningQuantity', { items: [{ Code: 1, Quantity: 4, UnitPrice: 300000 }] });
    assert.equal(r.ErrorCode, 0, r.ErrorMessage);
    // item 1: 4 × 300,000 now in warehouse 1 (the 3 in warehouse 12 reversed); item 2 untouched.
    assert.equal(await inventoryNet(t), 4 * 300000 + 16 * 100000);
    const q = await hesabfa(t, 'GetQuantity', { codes: [1, 2] });
    assert.deepEqual(q.Result.map((x: any) => [x.Code, x.Quantity]), [['000001', 4], ['000002', 16]]);
    const wh12 = await hesabfa(t, 'GetQuantity', { warehouseCode: 12, codes: ['1'] });
    assert.equal(wh12.Result[0].Quantity, 0);
    const p = await sql<{ avg_cost: string; stock_value: string }>`
      select avg_cost, stock_value from products where business_id = ${t.business.businessId} and code_key = '1'`.execute(t.database.db);
    assert.deepEqual([Number(p.rows[0].avg_cost), Number(p.rows[0].stock_value)], [300000, 1200000]);
    // Nothing posted is ever changed: the old opening voucher is reversed by a new one.
    const v = await sql<{ n: string }>`
      select count(*) as n from vouchers where business_id = ${t.business.businessId} and kind = 'opening' and reverses_id is not null`.execute(t.database.db);
    assert.equal(Number(v.rows[0].n), 1);
  });

  it('Quantity or UnitPrice ≤ 0 → 114, unknown code → 112, service → 114; nothing written', async () => {
    const before = await snapshotCounts(t.database);
    let r = await hesabfa(t, 'UpdateOpeningQuantity', { items: [{ Code: 1, Quantity: 2, UnitPrice: 10 }, { Code: 2, Quantity: 0, UnitPrice: 10 }] });
    assert.deepEqual([r.Success, r.ErrorCode], [false, 114]);
    assert.match(r.ErrorMessage, /items\[1\]\.Quantity/);
    r = await hesabfa(t, 'UpdateOpeningQuantity', { items: [{ Code: 1, Quantity: 2, UnitPrice: '-5' }] });
    assert.equal(r.ErrorCode, 114);
    assert.match(r.ErrorMessage, /items\[0\]\.UnitPrice/);
    r = await hesabfa(t, 'UpdateOpeningQuantity', { items: [{ Code: 1, Quantity: 2, UnitPrice: 5 }, { Code: 999, Quantity: 2, UnitPrice: 5 }] });
    assert.equal(r.ErrorCode, 112);
    assert.match(r.ErrorMessage, /items\[1\]\.Code/);
    r = await hesabfa(t, 'UpdateOpeningQuantity', { items: [{ Code: 3, Quantity: 2, UnitPrice: 5 }] });
    assert.equal(r.ErrorCode, 114);
    assert.match(r.ErrorMessage, /items\[0\]\.Code/);
    r = await hesabfa(t, 'UpdateOpeningQuantity', { items: [{ Quantity: 2, UnitPrice: 5 }] });
    assert.equal(r.ErrorCode, 104);
    assert.match(r.ErrorMessage, /items\[0\]\.Code/);
    r = await hesabfa(t, 'UpdateOpeningQuantity', {});
    assert.equal(r.ErrorCode, 104);
    assert.deepEqual(await snapshotCounts(t.database), before);
  });

  it('concurrent UpdateOpeningQuantity calls for the same items end with exactly one opening each', async () => {
    const saved = await hesabfa(t, 'batchsave', { items: [{ Name: 'هم‌زمان ۱', ItemType: 0 }, { Name: 'هم‌زمان ۲', ItemType: 0 }] });
    const [a, b] = saved.Result.map((i: any) => i.Code);
    const before = await inventoryNet(t);
    const calls = [1, 2, 3, 4, 5].map((n) =>
      hesabfa(t, 'UpdateOpeningQuantity', {
        items: n % 2 ? [{ Code: a, Quantity: n, UnitPrice: 1000 }, { Code: b, Quantity: n, UnitPrice: 10 }] : [{ Code: b, Quantity: n, UnitPrice: 10 }, { Code: a, Quantity: n, UnitPrice: 1000 }],
      }),
    );
    const results = await Promise.all(calls);
    for (const r of results) assert.equal(r.ErrorCode, 0, r.ErrorMessage);
    const q = await hesabfa(t, 'GetQuantity', { codes: [a, b] });
    const [qa, qb] = q.Result.map((x: any) => x.Quantity);
    assert.equal(qa, qb, 'both items end with the same call’s quantity');
    assert.ok(qa >= 1 && qa <= 5);
    assert.equal((await inventoryNet(t)) - before, qa * 1000 + qb * 10);
  });

  it('delete of an item with stock → 190; of a fresh one → true', async () => {
    let r = await hesabfa(t, 'delete', { code: '000002' });
    assert.deepEqual([r.Success, r.ErrorCode, r.Result], [false, 190, null]);
    r = await hesabfa(t, 'delete', { code: 3 });
    assert.equal(r.Result, true);
    r = await hesabfa(t, 'delete', { code: 3 });
    assert.equal(r.ErrorCode, 112);
  });
});

// The same catalog and stock as Siba's /api/products (siba.md).
describe('Hesabfa ↔ Siba: one catalog, one stock', () => {
  let t: TestApp;
  const siba = { authorization: 'Bearer test-api-token-a' };
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('an item saved here is the product Siba lists; a Siba totalQuantity change shows in GetQuantity', async () => {
    const s = await hesabfa(t, 'save', {
      item: { Name: 'Galaxy J7 گوشی موبایل', ItemType: 0, Barcode: '345345345345', BuyPrice: 500000, SellPrice: 550000 },
    });
    assert.equal(s.ErrorCode, 0, s.ErrorMessage);
    const list = await call(t.app, 'GET', '/api/products', undefined, siba);
    assert.equal(list.status, 200, JSON.stringify(list.body));
    const p = list.body.data.product.find((x: any) => x.productId === s.Result.Id);
    assert.ok(p, JSON.stringify(list.body.data));
    assert.equal(p.productName, 'Galaxy J7 گوشی موبایل');
    assert.equal(p.productCode, '000001');
    assert.equal(Number(p.buyPrice), 500000);
    assert.equal(Number(p.sellPrice), 550000);
    assert.ok(JSON.stringify(p.barcodes).includes('345345345345'), JSON.stringify(p.barcodes));

    const put = await call(t.app, 'PUT', '/api/products', { productId: s.Result.Id, totalQuantity: 7 }, siba);
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const q = await hesabfa(t, 'GetQuantity', { codes: ['1'] });
    assert.deepEqual(q.Result.map((x: any) => [x.Code, x.Quantity]), [['000001', 7]]);
    const wh1 = await hesabfa(t, 'GetQuantity', { codes: ['1'], warehouseCode: 1 });
    assert.equal(wh1.Result[0].Quantity, 7);
    assert.equal((await hesabfa(t, 'get', { code: '1' })).Result.Stock, 7);
  });
});
