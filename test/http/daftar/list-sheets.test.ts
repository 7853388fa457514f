import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from 'decimal.js';
import { xlsxOf } from './sheets.js';
import { backend, call, testApp, type TestApp } from '../../helpers/app.js';
import { parseCsv } from '../../../src/domain/reports/csv.js';
import { admin, soldToday } from './money-fixtures.js';

/**
 * Every /daftar/v1 list as a spreadsheet (issue 24): `?format=xlsx` read back with exceljs holds
 * the same rows as the JSON list, Persian headers, right to left, numbers as numbers, Jalali
 * dates beside ISO ones, codes in Persian words, and a totals row where amounts add up.
 */
describe(`/daftar/v1 lists as spreadsheets (${backend})`, () => {
  let t: TestApp;
  let f: { partyId: number; productId: number; invoiceId: number };
  const get = async (url: string) => {
    const r = await call(t.app, 'GET', `/daftar/v1${url}`, undefined, admin);
    assert.equal(r.status, 200, `${url}: ${JSON.stringify(r.body)}`);
    return r.body;
  };

  before(async () => {
    t = await testApp();
    f = await soldToday(t);
    for (const body of [
      { direction: 'in', partyId: f.partyId, amount: '1500', method: 'cash', invoiceId: f.invoiceId },
      { direction: 'out', partyId: f.partyId, amount: '250', method: 'cash' },
    ]) {
      const r = await call(t.app, 'POST', '/daftar/v1/payments', body, admin);
      assert.equal(r.status, 201, JSON.stringify(r.body));
    }
    const c = await call(t.app, 'POST', '/daftar/v1/cheques', { direction: 'received', partyId: f.partyId, amount: '123456789012', number: 'R-1', dueDate: '1405/12/01', bank: 'ملت' }, admin);
    assert.equal(c.status, 201, JSON.stringify(c.body));
    const p = await call(t.app, 'POST', '/daftar/v1/products', { name: 'خدمت نصب', kind: 'service', sellPrice: '1250000', barcodes: ['6260100012345', '6260100012346'] }, admin);
    assert.equal(p.status, 201, JSON.stringify(p.body));
  });
  after(() => t.close());

  /** A list's workbook read back: the header and the rows as values. */
  async function sheetOf(url: string) {
    const s = await xlsxOf(t, url, admin);
    assert.ok(s.header.every((h) => /[\u0600-\u06FF]/.test(h)), `every header Persian: ${s.header.join(' | ')}`);
    return { ...s, numFmt: (r: number, title: string) => s.ws.getRow(r + 2).getCell(s.col(title) + 1).numFmt };
  }

  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const sum = (xs: string[]) => xs.reduce((s, x) => s.plus(x), new Decimal(0)).toNumber();

  it('products: one row per product, prices as numbers with thousands separators, kind and active in Persian, barcodes joined', async () => {
    const json = (await get('/products?limit=500')).items;
    const s = await sheetOf('/products?format=xlsx');
    assert.equal(s.rows.length, json.length, 'no totals row: prices do not add up');
    for (const p of json) {
      const r = s.rows.find((x) => x[s.col('کد کالا')] === p.code)!;
      assert.ok(r, p.code);
      assert.equal(r[s.col('نام کالا')], p.name);
      assert.equal(r[s.col('قیمت فروش')], num(p.sellPrice));
      assert.equal(r[s.col('موجودی')], num(p.stock.total));
      assert.equal(r[s.col('نوع')], p.kind === 'goods' ? 'کالا' : 'خدمت');
      assert.equal(r[s.col('فعال')], 'بله');
      assert.equal(r[s.col('بارکد')] ?? '', p.barcodes.join('، ') || '');
    }
    assert.match(String(s.numFmt(0, 'قیمت فروش')), /#,##0/);
  });

  it('parties: one row per party, the balance as a number, a totals row of the balances', async () => {
    const json = (await get('/parties?limit=500')).items;
    const s = await sheetOf('/parties?format=xlsx');
    assert.equal(s.rows.length, json.length + 1);
    for (const p of json) {
      const r = s.rows.find((x) => x[s.col('کد شخص')] === p.code)!;
      assert.equal(r[s.col('نام کامل')], p.name);
      assert.equal(r[s.col('مانده')] ?? 0, num(p.balance));
      assert.equal(r[s.col('نقش')], { customer: 'مشتری', supplier: 'تامین‌کننده' }[p.roles[0] as string] ?? r[s.col('نقش')]);
    }
    const last = s.rows.at(-1)!;
    assert.equal(last[0], 'جمع');
    assert.equal(last[s.col('مانده')], sum(json.map((p: { balance: string }) => p.balance)));
  });

  it('invoices: the same invoices, Jalali date beside the ISO one, type and status in Persian, totals of the posted ones', async () => {
    const json = (await get('/invoices?limit=500')).items;
    const s = await sheetOf('/invoices?format=xlsx');
    assert.equal(s.rows.length, json.length + 1);
    for (const inv of json) {
      const r = s.rows.find((x) => x[s.col('شماره')] === inv.number && x[s.col('نوع فاکتور')] === ({ sale: 'فروش', purchase: 'خرید' } as Record<string, string>)[inv.type])!;
      assert.ok(r, JSON.stringify(inv));
      assert.equal(r[s.col('تاریخ')], inv.dateJalali);
      assert.equal(r[s.col('تاریخ (میلادی)')], inv.date);
      assert.equal(r[s.col('طرف حساب')], inv.partyName);
      for (const [title, key] of [['مبلغ قابل پرداخت', 'total'], ['پرداخت‌شده', 'paid'], ['مانده', 'remaining']]) assert.equal(r[s.col(title)] ?? 0, num(inv[key]), title);
      assert.equal(r[s.col('وضعیت')], 'ثبت‌شده');
    }
    const last = s.rows.at(-1)!;
    assert.equal(last[s.col('نوع فاکتور')], 'جمع', 'in the first text column');
    const posted = json.filter((i: { status: string }) => i.status === 'posted');
    for (const [title, key] of [['مبلغ قابل پرداخت', 'total'], ['پرداخت‌شده', 'paid'], ['مانده', 'remaining']]) assert.equal(last[s.col(title)], sum(posted.map((i: Record<string, string>) => i[key])), title);
  });

  it('payments: received and paid in their own columns, totals of each', async () => {
    const json = (await get('/payments?limit=500')).items;
    const s = await sheetOf('/payments?format=xlsx');
    assert.equal(s.rows.length, json.length + 1);
    for (const p of json) {
      const r = s.rows.find((x) => x[s.col('شماره')] === p.id)!;
      assert.equal(r[s.col(p.direction === 'in' ? 'دریافت' : 'پرداخت')], num(p.amount));
      assert.equal(r[s.col('نوع')], p.direction === 'in' ? 'دریافت' : 'پرداخت');
      assert.equal(r[s.col('روش')], ({ cash: 'نقد', cheque: 'چک' } as Record<string, string>)[p.method]);
      assert.equal(r[s.col('تاریخ (میلادی)')], p.date);
    }
    const last = s.rows.at(-1)!;
    assert.deepEqual([last[s.col('دریافت')], last[s.col('پرداخت')]], [sum(json.filter((p: { direction: string }) => p.direction === 'in').map((p: { amount: string }) => p.amount)), 250]);
  });

  it('cheques: the party named, the due date in both calendars, the amount exact, state in Persian, totals', async () => {
    const json = (await get('/cheques?limit=500')).items;
    const s = await sheetOf('/cheques?format=xlsx');
    assert.equal(s.rows.length, json.length + 1);
    const r = s.rows.find((x) => x[s.col('شماره چک')] === 'R-1')!;
    assert.equal(r[s.col('طرف حساب')], 'مشتری نقدی');
    assert.equal(r[s.col('سررسید')], '1405/12/01');
    assert.equal(r[s.col('سررسید (میلادی)')], json[0].dueDate);
    assert.equal(r[s.col('دریافتی')], 123456789012);
    assert.equal(r[s.col('وضعیت')], 'نزد صندوق');
    assert.equal(s.rows.at(-1)![s.col('دریافتی')], 123456789012);
  });

  it('stock: the JSON list and the sheet hold the same product and warehouse balances', async () => {
    const json = (await get('/stock')).items;
    assert.equal(json.length, 1);
    assert.deepEqual([json[0].productId, json[0].quantity, json[0].warehouseCode], [f.productId, '8', 1]);
    const s = await sheetOf('/stock?format=xlsx');
    assert.equal(s.rows.length, 1);
    assert.deepEqual([s.rows[0][s.col('کد کالا')], s.rows[0][s.col('نام کالا')], s.rows[0][s.col('موجودی')]], [json[0].productCode, json[0].productName, 8]);
  });

  it('csv of a list: BOM, the same rows, codes in Persian; a filter narrows the sheet as it narrows the list', async () => {
    const csv = await t.app.inject({ method: 'GET', url: '/daftar/v1/invoices?format=csv&type=sale', headers: admin });
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.ok(csv.body.startsWith('\uFEFF'));
    const table = parseCsv(csv.body);
    assert.equal(table.length, 1 + 1 + 1, 'header, the one sale, totals');
    assert.equal(table[1][table[0].indexOf('نوع فاکتور')], 'فروش');
    assert.ok(!/\b(sale|posted|purchase)\b/.test(csv.body));
  });
});
