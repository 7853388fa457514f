import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { call, snapshotCounts, testApp, type TestApp } from '../../helpers/app.js';
import { assertStockInvariants } from '../../domain/stock/helpers.js';

/** Siba products section: the seed's sample calls, as written, and the acceptance. */
describe('Siba products', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ imageLimitBytes: 2048 });
  });
  afterEach(() => assertStockInvariants(t.database, t.business.businessId));
  after(() => t.close());

  const post = (url: string, body: unknown) => call(t.app, 'POST', url, body);
  const put = (url: string, body: unknown) => call(t.app, 'PUT', url, body);

  it('seed samples: POST, GET ?name=&code=, PUT, DELETE ?productId=', async () => {
    // POST exactly as the seed (unitId 0 = default unit, groupId 0 = root)
    let r = await post('/api/products', { name: 'string', code: 'string', unitId: 0, groupId: 0 });
    assert.equal(r.status, 200);
    assert.equal(r.body.success, true);
    const p = r.body.data.product;
    assert.equal(p.productName, 'string');
    assert.equal(p.productCode, 'string');
    assert.equal(p.groupId, 0);
    assert.equal(p.unitName, 'عدد');
    assert.ok(p.unitId > 0);
    assert.equal(p.totalQuantity, 0);
    assert.equal(p.isService, false);
    // the same sample again: duplicate code → 409 / 1003, nothing written
    const snap = await snapshotCounts(t.database);
    r = await post('/api/products', { name: 'string', code: 'string', unitId: 0, groupId: 0 });
    assert.deepEqual([r.status, r.body.errCode, r.body.success, r.body.data], [409, 1003, false, null]);
    assert.deepEqual(await snapshotCounts(t.database), snap);

    // GET with the seed's query (no match), and a list with the new product
    r = await call(t.app, 'GET', '/api/products?name=test&code=123');
    assert.deepEqual([r.status, r.body.data.product], [200, []]);
    r = await call(t.app, 'GET', '/api/products?name=str');
    assert.equal(r.body.data.product.length, 1);

    // PUT with the seed's body shape (productCode 0 = code unchanged)
    const body = {
      productId: p.productId,
      productCode: 0,
      productName: 'string',
      productSubUnitId: 0,
      groupId: 0,
      totalQuantity: 0,
      active: true,
      buyPrice: 0,
      sellPrice: 0,
      orderPoint: 0,
      comment: 'string',
    };
    r = await put('/api/products', body);
    assert.equal(r.status, 200);
    assert.equal(r.body.data.product.productCode, 'string');
    assert.equal(r.body.data.product.comment, 'string');
    // unknown product → 404; productId 0 (the sample as written) → 404; invalid → 400
    r = await put('/api/products', { ...body, productId: 999999 });
    assert.deepEqual([r.status, r.body.errCode], [404, 1002]);
    r = await put('/api/products', { ...body, productId: 0 });
    assert.deepEqual([r.status, r.body.errCode], [404, 1002]);
    r = await put('/api/products', { ...body, buyPrice: 'ده' });
    assert.deepEqual([r.status, r.body.errCode, r.body.errField], [400, 1001, 'buyPrice']);
    r = await put('/api/products', { ...body, productId: 'abc' });
    assert.deepEqual([r.status, r.body.errCode], [400, 1001]);

    // DELETE ?productId= (the seed's 123 does not exist → 404), then the real one
    r = await call(t.app, 'DELETE', '/api/products?productId=123');
    assert.deepEqual([r.status, r.body.errCode], [404, 1002]);
    r = await call(t.app, 'DELETE', `/api/products?productId=${p.productId}`);
    assert.deepEqual([r.status, r.body.success], [200, true]);
    r = await call(t.app, 'GET', `/api/products/${p.productId}`);
    assert.deepEqual([r.status, r.body.errCode], [404, 1002]);
    r = await call(t.app, 'GET', '/api/products/x1');
    assert.deepEqual([r.status, r.body.errCode], [400, 1001]);
  });

  it('codes: generated 6-digit codes, "2"/"02"/"۰۰۲" are one code, Persian digits searchable', async () => {
    let r = await post('/api/products', { name: 'کالای خودکار', unitId: 0, groupId: 0 });
    assert.equal(r.status, 200);
    assert.match(r.body.data.product.productCode, /^\d{6}$/);
    r = await post('/api/products', { name: 'کد دستی', code: '۱۲۰' });
    assert.equal(r.body.data.product.productCode, '120');
    r = await post('/api/products', { name: 'بعدی' });
    assert.equal(r.body.data.product.productCode, '000121', 'next code skips past hand-chosen numeric codes');
    r = await post('/api/products', { name: 'تکراری', code: '0120' });
    assert.deepEqual([r.status, r.body.errCode], [409, 1003]);
    r = await call(t.app, 'GET', `/api/products?code=${encodeURIComponent('۰۱۲۰')}`);
    assert.deepEqual(r.body.data.product.map((x: any) => x.productName), ['کد دستی']);
    r = await call(t.app, 'GET', '/api/products?code=121');
    assert.deepEqual(r.body.data.product.map((x: any) => x.productName), ['بعدی']);
  });

  it('name search is Persian-normalised: «كتاب» (Arabic kaf) finds «کتاب»', async () => {
    await post('/api/products', { name: 'کتاب ریاضی', code: 'BK-1' });
    await post('/api/products', { name: 'دفتر', code: 'BK-2' });
    let r = await call(t.app, 'GET', `/api/products?name=${encodeURIComponent('كتاب')}`);
    assert.deepEqual(r.body.data.product.map((x: any) => x.productName), ['کتاب ریاضی']);
    r = await call(t.app, 'GET', `/api/products?name=${encodeURIComponent('ریاضي')}`);
    assert.equal(r.body.data.product.length, 1);
    r = await call(t.app, 'GET', '/api/products?name=bk&code=bk-1');
    assert.equal(r.body.data.product.length, 0, 'name filters the name, not the code');
    r = await call(t.app, 'GET', '/api/products?code=bk-1');
    assert.equal(r.body.data.product.length, 1);
  });

  it('GET → change → PUT round-trips; totalQuantity posts an adjustment (movements + voucher)', async () => {
    let r = await post('/api/products', { name: 'لیوان', code: 'CUP', buyPrice: 1500, sellPrice: 2000 });
    const id = r.body.data.product.productId;
    r = await call(t.app, 'GET', `/api/products?code=CUP`);
    const item = r.body.data.product[0];
    assert.deepEqual(
      Object.keys(item).slice(0, 14),
      ['productId', 'productCode', 'productName', 'unitId', 'productSubUnitId', 'groupId', 'totalQuantity', 'active', 'buyPrice', 'sellPrice', 'orderPoint', 'comment', 'barcodes', 'isService'],
    );
    const g = await post('/api/products/group', { groupName: 'ظروف', parentId: 0 });
    r = await put('/api/products', { ...item, groupId: g.body.data.group.groupId, totalQuantity: '۱۰', sellPrice: 2500, barcodes: ['6260001'] });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const after = r.body.data.product;
    assert.equal(after.totalQuantity, 10);
    assert.equal(after.sellPrice, 2500);
    assert.equal(after.groupId, g.body.data.group.groupId);
    assert.deepEqual(after.barcodes, ['6260001']);
    assert.equal(after.averageCost, 1500, 'an increase from zero stock is valued at the buy price');
    // the round trip again, unchanged: nothing new in the stock ledger
    const before = await snapshotCounts(t.database);
    r = await put('/api/products', after);
    assert.equal(r.status, 200);
    const now = await snapshotCounts(t.database);
    assert.equal(now.stock_movements, before.stock_movements);
    assert.equal(now.audit_entries, before.audit_entries + 1);
    // decrease to 4: −6 × 1500 = −9000, balanced voucher inventory vs stock adjustment
    r = await put('/api/products', { productId: id, totalQuantity: 4 });
    assert.equal(r.body.data.product.totalQuantity, 4);
    const mv = await sql<{ quantity: string; value: string }>`
      select quantity::text, value::text from stock_movements where business_id = ${t.business.businessId} and product_id = ${id} order by id`.execute(t.database.db);
    assert.deepEqual(mv.rows.map((m) => [Number(m.quantity), Number(m.value)]), [[10, 15000], [-6, -9000]]);
    const v = await sql<{ role: string; debit: string; credit: string }>`
      select a.role, l.debit::text, l.credit::text from voucher_lines l
        join accounts a on a.business_id = l.business_id and a.id = l.account_id
        join vouchers v on v.business_id = l.business_id and v.id = l.voucher_id
       where l.business_id = ${t.business.businessId} and v.kind = 'stock_adjustment'
       order by l.voucher_id, l.line_no`.execute(t.database.db);
    assert.deepEqual(
      v.rows.map((x) => [x.role, Number(x.debit), Number(x.credit)]),
      [['inventory', 15000, 0], ['stock_adjustment', 0, 15000], ['inventory', 0, 9000], ['stock_adjustment', 9000, 0]],
    );
    r = await call(t.app, 'GET', `/api/products/stock?productId=${id}`);
    assert.deepEqual(r.body.data.stock, [{ productId: id, warehouseCode: 1, quantity: 4 }]);
    r = await call(t.app, 'GET', `/api/products/stock?productId=${id}&warehouseCode=77`);
    assert.deepEqual([r.status, r.body.errCode], [404, 1002]);
    // a product with movements cannot be deleted: 1004, nothing changes
    const snap = await snapshotCounts(t.database);
    r = await call(t.app, 'DELETE', `/api/products?productId=${id}`);
    assert.deepEqual([r.status, r.body.errCode], [409, 1004]);
    assert.deepEqual(await snapshotCounts(t.database), snap);
    // negative totalQuantity → 400
    r = await put('/api/products', { productId: id, totalQuantity: -1 });
    assert.deepEqual([r.status, r.body.errCode, r.body.errField], [400, 1001, 'totalQuantity']);
  });

  it('moving average over several receipts at different prices (PUT totalQuantity at average, exact)', async () => {
    let r = await post('/api/products', { name: 'میانگین', code: 'AVG', buyPrice: 1000 });
    const id = r.body.data.product.productId;
    await put('/api/products', { productId: id, totalQuantity: 3 }); // 3 × 1000 = 3000
    r = await put('/api/products', { productId: id, totalQuantity: 1 }); // −2 × 1000
    assert.equal(r.body.data.product.averageCost, 1000);
    r = await put('/api/products', { productId: id, totalQuantity: 0 }); // all: −1000
    r = await put('/api/products', { productId: id, buyPrice: 1234, totalQuantity: 7 }); // from zero: at the new buy price
    assert.equal(r.body.data.product.averageCost, 1234);
    const row = await t.database.db.selectFrom('products').select(['stock_qty', 'stock_value']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual([Number(row.stock_qty), Number(row.stock_value)], [7, 8638]);
  });

  it('groups: tree, cycles refused, delete in use → 1004', async () => {
    const a = (await post('/api/products/group', { groupName: 'الف', parentId: 0 })).body.data.group;
    const b = (await post('/api/products/group', { groupName: 'ب', parentId: a.groupId })).body.data.group;
    const c = (await post('/api/products/group', { groupName: 'ج', parentId: '' + b.groupId })).body.data.group;
    assert.equal(c.parentId, b.groupId);
    const snap = await snapshotCounts(t.database);
    let r = await put('/api/products/group', { groupId: a.groupId, groupName: 'الف', parentId: c.groupId });
    assert.deepEqual([r.status, r.body.errCode, r.body.errField], [400, 1001, 'parentId']);
    r = await put('/api/products/group', { groupId: a.groupId, parentId: a.groupId });
    assert.deepEqual([r.status, r.body.errCode], [400, 1001]);
    assert.deepEqual(await snapshotCounts(t.database), snap);
    r = await put('/api/products/group', { groupId: c.groupId, groupName: 'ج۲', parentId: 0 });
    assert.deepEqual([r.status, r.body.data.group.parentId, r.body.data.group.groupName], [200, 0, 'ج۲']);
    r = await post('/api/products/group', { groupName: 'ب', parentId: a.groupId });
    assert.deepEqual([r.status, r.body.errCode], [409, 1003]);
    r = await call(t.app, 'DELETE', `/api/products/group?id=${a.groupId}`);
    assert.deepEqual([r.status, r.body.errCode], [409, 1004], 'has a sub-group');
    await post('/api/products', { name: 'در گروه', code: 'G1', groupId: c.groupId });
    r = await call(t.app, 'DELETE', `/api/products/group?id=${c.groupId}`);
    assert.deepEqual([r.status, r.body.errCode], [409, 1004], 'has a product');
    r = await call(t.app, 'DELETE', `/api/products/group?id=${b.groupId}`);
    assert.equal(r.status, 200);
    r = await call(t.app, 'DELETE', '/api/products/group?id=123456');
    assert.deepEqual([r.status, r.body.errCode], [404, 1002]);
    r = await call(t.app, 'GET', '/api/products/group');
    assert.ok(r.body.data.group.some((g: any) => g.groupId === a.groupId && g.parentId === 0 && g.groupName === 'الف'));
    r = await post('/api/products', { name: 'گروه ناموجود', groupId: 999999 });
    assert.deepEqual([r.status, r.body.errCode, r.body.errField], [400, 1001, 'groupId']);
  });

  it('units: CRUD, duplicate → 1003, in use → 1004', async () => {
    let r = await post('/api/products/unit', { unitName: 'کیلوگرم' });
    const u = r.body.data.unit;
    assert.equal(u.unitName, 'کیلوگرم');
    r = await post('/api/products/unit', { unitName: 'كيلوگرم' });
    assert.deepEqual([r.status, r.body.errCode], [409, 1003]);
    r = await put('/api/products/unit', { unitId: u.unitId, unitName: 'کیلو' });
    assert.equal(r.body.data.unit.unitName, 'کیلو');
    await post('/api/products', { name: 'برنج', code: 'RICE', unitId: u.unitId });
    r = await call(t.app, 'DELETE', `/api/products/unit?id=${u.unitId}`);
    assert.deepEqual([r.status, r.body.errCode], [409, 1004]);
    const m = (await post('/api/products/unit', { unitName: 'متر' })).body.data.unit;
    r = await call(t.app, 'DELETE', `/api/products/unit?id=${m.unitId}`);
    assert.equal(r.status, 200);
    r = await call(t.app, 'GET', '/api/products/unit');
    assert.deepEqual(r.body.data.unit.map((x: any) => x.unitName).sort(), ['عدد', 'کیلو'].sort());
    r = await put('/api/products/unit', { unitId: 0, unitName: 'x' });
    assert.deepEqual([r.status, r.body.errCode], [404, 1002]);
  });

  it('barcodes: many per product, unique per business (→ 1003), filters, delete', async () => {
    const p = (await post('/api/products', { name: 'شامپو', code: 'SH' })).body.data.product;
    let r = await post('/api/products/barcode', { barcode: '6261234567890', productId: p.productId });
    assert.equal(r.status, 200);
    const bc = r.body.data.barcode;
    assert.deepEqual([bc.productId, bc.barcode], [p.productId, '6261234567890']);
    r = await post('/api/products/barcode', { barcode: '۶۲۶۱۲۳۴۵۶۷۸۹۰', productId: p.productId });
    assert.deepEqual([r.status, r.body.errCode], [409, 1003]);
    r = await post('/api/products/barcode', { barcode: '111', productId: 0 });
    assert.deepEqual([r.status, r.body.errCode], [404, 1002]);
    await post('/api/products/barcode', { barcode: '222', productId: p.productId });
    r = await call(t.app, 'GET', `/api/products/barcode?productId=${p.productId}`);
    assert.deepEqual(r.body.data.barcode.map((b: any) => b.barcode), ['6261234567890', '222']);
    r = await call(t.app, 'GET', '/api/products/barcode?barcode=222');
    assert.equal(r.body.data.barcode[0].productId, p.productId);
    r = await call(t.app, 'GET', `/api/products/${p.productId}`);
    assert.deepEqual(r.body.data.product.barcodes, ['6261234567890', '222']);
    r = await call(t.app, 'DELETE', `/api/products/barcode?id=${bc.barcodeId}`);
    assert.equal(r.status, 200);
    r = await call(t.app, 'DELETE', `/api/products/barcode?id=${bc.barcodeId}`);
    assert.deepEqual([r.status, r.body.errCode], [404, 1002]);
    // a PUT whose barcodes are another product's → 1003
    const q = (await post('/api/products', { name: 'صابون', code: 'SO' })).body.data.product;
    r = await put('/api/products', { productId: q.productId, barcodes: ['222'] });
    assert.deepEqual([r.status, r.body.errCode], [409, 1003]);
    r = await put('/api/products', { productId: q.productId, productCode: 'SH' });
    assert.deepEqual([r.status, r.body.errCode, r.body.errField], [409, 1003, 'productCode']);
    assert.match(r.body.errMsg, /productCode/);
    r = await put('/api/products', { productId: q.productId, productSubUnitId: 987654 });
    assert.deepEqual([r.status, r.body.errCode, r.body.errField], [400, 1001, 'productSubUnitId']);
  });

  it('warehouses: default code 1, next code, chosen code, rename, delete in use → 1004', async () => {
    let r = await call(t.app, 'GET', '/api/products/warehouse');
    assert.deepEqual(r.body.data.warehouse[0], { warehouseCode: 1, warehouseName: 'انبار مرکزی', isDefault: true, active: true });
    r = await post('/api/products/warehouse', { warehouseName: 'string' });
    assert.equal(r.body.data.warehouse.warehouseCode, 2);
    r = await post('/api/products/warehouse', { warehouseName: 'انبار ده', warehouseCode: '۱۰' });
    assert.equal(r.body.data.warehouse.warehouseCode, 10);
    r = await post('/api/products/warehouse', { warehouseName: 'تکراری', warehouseCode: 10 });
    assert.deepEqual([r.status, r.body.errCode], [409, 1003]);
    r = await post('/api/products/warehouse', { warehouseName: 'بعدی' });
    assert.equal(r.body.data.warehouse.warehouseCode, 11);
    r = await put('/api/products/warehouse', { warehouseCode: 10, warehouseName: 'انبار شماره ده' });
    assert.equal(r.body.data.warehouse.warehouseName, 'انبار شماره ده');
    r = await call(t.app, 'DELETE', '/api/products/warehouse?warehouseCode=1');
    assert.deepEqual([r.status, r.body.errCode], [409, 1004]);
    r = await call(t.app, 'DELETE', '/api/products/warehouse?warehouseCode=123');
    assert.deepEqual([r.status, r.body.errCode], [404, 1002]);
    r = await call(t.app, 'DELETE', '/api/products/warehouse?warehouseCode=11');
    assert.equal(r.status, 200);
    r = await post('/api/products/warehouse', { warehouseName: '' });
    assert.deepEqual([r.status, r.body.errCode], [400, 1001]);
  });

  it('image: PUT raw PNG, GET bytes + Content-Type; non-image → 400; oversize → 413; 404s', async () => {
    const p = (await post('/api/products', { name: 'با تصویر', code: 'IMG' })).body.data.product;
    let r = await call(t.app, 'GET', `/api/products/image/${p.productId}`);
    assert.deepEqual([r.status, r.body.errCode], [404, 1002], 'no image yet');
    r = await call(t.app, 'GET', '/api/products/image/456789');
    assert.deepEqual([r.status, r.body.errCode], [404, 1002], 'no product');
    r = await call(t.app, 'GET', '/api/products/image/abc');
    assert.deepEqual([r.status, r.body.errCode], [400, 1001]);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 7)]);
    const snap = await snapshotCounts(t.database);
    let res = await t.app.inject({ method: 'PUT', url: `/api/products/image/${p.productId}`, headers: { 'content-type': 'image/png' }, payload: Buffer.from('just text, not an image') });
    assert.equal(res.statusCode, 400);
    assert.equal(JSON.parse(res.body).errCode, 1001);
    res = await t.app.inject({ method: 'PUT', url: `/api/products/image/${p.productId}`, headers: { 'content-type': 'image/png' }, payload: Buffer.concat([png, Buffer.alloc(4096)]) });
    assert.equal(res.statusCode, 413);
    assert.equal(JSON.parse(res.body).errCode, 1008);
    res = await t.app.inject({ method: 'PUT', url: `/api/products/image/${p.productId}`, headers: { 'content-type': 'text/plain' }, payload: 'x' });
    assert.equal(res.statusCode, 415);
    assert.deepEqual(await snapshotCounts(t.database), snap);
    res = await t.app.inject({ method: 'PUT', url: `/api/products/image/${p.productId}`, headers: { 'content-type': 'application/octet-stream' }, payload: png });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(JSON.parse(res.body).data.product.contentType, 'image/png');
    res = await t.app.inject({ method: 'GET', url: `/api/products/image/${p.productId}` });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'image/png');
    assert.deepEqual(res.rawPayload, png);
    res = await t.app.inject({ method: 'PUT', url: '/api/products/image/999999', headers: { 'content-type': 'image/png' }, payload: png });
    assert.equal(res.statusCode, 404);
    // a product with an image can still be deleted (the image goes with it)
    r = await call(t.app, 'DELETE', `/api/products?productId=${p.productId}`);
    assert.equal(r.status, 200);
  });

  it('services hold no stock; paging and limits', async () => {
    let r = await post('/api/products', { name: 'نصب', code: 'SRV', isService: true });
    assert.equal(r.body.data.product.isService, true);
    r = await put('/api/products', { productId: r.body.data.product.productId, totalQuantity: 5 });
    assert.deepEqual([r.status, r.body.errCode, r.body.errField], [400, 1001, 'totalQuantity']);
    r = await call(t.app, 'GET', '/api/products?limit=2&offset=1');
    assert.equal(r.body.data.product.length, 2);
    assert.ok(Number(r.headers['x-total-count']) > 3);
    r = await call(t.app, 'GET', '/api/products?limit=-1');
    assert.deepEqual([r.status, r.body.errCode], [400, 1001]);
  });

  it('tenant isolation: another business sees none of these products', async () => {
    const other = await t.newBusiness();
    const r = await call(t.app, 'GET', '/api/products', undefined, { authorization: `Bearer ${other.apiToken}` });
    assert.deepEqual([r.status, r.body.data.product], [200, []]);
    const w = await call(t.app, 'GET', '/api/products/warehouse', undefined, { authorization: `Bearer ${other.apiToken}` });
    assert.deepEqual(w.body.data.warehouse.map((x: any) => x.warehouseCode), [1]);
  });
});
