import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { backend, call, testApp, type TestApp } from '../../helpers/app.js';
import { admin, clerkOf, daftarOf } from './money-fixtures.js';

/**
 * Printed invoices and receipts (issue 24): the HTML carries every figure and the payable in
 * words; the PDF is real text — pdftotext gives the names, the number and the words in reading
 * order — and its first page is rendered to test-results/ for a person to look at.
 */
const hasPoppler = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const results = path.resolve('test-results');

function pdfText(pdf: Buffer, layout = false): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daftar-pdf-'));
  const file = path.join(dir, 'doc.pdf');
  fs.writeFileSync(file, pdf);
  try {
    // Directional formatting (LRE/RLE/PDF around runs, RLM) is not text.
    return execFileSync('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/[\u200E\u200F\u202A-\u202E]/g, '');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function pngOf(pdf: Buffer, name: string): Buffer {
  fs.mkdirSync(results, { recursive: true });
  const pdfFile = path.join(results, `${name}.pdf`);
  fs.writeFileSync(pdfFile, pdf);
  execFileSync('pdftoppm', ['-png', '-r', '110', '-f', '1', '-l', '1', '-singlefile', pdfFile, path.join(results, name)]);
  return fs.readFileSync(path.join(results, `${name}.png`));
}

/** Columns of a PNG (8-bit RGB/RGBA, pdftoppm's) that hold ink, by zlib-inflating its IDAT. */
async function inkColumns(png: Buffer): Promise<{ width: number; height: number; inkLeft: number; inkRight: number }> {
  const zlib = await import('node:zlib');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const colorType = png[25]!;
  const channels = colorType === 6 ? 4 : colorType === 2 ? 3 : 1;
  const idat: Buffer[] = [];
  for (let o = 8; o < png.length; ) {
    const len = png.readUInt32BE(o);
    const type = png.toString('ascii', o + 4, o + 8);
    if (type === 'IDAT') idat.push(png.subarray(o + 8, o + 8 + len));
    o += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  let prev = Buffer.alloc(stride);
  let inkLeft = width;
  let inkRight = 0;
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)]!;
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? line[i - channels]! : 0;
      const b = prev[i]!;
      const c = i >= channels ? prev[i - channels]! : 0;
      const p = a + b - c;
      const pr = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      line[i] = (line[i]! + [0, a, b, (a + b) >> 1, pr][f]!) & 0xff;
    }
    for (let x = 0; x < width; x++) if (line[x * channels]! < 128) ((inkLeft = Math.min(inkLeft, x)), (inkRight = Math.max(inkRight, x)));
    prev = line;
  }
  return { width, height, inkLeft, inkRight };
}

