import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { call, snapshotCounts, testApp, type TestApp } from '../../helpers/app.js';
import { AUTH, hesabfa } from './helpers.js';

// What real clients send (hesabfa.md): WooCommerce plugin, PrestaShop module, SDK samples.
describe('Hesabfa items: real-client shapes', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('camelCase keys, itemType, string prices with Persian digits, Active "true"', async () => {
    const r = await hesabfa(t, 'save', {
      item: { name: 'کتاب حسابداری', itemType: '0', buyPrice: '۱۲۰۰۰۰', sellPrice: '150000.50', active: 'true', barcode: ' 9781234 ', unit: 'جلد' },
    });
    assert.equal(r.ErrorCode, 0, r.ErrorMessage);
    assert.deepEqual(
      [r.Result.Code, r.Result.Name, r.Result.ItemType, r.Result.BuyPrice, r.Result.SellPrice, r.Result.Active, r.Result.Barcode, r.Result.Unit],
      ['000001', 'کتاب حسابداری', 0, 120000, 150000.5, true, '9781234', 'جلد'],
    );
  });

  it('Active as 1 / "0" / "False"; ItemType 1 is a service', async () => {
    let r = await hesabfa(t, 'save', { item: { Name: 'نصب', ItemType: 1, Active: 1 } });
    assert.deepEqual([r.Result.Code, r.Result.ItemType, r.Result.Active], ['000002', 1, true]);
    r = await hesabfa(t, 'save', { item: { Code: 2, Active: '0' } });
    assert.deepEqual([r.Result.Code, r.Result.Name, r.Result.Active], ['000002', 'نصب', false]);
    r = await hesabfa(t, 'save', { item: { Code: '2', Active: 'False' } });
    assert.equal(r.Result.Active, false);
    r = await hesabfa(t, 'save', { item: { Code: '000002', Active: true } });
    assert.equal(r.Result.Active, true);
  });

  it('unpadded codes: 2, "2", "000002", "۰۰۰۰۰۲" name one item', async () => {
    for (const code of [2, '2', '02', '000002', '۰۰۰۰۰۲']) {
      const r = await hesabfa(t, 'get', { code });
      assert.equal(r.ErrorCode, 0, `code ${JSON.stringify(code)}: ${r.ErrorMessage}`);
      assert.equal(r.Result.Code, '000002');
    }
  });

  it('save: only the fields sent change; an unknown Code creates the item with that code', async () => {
    let r = await hesabfa(t, 'save', { item: { Code: '1', SellPrice: 160000, Description: 'ویرایش دوم' } });
    assert.deepEqual(
      [r.Result.Name, r.Result.BuyPrice, r.Result.SellPrice, r.Result.Description, r.Result.Barcode, r.Result.Unit],
      ['کتاب حسابداری', 120000, 160000, 'ویرایش دوم', '9781234', 'جلد'],
    );
    r = await hesabfa(t, 'save', { item: { Code: 77, Name: 'کالای ۷۷', ItemType: 0 } });
    assert.equal(r.Result.Code, '000077');
    r = await hesabfa(t, 'save', { item: { Name: 'بعدی', ItemType: 0 } });
    assert.equal(r.Result.Code, '000078', 'next free code passes codes chosen by hand');
  });

  it('save: missing Name / ItemType → 104 naming the field; bad ItemType or long Name → 114; nothing written', async () => {
    const before = await snapshotCounts(t.database);
    let r = await hesabfa(t, 'save', { item: { ItemType: 0 } });
    assert.deepEqual([r.Success, r.ErrorCode, r.Result], [false, 104, null]);
    assert.match(r.ErrorMessage, /item\.Name/);
    r = await hesabfa(t, 'save', { item: { Name: 'x' } });
    assert.equal(r.ErrorCode, 104);
    assert.match(r.ErrorMessage, /item\.ItemType/);
    r = await hesabfa(t, 'save', { item: { Name: 'x', ItemType: 5 } });
    assert.equal(r.ErrorCode, 114);
    assert.match(r.ErrorMessage, /ItemType/);
    r = await hesabfa(t, 'save', { item: { Name: 'ن'.repeat(201), ItemType: 0 } });
    assert.equal(r.ErrorCode, 114);
    assert.match(r.ErrorMessage, /item\.Name/);
    r = await hesabfa(t, 'save', { item: { Name: 'x', ItemType: 0, SellPrice: 'گران' } });
    assert.equal(r.ErrorCode, 114);
    assert.match(r.ErrorMessage, /item\.SellPrice/);
    r = await hesabfa(t, 'save', {});
    assert.equal(r.ErrorCode, 104);
    assert.match(r.ErrorMessage, /item/);
    assert.deepEqual(await snapshotCounts(t.database), before);
  });

  it('save: a barcode taken by another item → 190', async () => {
    const r = await hesabfa(t, 'save', { item: { Name: 'تکراری', ItemType: 0, Barcode: '9781234' } });
    assert.deepEqual([r.Success, r.ErrorCode], [false, 190]);
  });

  it('NodeFamily creates the category path, trimmed; Tag is kept byte for byte', async () => {
    const tag = ' {"woo_id": 15, "name":"تست\\u200c" } ';
    const r = await hesabfa(t, 'save', { item: { Name: 'گلکسی', ItemType: 0, NodeFamily: 'کالاها : موبایل : سامسونگ', Tag: tag } });
    assert.equal(r.Result.NodeFamily, 'کالاها:موبایل:سامسونگ');
    assert.equal(r.Result.NodeName, 'سامسونگ');
    assert.ok(r.Result.NodeId > 0);
    assert.equal(r.Result.Tag, tag);
    const again = await hesabfa(t, 'save', { item: { Name: 'آیفون', ItemType: 0, NodeFamily: 'کالاها:موبایل' } });
    assert.equal(again.Result.NodeFamily, 'کالاها:موبایل');
    const groups = await call(t.app, 'POST', '/v1/item/getitems', { ...AUTH, queryInfo: { Filters: [{ Property: 'NodeFamily', Operator: '*', Value: 'موبایل' }] } });
    assert.equal(groups.body.Result.FilteredCount, 2);
  });

  it('text fields: null keeps the value, "" clears it; empty numbers are not given', async () => {
    let r = await hesabfa(t, 'save', { item: { Code: 1, Tag: 'x', Barcode: '555', Description: 'd' } });
    assert.deepEqual([r.Result.Tag, r.Result.Barcode, r.Result.Description], ['x', '555', 'd']);
    r = await hesabfa(t, 'save', { item: { Code: 1, Tag: null, Barcode: null, Description: '', SellPrice: '', Active: '' } });
    assert.deepEqual([r.Result.Tag, r.Result.Barcode, r.Result.Description, r.Result.SellPrice, r.Result.Active], ['x', '555', '', 160000, true]);
    r = await hesabfa(t, 'save', { item: { Code: 1, Barcode: '' } });
    assert.equal(r.Result.Barcode, '');
  });

  it('getById: ints and numeric strings, unknown ids skipped, request order kept', async () => {
    const r = await hesabfa(t, 'getById', { idList: ['2', 999, 1, '۲'] });
    assert.deepEqual(r.Result.map((i: any) => i.Id), [2, 1]);
    const bad = await hesabfa(t, 'getById', { idList: ['x'] });
    assert.equal(bad.ErrorCode, 114);
    assert.match(bad.ErrorMessage, /idList\[0\]/);
  });

  it('userId:false, password:false beside a valid loginToken (WooCommerce plugin)', async () => {
    const r = await call(t.app, 'POST', '/v1/item/get', { apiKey: AUTH.apiKey, loginToken: AUTH.loginToken, userId: false, password: false, code: 1 });
    assert.equal(r.body.ErrorCode, 0);
    const bad = await call(t.app, 'POST', '/v1/item/get', { apiKey: AUTH.apiKey, userId: 'admin', password: 'wrong', code: 1 });
    assert.equal(bad.body.ErrorCode, 106);
  });

  it('method names in any casing', async () => {
    for (const m of ['getitems', 'getItems', 'GetItems', 'GETITEMS']) {
      const r = await call(t.app, 'POST', `/v1/item/${m}`, AUTH);
      assert.equal(r.body.ErrorCode, 0, m);
    }
    assert.equal((await call(t.app, 'POST', '/v1/item/getquantity', AUTH)).body.ErrorCode, 0);
  });
});

