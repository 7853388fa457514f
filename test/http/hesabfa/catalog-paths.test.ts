import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { call, testApp, type TestApp } from '../../helpers/app.js';
import { transact } from '../../../src/db/transact.js';
import { systemActor } from '../../../src/domain/context.js';
import { addBarcode } from '../../../src/domain/catalog/barcodes.js';
import { createProduct } from '../../../src/domain/catalog/products.js';
import { stringifyExact } from '../../../src/http/common/json.js';
import { padCode } from '../../../src/domain/shared/text.js';
import { Dec, toWire } from '../../../src/domain/shared/money.js';
import { hesabfa } from './helpers.js';

/**
 * GetQuantity's order: numeric codes by value (codes have at most 100 characters), then the others
 * as text. (Before 2026-12-06 numeric keys past 50 digits sorted as text among themselves.)
 */
const sortKey = (k: string) => (/^\d+$/.test(k) ? '0' + k.padStart(100, '0') : '1' + k);

describe('Hesabfa catalogue fast paths (GetQuantity, batchsave)', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('GetQuantity: code order (numeric by value, then others), first barcode by id, values as before', async () => {
    const actor = systemActor(t.business.businessId);
    // Created out of code order, with codes of mixed kinds and awkward text fields.
    const codes = ['10', '2', 'B-7', '000003', '-1', 'a\tb', '100', 'Ä', '1'.repeat(55), '9'.repeat(51), 'ب۲'];
    for (const [i, code] of codes.entries()) {
      await transact(t.database.db, (tx) =>
        createProduct(tx, actor, {
          code,
          name: `کالا ${i}`,
          kind: i === 3 ? 'service' : 'goods',
          tag: ['{"x":"y\\n"}', 'خط\nدوم\t"', '', '\u0001\u007f\u2028'][i % 4],
          productCode: i % 2 ? `PC "${i}"` : '',
          barcodes: i % 3 === 0 ? [] : [`B${i}-2`, `B${i}-1`],
        }),
      );
    }
    // A barcode added later is not the first one.
    const p = await hesabfa(t, 'get', { code: '2' });
    await transact(t.database.db, (tx) => addBarcode(tx, actor, { productId: p.Result.Id, barcode: '0000' }));

    const r = await call(t.app, 'POST', '/v1/item/GetQuantity', { apiKey: 'test-hesabfa-key-a', loginToken: 'test-hesabfa-login-a' });
    assert.match(String(r.headers['content-type']), /^application\/json; charset=utf-8$/);
    const list = r.body.Result as { Code: string; Barcode: string; Tag: string; ProductCode: string }[];
    assert.equal(list.length, codes.length);
    // Each item as item/get shows it (Code, Tag, Barcode = first barcode, SellPrice, ProductCode).
    const stored = await t.database.db.selectFrom('products').select(['id', 'code_key']).where('business_id', '=', t.business.businessId).execute();
    stored.sort((a, b) => (sortKey(a.code_key) < sortKey(b.code_key) ? -1 : sortKey(a.code_key) > sortKey(b.code_key) ? 1 : a.id - b.id));
    const byId = new Map((await hesabfa(t, 'getById', { idList: stored.map((x) => x.id) })).Result.map((x: { Id: number }) => [x.Id, x]));
    const expected = stored.map((x) => byId.get(x.id) as { Code: string; Tag: string; Stock: number; Barcode: string; SellPrice: number; ProductCode: string });
    assert.deepEqual(
      list,
      expected.map((x) => ({ Code: x.Code, Tag: x.Tag, Quantity: x.Stock, Barcode: x.Barcode, SellPrice: x.SellPrice, ProductCode: x.ProductCode })),
    );
    assert.equal(list.find((x) => x.Code === '000002')!.Barcode, 'B1-2', 'the first barcode is the lowest id, not the smallest text');

    // By codes: the same order and values, only those items.
    const some = await hesabfa(t, 'GetQuantity', { codes: ['100', 'B-7', 2, 'nope'] });
    assert.deepEqual(
      some.Result,
      list.filter((x) => ['000100', 'B-7', '000002'].includes(x.Code)),
    );
  });

  it('GetQuantity: the reply is the serialised envelope, byte for byte (exact numbers, escapes, padded codes)', async () => {
    const u = await testApp();
    try {
      const actor = systemActor(u.business.businessId);
      const products = [
        { code: '7', tag: 'x\u0001"\\\n', sellPrice: '12345678901234567.1234', productCode: 'é', barcodes: [] as string[], opening: '12.5' },
        { code: '000123', tag: '', sellPrice: '0.0001', productCode: '', barcodes: ['B\t1'], opening: null },
        { code: 'ABC', tag: '\u2028😀\u007f', sellPrice: '80000', productCode: '"', barcodes: ['626'], opening: '3.25' },
        { code: ' ۱۲ ', tag: 't', sellPrice: '999999999999999', productCode: 'p\\', barcodes: ['x'], opening: '0.0001' },
        { code: '１２３４５６７', tag: '<&>', sellPrice: '1234567890123456', productCode: '\u001f', barcodes: [], opening: '100000000000000000' },
      ];
      for (const [i, x] of products.entries()) {
        await transact(u.database.db, (tx) =>
          createProduct(tx, actor, { code: x.code, name: `کالا ${i}`, tag: x.tag, sellPrice: new Dec(x.sellPrice), productCode: x.productCode, barcodes: x.barcodes }),
        );
      }
      const auth = { apiKey: 'test-hesabfa-key-a', loginToken: 'test-hesabfa-login-a' };
      const openings = products.flatMap((x) => (x.opening ? [{ Code: x.code.trim(), Quantity: x.opening, UnitPrice: '1' }] : []));
      const set = await call(u.app, 'POST', '/v1/item/UpdateOpeningQuantity', { ...auth, items: openings });
      assert.equal(set.body.ErrorCode, 0, set.body.ErrorMessage);

      const stored = await u.database.db.selectFrom('products').select(['code', 'code_key', 'tag', 'stock_qty', 'sell_price', 'product_code', 'id']).where('business_id', '=', u.business.businessId).execute();
      stored.sort((a, b) => (sortKey(a.code_key) < sortKey(b.code_key) ? -1 : sortKey(a.code_key) > sortKey(b.code_key) ? 1 : 0));
      const first = (id: number) => products.find((x) => stored.find((s) => s.id === id)!.tag === x.tag)!.barcodes[0] ?? '';
      // The app's reply serializer (exact digits past a double, issue 18 point 5) over what was stored.
      const expected = stringifyExact({
        Success: true,
        ErrorCode: 0,
        ErrorMessage: '',
        Result: stored.map((r) => ({ Code: padCode(r.code), Tag: r.tag, Quantity: toWire(r.stock_qty), Barcode: first(Number(r.id)), SellPrice: toWire(r.sell_price), ProductCode: r.product_code })),
      });
      const res = await u.app.inject({ method: 'POST', url: '/v1/item/GetQuantity', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(auth) });
      assert.equal(res.body, expected);
      assert.match(res.body, /"SellPrice":12345678901234567\.1234[,}]/, 'digits past a double kept');
      assert.match(res.body, /"Quantity":12\.5,/, 'no trailing zeros');
      // No product: the empty list in the same envelope; unknown codes likewise.
      const none = await u.app.inject({ method: 'POST', url: '/v1/item/GetQuantity', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ ...auth, codes: ['nope'] }) });
      assert.equal(none.body, JSON.stringify({ Success: true, ErrorCode: 0, ErrorMessage: '', Result: [] }));
    } finally {
      await u.close();
    }
  });

  it('batchsave of new items replies with each item exactly as a later get shows it', async () => {
    const items = Array.from({ length: 30 }, (_, i) => ({
      Name: `جدید ${i}`,
      ItemType: i % 5 === 0 ? 1 : 0,
      Barcode: i % 4 === 0 ? '' : `77${i}`,
      Unit: i % 2 ? 'کارتن' : 'عدد',
      SubUnit: i % 3 === 0 ? 'بسته' : undefined,
      ConversionFactor: i % 3 === 0 ? 12 : undefined,
      BuyPrice: 1000 + i,
      SellPrice: '1500.25',
      Tag: `{"i":${i}}`,
      NodeFamily: i % 2 ? `کالاها : گروه ${i % 3} : زیر ${i % 2}` : i % 7 === 0 ? '' : 'خدمات',
      ProductCode: `P${i}`,
    }));
    const r = await hesabfa(t, 'batchsave', { items });
    assert.equal(r.ErrorCode, 0, r.ErrorMessage);
    assert.equal(r.Result.length, items.length);
    for (const saved of r.Result) assert.deepEqual(saved, (await hesabfa(t, 'get', { code: saved.Code })).Result);
    const byId = await hesabfa(t, 'getById', { idList: r.Result.map((x: { Id: number }) => x.Id) });
    assert.deepEqual(byId.Result, r.Result);
    // One audit entry per product, with the product as the reply shows it.
    const audits = await t.database.db
      .selectFrom('audit_entries')
      .select(['entity_id', 'after'])
      .where('business_id', '=', t.business.businessId)
      .where('entity', '=', 'product')
      .where('entity_id', 'in', r.Result.map((x: { Id: number }) => String(x.Id)))
      .execute();
    assert.equal(audits.length, items.length);
    const audit = audits.find((a) => a.entity_id === String(r.Result[1].Id))!;
    const after = (typeof audit.after === 'string' ? JSON.parse(audit.after) : audit.after) as { code: string; barcodes: { barcode: string }[]; groupPath: string[] };
    assert.equal(padCode(after.code), r.Result[1].Code);
    assert.deepEqual(after.barcodes.map((b) => b.barcode), ['771']);
    assert.deepEqual(after.groupPath, ['کالاها', 'گروه 1', 'زیر 1']);
  });

  it('getitems TotalCount stays the exact number of products through creates, deletes and a refused batch', async () => {
    const actual = async () =>
      Number((await t.database.db.selectFrom('products').select((eb) => eb.fn.countAll().as('n')).where('business_id', '=', t.business.businessId).executeTakeFirstOrThrow()).n);
    const total = async () => (await hesabfa(t, 'getitems', { queryInfo: { Take: 1 } })).Result.TotalCount as number;
    assert.equal(await total(), await actual());
    const saved = await hesabfa(t, 'batchsave', { items: [{ Name: 'شمارش ۱', ItemType: 0 }, { Name: 'شمارش ۲', ItemType: 0 }, { Name: 'شمارش ۳', ItemType: 1 }] });
    assert.equal(saved.ErrorCode, 0, saved.ErrorMessage);
    assert.equal(await total(), await actual());
    const before = await actual();
    const refused = await hesabfa(t, 'batchsave', { items: [{ Name: 'شمارش ۴', ItemType: 0 }, { Name: '', ItemType: 0 }] });
    assert.notEqual(refused.ErrorCode, 0);
    assert.equal(await total(), before);
    const del = await hesabfa(t, 'delete', { code: saved.Result[0].Code });
    assert.equal(del.ErrorCode, 0, del.ErrorMessage);
    assert.equal(await total(), before - 1);
    assert.equal(await total(), await actual());
  });
});
