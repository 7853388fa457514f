import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { transact } from '../../../src/db/transact.js';
import { systemActor } from '../../../src/domain/context.js';
import { createProductGroup } from '../../../src/domain/catalog/groups.js';
import { defaultWarehouse } from '../../../src/domain/stock/warehouses.js';
import { postStockAdjustment } from '../../../src/domain/stock/movements.js';
import { Dec } from '../../../src/domain/shared/money.js';
import { call, snapshotCounts, testApp, type TestApp } from '../../helpers/app.js';

const AUTH = { authorization: 'Bearer test-chortke-token-a' };

/** The seed's product (seeds/002, "دریافت از طریق Id"), without its id. */
const SEED_MAIN = {
  accountingCode: '0001',
  title: 'پاور بانک شیائومی 10000 Mi Power Bank',
  isProduct: true,
  code: '12345',
  barcode: '123456',
  sellPrice: 6180000,
  salesDescription: 'فروش ویژه',
  buyPrice: 5840000,
  buyDescription: null,
  saleTax: 556200,
  buyTax: 525600,
  active: true,
  unit: 'عدد',
  subUnit: 'کارتن',
  conversionRatio: 12,
};
const SEED_OTHERS = { orderPoint: 5, minimumOrder: 1, waitingTime: 3, control: true };