describe('Hesabfa batchsave', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('Code:null is a new item; results in request order with each Tag echoed', async () => {
    const r = await hesabfa(t, 'batchsave', {
      items: [
        { Code: null, Name: 'الف', ItemType: 0, Tag: '{"id":3}' },
        { code: '', name: 'ب', itemType: '1', tag: 'b  ' },
        { Code: false, Name: 'ج', ItemType: 0, ProductCode: 1234, SellPrice: 15000.5, Quantity: 3, OpeningQuantity: 2 },
      ],
    });
    assert.equal(r.ErrorCode, 0, r.ErrorMessage);
    assert.deepEqual(r.Result.map((i: any) => [i.Code, i.Name, i.ItemType, i.Tag]), [
      ['000001', 'الف', 0, '{"id":3}'],
      ['000002', 'ب', 1, 'b  '],
      ['000003', 'ج', 0, ''],
    ]);
    assert.deepEqual([r.Result[2].ProductCode, r.Result[2].SellPrice, r.Result[2].Stock], ['1234', 15000.5, 0], 'PHP client shapes; unknown fields ignored');
  });

  it('one invalid item among 100 → nothing saved, the error names its index', async () => {
    const items = Array.from({ length: 100 }, (_, i) => ({ Name: `کالای ${i}`, ItemType: 0, SellPrice: 1000 + i }));
    delete (items[57] as Record<string, unknown>).Name;
    const before = await snapshotCounts(t.database);
    let r = await hesabfa(t, 'batchsave', { items });
    assert.deepEqual([r.Success, r.ErrorCode, r.Result], [false, 104, null]);
    assert.match(r.ErrorMessage, /items\[57\]\.Name/);
    assert.deepEqual(await snapshotCounts(t.database), before);

    items[57] = { Name: 'x'.repeat(201), ItemType: 0, SellPrice: 1 };
    r = await hesabfa(t, 'batchsave', { items });
    assert.equal(r.ErrorCode, 114);
    assert.match(r.ErrorMessage, /items\[57\]\.Name/);
    assert.deepEqual(await snapshotCounts(t.database), before);

    // A refusal only the database can see (a barcode taken by an earlier item in the batch).
    items[57] = { Name: 'y', ItemType: 0, SellPrice: 1 };
    (items[10] as Record<string, unknown>).Barcode = '111';
    (items[90] as Record<string, unknown>).Barcode = '111';
    r = await hesabfa(t, 'batchsave', { items });
    assert.equal(r.ErrorCode, 190);
    assert.match(r.ErrorMessage, /items\[90\]/);
    assert.deepEqual(await snapshotCounts(t.database), before);

    delete (items[90] as Record<string, unknown>).Barcode;
    r = await hesabfa(t, 'batchsave', { items });
    assert.equal(r.ErrorCode, 0, r.ErrorMessage);
    assert.equal(r.Result.length, 100);
    assert.deepEqual([r.Result[0].Code, r.Result[99].Code, r.Result[99].SellPrice], ['000004', '000103', 1099]);
  });

  it('requestUniqueId: same method and body replays without writing; another body under the same id is processed (issue 21)', async () => {
    const body = { requestUniqueId: 'woo-req-1', items: [{ Name: 'یکتا', ItemType: 0 }] };
    const first = await hesabfa(t, 'batchsave', body);
    assert.equal(first.ErrorCode, 0);
    const before = await snapshotCounts(t.database);
    const again = await call(t.app, 'POST', '/v1/item/batchsave', { ...body, loginToken: AUTH.loginToken, userId: false, apiKey: AUTH.apiKey });
    assert.deepEqual(again.body, first);
    assert.deepEqual(await snapshotCounts(t.database), before);
    const reordered = await hesabfa(t, 'BatchSave', { items: [{ itemType: 0, name: 'یکتا' }], RequestUniqueId: 'woo-req-1' });
    assert.deepEqual(reordered, first, 'key order and casing do not make another request');
    assert.deepEqual(await snapshotCounts(t.database), before);
    // The WooCommerce plugin reuses one id per order for 24 hours with other bodies (docs/hesabfa.md):
    // a replay is only the same method and the same body.
    const other = await hesabfa(t, 'batchsave', { requestUniqueId: 'woo-req-1', items: [{ Name: 'دیگر', ItemType: 0 }] });
    assert.equal(other.ErrorCode, 0, other.ErrorMessage);
    assert.equal(other.Result[0].Name, 'دیگر');
    assert.notDeepEqual(await snapshotCounts(t.database), before);
    const otherAgain = await hesabfa(t, 'batchsave', { requestUniqueId: 'woo-req-1', items: [{ Name: 'دیگر', ItemType: 0 }] });
    assert.deepEqual(otherAgain, other, 'and that request, sent again, replays');
    const otherMethod = await hesabfa(t, 'save', { requestUniqueId: 'woo-req-1', item: { Name: 'یکتا', ItemType: 0 } });
    assert.equal(otherMethod.ErrorCode, 0);
    assert.notEqual(otherMethod.Result.Id, first.Result[0].Id, 'another method under the same id is processed');
  });
});

