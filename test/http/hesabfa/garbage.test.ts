import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { call, snapshotCounts, testApp, type TestApp } from '../../helpers/app.js';
import { AUTH, hesabfa } from './helpers.js';

const METHODS = ['get', 'getByBarcode', 'getById', 'getitems', 'save', 'batchsave', 'delete', 'GetQuantity', 'UpdateOpeningQuantity'];

const GARBAGE: Record<string, unknown>[] = [
  { code: {} }, { code: [1, 2] }, { code: { $gt: '' } }, { code: 1.5 }, { code: -3 }, { code: "1' or '1'='1" },
  { barcode: {} }, { barcode: 'x'.repeat(500) },
  { idList: ['abc'] }, { idList: 'x' }, { idList: { a: 1 } }, { idList: [-1] }, { idList: [1e30] },
  { item: [] }, { item: 'x' }, { item: 5 }, { item: { Name: {}, ItemType: 'abc' } }, { item: { Name: 'x'.repeat(300), ItemType: 0 } },
  { item: { ItemType: 0 } }, { item: { Name: 'x', ItemType: 0, BuyPrice: '1e999' } }, { item: { Name: 'x', ItemType: 0, SellPrice: 1e308 } },
  { item: { Name: 'x', ItemType: 0, Active: 'maybe' } }, { item: { Name: 'x', ItemType: 0, Tag: {} } }, { item: { Name: 'x', ItemType: 0, NodeFamily: ['a'] } },
  { item: { Code: 'ab\u0000', Name: 'x', ItemType: 0 } }, { item: { Code: '9'.repeat(60), Name: 'x', ItemType: 0 } },
  { items: {} }, { items: 'x' }, { items: [{ Name: [], ItemType: 9 }] }, { items: [{ Code: 'zzz', Quantity: -1, UnitPrice: 'NaN' }] },
  { items: [null] }, { items: [{ Code: 1, Quantity: '1e999', UnitPrice: 1 }] }, { items: [{ Code: 1, Quantity: 1, UnitPrice: 1, WarehouseCode: 'abc' }] },
  { queryInfo: { Take: -5 } }, { queryInfo: { Take: 'abc' } }, { queryInfo: { Skip: -1 } }, { queryInfo: { SortBy: {} } },
  { queryInfo: { Filters: [{ Property: 'NoSuchField', Operator: '=', Value: 1 }] } },
  { queryInfo: { Filters: [{ Property: 'Name; drop table products', Operator: 'like', Value: 1 }] } },
  { queryInfo: { Filters: [{ Property: 'SellPrice', Operator: '>', Value: { a: 1 } }] } },
  { queryInfo: { Filters: [{ Property: 'Id', Operator: 'in', Value: ['x'] }] } },
  { queryInfo: { Filters: [{ Property: 'Active', Operator: '=', Value: 'perhaps' }] } },
  { queryInfo: { Filters: [{ Property: 'Code', Operator: '<', Value: [] }] } },
  { queryInfo: { Filters: ['x'] } },
  { codes: {} }, { codes: [{}] }, { warehouseCode: 'abc' }, { warehouseCode: -1 }, { warehouseCode: {} },
  { requestUniqueId: {} }, { requestUniqueId: 'x'.repeat(300) },
];

describe('Hesabfa: garbage parameters never answer 100 and never write when refused', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
    const r = await hesabfa(t, 'UpdateOpeningQuantity', { items: [] });
    assert.equal(r.ErrorCode, 0);
    await hesabfa(t, 'batchsave', { items: [{ Name: 'الف', ItemType: 0, Barcode: '1' }, { Name: 'ب', ItemType: 1 }] });
  });
  after(() => t.close());

  it('every method × every garbage body', async () => {
    const failures: string[] = [];
    for (const m of METHODS) {
      for (const g of GARBAGE) {
        const before = await snapshotCounts(t.database);
        const r = await call(t.app, 'POST', `/v1/item/${m}`, { ...AUTH, ...g });
        const body = r.body;
        const tag = `${m} ${JSON.stringify(g).slice(0, 100)}`;
        if (r.status !== 200 || typeof body?.ErrorCode !== 'number' || typeof body?.Success !== 'boolean') failures.push(`${tag}: not an envelope`);
        else if (body.ErrorCode === 100) failures.push(`${tag}: internal error`);
        else if (!body.Success) {
          if (typeof body.ErrorMessage !== 'string' || body.ErrorMessage === '') failures.push(`${tag}: no message`);
          const after = await snapshotCounts(t.database);
          const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
          if (changed.length) failures.push(`${tag}: refused but wrote ${changed.join(',')}`);
        }
      }
    }
    assert.deepEqual(failures, []);
  });
});
