import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, snapshotCounts, type TestApp } from '../../helpers/app.js';
import { transact } from '../../../src/db/transact.js';
import type { Actor, Tx } from '../../../src/domain/context.js';
import { isDomainError } from '../../../src/domain/errors.js';
import { dec } from '../../../src/domain/shared/money.js';
import {
  createProduct,
  deleteProduct,
  findProductByBarcode,
  findProductByCode,
  getProductsByIds,
  listProducts,
  updateProduct,
} from '../../../src/domain/catalog/products.js';
import { ensureProductGroupPath, productGroupPath, updateProductGroup } from '../../../src/domain/catalog/groups.js';
import { ensureUnit, listUnits } from '../../../src/domain/catalog/units.js';
import { postStockMovements } from '../../../src/domain/stock/movements.js';
import { defaultWarehouse } from '../../../src/domain/stock/warehouses.js';
import { assertStockInvariants } from '../stock/helpers.js';

describe('catalog domain', () => {
  let t: TestApp;
  let actor: Actor;
  const run = <T>(fn: (tx: Tx) => Promise<T>) => transact(t.database.db, fn);
  before(async () => {
    t = await testApp();
    actor = { businessId: t.business.businessId, userId: t.business.adminUserId, role: 'admin', surface: 'system' };
  });
  after(() => t.close());

  it('createProduct: names → unit and group path found or created; codes padded; lookups', async () => {
    const p = await run((tx) =>
      createProduct(tx, actor, { name: 'مداد', unit: 'بسته', groupPath: ['لوازم‌التحریر', 'نوشت‌افزار'], barcodes: ['۱۲۳۴۵'], sellPrice: dec('2500.5') }),
    );
    assert.equal(p.code, '000001');
    assert.equal(p.unit, 'بسته');
    assert.deepEqual(p.groupPath, ['لوازم‌التحریر', 'نوشت‌افزار']);
    assert.deepEqual(p.barcodes.map((b) => b.barcode), ['12345']);
    assert.equal(p.sellPrice, '2500.5');
    assert.deepEqual(await productGroupPath(t.database.db, actor.businessId, p.groupId), ['لوازم‌التحریر', 'نوشت‌افزار']);
    // the same path again finds the same groups; the same unit name (Arabic letters) the same unit
    const again = await run((tx) => ensureProductGroupPath(tx, actor, ['لوازم‌التحریر', 'نوشت‌افزار']));
    assert.equal(again, p.groupId);
    assert.equal(await run((tx) => ensureUnit(tx, actor.businessId, 'بسته')), p.unitId);
    assert.equal((await listUnits(t.database.db, actor)).length, 2);
    for (const c of ['1', '01', '000001', '۱']) assert.equal((await findProductByCode(t.database.db, actor, c))?.id, p.id, c);
    assert.equal((await findProductByBarcode(t.database.db, actor, '12345'))?.id, p.id);
    assert.equal(await findProductByBarcode(t.database.db, actor, '999'), null);
    assert.deepEqual((await getProductsByIds(t.database.db, actor, [p.id, p.id, 999999])).map((x) => x.id), [p.id]);
    const l = await listProducts(t.database.db, actor, { barcode: '12345' });
    assert.equal(l.total, 1);
  });

  it('updateProduct changes only the fields present; DUPLICATE on a taken code; NOT_FOUND', async () => {
    const a = await run((tx) => createProduct(tx, actor, { name: 'الف', code: 'A-1', buyPrice: dec(100), comment: 'یادداشت' }));
    await run((tx) => createProduct(tx, actor, { name: 'ب', code: 'B-1' }));
    const u = await run((tx) => updateProduct(tx, actor, a.id, { sellPrice: dec(150) }));
    assert.deepEqual([u.name, u.code, u.buyPrice, u.sellPrice, u.comment], ['الف', 'A-1', '100', '150', 'یادداشت']);
    const snap = await snapshotCounts(t.database);
    await assert.rejects(run((tx) => updateProduct(tx, actor, a.id, { code: 'b-1' })), (e) => isDomainError(e) && e.code === 'DUPLICATE');
    await assert.rejects(run((tx) => updateProduct(tx, actor, 999999, { name: 'x' })), (e) => isDomainError(e) && e.code === 'NOT_FOUND');
    await assert.rejects(run((tx) => createProduct(tx, actor, { code: 'NO-NAME' })), (e) => isDomainError(e) && e.code === 'MISSING_FIELD');
    assert.deepEqual(await snapshotCounts(t.database), snap);
  });

  it('deleteProduct: IN_USE with movements; group cycle refused in the domain too', async () => {
    const p = await run((tx) => createProduct(tx, actor, { name: 'در گردش', code: 'MV' }));
    const w = await defaultWarehouse(t.database.db, actor);
    await run((tx) => postStockMovements(tx, actor, { docType: 'test', docId: 1, date: '2025-06-01', lines: [{ productId: p.id, warehouseId: w.id, quantity: dec(1), unitCost: dec(10) }] }));
    await assert.rejects(run((tx) => deleteProduct(tx, actor, p.id)), (e) => isDomainError(e) && e.code === 'IN_USE');
    const leaf = await run((tx) => ensureProductGroupPath(tx, actor, ['ر', 'ز', 'ژ']));
    const root = await run((tx) => ensureProductGroupPath(tx, actor, ['ر']));
    await assert.rejects(run((tx) => updateProductGroup(tx, actor, root!, { parentId: leaf })), (e) => isDomainError(e) && e.code === 'VALIDATION' && e.field === 'parentId');
    await assertStockInvariants(t.database, actor.businessId, { ledger: false });
  });

  it('concurrent issues of the last units never oversell', async () => {
    const p = await run((tx) => createProduct(tx, actor, { name: 'آخرین‌ها', code: 'LAST' }));
    const w = await defaultWarehouse(t.database.db, actor);
    await run((tx) => postStockMovements(tx, actor, { docType: 'test', docId: 2, date: '2025-06-01', lines: [{ productId: p.id, warehouseId: w.id, quantity: dec(3), unitCost: dec(10) }] }));
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        run((tx) => postStockMovements(tx, actor, { docType: 'sale', docId: 100 + i, date: '2025-06-02', lines: [{ productId: p.id, warehouseId: w.id, quantity: dec(-1) }] })),
      ),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 3);
    assert.ok(results.filter((r) => r.status === 'rejected').every((r) => isDomainError((r as PromiseRejectedResult).reason) && (r as PromiseRejectedResult).reason.code === 'INSUFFICIENT_STOCK'));
    const row = await t.database.db.selectFrom('products').select(['stock_qty', 'stock_value']).where('id', '=', p.id).executeTakeFirstOrThrow();
    assert.deepEqual([Number(row.stock_qty), Number(row.stock_value)], [0, 0]);
    await assertStockInvariants(t.database, actor.businessId, { ledger: false });
  });
});
