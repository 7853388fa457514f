import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { testApp, snapshotCounts, type TestApp } from '../../helpers/app.js';
import { transact } from '../../../src/db/transact.js';
import type { Actor } from '../../../src/domain/context.js';
import { createProduct } from '../../../src/domain/catalog/products.js';
import { isDomainError } from '../../../src/domain/errors.js';
import { dec } from '../../../src/domain/shared/money.js';
import {
  postStockAdjustment,
  postStockMovements,
  reverseStockMovements,
  stockBalances,
} from '../../../src/domain/stock/movements.js';
import { createWarehouse, defaultWarehouse } from '../../../src/domain/stock/warehouses.js';
import { assertStockInvariants } from './helpers.js';

describe('stock movements and the moving average', () => {
  let t: TestApp;
  let actor: Actor;
  const run = <T>(fn: (tx: any) => Promise<T>) => transact(t.database.db, fn);

  before(async () => {
    t = await testApp();
    actor = { businessId: t.business.businessId, userId: t.business.adminUserId, role: 'admin', surface: 'system' };
  });
  afterEach(() => assertStockInvariants(t.database, actor.businessId, { ledger: false }));
  after(() => t.close());

  it('receipts at different prices, then issues: average and values are exact', async () => {
    const p = await run((tx) => createProduct(tx, actor, { name: 'کالای میانگین' }));
    const w = await defaultWarehouse(t.database.db, actor);
    const adj = (q: string, cost?: string) =>
      run((tx) =>
        postStockAdjustment(tx, actor, {
          date: '2025-05-01',
          warehouseId: w.id,
          kind: 'adjustment',
          lines: [{ productId: p.id, quantity: dec(q), unitCost: cost === undefined ? undefined : dec(cost) }],
        }),
      );
    await adj('10', '1000'); // 10 000
    await adj('5', '1300'); // 6 500 → 15 @ 1100
    const r3 = await adj('3', '1234.5'); // 3 703.5 → 3 704 (half up) → 18, 20 204
    assert.equal(r3.lines[0].value.toFixed(), '3704');
    let row = await t.database.db.selectFrom('products').select(['stock_qty', 'stock_value', 'avg_cost']).where('id', '=', p.id).executeTakeFirstOrThrow();
    assert.equal(dec(row.stock_qty).toFixed(), '18');
    assert.equal(dec(row.stock_value).toFixed(), '20204');
    assert.equal(dec(row.avg_cost).toFixed(), '1122.4444444444'); // 20204 / 18
    const out = await adj('-4'); // 4 × 1122.444… = 4489.78 → 4490
    assert.equal(out.lines[0].value.toFixed(), '-4490');
    await adj('7', '999'); // 6 993 → 21, 22 707
    row = await t.database.db.selectFrom('products').select(['stock_qty', 'stock_value', 'avg_cost']).where('id', '=', p.id).executeTakeFirstOrThrow();
    assert.equal(dec(row.stock_qty).toFixed(), '21');
    assert.equal(dec(row.stock_value).toFixed(), '22707');
    assert.equal(dec(row.avg_cost).toFixed(), '1081.2857142857'); // 22707 / 21
    const all = await adj('-21'); // the whole quantity takes the remaining value exactly
    assert.equal(all.lines[0].value.toFixed(), '-22707');
    const v = await sql<{ debit: string; credit: string; role: string }>`
      select l.debit::text, l.credit::text, a.role from voucher_lines l join accounts a on a.business_id = l.business_id and a.id = l.account_id
       where l.business_id = ${actor.businessId} and l.voucher_id = ${all.voucherId} order by l.line_no`.execute(t.database.db);
    assert.deepEqual(
      v.rows.map((x) => [x.role, Number(x.debit), Number(x.credit)]),
      [
        ['inventory', 0, 22707],
        ['stock_adjustment', 22707, 0],
      ],
    );
  });

  it('refuses going below zero (INSUFFICIENT_STOCK, lines[i], nothing written) and refuses services', async () => {
    const p = await run((tx) => createProduct(tx, actor, { name: 'کم‌موجود' }));
    const s = await run((tx) => createProduct(tx, actor, { name: 'خدمت نصب', kind: 'service' }));
    const w = await defaultWarehouse(t.database.db, actor);
    await run((tx) => postStockMovements(tx, actor, { docType: 'test', docId: 1, date: '2025-05-01', lines: [{ productId: p.id, warehouseId: w.id, quantity: dec(2), unitCost: dec(50) }] }));
    const before = await snapshotCounts(t.database);
    await assert.rejects(
      run((tx) =>
        postStockMovements(tx, actor, {
          docType: 'test',
          docId: 2,
          date: '2025-05-01',
          lines: [
            { productId: p.id, warehouseId: w.id, quantity: dec(-1) },
            { productId: p.id, warehouseId: w.id, quantity: dec(-2) },
          ],
        }),
      ),
      (e) => isDomainError(e) && e.code === 'INSUFFICIENT_STOCK' && e.field === 'lines[1]',
    );
    await assert.rejects(
      run((tx) => postStockMovements(tx, actor, { docType: 'test', docId: 3, date: '2025-05-01', lines: [{ productId: s.id, warehouseId: w.id, quantity: dec(1) }] })),
      (e) => isDomainError(e) && e.code === 'VALIDATION' && e.field === 'lines[0].productId',
    );
    assert.deepEqual(await snapshotCounts(t.database), before);
  });

  it('reversal mirrors at the original cost and value, once only; balances per warehouse', async () => {
    const p = await run((tx) => createProduct(tx, actor, { name: 'برگشتی' }));
    const w1 = await defaultWarehouse(t.database.db, actor);
    const w2 = await run((tx) => createWarehouse(tx, actor, { name: 'انبار دوم' }));
    assert.equal(w2.code, 2);
    await run((tx) => postStockMovements(tx, actor, { docType: 'purchase', docId: 10, date: '2025-05-01', lines: [{ productId: p.id, warehouseId: w1.id, quantity: dec(10), unitCost: dec(100) }] }));
    const sale = await run((tx) => postStockMovements(tx, actor, { docType: 'sale', docId: 11, date: '2025-05-02', lines: [{ productId: p.id, warehouseId: w1.id, quantity: dec(-4) }] }));
    assert.equal(sale[0].value.toFixed(), '-400');
    // the average moves after the sale
    await run((tx) => postStockMovements(tx, actor, { docType: 'purchase', docId: 12, date: '2025-05-03', lines: [{ productId: p.id, warehouseId: w2.id, quantity: dec(6), unitCost: dec(200) }] }));
    const rev = await run((tx) => reverseStockMovements(tx, actor, { docType: 'sale', docId: 11, date: '2025-05-04', newDocType: 'sale_void', newDocId: 11 }));
    assert.equal(rev[0].quantity.toFixed(), '4');
    assert.equal(rev[0].value.toFixed(), '400');
    assert.equal(rev[0].unitCost.toFixed(), '100');
    await assert.rejects(
      run((tx) => reverseStockMovements(tx, actor, { docType: 'sale', docId: 11, date: '2025-05-04', newDocType: 'sale_void', newDocId: 11 })),
      (e) => isDomainError(e) && e.code === 'CONFLICT',
    );
    const bal = await stockBalances(t.database.db, actor, { productIds: [p.id] });
    assert.deepEqual(
      bal.map((b) => [b.warehouse.code, b.quantity]),
      [
        [1, '10'],
        [2, '6'],
      ],
    );
  });
  it('an outgoing mirror is exact and the later issues are re-costed to the live movements (issue 18 point 1)', async () => {
    const p = await run((tx) => createProduct(tx, actor, { name: 'ارزان‌شده' }));
    const w = await defaultWarehouse(t.database.db, actor);
    const mv = (docType: string, docId: number, q: string, date: string, cost?: string) =>
      run((tx) => postStockMovements(tx, actor, { docType, docId, date, lines: [{ productId: p.id, warehouseId: w.id, quantity: dec(q), unitCost: cost === undefined ? undefined : dec(cost) }] }));
    await mv('opening', 1, '10', '2025-05-01', '1000'); // 10, 10 000
    await mv('purchase', 3, '10', '2025-05-01', '10'); // +100 → 20, 10 100
    const sale = await mv('sale', 2, '-9', '2025-05-02'); // −round(9 × 505) = −4 545 → 11, 5 555
    assert.equal(sale[0].value.toFixed(), '-4545');
    const rev = await run((tx) => reverseStockMovements(tx, actor, { docType: 'opening', docId: 1, date: '2025-05-01', newDocType: 'opening_void', newDocId: 1 }));
    assert.equal(rev[0].value.toFixed(), '-10000', 'the mirror takes exactly what the opening brought');
    // Live: 10 at 10, then 9 sold at 10 each (−90, corrected by +4 455): 1 left worth 10.
    const row = await t.database.db.selectFrom('products').select(['stock_qty', 'stock_value']).where('id', '=', p.id).executeTakeFirstOrThrow();
    assert.deepEqual([dec(row.stock_qty).toFixed(), dec(row.stock_value).toFixed()], ['1', '10']);
    const corr = await t.database.db.selectFrom('stock_movements').select(['value', 'corrects_id', 'date']).where('business_id', '=', actor.businessId).where('doc_type', '=', 'recost').where('product_id', '=', p.id).execute();
    assert.deepEqual(corr.map((c) => [dec(c.value).toFixed(), Number(c.corrects_id)]), [['4455', sale[0].movementId]]);
  });
});