describe('Chortke /v2/products', () => {
  let t: TestApp;
  let seedId: number;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('POST {main, others} with the seed product → 201 and the flat product exactly as the seed', async () => {
    const r = await call(t.app, 'POST', '/v2/products', { main: SEED_MAIN, others: SEED_OTHERS }, AUTH);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.success, true);
    assert.equal(typeof r.body.message, 'string');
    seedId = r.body.product.id;
    assert.ok(Number.isInteger(seedId) && seedId > 0);
    assert.deepEqual(r.body.product, { id: seedId, ...SEED_MAIN, ...SEED_OTHERS });
  });

  it('GET /v2/products/{id} → main and others as in the seed', async () => {
    const r = await call(t.app, 'GET', `/v2/products/${seedId}`, undefined, AUTH);
    assert.equal(r.status, 200);
    assert.equal(r.body.success, true);
    assert.deepEqual(r.body.main, { id: seedId, ...SEED_MAIN }, 'exactly the seed object');
    assert.deepEqual(r.body.others, SEED_OTHERS);
    // a trailing slash is the same call
    const slash = await call(t.app, 'GET', `/v2/products/${seedId}/`, undefined, AUTH);
    assert.deepEqual(slash.body.main, r.body.main);
  });

  it('GET /v2/products → flat list with every seed field', async () => {
    const r = await call(t.app, 'GET', '/v2/products', undefined, AUTH);
    assert.equal(r.status, 200);
    assert.equal(r.body.success, true);
    assert.equal(r.body.product.length, 1);
    assert.deepEqual(r.body.product[0], { id: seedId, ...SEED_MAIN, ...SEED_OTHERS }, 'exactly the seed object');
  });

  it('others as an array of one-key objects; saleTax/buyTax computed at 9% when not given', async () => {
    const r = await call(
      t.app,
      'POST',
      '/v2/products',
      {
        main: { title: 'کابل شارژ', sellPrice: '1,250,000', buyPrice: 1000001, unit: 'رشته' },
        others: [{ orderPoint: 10 }, { minimumOrder: '2.5' }, { waitingTime: '۷' }, { control: 'false' }],
      },
      AUTH,
    );
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const p = r.body.product;
    assert.match(p.accountingCode, /^\d{6}$/, 'a code made by Daftar is 6-digit padded');
    assert.notEqual(p.accountingCode, '000001', '"0001" is taken: numeric codes ignore leading zeros');
    assert.equal(p.saleTax, 112500); // 1 250 000 × 9%
    assert.equal(p.buyTax, 90000); // 1 000 001 × 9% = 90 000.09 → 90 000
    assert.deepEqual([p.unit, p.subUnit, p.conversionRatio], ['رشته', null, null]);
    assert.deepEqual([p.orderPoint, p.minimumOrder, p.waitingTime, p.control], [10, 2.5, 7, false]);
    assert.deepEqual([p.isProduct, p.active, p.code, p.barcode], [true, true, null, null]);

    // a later price change recomputes the computed tax; a product VAT rate wins over 9%
    let u = await call(t.app, 'PUT', `/v2/products/${p.id}`, { sellPrice: 2000000 }, AUTH);
    assert.equal(u.status, 200);
    assert.equal(u.body.product.saleTax, 180000);
    u = await call(t.app, 'PUT', `/v2/products/${p.id}`, { vatRate: 10 }, AUTH);
    assert.deepEqual([u.body.product.saleTax, u.body.product.buyTax], [200000, 100000]);
  });

  it('POST with an existing accountingCode edits that product (only the fields sent)', async () => {
    const r = await call(t.app, 'POST', '/v2/products', { accountingCode: '1', sellPrice: 6500000, salesDescription: null }, AUTH);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.product.id, seedId);
    assert.equal(r.body.product.accountingCode, '0001', 'the code stays as stored');
    assert.equal(r.body.product.sellPrice, 6500000);
    assert.equal(r.body.product.saleTax, 556200, 'a saleTax given explicitly is kept');
    assert.equal(r.body.product.salesDescription, null);
    assert.equal(r.body.product.title, SEED_MAIN.title);
    const list = await call(t.app, 'GET', '/v2/products', undefined, AUTH);
    assert.equal(list.body.product.length, 2, 'no new product');
  });

  it('POST with a new accountingCode creates it with that code; isProduct false is a service', async () => {
    const r = await call(t.app, 'POST', '/v2/products', { accountingCode: '5000', title: 'نصب', isProduct: false, sellPrice: 300000 }, AUTH);
    assert.equal(r.status, 201);
    assert.deepEqual([r.body.product.accountingCode, r.body.product.isProduct], ['5000', false]);
  });

  it('PUT is partial; list filters title/code/barcode and pages', async () => {
    const r = await call(t.app, 'PUT', `/v2/products/${seedId}`, { main: { title: 'پاور بانک ۲۰۰۰۰', subUnit: 'بسته' }, others: [{ control: false }] }, AUTH);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const p = r.body.product;
    assert.deepEqual([p.title, p.subUnit, p.conversionRatio, p.control, p.barcode, p.buyPrice], ['پاور بانک ۲۰۰۰۰', 'بسته', 12, false, '123456', 5840000]);

    let l = await call(t.app, 'GET', '/v2/products?title=' + encodeURIComponent('پاور'), undefined, AUTH);
    assert.deepEqual(l.body.product.map((x: { id: number }) => x.id), [seedId]);
    l = await call(t.app, 'GET', '/v2/products?code=12345', undefined, AUTH);
    assert.deepEqual(l.body.product.map((x: { id: number }) => x.id), [seedId], 'code is the wire\'s code field');
    l = await call(t.app, 'GET', '/v2/products?accountingCode=000001', undefined, AUTH);
    assert.deepEqual(l.body.product.map((x: { id: number }) => x.id), [seedId]);
    l = await call(t.app, 'GET', '/v2/products?isProduct=false', undefined, AUTH);
    assert.deepEqual(l.body.product.map((x: { accountingCode: string }) => x.accountingCode), ['5000']);
    l = await call(t.app, 'GET', '/v2/products?barcode=123456', undefined, AUTH);
    assert.deepEqual(l.body.product.map((x: { id: number }) => x.id), [seedId]);
    l = await call(t.app, 'GET', '/v2/products?offset=1&limit=1', undefined, AUTH);
    assert.equal(l.body.product.length, 1);
    assert.equal(l.body.total, 3);
  });

  it('refusals: 400 naming the field, 404, nothing written', async () => {
    const before = await snapshotCounts(t.database);
    let r = await call(t.app, 'POST', '/v2/products', { main: { sellPrice: 10 } }, AUTH);
    assert.equal(r.status, 400);
    assert.deepEqual([r.body.success, r.body.code], [false, 'VALIDATION_ERROR']);
    assert.match(r.body.message, /title/);
    r = await call(t.app, 'POST', '/v2/products', { title: 'x', sellPrice: 'ده هزار' }, AUTH);
    assert.equal(r.status, 400);
    assert.match(r.body.message, /sellPrice/);
    r = await call(t.app, 'POST', '/v2/products', { title: 'x', buyPrice: -1 }, AUTH);
    assert.equal(r.status, 400);
    assert.match(r.body.message, /buyPrice/);
    r = await call(t.app, 'POST', '/v2/products', { title: 'x', others: 'nope' }, AUTH);
    assert.equal(r.status, 400);
    r = await call(t.app, 'POST', '/v2/products', { title: 'دیگر', barcode: '123456' }, AUTH);
    assert.equal(r.status, 409, 'barcode already used');
    r = await call(t.app, 'PUT', '/v2/products/999999', { title: 'x' }, AUTH);
    assert.equal(r.status, 404);
    assert.equal(r.body.code, 'NOT_FOUND');
    r = await call(t.app, 'GET', '/v2/products/abc', undefined, AUTH);
    assert.equal(r.status, 400);
    r = await call(t.app, 'GET', '/v2/products/999999', undefined, AUTH);
    assert.equal(r.status, 404);
    assert.deepEqual(await snapshotCounts(t.database), before);
  });

  it('the product is the item Hesabfa item/get returns', async () => {
    const r = await call(t.app, 'POST', '/v1/item/get', { apiKey: 'test-hesabfa-key-a', loginToken: 'test-hesabfa-login-a', code: '0001' });
    assert.equal(r.body.Success, true, JSON.stringify(r.body));
    const item = r.body.Result;
    assert.equal(item.Id, seedId);
    assert.equal(item.Code, '000001');
    assert.equal(item.Name, 'پاور بانک ۲۰۰۰۰');
    assert.equal(item.Barcode, '123456');
    assert.equal(item.SellPrice, 6500000);
    assert.equal(item.BuyPrice, 5840000);
    assert.equal(item.ProductCode, '12345');
    assert.equal(item.Unit, 'عدد');
    assert.equal(item.SubUnit, 'بسته');
    assert.equal(item.ItemType, 0);
  });

  it('tenant isolation: another business sees none of it', async () => {
    const other = await t.newBusiness();
    const auth = { authorization: `Bearer ${other.chortkeToken}` };
    let r = await call(t.app, 'GET', `/v2/products/${seedId}`, undefined, auth);
    assert.equal(r.status, 404);
    r = await call(t.app, 'GET', '/v2/products', undefined, auth);
    assert.deepEqual(r.body.product, []);
    r = await call(t.app, 'DELETE', `/v2/products/${seedId}`, undefined, auth);
    assert.equal(r.status, 404);
  });

  it('categories: products tree and persons tree; personTypes', async () => {
    await transact(t.database.db, async (tx) => {
      const actor = systemActor(t.business.businessId);
      const root = await createProductGroup(tx, actor, { name: 'کالاها', parentId: null });
      await createProductGroup(tx, actor, { name: 'لوازم جانبی', parentId: root.id });
    });
    let r = await call(t.app, 'GET', '/v2/categories?type=products', undefined, AUTH);
    assert.equal(r.status, 200);
    assert.equal(r.body.categories.length, 1);
    const root = r.body.categories[0];
    assert.deepEqual([root.title, root.parentId, root.childs.length], ['کالاها', null, 1]);
    assert.deepEqual([root.childs[0].title, root.childs[0].parentId, root.childs[0].childs], ['لوازم جانبی', root.id, []]);

    r = await call(t.app, 'GET', '/v2/personTypes', undefined, AUTH);
    assert.equal(r.status, 200);
    assert.equal(r.body.personTypes.length, 1);
    assert.equal(r.body.personTypes[0].title, 'اشخاص');
    assert.deepEqual(r.body.personTypes[0].childs.map((c: { title: string }) => c.title), ['مشتری', 'کارمندان', 'فروشنده', 'تامین‌کننده']);
    const persons = await call(t.app, 'GET', '/v2/categories?type=persons', undefined, AUTH);
    assert.deepEqual(persons.body.categories, r.body.personTypes);
    r = await call(t.app, 'GET', '/v2/categories?type=cars', undefined, AUTH);
    assert.equal(r.status, 400);
    assert.match(r.body.message, /type/);
  });

  it('DELETE: 409 when the product has stock movements; else the seed message', async () => {
    await transact(t.database.db, async (tx) => {
      const actor = systemActor(t.business.businessId);
      const wh = await defaultWarehouse(tx, systemActor(t.business.businessId));
      await postStockAdjustment(tx, actor, {
        date: '2025-05-01',
        warehouseId: wh.id,
        kind: 'adjustment',
        lines: [{ productId: seedId, quantity: new Dec(3), unitCost: new Dec(5840000) }],
      });
    });
    const before = await snapshotCounts(t.database);
    let r = await call(t.app, 'DELETE', `/v2/products/${seedId}`, undefined, AUTH);
    assert.equal(r.status, 409);
    assert.deepEqual([r.body.success, r.body.code], [false, 'IN_USE']);
    assert.deepEqual(await snapshotCounts(t.database), before);
    const item = await call(t.app, 'POST', '/v1/item/get', { apiKey: 'test-hesabfa-key-a', loginToken: 'test-hesabfa-login-a', code: '1' });
    assert.equal(item.body.Result.Stock, 3, 'the stock was posted');

    const svc = await call(t.app, 'GET', '/v2/products?accountingCode=5000', undefined, AUTH);
    const id = svc.body.product[0].id;
    r = await call(t.app, 'DELETE', `/v2/products/${id}`, undefined, AUTH);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { success: true, message: 'محصول با موفقیت حذف گردید' });
    r = await call(t.app, 'GET', `/v2/products/${id}`, undefined, AUTH);
    assert.equal(r.status, 404);
  });

  it('401 without or with a wrong token, in the envelope', async () => {
    const tries: Record<string, string>[] = [{}, { authorization: 'Bearer nope' }, { authorization: 'Bearer test-api-token-a' }];
    for (const headers of tries) {
      const r = await call(t.app, 'POST', '/v2/products', { title: 'x' }, headers);
      assert.equal(r.status, 401);
      assert.deepEqual([r.body.success, r.body.code], [false, 'UNAUTHORIZED']);
      assert.equal(typeof r.body.message, 'string');
    }
  });
});

