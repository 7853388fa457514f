import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { backend, call, countRows, testApp, type TestApp } from '../../helpers/app.js';
import { admin, bearer, clerkOf } from './money-fixtures.js';

/**
 * Import from XLSX or CSV (issue 24): a preview names every bad row and column and writes
 * nothing but the preview; commit writes all rows or none; a Daftar export imports back into
 * another business as the same catalogue; Persian/Arabic digits, ٬, ي/ك, empty trailing rows,
 * title rows and merged group headers are read as a person reads them.
 */

type Cell = string | number | null;

async function xlsx(rows: Cell[][], build?: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const r of rows) ws.addRow(r);
  build?.(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const csv = (rows: Cell[][]) => Buffer.from('\uFEFF' + rows.map((r) => r.map((c) => (c === null ? '' : /[",\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(',')).join('\r\n') + '\r\n');

describe(`/daftar/v1/imports (${backend})`, () => {
  let t: TestApp;
  let seq = 0;
  const preview = async (kind: string, file: Buffer, who: Record<string, string> = admin, fileName = 'file.xlsx') =>
    call(t.app, 'POST', '/daftar/v1/imports', { kind, fileName, file: file.toString('base64') }, who);
  const commit = (id: number, who: Record<string, string> = admin) => call(t.app, 'POST', `/daftar/v1/imports/${id}/commit`, {}, who);
  const productsOf = async (who: Record<string, string>) => {
    const out: any[] = [];
    let cursor = '';
    for (;;) {
      const r = await call(t.app, 'GET', `/daftar/v1/products?limit=500${cursor ? `&cursor=${cursor}` : ''}`, undefined, who);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      out.push(...r.body.items);
      if (!r.body.nextCursor) return out;
      cursor = r.body.nextCursor;
    }
  };

  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  const HEADER = ['کد کالا', 'نام کالا', 'واحد', 'گروه', 'بارکد', 'قیمت فروش', 'قیمت خرید'];
  const productRow = (i: number): Cell[] => [`P${String(i).padStart(4, '0')}`, `کالای آزمایشی ${i}`, 'عدد', 'لوازم / تحریر', `62601${String(i).padStart(8, '0')}`, 1000 + i, 500 + i];

  it('500 products with 3 bad rows: the preview names exactly those rows and columns, commit writes nothing; fixed, all 500 are written', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => productRow(i + 1));
    rows[16][4] = rows[2][4]; // row 17: the barcode of row 3
    rows[99][5] = 'دوازده'; // row 100: a price that is no number
    rows[449][1] = null; // row 450: no name
    const before = await countRows(t.database, 'products');
    const p = await preview('products', await xlsx([HEADER, ...rows]));
    assert.equal(p.status, 201, JSON.stringify(p.body));
    assert.equal(p.body.rows, 500);
    assert.equal(p.body.valid, 497);
    assert.deepEqual(
      p.body.errors.map((e: any) => [e.row, e.column, e.code]),
      [[17, 'بارکد', 'DUPLICATE'], [100, 'قیمت فروش', 'VALIDATION'], [450, 'نام کالا', 'MISSING_FIELD']],
    );
    assert.match(p.body.errors[0].detail, /^سطر ۱۷، ستون بارکد: تکراری/);
    assert.equal(p.body.errors[0].sheetRow, 18);
    const c = await commit(p.body.id);
    assert.equal(c.status, 409, JSON.stringify(c.body).slice(0, 300));
    assert.equal(c.body.errors.length, 3);
    assert.equal(await countRows(t.database, 'products'), before, 'nothing written');

    rows[16][4] = '6260199999999';
    rows[99][5] = '۱۲٬۰۰۰';
    rows[449][1] = 'کالای ۴۵۰';
    const fixed = await preview('products', await xlsx([HEADER, ...rows]));
    assert.deepEqual([fixed.body.errors, fixed.body.valid], [[], 500]);
    const ok = await commit(fixed.body.id);
    assert.deepEqual([ok.status, ok.body.written], [200, 500], JSON.stringify(ok.body).slice(0, 300));
    assert.equal(await countRows(t.database, 'products'), before + 500);
    const again = await commit(fixed.body.id);
    assert.deepEqual([again.status, again.body.code], [409, 'CONFLICT'], 'a preview is written once');
    const p100 = (await productsOf(admin)).find((x) => x.code === 'P0100');
    assert.deepEqual([p100.sellPrice, p100.unit.name, p100.barcodes], ['12000', 'عدد', ['6260100000100']]);

    // Now the books have those codes: the same file again is refused row by row.
    const dup = await preview('products', await xlsx([HEADER, ...rows.slice(0, 2)]));
    assert.deepEqual(dup.body.errors.map((e: any) => [e.row, e.column, e.code]), [[1, 'کد کالا', 'DUPLICATE'], [1, 'بارکد', 'DUPLICATE'], [2, 'کد کالا', 'DUPLICATE'], [2, 'بارکد', 'DUPLICATE']]);
  });

  it('round trip: the products export of one business imports into a new business as the same catalogue', async () => {
    const g = await call(t.app, 'POST', '/daftar/v1/products', { name: 'خدمت نصب', kind: 'service', sellPrice: '2500000.5', vatRate: '9', active: false, code: 'S-1' }, admin);
    assert.equal(g.status, 201, JSON.stringify(g.body));
    const res = await t.app.inject({ method: 'GET', url: '/daftar/v1/products?format=xlsx', headers: admin });
    assert.equal(res.statusCode, 200);
    const b = await t.newBusiness();
    const other = bearer(b.apiToken!);
    const p = await preview('products', res.rawPayload, other);
    assert.equal(p.status, 201, JSON.stringify(p.body).slice(0, 500));
    assert.deepEqual(p.body.errors, []);
    assert.deepEqual(p.body.columns.filter((c: any) => c.field === null).map((c: any) => c.header), ['موجودی', 'میانگین بها'], 'only the figures the books compute are ignored');
    assert.equal((await commit(p.body.id, other)).status, 200);
    const shape = (x: any) => ({ code: x.code, name: x.name, kind: x.kind, unit: x.unit?.name ?? null, barcodes: x.barcodes, sellPrice: x.sellPrice, buyPrice: x.buyPrice, vatRate: x.vatRate, active: x.active });
    const sort = (xs: any[]) => xs.map(shape).sort((a, c) => a.code.localeCompare(c.code));
    const mine = await productsOf(admin);
    const theirs = await productsOf(other);
    assert.equal(theirs.length, mine.length);
    assert.deepEqual(sort(theirs), sort(mine));
    // Groups by name path (ids differ between businesses).
    const groups = async (who: Record<string, string>) => (await call(t.app, 'GET', '/daftar/v1/productGroups?limit=500', undefined, who)).body.items.map((x: any) => x.name).sort();
    assert.deepEqual(await groups(other), await groups(admin));
  });

  it('leniency: Persian and Arabic digits, ٬ separators, Arabic ي/ك, empty trailing rows in a CSV', async () => {
    seq++;
    const file = csv([
      ['كد كالا', 'نام كالا', 'قيمت فروش', 'بارکد'],
      [`L${seq}-۱`, 'چاي كيسه‌اي', '۱٬۲۵۰٬۰۰۰', '۶۲۶۰۱۰۰۷۷۷۷۱'],
      [`L${seq}-٢`, 'كيك', '٣٠٠٠', ''],
      [`L${seq}-3`, 'کیک ۲', '4,500', null],
      ['', '', '', ''],
      ['', '', '', ''],
    ]);
    const p = await preview('products', file, admin, 'lenient.csv');
    assert.equal(p.status, 201, JSON.stringify(p.body));
    assert.deepEqual([p.body.rows, p.body.errors], [3, []]);
    assert.deepEqual(p.body.columns.map((c: any) => c.field), ['code', 'name', 'sellPrice', 'barcodes']);
    assert.equal((await commit(p.body.id)).status, 200);
    const all = await productsOf(admin);
    const tea = all.find((x) => x.code === `L${seq}-1`);
    assert.deepEqual([tea.name, tea.sellPrice, tea.barcodes], ['چای کیسه‌ای', '1250000', ['626010077771']]);
    assert.equal(all.find((x) => x.code === `L${seq}-2`).sellPrice, '3000');
    assert.equal(all.find((x) => x.code === `L${seq}-3`).sellPrice, '4500');
  });

  it('leniency: a title row, a merged title and merged group headers («قیمت» over «فروش» and «خرید»), Hesabfa and Siba header words', async () => {
    seq++;
    const merged = await xlsx(
      [
        ['فهرست کالاها - فروشگاه نمونه', null, null, null, null],
        ['تاریخ گزارش: ۱۴۰۵/۰۹/۱۳', null, null, null, null],
        [null, null, null, 'قیمت', null],
        ['کد', 'نام کالا', 'واحد اصلی', 'فروش', 'خرید'],
        [`M${seq}-1`, 'مداد', 'عدد', '۲۵٬۰۰۰', 18000],
      ],
      (ws) => {
        ws.mergeCells('A1:E1');
        ws.mergeCells('D3:E3');
      },
    );
    const p = await preview('products', merged);
    assert.equal(p.status, 201, JSON.stringify(p.body));
    assert.deepEqual(p.body.errors, []);
    assert.deepEqual(p.body.columns.map((c: any) => [c.header, c.field]), [['کد', 'code'], ['نام کالا', 'name'], ['واحد اصلی', 'unit'], ['قیمت فروش', 'sellPrice'], ['قیمت خرید', 'buyPrice']]);
    assert.equal(p.body.errors.length, 0);
    assert.equal((await commit(p.body.id)).status, 200);

    const hesabfa = csv([['Code', 'Name', 'Barcode', 'ItemType', 'Unit', 'SellPrice', 'BuyPrice', 'NodeFamily', 'Active'], [`H${seq}`, 'خدمت حسابفا', '', '1', 'ساعت', '1000', '0', 'خدمات > نصب', 'true']]);
    const siba = csv([['code', 'name', 'barcode', 'sellPrice', 'buyPrice', 'unitName', 'groupName'], [`S${seq}`, 'کالای سیبا', '6260100888881', '2000', '1500', 'بسته', 'بسته‌بندی']]);
    for (const file of [hesabfa, siba]) {
      const x = await preview('products', file, admin, 'x.csv');
      assert.deepEqual([x.status, x.body.errors], [201, []], JSON.stringify(x.body));
      assert.equal(x.body.columns.filter((c: any) => c.field === null).length, 0, JSON.stringify(x.body.columns));
      assert.equal((await commit(x.body.id)).status, 200);
    }
    const all = await productsOf(admin);
    const h = all.find((x) => x.code === `H${seq}`);
    assert.deepEqual([h.kind, h.unit.name, h.active], ['service', 'ساعت', true]);
    const s = all.find((x) => x.code === `S${seq}`);
    assert.deepEqual([s.unit.name, s.buyPrice, s.barcodes], ['بسته', '1500', ['6260100888881']]);
  });

  it('parties, then their opening balances and opening stock, each in one transaction', async () => {
    seq++;
    const parties = csv([
      ['کد شخص', 'نوع شخص', 'نقش', 'نام', 'نام خانوادگی', 'نام شرکت', 'موبایل', 'آدرس'],
      [`C${seq}-1`, 'حقیقی', 'مشتری', 'علی', 'رضايي', '', '۰۹۱۲۱۲۳۴۵۶۷', 'تهران'],
      [`C${seq}-2`, 'حقوقی', 'تأمین کننده', '', '', 'شرکت پخش البرز', '', ''],
    ]);
    let p = await preview('parties', parties, admin, 'parties.csv');
    assert.deepEqual([p.status, p.body.errors], [201, []], JSON.stringify(p.body));
    assert.equal((await commit(p.body.id)).status, 200);
    const list = (await call(t.app, 'GET', `/daftar/v1/parties?q=${encodeURIComponent('رضایی')}`, undefined, admin)).body.items;
    assert.deepEqual([list[0].name, list[0].mobile, list[0].roles], ['علی رضایی', '09121234567', ['customer']]);

    p = await preview('openingBalances', csv([['کد شخص', 'بدهکار', 'بستانکار'], [`C${seq}-1`, '150000', ''], [`C${seq}-2`, '', '۲۰۰٬۰۰۰'], ['NOBODY', '1', '']]), admin, 'ob.csv');
    assert.deepEqual(p.body.errors.map((e: any) => [e.row, e.column, e.code]), [[3, 'کد شخص', 'NOT_FOUND']]);
    p = await preview('openingBalances', csv([['کد شخص', 'بدهکار', 'بستانکار'], [`C${seq}-1`, '150000', ''], [`C${seq}-2`, '', '۲۰۰٬۰۰۰']]), admin, 'ob.csv');
    assert.deepEqual(p.body.errors, []);
    assert.equal((await commit(p.body.id)).status, 200);
    const balances = (await call(t.app, 'GET', '/daftar/v1/parties?limit=500', undefined, admin)).body.items.filter((x: any) => x.code.startsWith(`C${seq}-`)).map((x: any) => x.balance);
    assert.deepEqual(balances.sort(), ['-200000', '150000'].sort());

    p = await preview('openingStock', csv([['کد کالا', 'کد انبار', 'مقدار', 'بهای واحد'], ['P0001', '1', '۱۰', '500'], ['P0002', '', '2.5', '600'], ['NONE', '', '1', '1'], ['P0003', '9', '1', '1']]), admin, 'os.csv');
    assert.deepEqual(p.body.errors.map((e: any) => [e.row, e.column, e.code]), [[3, 'کد کالا', 'NOT_FOUND'], [4, 'کد انبار', 'NOT_FOUND']]);
    p = await preview('openingStock', csv([['کد کالا', 'کد انبار', 'مقدار', 'بهای واحد'], ['P0001', '1', '۱۰', '500'], ['P0002', '', '2.5', '600']]), admin, 'os.csv');
    assert.deepEqual(p.body.errors, []);
    assert.equal((await commit(p.body.id)).status, 200);
    const stock = (await call(t.app, 'GET', '/daftar/v1/stock', undefined, admin)).body.items;
    assert.deepEqual(stock.filter((x: any) => ['P0001', 'P0002'].includes(x.productCode)).map((x: any) => [x.productCode, x.quantity]), [['P0001', '10'], ['P0002', '2.5']]);
    const v = await call(t.app, 'GET', '/daftar/v1/reports/verify', undefined, admin);
    assert.equal(v.body.ok, true, JSON.stringify(v.body.checks.filter((c: any) => !c.ok)));
  });

  it('round trip: the parties export imports into a new business as the same parties (balances are the books\' own: ignored)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/daftar/v1/parties?format=xlsx', headers: admin });
    assert.equal(res.statusCode, 200);
    const b = await t.newBusiness();
    const other = bearer(b.apiToken!);
    const p = await preview('parties', res.rawPayload, other);
    assert.deepEqual([p.status, p.body.errors], [201, []], JSON.stringify(p.body).slice(0, 500));
    assert.equal(p.body.rows, (await call(t.app, 'GET', '/daftar/v1/parties?limit=500', undefined, admin)).body.items.length, 'the «جمع» row is no party');
    assert.deepEqual(p.body.columns.filter((c: any) => c.field === null).map((c: any) => c.header), ['مانده']);
    assert.equal((await commit(p.body.id, other)).status, 200);
    const shape = (x: any) => ({ code: x.code, kind: x.kind, name: x.name, firstName: x.firstName, lastName: x.lastName, companyName: x.companyName, roles: x.roles, mobile: x.mobile, phones: x.phones, nationalId: x.nationalId, address: x.address, active: x.active });
    const all = async (who: Record<string, string>) => (await call(t.app, 'GET', '/daftar/v1/parties?limit=500', undefined, who)).body.items.map(shape).sort((x: any, y: any) => x.code.localeCompare(y.code));
    const mine = await all(admin);
    assert.ok(mine.length >= 2);
    assert.deepEqual(await all(other), mine);
  });

  it('a 10,000-product file fits this route\'s body limit (only this route\'s: another refuses the same size)', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => [`BIG${i}`, `کالای بزرگ شماره ${i} با نام بلندتر برای اندازه فایل`, 'عدد', 'گروه بزرگ / زیرگروه', `62699${String(i).padStart(8, '0')}`, String(1000 + i)]);
    const file = csv([['کد کالا', 'نام کالا', 'واحد', 'گروه', 'بارکد', 'قیمت فروش'], ...rows]);
    const body = JSON.stringify({ kind: 'products', fileName: 'big.csv', file: file.toString('base64') });
    assert.ok(body.length > t.config.bodyLimitBytes, `the body (${body.length}) is over the server's default limit (${t.config.bodyLimitBytes})`);
    const r = await t.app.inject({ method: 'POST', url: '/daftar/v1/imports', headers: { ...admin, 'content-type': 'application/json' }, payload: body });
    assert.equal(r.statusCode, 201, r.body.slice(0, 300));
    assert.deepEqual([JSON.parse(r.body).rows, JSON.parse(r.body).errors.length], [10_000, 0]);
    const other = await t.app.inject({ method: 'POST', url: '/daftar/v1/products', headers: { ...admin, 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'x', padding: 'x'.repeat(body.length) }) });
    assert.equal(other.statusCode, 413);
  });

  it('multipart/form-data upload; bad requests: unknown kind, no header, empty file, a clerk, another business\'s preview', async () => {
    seq++;
    const boundary = '----daftar' + seq;
    const file = csv([['کد کالا', 'نام کالا'], [`F${seq}`, 'کالای فرم']]);
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nproducts\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="form.csv"\r\nContent-Type: text/csv\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await t.app.inject({ method: 'POST', url: '/daftar/v1/imports', headers: { ...admin, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
    assert.equal(res.statusCode, 201, res.body);
    const p = JSON.parse(res.body);
    assert.deepEqual([p.fileName, p.rows, p.errors], ['form.csv', 1, []]);

    let r = await preview('goods', file);
    assert.deepEqual([r.status, r.body.field], [400, 'kind']);
    r = await preview('products', csv([['چیزی', 'دیگر'], ['1', '2']]));
    assert.deepEqual([r.status, r.body.code], [400, 'VALIDATION']);
    r = await preview('products', csv([['کد کالا', 'نام کالا'], ['', '']]));
    assert.equal(r.status, 400);
    const clerk = await clerkOf(t);
    r = await preview('products', file, clerk);
    assert.deepEqual([r.status, r.body.code], [403, 'FORBIDDEN']);
    const b = await t.newBusiness();
    r = await commit(p.id, bearer(b.apiToken!));
    assert.deepEqual([r.status, r.body.code], [404, 'NOT_FOUND']);
    assert.equal((await commit(p.id)).status, 200);
  });
});
