import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { call, snapshotCounts, testApp, type TestApp } from '../../helpers/app.js';
import { parseCsv } from '../../../src/domain/reports/csv.js';
import { buildBusiness, type Fixture } from '../../domain/reports/fixture.js';

describe('Siba /api/reports/*', () => {
  let t: TestApp;
  let f: Fixture;
  before(async () => {
    t = await testApp();
    f = await buildBusiness(t.database, t.business.businessId, t.business.adminUserId);
  });
  after(() => t.close());

  const get = async (url: string) => {
    const r = await call(t.app, 'GET', url);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.success, true);
    assert.equal(r.body.errCode, 0);
    return r.body.data.report;
  };

  it('trial balance in data.report with JSON numbers and equal totals', async () => {
    const r = await get('/api/reports/trial-balance?level=group');
    assert.equal(r.level, 'group');
    const assets = r.rows.find((x: { code: string }) => x.code === '1');
    assert.equal(assets.name, 'دارایی‌های جاری');
    assert.equal(assets.closingDebit, 4917000);
    assert.equal(r.totals.closingDebit, 5881000);
    assert.equal(r.totals.closingCredit, 5881000);
    const sub = await get('/api/reports/trial-balance');
    assert.equal(sub.level, 'subsidiary');
    assert.equal(sub.rows.find((x: { code: string }) => x.code === '1301').closingDebit, 1446000);
  });

  it('person statement with a Jalali period and Persian digits', async () => {
    const r = await get(`/api/reports/person-statement?personId=${f.customer}&fromDate=۱۴۰۳/۰۵/۰۱&toDate=1403/06/31`);
    assert.equal(r.fromDate, '2024-07-22');
    assert.equal(r.fromDateJalali, '1403/05/01');
    assert.equal(r.openingBalance, 3310000);
    assert.deepEqual(
      r.lines.map((l: { dateJalali: string; debit: number; credit: number; balance: number }) => [l.dateJalali, l.debit, l.credit, l.balance]),
      [
        ['1403/05/30', 0, 1500000, 1810000],
        ['1403/06/11', 100000, 0, 1910000],
        ['1403/06/15', 50000, 0, 1960000],
        ['1403/06/15', 0, 50000, 1910000],
      ],
    );
    assert.equal(r.totals.closingBalance, 1910000);
  });

  it('stock card, inventory valuation, sales, P&L, balance sheet and reorder', async () => {
    const card = await get(`/api/reports/stock-card?productId=${f.productA}&warehouseCode=1`);
    assert.deepEqual(card.lines.map((l: { runningQuantity: number; runningValue: number }) => [l.runningQuantity, l.runningValue]), [
      [10, 1000000],
      [15, 1610000],
      [7, 706000],
    ]);
    const v = await get('/api/reports/inventory-valuation');
    assert.equal(v.totals.value, 1446000);
    assert.equal(v.totals.ledgerBalance, 1446000);
    const s = await get('/api/reports/sales?groupBy=month');
    assert.deepEqual(s.rows.map((x: { key: string; net: number }) => [x.key, x.net]), [['1403/04', 2100000], ['1403/06', 100000]]);
    assert.equal(s.totals.margin, 1236000);
    const sp = await get('/api/reports/sales?groupBy=product');
    assert.equal(sp.rows.find((x: { productId: number }) => x.productId === f.productA).cogs, 904000);
    const pl = await get('/api/reports/profit-loss?fromDate=2024-01-01&toDate=2024-12-31');
    assert.equal(pl.totals.netProfit, 1236000);
    const bs = await get('/api/reports/balance-sheet');
    assert.equal(bs.totals.assets, 4917000);
    assert.equal(bs.totals.balanced, true);
    const re = await get('/api/reports/reorder');
    assert.equal(re.rows.length, 1);
    assert.equal(re.rows[0].productName, 'کالای الف');
    assert.equal(re.rows[0].suggestedQuantity, 5);
  });

  it('CSV: UTF-8 with BOM, Persian header row, Jalali dates, parses back', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/reports/trial-balance?format=csv' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
    assert.ok(res.body.startsWith('\uFEFF'));
    const rows = parseCsv(res.body);
    assert.deepEqual(rows[0], ['کد حساب', 'نام حساب', 'تفصیلی', 'بدهکار ابتدای دوره', 'بستانکار ابتدای دوره', 'گردش بدهکار', 'گردش بستانکار', 'مانده بدهکار', 'مانده بستانکار']);
    const inv = rows.find((r) => r[0] === '1301')!;
    assert.equal(inv[1], 'موجودی کالا');
    assert.equal(inv[7], '1446000');

    const st = await t.app.inject({ method: 'GET', url: `/api/reports/person-statement?personId=${f.customer}&format=csv` });
    const srows = parseCsv(st.body);
    assert.equal(srows[0][0], 'تاریخ');
    assert.equal(srows.length, 1 + 6);
    assert.deepEqual([srows[2][0], srows[2][6], srows[2][8]], ['1403/04/25', '2310000', '3310000']);

    const sales = await t.app.inject({ method: 'GET', url: '/api/reports/sales?groupBy=product&format=csv' });
    const names = parseCsv(sales.body).slice(1).map((r) => r[2]);
    assert.deepEqual(names.sort(), ['خدمت نصب', 'کالای الف', 'کالای ب'].sort());
  });

  it('bad input answers 400/404 in the Siba envelope naming the field, and writes nothing', async () => {
    const before = await snapshotCounts(t.database);
    const cases: [string, number, number, RegExp][] = [
      ['/api/reports/person-statement', 400, 1001, /personId/],
      ['/api/reports/person-statement?personId=999999', 404, 1002, /personId/],
      ['/api/reports/person-statement?personId=abc', 400, 1001, /personId/],
      ['/api/reports/trial-balance?fromDate=1403/13/01', 400, 1001, /fromDate/],
      ['/api/reports/trial-balance?fromDate=2024-05-01&toDate=2024-04-01', 400, 1001, /fromDate/],
      ['/api/reports/trial-balance?level=branch', 400, 1001, /level/],
      ['/api/reports/trial-balance?format=xml', 400, 1001, /format/],
      ['/api/reports/trial-balance?limit=0', 400, 1001, /limit/],
      ['/api/reports/sales?groupBy=week', 400, 1001, /groupBy/],
      ['/api/reports/stock-card', 400, 1001, /productId/],
      [`/api/reports/stock-card?productId=${f.productA}&warehouseCode=99`, 404, 1002, /warehouseCode/],
    ];
    for (const [url, status, errCode, field] of cases) {
      const r = await call(t.app, 'GET', url);
      assert.equal(r.status, status, url);
      assert.equal(r.body.success, false, url);
      assert.equal(r.body.errCode, errCode, url);
      assert.equal(r.body.data, null, url);
      assert.match(r.body.errMsg, field, url);
    }
    assert.deepEqual(await snapshotCounts(t.database), before);
  });

  it('paging keeps the totals of the whole report', async () => {
    const all = await get('/api/reports/trial-balance?level=detail');
    const page = await get('/api/reports/trial-balance?level=detail&offset=2&limit=3');
    assert.equal(page.rows.length, 3);
    assert.equal(page.total, all.total);
    assert.deepEqual(page.totals, all.totals);
    assert.deepEqual(page.rows, all.rows.slice(2, 5));
    const past = await get('/api/reports/trial-balance?level=detail&offset=1000');
    assert.deepEqual(past.rows, []);
    assert.equal(past.total, all.total);
    assert.deepEqual(past.totals, all.totals);
    const salesPast = await get('/api/reports/sales?groupBy=month&offset=5');
    assert.deepEqual(salesPast.rows, []);
    assert.equal(salesPast.total, 2);
    assert.equal(salesPast.totals.net, 2200000);
  });

  it('another business (by its token) sees only its own books', async () => {
    const other = await t.newBusiness();
    const r = await call(t.app, 'GET', '/api/reports/trial-balance', undefined, { authorization: `Bearer ${other.apiToken}` });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.data.report.rows, []);
    const s = await call(t.app, 'GET', `/api/reports/person-statement?personId=${f.customer}`, undefined, { authorization: `Bearer ${other.apiToken}` });
    assert.equal(s.status, 404);
  });
});
