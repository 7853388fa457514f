import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, snapshotCounts, call, type TestApp } from '../../helpers/app.js';
import { transact } from '../../../src/db/transact.js';
import type { Actor, Tx } from '../../../src/domain/context.js';
import { isDomainError } from '../../../src/domain/errors.js';
import { dec } from '../../../src/domain/shared/money.js';
import { createProducts } from '../../../src/domain/catalog/products.js';
import { queryProducts } from '../../../src/domain/catalog/product-query.js';
import { setOpeningQuantities } from '../../../src/domain/stock/opening-quantity.js';

/**
 * Issue 19 (i5): the catalog and stock speak the domain's words — the product query takes the
 * Product's property names only, and refusals name domain paths that each surface renames.
 */
describe('catalog and stock in their own words (issue 19)', () => {
  let t: TestApp;
  let actor: Actor;
  const run = <T>(fn: (tx: Tx) => Promise<T>) => transact(t.database.db, fn);
  before(async () => {
    t = await testApp();
    actor = { businessId: t.business.businessId, userId: t.business.adminUserId, role: 'admin', surface: 'system' };
    await run((tx) =>
      createProducts(tx, actor, [
        { name: 'چای', code: 'W-1', sellPrice: dec('500'), kind: 'goods', groupPath: ['نوشیدنی', 'گرم'] },
        { name: 'نصب', code: 'W-2', sellPrice: dec('100'), kind: 'service' },
      ]),
    );
  });
  after(() => t.close());

  it('queryProducts filters and sorts by the domain names (kind, groupPath, sellPrice)', async () => {
    const ids = async (q: Parameters<typeof queryProducts>[2]) => (await queryProducts(t.database.db, actor, q)).ids.length;
    assert.equal(await ids({ take: 10, skip: 0, filters: [{ property: 'kind', operator: '=', value: 'service' }] }), 1);
    assert.equal(await ids({ take: 10, skip: 0, filters: [{ property: 'groupPath', operator: '*', value: 'گرم' }] }), 1);
    assert.equal(await ids({ take: 10, skip: 0, sortBy: 'sellPrice', filters: [{ property: 'sellPrice', operator: '>=', value: '100' }] }), 2);
  });

  it("queryProducts refuses a surface's property name, naming the domain path", async () => {
    for (const [q, field] of [
      [{ take: 1, skip: 0, filters: [{ property: 'SellPrice', operator: '=', value: 1 }] }, 'query.filters[0].property'],
      [{ take: 1, skip: 0, filters: [{ property: 'ItemType', operator: '=', value: 1 }] }, 'query.filters[0].property'],
      [{ take: 1, skip: 0, sortBy: 'NodeFamily', filters: [] }, 'query.sortBy'],
      [{ take: 1, skip: 0, filters: [{ property: 'sellPrice', operator: 'like', value: 1 }] }, 'query.filters[0].operator'],
      [{ take: 1, skip: 0, filters: [{ property: 'id', operator: '=', value: '1.5' }] }, 'query.filters[0].value'],
    ] as const) {
      await assert.rejects(queryProducts(t.database.db, actor, q as never), (e) => isDomainError(e) && e.field === field, field);
    }
  });

  it('setOpeningQuantities names openings[i].quantity / .unitCost / .code and writes nothing when refused', async () => {
    const before = await snapshotCounts(t.database);
    const cases = [
      [[{ code: 'W-1', quantity: dec('1'), unitCost: dec('10') }, { code: 'W-1', quantity: dec('0'), unitCost: dec('10') }], 'openings[1].quantity'],
      [[{ code: 'W-1', quantity: dec('1'), unitCost: dec('-1') }], 'openings[0].unitCost'],
      [[{ code: 'nope', quantity: dec('1'), unitCost: dec('1') }], 'openings[0].code'],
      [[{ code: 'W-2', quantity: dec('1'), unitCost: dec('1') }], 'openings[0].code'],
    ] as const;
    for (const [openings, field] of cases) {
      await assert.rejects(run((tx) => setOpeningQuantities(tx, actor, [...openings])), (e) => isDomainError(e) && e.field === field, field);
    }
    assert.deepEqual(await snapshotCounts(t.database), before);
  });

  it('Hesabfa renames the domain paths in its table: openings[i] → items[i], query → queryInfo, products[i] → items[i]', async () => {
    const auth = { apiKey: t.business.hesabfaApiKey, loginToken: t.business.hesabfaLoginToken };
    let r = await call(t.app, 'POST', '/v1/item/UpdateOpeningQuantity', { ...auth, items: [{ Code: 'W-2', Quantity: 1, UnitPrice: 1 }] });
    assert.equal(r.body.ErrorCode, 114);
    assert.match(r.body.ErrorMessage, /\(items\[0\]\.Code\)/);
    r = await call(t.app, 'POST', '/v1/item/getitems', { ...auth, queryInfo: { SortBy: 'sellPrice; x' } });
    assert.equal(r.body.ErrorCode, 114);
    assert.match(r.body.ErrorMessage, /«queryInfo\.SortBy»/);
    r = await call(t.app, 'POST', '/v1/item/batchsave', {
      ...auth,
      items: [
        { Name: 'a', ItemType: 0, Barcode: '5551' },
        { Name: 'b', ItemType: 0, Barcode: '5551' },
      ],
    });
    assert.equal(r.body.ErrorCode, 190);
    assert.match(r.body.ErrorMessage, /«items\[1\]\.Barcode»/);
  });

  it("Chortke names its own fields for the domain's (code ↔ productCode, accountingCode ↔ code)", async () => {
    const AUTH = { authorization: 'Bearer test-chortke-token-a' };
    let r = await call(t.app, 'POST', '/v2/products', { accountingCode: 'W-1', code: 'x'.repeat(101) }, AUTH);
    assert.equal(r.status, 400);
    assert.match(r.body.message, /«code»/);
    r = await call(t.app, 'POST', '/v2/products', { accountingCode: 'W-9', title: 'نو', barcode: '5552' }, AUTH);
    assert.equal(r.status, 201);
    r = await call(t.app, 'POST', '/v2/products', { accountingCode: 'W-8', title: 'نو ۲', barcode: '5552' }, AUTH);
    assert.equal(r.status, 409);
    assert.match(r.body.message, /«barcode»/);
    r = await call(t.app, 'GET', '/v2/products?isProduct=false', undefined, AUTH);
    assert.deepEqual(r.body.product.map((p: { accountingCode: string }) => p.accountingCode), ['W-2']);
  });
});
