import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from 'decimal.js';
import ExcelJS from 'exceljs';
import { parseCsv } from '../../../src/domain/reports/csv.js';
import { backend, call, testApp, type TestApp } from '../../helpers/app.js';
import { admin, clerkOf, soldToday, today } from './money-fixtures.js';

describe(`/daftar/v1/reports (${backend})`, () => {
  let t: TestApp;
  let clerk: Record<string, string>;
  let f: { partyId: number; productId: number; invoiceId: number };
  const get = (url: string, h: Record<string, string> = admin) => call(t.app, 'GET', `/daftar/v1${url}`, undefined, h);

  before(async () => {
    t = await testApp();
    clerk = await clerkOf(t);
    f = await soldToday(t);
    const r = await call(t.app, 'POST', '/daftar/v1/payments', { direction: 'in', partyId: f.partyId, amount: '1500', method: 'cash', invoiceId: f.invoiceId }, admin);
    assert.equal(r.status, 201, JSON.stringify(r.body));
  });
  after(() => t.close());

  it('trial balance balances, in strings; from/to in either calendar', async () => {
    for (const q of ['', `?to=${today()}`, `?from=2020-01-01&level=detail`]) {
      const r = await get(`/reports/trial-balance${q}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(typeof r.body.totals.closingDebit, 'string');
      assert.equal(r.body.totals.closingDebit, r.body.totals.closingCredit);
      assert.ok(r.body.rows.length > 0);
    }
  });

  it('profit and loss: sales 2000, cost of sales 1200, gross profit 800 from the posted sale', async () => {
    const r = await get(`/reports/profit-and-loss?from=${today()}&to=${today()}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.totals.revenue, '2000');
    assert.equal(r.body.totals.costOfSales, '1200');
    assert.equal(r.body.totals.grossProfit, '800');
    assert.equal(r.body.fromJalali, today());
  });

  it('balance sheet totals: assets = liabilities and equity', async () => {
    const r = await get('/reports/balance-sheet');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const tot = r.body.totals;
    for (const k of ['assets', 'liabilities', 'equity', 'liabilitiesAndEquity']) assert.equal(typeof tot[k], 'string', k);
    assert.equal(tot.assets, tot.liabilitiesAndEquity);
    assert.ok(new Decimal(tot.assets).gt(0));
  });

  it('verify is {ok, checks: [{name, ok, rows}]} and ok', async () => {
    const r = await get('/reports/verify');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.ok, true, JSON.stringify(r.body.checks.filter((c: any) => !c.ok)));
    assert.ok(r.body.checks.length > 3);
    for (const c of r.body.checks) assert.deepEqual([typeof c.name, c.ok, Array.isArray(c.rows)], ['string', true, true]);
  });

  it('dashboard after a sale and a receipt: sales today and this month, receivables, cash, 12 months, order point, verifier', async () => {
    const r = await get('/reports/dashboard');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const d = r.body;
    assert.equal(d.todayJalali, today());
    assert.deepEqual(d.sales, { today: '2000', thisMonth: '2000' });
    assert.equal(d.receivables, '500'); // 2000 sold on credit, 1500 received
    assert.equal(d.payables, '6000'); // the purchase, unpaid
    assert.equal(d.cash, '1500');
    assert.equal(d.bank, '0');
    assert.equal(d.monthlySales.length, 12);
    assert.equal(d.monthlySales[11].month, today().slice(0, 7));
    assert.equal(d.monthlySales[11].net, '2000');
    assert.equal(d.reorder.count, 1); // 8 left, order point 20
    assert.equal(d.reorder.products[0].productId, f.productId);
    assert.deepEqual(d.verifier, { ok: true, failed: [] });
  });

  it('dashboard without the verifier (?verifier=false, as the console asks): the same figures, no verifier', async () => {
    const full = await get('/reports/dashboard');
    const figures = await get('/reports/dashboard?verifier=false');
    assert.equal(figures.status, 200, JSON.stringify(figures.body));
    assert.equal('verifier' in figures.body, false);
    const { verifier: _, ...rest } = full.body;
    assert.deepEqual(figures.body, rest);
    // the months' net sales are the sales report's (read from the invoices' totals instead of their lines)
    const report = await get('/reports/sales?groupBy=month');
    assert.equal(report.status, 200, JSON.stringify(report.body));
    const byMonth = new Map(report.body.rows.map((r: any) => [r.key, r.net]));
    for (const m of figures.body.monthlySales) assert.equal(m.net, byMonth.get(m.month) ?? '0', m.month);
  });

  it('inventory valuation, stock card and sales in JSON; csv where the domain lays rows out; an unknown format refused naming it', async () => {
    const v = await get('/reports/inventory-valuation');
    assert.equal(v.status, 200, JSON.stringify(v.body));
    const card = await get(`/reports/stock-card?productId=${f.productId}`);
    assert.equal(card.status, 200, JSON.stringify(card.body));
    assert.equal(card.body.lines.length, 2);
    const s = await get('/reports/sales?groupBy=party');
    assert.equal(s.status, 200, JSON.stringify(s.body));
    assert.equal(s.body.totals.net, '2000');
    const csv = await call(t.app, 'GET', '/daftar/v1/reports/trial-balance?format=csv', undefined, admin);
    assert.equal(csv.status, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    const x = await get('/reports/sales?format=pdf');
    assert.deepEqual([x.status, x.body.field], [400, 'format']);
    const bad = await get('/reports/profit-and-loss?from=1405/13/01');
    assert.equal(bad.status, 400);
  });

  it('a clerk is refused the financial reports (403)', async () => {
    for (const name of ['dashboard', 'trial-balance', 'profit-and-loss', 'balance-sheet', 'inventory-valuation', 'sales', 'verify']) {
      const r = await get(`/reports/${name}`, clerk);
      assert.equal(r.status, 403, name);
      assert.equal(r.body.code, 'FORBIDDEN');
    }
  });

  it('auditEntries: newest first, cursor paging, both calendars', async () => {
    const first = await get('/auditEntries?limit=2');
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.items.length, 2);
    assert.ok(first.body.items[0].id > first.body.items[1].id);
    assert.equal(first.body.items[0].entity, 'payment');
    assert.match(first.body.items[0].at, /\+03:30$/);
    assert.ok(first.body.nextCursor);
    const second = await get(`/auditEntries?limit=2&cursor=${first.body.nextCursor}`);
    assert.ok(second.body.items[0].id < first.body.items[1].id);
  });

  /** A report's workbook read back with exceljs: its first sheet's rows as values. */
  async function sheetOf(url: string) {
    const res = await t.app.inject({ method: 'GET', url: `/daftar/v1${url}`, headers: admin });
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    assert.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.match(String(res.headers['content-disposition']), /\.xlsx"$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    assert.equal(ws.views[0]?.rightToLeft, true, 'the sheet is right to left');
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return rows;
  }

  it('xlsx: the same rows as the JSON report, numbers as numbers, Jalali dates beside ISO ones, totals as the last row', async () => {
    const tb = (await get('/reports/trial-balance')).body;
    let rows = await sheetOf('/reports/trial-balance?format=xlsx');
    assert.deepEqual(rows[0].slice(0, 2), ['کد حساب', 'نام حساب']);
    assert.ok((rows[0] as string[]).every((h) => /[\u0600-\u06FF]/.test(h)), `every header Persian: ${rows[0].join(' | ')}`);
    assert.equal(rows.length, 1 + tb.rows.length + 1, 'header, one row per account, totals');
    const last = rows.at(-1)!;
    assert.ok(last.includes('جمع'));
    const numbers = (r: unknown[]) => r.filter((v) => typeof v === 'number') as number[];
    const t0 = tb.totals;
    assert.deepEqual(numbers(last), [t0.openingDebit, t0.openingCredit, t0.periodDebit, t0.periodCredit, t0.closingDebit, t0.closingCredit].map(Number));
    const first = tb.rows[0];
    const sheetRow = rows.find((r) => r.includes(first.code))!;
    assert.ok(sheetRow.includes(Number(first.closingDebit) || undefined) || sheetRow.includes(Number(first.closingCredit)), JSON.stringify(sheetRow));

    const sales = (await get('/reports/sales?groupBy=party')).body;
    rows = await sheetOf('/reports/sales?groupBy=party&format=xlsx');
    assert.equal(rows.length, 1 + sales.rows.length + 1);
    assert.ok(rows.at(-1)!.includes(Number(sales.totals.net)));

    const inv = (await get('/reports/inventory-valuation')).body;
    rows = await sheetOf('/reports/inventory-valuation?format=xlsx');
    assert.ok(rows.at(-1)!.includes(Number(inv.totals.value)));
    assert.equal(typeof rows[1][rows[0].indexOf('موجودی')], 'number');

    const pl = (await get('/reports/profit-and-loss')).body;
    rows = await sheetOf('/reports/profit-and-loss?format=xlsx');
    const net = rows.find((r) => r.includes('سود (زیان) خالص'))!;
    assert.ok(net.includes(Number(pl.totals.netProfit)), JSON.stringify(net));
    assert.ok(!rows.some((r) => r.includes('revenue') || r.includes('expense')), 'no English codes in the sheet');
    // The CSV carries the same summary lines.
    const csv = await call(t.app, 'GET', '/daftar/v1/reports/profit-and-loss?format=csv', undefined, admin);
    assert.match(String(csv.body), /سود \(زیان\) خالص/);

    const card = (await get(`/reports/stock-card?productId=${f.productId}`)).body;
    rows = await sheetOf(`/reports/stock-card?productId=${f.productId}&format=xlsx`);
    const dateCol = rows[0].indexOf('تاریخ');
    const isoCol = rows[0].indexOf('تاریخ (میلادی)');
    assert.ok(dateCol >= 0 && isoCol >= 0, rows[0].join(' | '));
    assert.equal(rows[1][isoCol], card.lines[0].date);
    assert.equal(rows[1][dateCol], card.lines[0].dateJalali ?? rows[1][dateCol]);
    assert.match(String(rows[1][dateCol]), /^14\d\d\/\d\d\/\d\d$/);
  });
  it('csv: the trial balance closes with a «جمع» row of its totals; the stock card names documents in Persian, not by code', async () => {
    const tb = (await get('/reports/trial-balance')).body;
    const csv = await t.app.inject({ method: 'GET', url: '/daftar/v1/reports/trial-balance?format=csv', headers: admin });
    const table = parseCsv(csv.body);
    assert.equal(table.length, 1 + tb.rows.length + 1);
    const t0 = tb.totals;
    assert.deepEqual(table.at(-1), ['جمع', '', '', t0.openingDebit, t0.openingCredit, t0.periodDebit, t0.periodCredit, t0.closingDebit, t0.closingCredit]);
    const card = await t.app.inject({ method: 'GET', url: `/daftar/v1/reports/stock-card?productId=${f.productId}&format=csv`, headers: admin });
    const lines = parseCsv(card.body);
    const docType = lines[0].indexOf('نوع سند');
    assert.deepEqual(lines.slice(1, 3).map((r) => r[docType]), ['فاکتور', 'فاکتور']);
    assert.ok(!/\b(invoice|stock_adjustment|asset|payment)\b/.test(card.body + csv.body), 'no English codes inside the Persian sheets');
  });
});
