import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { transact } from '../../../src/db/transact.js';
import { issueCredential } from '../../../src/domain/auth/credentials.js';
import { createUser } from '../../../src/domain/users/users.js';
import { backend, call, snapshotCounts, testApp, type TestApp } from '../../helpers/app.js';
import { actorFor } from '../../domain/invoicing/fixtures.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const admin: Record<string, string> = bearer('test-api-token-a');

describe(`/daftar/v1/products, productGroups, units (${backend})`, () => {
  let t: TestApp;
  let clerk: Record<string, string>;

  before(async () => {
    t = await testApp();
    const b1 = t.business.businessId;
    const u = await transact(t.database.db, (tx) => createUser(tx, actorFor(b1, t.business.adminUserId), { userName: 'clerk1', password: 'clerk-password-1', role: 'clerk' }));
    clerk = bearer(await transact(t.database.db, (tx) => issueCredential(tx, b1, 'session', { userId: u.userId })));
  });
  after(async () => t.close());

  const post = (url: string, body: unknown, h = admin) => call(t.app, 'POST', `/daftar/v1${url}`, body, h);
  const get = (url: string, h = admin) => call(t.app, 'GET', `/daftar/v1${url}`, undefined, h);

  it('creates a product and reads it back in the domain’s words, amounts as strings', async () => {
    const unit = await post('/units', { name: 'بسته' });
    assert.equal(unit.status, 201, JSON.stringify(unit.body));
    assert.deepEqual(unit.body, { id: unit.body.id, name: 'بسته', moadianUnitCode: null });
    const group = await post('/productGroups', { name: 'نوشیدنی' });
    assert.equal(group.status, 201, JSON.stringify(group.body));
    const r = await post('/products', {
      name: 'چای سبز', unitId: unit.body.id, groupId: group.body.id, barcodes: ['6260100012345'], sellPrice: '1250000', buyPrice: 980000, vatRate: '10',
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.deepEqual(r.body, {
      id: r.body.id, code: r.body.code, name: 'چای سبز', kind: 'goods', unit: { id: unit.body.id, name: 'بسته' }, barcodes: ['6260100012345'],
      sellPrice: '1250000', buyPrice: '980000', vatRate: '10', groupId: group.body.id, active: true, stock: { total: '0', byWarehouse: [] }, averageCost: '0', sstid: null, // i8: issue 23 adds the Moadian sstid
    });
    const again = await get(`/products/${r.body.id}`);
    assert.deepEqual(again.body, r.body);
  });

  it('lists with q over name, code and barcode (Persian normalisation) and pages by cursor', async () => {
    await post('/products', { name: 'قهوه عربیكا', code: 'C-77', kind: 'goods' });
    await post('/products', { name: 'خدمت نصب', kind: 'service' });
    const byName = await get(`/products?q=${encodeURIComponent('عربیکا')}`); // ك vs ک
    assert.deepEqual(byName.body.items.map((p: { name: string }) => p.name), ['قهوه عربیكا']);
    const byCode = await get('/products?q=c-77');
    assert.deepEqual(byCode.body.items.map((p: { code: string }) => p.code), ['C-77']);
    const byBarcode = await get('/products?q=6260100012345');
    assert.deepEqual(byBarcode.body.items.map((p: { name: string }) => p.name), ['چای سبز']);
    const first = await get('/products?limit=2');
    assert.equal(first.body.items.length, 2);
    assert.ok(first.body.nextCursor);
    const second = await get(`/products?limit=2&cursor=${first.body.nextCursor}`);
    assert.equal(second.body.items.length, 1);
    assert.equal(second.body.nextCursor, null);
    const bad = await get('/products?cursor=zzz');
    assert.equal(bad.status, 400);
  });

  it('finds a product by barcode, 404 problem when none', async () => {
    const r = await get('/products/by-barcode/6260100012345');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.name, 'چای سبز');
    const none = await get('/products/by-barcode/999');
    assert.equal(none.status, 404);
    assert.equal(none.body.code, 'NOT_FOUND');
  });

  it('patches only the fields sent; active false deactivates', async () => {
    const p = (await post('/products', { name: 'دفتر', sellPrice: '100' })).body;
    const r = await call(t.app, 'PATCH', `/daftar/v1/products/${p.id}`, { sellPrice: '120.5', active: false }, admin);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.sellPrice, '120.5');
    assert.equal(r.body.active, false);
    assert.equal(r.body.name, 'دفتر');
  });

  it('keeps 9007199254740993 exact as a JSON number', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/daftar/v1/products', headers: { ...admin, 'content-type': 'application/json' },
      payload: '{"name":"گران","sellPrice":9007199254740993}',
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(JSON.parse(res.body).sellPrice, '9007199254740993');
  });

  it('refuses an unknown field naming it, writing nothing', async () => {
    const before = await snapshotCounts(t.database);
    const r = await post('/products', { name: 'x', isService: true });
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.match(JSON.stringify(r.body), /isService/);
    assert.deepEqual(await snapshotCounts(t.database), before);
  });

  it('refuses deleting a product that is in use, naming the reason; deletes an unused one', async () => {
    const p = (await post('/products', { name: 'فروخته‌شده', sellPrice: '1000' })).body;
    const stocked = await call(t.app, 'PUT', '/api/products', { productId: p.id, totalQuantity: 5 }, admin);
    assert.ok(stocked.status < 300, JSON.stringify(stocked.body));
    assert.equal((await get(`/products/${p.id}`)).body.stock.total, '5');
    const before = await snapshotCounts(t.database);
    const r = await call(t.app, 'DELETE', `/daftar/v1/products/${p.id}`, undefined, admin);
    assert.equal(r.status, 409, JSON.stringify(r.body));
    assert.match(r.body.detail, /گردش انبار/);
    assert.deepEqual(await snapshotCounts(t.database), before);
    const unused = (await post('/products', { name: 'بی‌گردش' })).body;
    const d = await call(t.app, 'DELETE', `/daftar/v1/products/${unused.id}`, undefined, admin);
    assert.equal(d.status, 204);
    assert.equal((await get(`/products/${unused.id}`)).status, 404);
  });

  it('a clerk reads products but cannot create one (403, nothing written)', async () => {
    assert.equal((await get('/products', clerk)).status, 200);
    const before = await snapshotCounts(t.database);
    const r = await post('/products', { name: 'از فروشنده' }, clerk);
    assert.equal(r.status, 403, JSON.stringify(r.body));
    assert.deepEqual(await snapshotCounts(t.database), before);
  });

  it('renames and deletes units and groups', async () => {
    const u = (await post('/units', { name: 'جعبه' })).body;
    const pu = await call(t.app, 'PATCH', `/daftar/v1/units/${u.id}`, { name: 'جعبهٔ بزرگ' }, admin);
    assert.equal(pu.body.name, 'جعبهٔ بزرگ');
    assert.equal((await call(t.app, 'DELETE', `/daftar/v1/units/${u.id}`, undefined, admin)).status, 204);
    const g = (await post('/productGroups', { name: 'موقت' })).body;
    const pg = await call(t.app, 'PATCH', `/daftar/v1/productGroups/${g.id}`, { name: 'موقت ۲' }, admin);
    assert.equal(pg.body.name, 'موقت ۲');
    assert.equal((await call(t.app, 'DELETE', `/daftar/v1/productGroups/${g.id}`, undefined, admin)).status, 204);
    const list = await get('/units');
    assert.ok(Array.isArray(list.body.items));
  });
});
