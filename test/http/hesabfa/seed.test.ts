import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { testApp, type TestApp } from '../../helpers/app.js';
import { transact } from '../../../src/db/transact.js';
import { systemActor } from '../../../src/domain/context.js';
import { createWarehouse } from '../../../src/domain/stock/warehouses.js';
import { accountsByRole } from '../../../src/domain/ledger/chart.js';
import { ITEM_KEYS, hesabfaRaw, seedAuth } from './helpers.js';

// Each method's example request from seeds/003 (JavaScript literals, as printed there), with the
// placeholder credentials replaced by the test business's; replies checked against the seed's
// response shape and hand-computed values.
const AUTH_BLOCK = `apiKey: 'asdfASR^%FDHdsfg456',
     userId: 'mail@example.com',
     password: '123456',
     loginToken: 'f6b912...45fdc',`;

const SAVE = `{
	${AUTH_BLOCK}
	item:{
		Name: 'Galaxy J7 گوشی موبایل',
		Barcode: '345345345345',
		ItemType: 0,
		Unit: 'عدد',
		BuyPrice: 500000,
		SellPrice: 550000,
		PurchasesTitle: 'Samsung Galaxy J7',
		SalesTitle: 'Samsung Galaxy J7',
		Tag: '',
		Description: '',
		ProductCode: '45612',
		Active: true,
		NodeFamily: 'کالاها : موبایل : سامسونگ'
	}
 }`;

const BATCHSAVE = `{
	${AUTH_BLOCK}
	items:[{
		Code: '000001',
		Name: 'Galaxy J7 گوشی موبایل',
		Barcode: '345345345345',
		ItemType: 0,
		Unit: 'عدد',
		BuyPrice: 500000,
		SellPrice: 550000,
		PurchasesTitle: 'Samsung Galaxy J7',
		SalesTitle: 'Samsung Galaxy J7',
		Tag: '',
		Description: '',
		ProductCode: '75134',
		Active: '',
		NodeFamily: 'کالاها : موبایل : سامسونگ'
	}, {
		Name: 'Galaxy S7 گوشی موبایل',
		ItemType: 0,
	}]
 }`;

const GET = `{
     ${AUTH_BLOCK}
     code: '000001'
 }`;

const GET_BY_BARCODE = `{
     ${AUTH_BLOCK}
     barcode: '345345345345'
 }`;

const GET_BY_ID = `{
     ${AUTH_BLOCK}
     idList: [1,2,3]
 }`;

const GET_ITEMS = `{
	${AUTH_BLOCK}
	queryInfo:{
		SortBy: 'Code',
		SortDesc: true,
		Take: 20,
		Skip: 0,
		Filters:[{
			Property: 'Name',
			Operator: '*',
			Value: 'Galaxy'
			}
		]
	}
 }`;

// Printed in the seed with typographic quotes and without the comma after password.
const UPDATE_OPENING = `{
     apiKey: 'asdfASR^%FDHdsfg456',
     userId: 'mail@example.com',
     password: '123456'
     items: [{
		Code: ‘000001’,
		Quantity: 3,
		UnitPrice: 250000,
		WarehouseCode: 12
	}, {
		Code: ‘000002’,
		Quantity: 5,
		UnitPrice: 378000
	}]
 }`;

const GET_QUANTITY = `{
     ${AUTH_BLOCK}
     warehouseCode: 12,
     codes: ['000005','6','7']
 }`;

const DELETE = `{
     ${AUTH_BLOCK}
     code: '00001'
 }`;

function assertEnvelope(r: any): void {
  assert.deepEqual(Object.keys(r).sort(), ['ErrorCode', 'ErrorMessage', 'Result', 'Success'], JSON.stringify(r));
  assert.equal(r.Success, true, JSON.stringify(r));
  assert.equal(r.ErrorCode, 0);
  assert.equal(r.ErrorMessage, '');
}