describe('Chortke /v2/products: the seed list object as a flat POST body, full round trip', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('POST flat (the seed object, its id ignored) → GET by id → GET list → PUT → DELETE', async () => {
    const seed = { id: 1, ...SEED_MAIN, ...SEED_OTHERS };
    const created = await call(t.app, 'POST', '/v2/products/', seed, AUTH);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.product.id;
    assert.deepEqual(created.body.product, { ...seed, id });

    const one = await call(t.app, 'GET', `/v2/products/${id}`, undefined, AUTH);
    assert.deepEqual(one.body, { success: true, message: '', main: { id, ...SEED_MAIN }, others: SEED_OTHERS });
    const list = await call(t.app, 'GET', '/v2/products', undefined, AUTH);
    assert.deepEqual(list.body.product, [{ ...seed, id }]);

    const put = await call(t.app, 'PUT', `/v2/products/${id}`, { others: [{ waitingTime: 5 }], main: { buyPrice: 5900000, buyTax: null } }, AUTH);
    assert.equal(put.status, 200);
    assert.deepEqual(put.body.product, { ...seed, id, waitingTime: 5, buyPrice: 5900000, buyTax: 531000 }, 'buyTax back to computed: 9% of 5 900 000');

    const audit = await t.database.db.selectFrom('audit_entries').select(['action', 'entity']).where('entity', '=', 'product').orderBy('id').execute();
    assert.deepEqual(audit.map((a) => a.action), ['create', 'update'], 'one audit entry per change');

    const del = await call(t.app, 'DELETE', `/v2/products/${id}`, undefined, AUTH);
    assert.deepEqual([del.status, del.body], [200, { success: true, message: 'محصول با موفقیت حذف گردید' }]);
    const gone = await call(t.app, 'GET', `/v2/products/${id}`, undefined, AUTH);
    assert.deepEqual([gone.status, gone.body.success, gone.body.code], [404, false, 'NOT_FOUND']);
  });
});