describe('Hesabfa getitems', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ hesabfaMaxTake: 4 });
    const r = await hesabfa(t, 'batchsave', {
      items: [
        { Name: 'Galaxy J7 گوشی موبایل', ItemType: 0, SellPrice: 550000, Barcode: '345', ProductCode: 'P-1', NodeFamily: 'کالاها:موبایل' },
        { Name: 'Galaxy S7 گوشی موبایل', ItemType: 0, SellPrice: 750000, Barcode: '846', ProductCode: 'P-2', NodeFamily: 'کالاها:موبایل' },
        { Name: 'كيف چرمي', ItemType: 0, SellPrice: 90000, Active: false, Tag: '{"woo":7}' },
        { Name: 'خدمات نصب', ItemType: 1, SellPrice: 200000 },
        { Name: 'شارژر', ItemType: 0, SellPrice: 120000, ProductCode: 'P-5' },
        { Code: 10, Name: 'کابل', ItemType: 0, SellPrice: 50000 },
      ],
    });
    assert.equal(r.ErrorCode, 0, r.ErrorMessage);
  });
  after(() => t.close());

  const codes = (r: any) => r.Result.List.map((i: any) => i.Code);

  it('no queryInfo, null or [] → all items by Code, clamped to the maximum page', async () => {
    for (const qi of [undefined, null, []]) {
      const r = await hesabfa(t, 'getitems', qi === undefined ? {} : { queryInfo: qi });
      assert.equal(r.ErrorCode, 0, r.ErrorMessage);
      assert.deepEqual([r.Result.TotalCount, r.Result.FilteredCount, r.Result.From, r.Result.To], [6, 6, 1, 4]);
      assert.deepEqual(codes(r), ['000001', '000002', '000003', '000004']);
    }
  });

  it('Take 1000000 is clamped, never an error; Skip pages on; negative Take → 114', async () => {
    let r = await hesabfa(t, 'getitems', { queryInfo: { Take: 1000000, Skip: 4 } });
    assert.deepEqual([r.Result.From, r.Result.To], [5, 6]);
    assert.deepEqual(codes(r), ['000005', '000010']);
    r = await hesabfa(t, 'getitems', { queryInfo: { Take: 2, Skip: 50 } });
    assert.deepEqual([r.Result.FilteredCount, r.Result.From, r.Result.To, r.Result.List.length], [6, 0, 0, 0]);
    r = await hesabfa(t, 'getitems', { queryInfo: { Take: -1 } });
    assert.deepEqual([r.Success, r.ErrorCode], [false, 114]);
    assert.match(r.ErrorMessage, /Take/);
  });

  it('SortBy / SortDesc / Take at the top level of the body, lower-case keys', async () => {
    const r = await hesabfa(t, 'getitems', { sortBy: 'SellPrice', sortDesc: 'true', take: '3' });
    assert.deepEqual(r.Result.List.map((i: any) => i.SellPrice), [750000, 550000, 200000]);
  });

  it('in filters without Take (codes in any form), on ProductCode too', async () => {
    let r = await hesabfa(t, 'getitems', { queryInfo: { filters: [{ property: 'Code', operator: 'in', value: ['1', 10, '000005'] }] } });
    assert.deepEqual(codes(r), ['000001', '000005', '000010']);
    assert.equal(r.Result.FilteredCount, 3);
    r = await hesabfa(t, 'getitems', { queryInfo: { Filters: [{ Property: 'ProductCode', Operator: 'in', Value: ['p-1', 'P-5'] }] } });
    assert.deepEqual(codes(r), ['000001', '000005']);
    r = await hesabfa(t, 'getitems', { queryInfo: { Filters: [{ Property: 'Code', Operator: 'in', Value: [] }] } });
    assert.equal(r.Result.FilteredCount, 0);
  });

  it('comparison operators, Persian-normalised contains, several filters together', async () => {
    const q = async (filters: unknown[], extra: Record<string, unknown> = {}) => codes(await hesabfa(t, 'getitems', { queryInfo: { Filters: filters, ...extra } }));
    assert.deepEqual(await q([{ Property: 'SellPrice', Operator: '>=', Value: '550000' }]), ['000001', '000002']);
    assert.deepEqual(await q([{ Property: 'SellPrice', Operator: '<', Value: 100000 }]), ['000003', '000010']);
    assert.deepEqual(await q([{ Property: 'Active', Operator: '=', Value: false }]), ['000003']);
    assert.deepEqual(await q([{ Property: 'ItemType', Operator: '=', Value: '1' }]), ['000004']);
    assert.deepEqual(await q([{ Property: 'ItemType', Operator: '!=', Value: 1 }, { Property: 'Name', Operator: '*', Value: 'galaxy' }]), ['000001', '000002']);
    // Arabic ي/ك in the stored name, Persian in the query (and the reverse)
    assert.deepEqual(await q([{ Property: 'Name', Operator: '*', Value: 'کیف چرمی' }]), ['000003']);
    assert.deepEqual(await q([{ Property: 'Name', Operator: '=', Value: 'كيف چرمي' }]), ['000003']);
    assert.deepEqual(await q([{ Property: 'Barcode', Operator: '=', Value: '846' }]), ['000002']);
    assert.deepEqual(await q([{ Property: 'Tag', Operator: '*', Value: '"woo"' }]), ['000003']);
    assert.deepEqual(await q([{ Property: 'NodeFamily', Operator: '=', Value: 'کالاها:موبایل' }]), ['000001', '000002']);
    assert.deepEqual(await q([{ Property: 'Code', Operator: '>', Value: '5' }]), ['000010']);
    assert.deepEqual(await q([{ Property: 'Id', Operator: 'in', Value: ['2', 4] }, { Property: 'Id', Operator: '<=', Value: '۴' }]), ['000002', '000004']);
    assert.deepEqual(await q([], { Search: 'شارژ' }), ['000005']);
    assert.deepEqual(await q([{ Property: 'Name', Operator: '*', Value: '100%' }]), []);
  });

  it('unknown property or operator → 114 naming it', async () => {
    let r = await hesabfa(t, 'getitems', { queryInfo: { Filters: [{ Property: 'Colour', Operator: '=', Value: 'x' }] } });
    assert.deepEqual([r.Success, r.ErrorCode], [false, 114]);
    assert.match(r.ErrorMessage, /Colour/);
    r = await hesabfa(t, 'getitems', { queryInfo: { Filters: [{ Property: 'Name', Operator: 'like', Value: 'x' }] } });
    assert.equal(r.ErrorCode, 114);
    assert.match(r.ErrorMessage, /like/);
    r = await hesabfa(t, 'getitems', { queryInfo: { SortBy: 'Price; drop table products' } });
    assert.equal(r.ErrorCode, 114);
    r = await hesabfa(t, 'getitems', { queryInfo: { Filters: [{ Property: 'SellPrice', Operator: '>', Value: 'abc' }] } });
    assert.equal(r.ErrorCode, 114);
    r = await hesabfa(t, 'getitems', { queryInfo: { Filters: [{ Property: 'Id', Operator: '=', Value: '1.5' }] } });
    assert.equal(r.ErrorCode, 114);
    assert.match(r.ErrorMessage, /Filters\[0\]\.Value/);
  });

  it('tenant isolation: another business sees none of these items', async () => {
    const b = await t.newBusiness();
    const r = await call(t.app, 'POST', '/v1/item/getitems', { apiKey: b.hesabfaApiKey, loginToken: b.hesabfaLoginToken });
    assert.deepEqual([r.body.Result.TotalCount, r.body.Result.List.length], [0, 0]);
    const g = await call(t.app, 'POST', '/v1/item/get', { apiKey: b.hesabfaApiKey, loginToken: b.hesabfaLoginToken, code: 1 });
    assert.equal(g.body.ErrorCode, 112);
    const cross = await call(t.app, 'POST', '/v1/item/get', { apiKey: b.hesabfaApiKey, loginToken: AUTH.loginToken, code: 1 });
    assert.equal(cross.body.ErrorCode, 106);
  });
});