function assertJ7(item: any, productCode: string): void {
  assert.deepEqual(Object.keys(item).sort(), ITEM_KEYS);
  assert.equal(item.Code, '000001');
  assert.equal(item.Name, 'Galaxy J7 گوشی موبایل');
  assert.equal(item.Barcode, '345345345345');
  assert.equal(item.ItemType, 0);
  assert.equal(item.Unit, 'عدد');
  assert.equal(item.BuyPrice, 500000);
  assert.equal(item.SellPrice, 550000);
  assert.equal(item.PurchasesTitle, 'Samsung Galaxy J7');
  assert.equal(item.SalesTitle, 'Samsung Galaxy J7');
  assert.equal(item.NodeFamily, 'کالاها:موبایل:سامسونگ');
  assert.equal(item.NodeName, 'سامسونگ');
  assert.equal(item.Tag, '');
  assert.equal(item.Description, '');
  assert.equal(item.ProductCode, productCode);
  assert.equal(item.Active, true);
}

describe('Hesabfa seed examples (seeds/003)', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
    await transact(t.database.db, (tx) => createWarehouse(tx, systemActor(t.business.businessId), { name: 'انبار ۱۲', code: 12 }));
  });
  after(() => t.close());

  it('save creates the item with code 000001 and its category path', async () => {
    const r = await hesabfaRaw(t, 'save', seedAuth(SAVE));
    assertEnvelope(r);
    assertJ7(r.Result, '45612');
    assert.equal(r.Result.Stock, 0);
    assert.equal(r.Result.Id, 1);
  });

  it('batchsave updates 000001 and creates 000002 with defaults', async () => {
    const r = await hesabfaRaw(t, 'batchsave', seedAuth(BATCHSAVE));
    assertEnvelope(r);
    assert.equal(r.Result.length, 2);
    assertJ7(r.Result[0], '75134');
    const s7 = r.Result[1];
    assert.deepEqual(Object.keys(s7).sort(), ITEM_KEYS);
    assert.deepEqual(
      [s7.Code, s7.Name, s7.Barcode, s7.ItemType, s7.Stock, s7.BuyPrice, s7.SellPrice, s7.NodeFamily, s7.Tag, s7.ProductCode, s7.Active],
      ['000002', 'Galaxy S7 گوشی موبایل', '', 0, 0, 0, 0, '', '', '', true],
    );
  });

  it('get by code', async () => {
    const r = await hesabfaRaw(t, 'get', seedAuth(GET));
    assertEnvelope(r);
    assertJ7(r.Result, '75134');
  });

  it('getByBarcode', async () => {
    const r = await hesabfaRaw(t, 'getByBarcode', seedAuth(GET_BY_BARCODE));
    assertEnvelope(r);
    assertJ7(r.Result, '75134');
  });

  it('getById skips unknown ids', async () => {
    const r = await hesabfaRaw(t, 'getById', seedAuth(GET_BY_ID));
    assertEnvelope(r);
    assert.deepEqual(r.Result.map((i: any) => i.Code), ['000001', '000002']);
    assertJ7(r.Result[0], '75134');
  });

  it('getitems: Name contains Galaxy, by Code descending', async () => {
    const r = await hesabfaRaw(t, 'getitems', seedAuth(GET_ITEMS));
    assertEnvelope(r);
    assert.deepEqual(Object.keys(r.Result).sort(), ['FilteredCount', 'From', 'List', 'To', 'TotalCount']);
    assert.deepEqual([r.Result.TotalCount, r.Result.FilteredCount, r.Result.From, r.Result.To], [2, 2, 1, 2]);
    assert.deepEqual(r.Result.List.map((i: any) => i.Code), ['000002', '000001']);
  });

  it('UpdateOpeningQuantity (owner userId/password, the seed text as printed) posts the opening stock', async () => {
    const r = await hesabfaRaw(t, 'UpdateOpeningQuantity', seedAuth(UPDATE_OPENING));
    assertEnvelope(r);
    assert.equal(r.Result, null);
    const db = t.database.db;
    const bid = t.business.businessId;
    const balances = await sql<{ code: string; wh: number; quantity: string }>`
      select p.code, w.code as wh, b.quantity from stock_balances b
        join products p on p.business_id = b.business_id and p.id = b.product_id
        join warehouses w on w.business_id = b.business_id and w.id = b.warehouse_id
       where b.business_id = ${bid} and b.quantity <> 0 order by p.code`.execute(db);
    assert.deepEqual(
      balances.rows.map((x) => [x.code, Number(x.wh), Number(x.quantity)]),
      [['000001', 12, 3], ['000002', 1, 5]],
    );
    // Inventory debited 3 × 250,000 + 5 × 378,000 = 2,640,000 against opening equity, dated at
    // the first fiscal year's start.
    const roles = await accountsByRole(db, bid);
    const inv = await sql<{ d: string; c: string }>`
      select coalesce(sum(l.debit), 0) as d, coalesce(sum(l.credit), 0) as c from voucher_lines l
        join vouchers v on v.business_id = l.business_id and v.id = l.voucher_id
       where l.business_id = ${bid} and l.account_id = ${roles.inventory} and v.kind = 'opening'`.execute(db);
    assert.equal(Number(inv.rows[0].d) - Number(inv.rows[0].c), 2_640_000);
    const eq = await sql<{ c: string }>`
      select coalesce(sum(credit - debit), 0) as c from voucher_lines where business_id = ${bid} and account_id = ${roles.opening_equity}`.execute(db);
    assert.equal(Number(eq.rows[0].c), 2_640_000);
    const fy = await sql<{ start_date: string; date: string }>`
      select distinct f.start_date::text as start_date, v.date::text as date from vouchers v
        join fiscal_years f on f.business_id = v.business_id and f.id = v.fiscal_year_id
       where v.business_id = ${bid} and v.kind = 'opening'`.execute(db);
    assert.equal(fy.rows.length, 1);
    assert.equal(fy.rows[0].date, fy.rows[0].start_date);
  });

  it('GetQuantity: warehouse 12, codes that do not exist → empty list', async () => {
    const r = await hesabfaRaw(t, 'GetQuantity', seedAuth(GET_QUANTITY));
    assertEnvelope(r);
    assert.deepEqual(r.Result, []);
    const r2 = await hesabfaRaw(t, 'GetQuantity', seedAuth(GET_QUANTITY).replace(`['000005','6','7']`, `['000001', 2]`));
    assert.deepEqual(r2.Result, [
      { Code: '000001', Tag: '', Quantity: 3, Barcode: '345345345345', SellPrice: 550000, ProductCode: '75134' },
      { Code: '000002', Tag: '', Quantity: 0, Barcode: '', SellPrice: 0, ProductCode: '' },
    ]);
  });

  it('delete: an item with stock movements → 190, nothing removed', async () => {
    const r = await hesabfaRaw(t, 'delete', seedAuth(DELETE));
    assert.equal(r.Success, false);
    assert.equal(r.ErrorCode, 190);
    assert.equal(r.Result, null);
    assert.match(r.ErrorMessage, /\S/);
    assert.equal((await hesabfaRaw(t, 'get', seedAuth(GET))).Success, true);
  });
});

describe('Hesabfa seed: delete', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('delete of an item without history → Result true, then get → 112', async () => {
    assert.equal((await hesabfaRaw(t, 'save', seedAuth(SAVE))).Success, true);
    const r = await hesabfaRaw(t, 'delete', seedAuth(DELETE));
    assert.deepEqual(r, { Success: true, ErrorCode: 0, ErrorMessage: '', Result: true });
    const g = await hesabfaRaw(t, 'get', seedAuth(GET));
    assert.deepEqual([g.Success, g.ErrorCode, g.Result], [false, 112, null]);
    assert.match(g.ErrorMessage, /code/);
  });
});
