import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backend, call, testApp, type TestApp } from '../../helpers/app.js';
import { xlsxOf } from './sheets.js';
import { parseCsv } from '../../../src/domain/reports/csv.js';
import { actorFor, addParty, addProduct, addWarehouse } from '../../domain/invoicing/fixtures.js';

const admin = { authorization: 'Bearer test-api-token-a' };

describe(`/daftar/v1/parties/{id}/statement (${backend})`, () => {
  let t: TestApp;
  let party: number;
  let saleNumber: number;
  before(async () => {
    t = await testApp();
    const biz = t.business.businessId;
    const a = actorFor(biz, t.business.adminUserId);
    party = (await addParty(t.database, a, 'مشتری صورت‌حساب')).id;
    const supplier = (await addParty(t.database, a, 'تأمین‌کننده')).id;
    const product = await addProduct(t.database, biz, { name: 'قند' });
    const wh = await addWarehouse(t.database, a, 10);
    const buy = await call(t.app, 'POST', '/daftar/v1/invoices', { type: 'purchase', date: '1405/01/10', partyId: supplier, warehouseId: wh, lines: [{ productId: product, quantity: '10', unitPrice: '30000', vatRate: '0' }] }, admin);
    assert.equal(buy.status, 201, JSON.stringify(buy.body));
    // Two sales, so the second's printed number is not its id nor the voucher's number.
    for (const q of ['1', '2']) {
      const s = await call(t.app, 'POST', '/daftar/v1/invoices', { type: 'sale', date: '1405/02/01', partyId: party, warehouseId: wh, lines: [{ productId: product, quantity: q, unitPrice: '50000', vatRate: '10' }] }, admin);
      assert.equal(s.status, 201, JSON.stringify(s.body));
      saleNumber = s.body.number;
    }
    const pay = await call(t.app, 'POST', '/daftar/v1/payments', { direction: 'in', partyId: party, date: '1405/02/05', amount: '40000', method: 'cash' }, admin);
    assert.equal(pay.status, 201, JSON.stringify(pay.body));
  });
  after(() => t.close());

  it('one row per document with its printed number, a running balance and the period totals', async () => {
    const r = await call(t.app, 'GET', `/daftar/v1/parties/${party}/statement`, undefined, admin);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const rows = r.body.items;
    assert.deepEqual(rows.map((x: { document: { kind: string } }) => x.document.kind), ['invoice', 'invoice', 'payment']);
    assert.equal(rows[1].document.number, saleNumber);
    assert.equal(rows[1].document.title, 'فاکتور فروش');
    assert.equal(rows[1].dateJalali, '1405/02/01');
    // 1 × 50,000 + 10 % VAT = 55,000; then 110,000; then a 40,000 receipt.
    assert.deepEqual(rows.map((x: { balance: string }) => x.balance), ['55000', '165000', '125000']);
    assert.deepEqual([r.body.openingBalance, r.body.closingBalance, r.body.totals], ['0', '125000', { debit: '165000', credit: '40000' }]);
  });

  it('a period starts from the balance before it; pages carry on the running balance; csv has Persian headers', async () => {
    let r = await call(t.app, 'GET', `/daftar/v1/parties/${party}/statement?from=1405/02/02`, undefined, admin);
    assert.deepEqual([r.body.openingBalance, r.body.items.length, r.body.items[0].balance, r.body.fromJalali], ['165000', 1, '125000', '1405/02/02']);
    r = await call(t.app, 'GET', `/daftar/v1/parties/${party}/statement?limit=2`, undefined, admin);
    assert.equal(r.body.items.length, 2);
    assert.ok(r.body.nextCursor);
    r = await call(t.app, 'GET', `/daftar/v1/parties/${party}/statement?limit=2&cursor=${r.body.nextCursor}`, undefined, admin);
    assert.deepEqual([r.body.items.length, r.body.items[0].balance, r.body.nextCursor, r.body.closingBalance], [1, '125000', null, '125000']);
    const csv = await t.app.inject({ method: 'GET', url: `/daftar/v1/parties/${party}/statement?format=csv`, headers: admin });
    assert.match(csv.headers['content-type'] as string, /text\/csv/);
    const table = parseCsv(csv.body);
    assert.deepEqual(table[0], ['تاریخ', 'مدرک', 'شماره', 'شرح', 'بدهکار', 'بستانکار', 'مانده']);
    assert.equal(table.length, 5, 'header, three documents, the totals row');
    assert.deepEqual(table[4], ['جمع', '', '', '', '165000', '40000', '125000'], 'totals and the closing balance');
  });

  it('the csv and xlsx name each document by its printed number (the sale printed 2, not its id or voucher number) in Persian words', async () => {
    const json = await call(t.app, 'GET', `/daftar/v1/parties/${party}/statement`, undefined, admin);
    const second = json.body.items[1];
    assert.notEqual(second.document.invoiceId, saleNumber, 'the fixture makes the id differ from the printed number');
    const csv = await t.app.inject({ method: 'GET', url: `/daftar/v1/parties/${party}/statement?format=csv`, headers: admin });
    const table = parseCsv(csv.body);
    assert.deepEqual(table[2].slice(1, 3), ['فاکتور فروش', String(saleNumber)]);
    assert.equal(table[3][1], 'دریافت');
    assert.ok(!/\b(invoice|payment|sale)\b/.test(csv.body), 'no English codes in the sheet');
    const { rows: body, header } = await xlsxOf(t, `/parties/${party}/statement?format=xlsx`, admin);
    const rows = [header, ...body];
    assert.equal(rows[2][3], saleNumber, 'the printed number, after the Jalali and ISO date columns and the title');
    assert.deepEqual(rows.at(-1)!.filter((v) => typeof v === 'number'), [165000, 40000, 125000]);
  });

  it('an unknown party is 404, a reversed period names `from`, and another business sees nothing', async () => {
    let r = await call(t.app, 'GET', '/daftar/v1/parties/999999/statement', undefined, admin);
    assert.deepEqual([r.status, r.body.code], [404, 'NOT_FOUND']);
    r = await call(t.app, 'GET', `/daftar/v1/parties/${party}/statement?from=1405/03/01&to=1405/02/01`, undefined, admin);
    assert.deepEqual([r.status, r.body.field], [400, 'from']);
    const b = await t.newBusiness();
    r = await call(t.app, 'GET', `/daftar/v1/parties/${party}/statement`, undefined, { authorization: `Bearer ${b.apiToken}` });
    assert.equal(r.status, 404);
  });
});