describe(`printed invoices and receipts: HTML and PDF (${backend})`, () => {
  let t: TestApp;
  const { post, get } = daftarOf(() => t);
  let invoiceId = 0;
  let invoiceNo = 0;
  let paymentId = 0;
  let partyName = '';
  before(async () => {
    t = await testApp();
    const settings = (await call(t.app, 'GET', '/daftar/v1/settings', undefined, admin)).body;
    const { vatRates: _, ...current } = settings;
    const put = await call(t.app, 'PUT', '/daftar/v1/settings', { ...current, name: 'فروشگاه لوازم‌التحریر پارس', economicCode: '10101234567', nationalId: '10100001007', phone: '021-88776655', address: 'تهران، خیابان انقلاب، پلاک ۱۲' }, admin);
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const unit = await post('/units', { name: 'بسته' });
    const party = await post('/parties', { kind: 'person', firstName: 'علی', lastName: 'رضایی', roles: ['customer'], economicCode: '', postalCode: '1234567890' });
    partyName = party.fullName ?? party.name;
    const p1 = await post('/products', { name: 'دفتر ۱۰۰ برگ', unitId: unit.id, sellPrice: '250000', buyPrice: '150000', vatRate: '10' });
    const p2 = await post('/products', { name: 'خودکار آبی', sellPrice: '50000', buyPrice: '20000', vatRate: '0' });
    await post('/invoices', { type: 'purchase', partyId: party.id, lines: [{ productId: p1.id, quantity: '20', unitPrice: '150000' }, { productId: p2.id, quantity: '50', unitPrice: '20000' }] });
    // 4 × 250,000 + 10% VAT = 1,100,000; 3 × 50,000 = 150,000; payable 1,250,000.
    const sale = await post('/invoices', { type: 'sale', partyId: party.id, lines: [{ productId: p1.id, quantity: '4', unitPrice: '250000' }, { productId: p2.id, quantity: '3', unitPrice: '50000' }] });
    invoiceId = sale.id;
    invoiceNo = sale.number;
    assert.equal(sale.payable ?? sale.total, '1250000');
    const pay = await post('/payments', { direction: 'in', partyId: party.id, amount: '1000000', method: 'cash', invoiceId });
    paymentId = pay.id;
  });
  after(async () => t?.close());

  it('GET /invoices/{id}/print is an RTL HTML page with the figures, the unit, paid and remaining, and the payable in words', async () => {
    const r = await call(t.app, 'GET', `/daftar/v1/invoices/${invoiceId}/print`, undefined, admin);
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /^text\/html/);
    const html = r.body as string;
    assert.match(html, /<html lang="fa" dir="rtl">/);
    assert.match(html, /@page\{size:A4/);
    for (const s of ['فروشگاه لوازم‌التحریر پارس', 'فاکتور فروش', partyName, 'دفتر ۱۰۰ برگ', 'بسته', '۱٬۲۵۰٬۰۰۰', '۱٬۱۰۰٬۰۰۰', '۱۰۰٬۰۰۰', '۲۵۰٬۰۰۰', '۱۰۱۰۱۲۳۴۵۶۷', '۰۲۱-۸۸۷۷۶۶۵۵']) assert.ok(html.includes(s), `the page shows ${s}`);
    assert.ok(html.includes('یک میلیون و دویست و پنجاه هزار ریال'), 'the payable in words');
    assert.match(html, new RegExp(`شماره: <span class="num">${String(invoiceNo).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!)}</span>`));
    assert.match(html, /پرداخت‌شده<\/th><td><span class="num">۱٬۰۰۰٬۰۰۰<\/span>/);
    assert.match(html, /مانده<\/th><td><span class="num">۲۵۰٬۰۰۰<\/span>/);
    assert.match(html, /<svg class="qr"/);
    assert.doesNotMatch(html, /[0-9]٬|٬[0-9]/, 'no Latin digits in the figures');
    // The fonts it names are served.
    const font = await t.app.inject({ method: 'GET', url: '/app/fonts/vazirmatn-arabic-400-normal.woff2' });
    assert.equal(font.statusCode, 200);
    assert.equal(font.headers['content-type'], 'font/woff2');
  });

  it('the 80 mm receipt, and Accept: text/html on the invoice itself', async () => {
    const roll = await call(t.app, 'GET', `/daftar/v1/invoices/${invoiceId}/print?format=receipt80`, undefined, admin);
    assert.equal(roll.status, 200);
    assert.match(roll.body, /@page\{size:80mm auto/);
    assert.ok(roll.body.includes('یک میلیون و دویست و پنجاه هزار ریال'));
    const negotiated = await call(t.app, 'GET', `/daftar/v1/invoices/${invoiceId}`, undefined, { ...admin, accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
    assert.match(String(negotiated.headers['content-type']), /^text\/html/);
    const json = await call(t.app, 'GET', `/daftar/v1/invoices/${invoiceId}`, undefined, { ...admin, accept: '*/*' });
    assert.equal(json.body.id, invoiceId, 'JSON stays the default');
    const bad = await call(t.app, 'GET', `/daftar/v1/invoices/${invoiceId}/print?format=a5`, undefined, admin);
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.body), /format/);
    const missing = await call(t.app, 'GET', '/daftar/v1/invoices/999999/print', undefined, admin);
    assert.equal(missing.status, 404);
  });

  it('a receipt voucher prints too, for the clerk who took the money', async () => {
    const clerk = await clerkOf(t);
    const r = await call(t.app, 'GET', `/daftar/v1/payments/${paymentId}/print`, undefined, clerk);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    for (const s of ['رسید دریافت', partyName, '۱٬۰۰۰٬۰۰۰', 'یک میلیون ریال', 'نقد']) assert.ok(r.body.includes(s), `the receipt shows ${s}`);
  });

  it('the PDF is real text: pdftotext reads the names, the number and the words in reading order', { skip: !hasPoppler && 'pdftotext (poppler-utils) is not installed' }, async () => {
    const r = await t.app.inject({ method: 'GET', url: `/daftar/v1/invoices/${invoiceId}/print`, headers: { ...admin, accept: 'application/pdf' } });
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers['content-type'], 'application/pdf');
    const pdf = r.rawPayload;
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    const text = pdfText(pdf);
    for (const s of ['فروشگاه لوازم‌التحریر پارس', 'فاکتور فروش', partyName, 'خودکار آبی', 'مبلغ قابل پرداخت به حروف', 'یک میلیون و دویست و پنجاه هزار ریال', 'کد اقتصادی: ۱۰۱۰۱۲۳۴۵۶۷', 'شناسه ملی: ۱۰۱۰۰۰۰۱۰۰۷', 'تهران، خیابان انقلاب، پلاک ۱۲']) {
      assert.ok(text.includes(s), `pdftotext gives «${s}» in reading order:\n${text}`);
    }
    assert.ok(text.includes(`شماره: ${String(invoiceNo).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!)}`), text);
    assert.ok(text.includes('۱٬۲۵۰٬۰۰۰'), text);
    // Rendered: ink on the page, and the business's name set from the right margin (RTL).
    const png = pngOf(pdf, `invoice-${backend}-a4`);
    const ink = await inkColumns(png);
    assert.ok(ink.inkRight > ink.width * 0.9, `text reaches the right margin (${ink.inkRight} of ${ink.width})`);
    assert.ok(ink.inkRight < ink.width - 10, 'inside the page');
    // ?output=pdf for a plain link (the console's download button), on the 80 mm roll.
    const roll = await t.app.inject({ method: 'GET', url: `/daftar/v1/invoices/${invoiceId}/print?format=receipt80&output=pdf`, headers: admin });
    assert.equal(roll.headers['content-type'], 'application/pdf');
    const rollText = pdfText(roll.rawPayload);
    assert.ok(rollText.includes('یک میلیون و دویست و پنجاه هزار ریال'), rollText);
    const rollPng = await inkColumns(pngOf(roll.rawPayload, `invoice-${backend}-receipt80`));
    assert.ok(Math.abs(rollPng.width / 110 - 80 / 25.4) < 0.05, `80 mm wide (${rollPng.width} px at 110 dpi)`);
    const voucher = await t.app.inject({ method: 'GET', url: `/daftar/v1/payments/${paymentId}/print?output=pdf`, headers: admin });
    assert.ok(pdfText(voucher.rawPayload).includes('یک میلیون ریال'));
  });

  it('a voided invoice prints marked void; another business cannot print it', async () => {
    const other = await get(`/invoices/${invoiceId}`);
    assert.equal(other.status, 'posted');
    const r = await call(t.app, 'GET', `/daftar/v1/invoices/${invoiceId}/print`, undefined, { authorization: 'Bearer test-api-token-b' });
    assert.ok([401, 404].includes(r.status), `another business: ${r.status}`);
  });
});
