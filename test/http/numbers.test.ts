import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { InjectOptions } from 'fastify';
import { snapshotCounts, testApp, type TestApp } from '../helpers/app.js';
import { parseJsonExact } from '../../src/http/common/json.js';
import { transact } from '../../src/db/transact.js';
import { createCashRegister } from '../../src/domain/money/accounts.js';
import { actorFor, addParty, addProduct, addWarehouse } from '../domain/invoicing/fixtures.js';
import { AUTH as HESABFA } from './hesabfa/helpers.js';

// Issue 18, points 4 and 5: every number read from its source text, every amount exact end to
// end (replies parsed here without a binary float), ambiguous spellings refused naming the field.

const TWO53_1 = '9007199254740993'; // 2^53 + 1: a double cannot hold it
const BIG18 = '987654321987654321'; // 18 integer digits
const CHORTKE = { authorization: 'Bearer test-chortke-token-a' };

/** A request whose body is sent as the exact text given; the reply is parsed exactly
 * (numbers a double cannot hold come back as their digits, a string). */
async function raw(t: TestApp, method: InjectOptions['method'], url: string, body?: string, headers: Record<string, string> = {}) {
  const res = await t.app.inject({
    method,
    url,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    payload: body,
  });
  let parsed: any = res.body;
  try {
    parsed = parseJsonExact(res.body);
  } catch {
    /* CSV */
  }
  return { status: res.statusCode, body: parsed, text: res.body };
}

const js = (v: unknown) => JSON.stringify(v);
/** An exactly parsed number as its digits. */
const digits = (v: unknown) => String(v);

describe('issue 18: exact numbers on every surface', () => {
  let t: TestApp;
  let biz: number;
  const factor = (details: string, header = '') =>
    `{"invoiceType": 1, "invoiceDate": "1404/06/01", "personId": 1${header}, "details": [${details}]}`;
  const line = (fields: string) => `{"itemId": 101, "itemType": 0, "warehouseCode": 10, "taxPerc": 0, ${fields}}`;

  before(async () => {
    t = await testApp();
    biz = t.business.businessId;
    const admin = actorFor(biz, t.business.adminUserId);
    await addParty(t.database, admin, 'تأمین‌کننده');
    await addProduct(t.database, biz, { id: 101, name: 'کالای الف' });
    await addProduct(t.database, biz, { id: 102, name: 'کالای ب' });
    await addWarehouse(t.database, admin, 10);
    await transact(t.database.db, (tx) => createCashRegister(tx, admin, { name: 'صندوق' }));
  });
  after(() => t.close());

  it('issue 18 point 5: a price of 2^53+1, as a string or a JSON number, is posted exactly through Siba', async () => {
    for (const price of [js(TWO53_1), TWO53_1]) {
      const r = await raw(t, 'POST', '/api/factors', factor(line(`"quantity": 1, "price": ${price}`)));
      assert.equal(r.status, 200, r.text);
      const f = r.body.data.factor;
      assert.deepEqual([digits(f.details[0].price), digits(f.details[0].sumPrice), digits(f.payable)], [TWO53_1, TWO53_1, TWO53_1]);
      assert.match(r.text, new RegExp(`"payable":${TWO53_1}[,}]`), 'a JSON number token of the exact digits');
      const stored = await t.database.db
        .selectFrom('invoices')
        .select((eb) => eb.cast<string>('payable', 'text').as('p'))
        .where('business_id', '=', biz)
        .where('id', '=', f.factorId)
        .executeTakeFirstOrThrow();
      assert.equal(stored.p, `${TWO53_1}.0000`);
      const again = await raw(t, 'GET', `/api/factors/${f.factorId}`);
      assert.equal(digits(again.body.data.factor.payable), TWO53_1);
    }
    const p = await raw(t, 'PUT', '/api/products', `{"productId": 102, "sellPrice": ${TWO53_1}, "buyPrice": "${TWO53_1}"}`);
    assert.equal(p.status, 200, p.text);
    const got = await raw(t, 'GET', '/api/products?productId=102');
    const item = JSON.stringify(got.body);
    assert.ok(item.includes(`"sellPrice":"${TWO53_1}"`) || got.text.includes(`"sellPrice":${TWO53_1}`), got.text.slice(0, 400));
  });

  it('issue 18 point 5: a price of 2^53+1 is posted exactly through Hesabfa (item prices)', async () => {
    const body = `{"apiKey": "${HESABFA.apiKey}", "loginToken": "${HESABFA.loginToken}", "item": {"Name": "کالای بزرگ", "ItemType": 0, "SellPrice": ${TWO53_1}, "BuyPrice": "${TWO53_1}"}}`;
    const r = await raw(t, 'POST', '/v1/item/save', body);
    assert.equal(r.body.ErrorCode, 0, r.text);
    assert.deepEqual([digits(r.body.Result.SellPrice), digits(r.body.Result.BuyPrice)], [TWO53_1, TWO53_1]);
    // The JSON5 reader (JavaScript literals, as the seed writes them) reads numbers exactly too.
    const lit = `{apiKey: '${HESABFA.apiKey}', loginToken: '${HESABFA.loginToken}', item: {Code: '${r.body.Result.Code}', SellPrice: ${BIG18},}}`;
    const r5 = await raw(t, 'POST', '/v1/item/save', lit);
    assert.equal(r5.body.ErrorCode, 0, r5.text);
    assert.equal(digits(r5.body.Result.SellPrice), BIG18);
    const q = await raw(t, 'POST', '/v1/item/GetQuantity', `{"apiKey": "${HESABFA.apiKey}", "loginToken": "${HESABFA.loginToken}", "codes": ["${r.body.Result.Code}"]}`);
    assert.equal(digits(q.body.Result[0].SellPrice), BIG18, q.text);
  });

  it('issue 18 point 5: a price of 2^53+1 is posted exactly through Chortke', async () => {
    const r = await raw(t, 'POST', '/v2/products', `{"title": "کالای چرتکه", "sellPrice": ${TWO53_1}, "buyPrice": "${TWO53_1}"}`, CHORTKE);
    assert.equal(r.status, 201, r.text);

    assert.deepEqual([digits(r.body.product.sellPrice), digits(r.body.product.buyPrice)], [TWO53_1, TWO53_1]);
    const g = await raw(t, 'GET', `/v2/products/${r.body.product.id}`, undefined, CHORTKE);
    assert.equal(digits(g.body.main.sellPrice), TWO53_1, g.text);
  });

  it('issue 18 point 5: 18-integer-digit amounts are exact end to end; the JSON trial balance equals the CSV above 2^53', async () => {
    const r = await raw(t, 'POST', '/api/factors', factor(line(`"quantity": 1, "price": ${BIG18}.25`)));
    assert.equal(r.status, 200, r.text);
    assert.equal(digits(r.body.data.factor.payable), BIG18);
    // The till receives the amount first: a payment may not overdraw it (issue 18 point 11).
    const rec = await raw(t, 'POST', '/api/payments', `{"kind": "receipt", "personId": 1, "amount": ${BIG18}, "date": "1404/06/02", "cashRegisterId": 1}`);
    assert.equal(rec.status, 200, rec.text);
    const pay = await raw(t, 'POST', '/api/payments', `{"kind": "payment", "personId": 1, "amount": ${BIG18}, "date": "1404/06/02", "cashRegisterId": 1}`);
    assert.equal(pay.status, 200, pay.text);
    assert.equal(digits(pay.body.data.payment.amount), BIG18);

    const json = await raw(t, 'GET', '/api/reports/trial-balance');
    const csv = await raw(t, 'GET', '/api/reports/trial-balance?format=csv');
    const inv = json.body.data.report.rows.find((x: { code: string }) => x.code === '1301');
    const csvInv = csv.text.split('\n').find((l) => l.startsWith('1301,') || l.startsWith('"1301"'))!;
    const expected = (2n * (2n ** 53n + 1n) + BigInt(BIG18)).toString();
    assert.equal(digits(inv.closingDebit), expected);
    assert.ok(csvInv.includes(expected), csvInv);
    assert.equal(digits(json.body.data.report.totals.closingDebit), digits(json.body.data.report.totals.closingCredit));
  });

  it('issue 18 point 5: ambiguous spellings are refused naming the field, nothing written (Siba)', async () => {
    for (const q of [js('1,5'), js('0x10'), 'true', js(' 12 '), js('1e3'), '1e3', js('12abc'), js('NaN'), js('Infinity')]) {
      const before = await snapshotCounts(t.database);
      const r = await raw(t, 'POST', '/api/factors', factor(line(`"quantity": ${q}, "price": 100`)));
      assert.equal(r.status, 400, `quantity ${q}: ${r.text}`);
      assert.match(r.body.errMsg, /details\[0\]\.quantity/, `quantity ${q}: ${r.body.errMsg}`);
      assert.deepEqual(await snapshotCounts(t.database), before, `quantity ${q} wrote nothing`);
    }
    const nan = await raw(t, 'POST', '/api/factors', factor(line(`"quantity": NaN, "price": 100`)));
    assert.equal(nan.status, 400, 'NaN is not JSON');
  });

  it('issue 18 point 5: ambiguous spellings are refused naming the field (Hesabfa, Chortke)', async () => {
    for (const v of [js('1,5'), js('0x10'), 'true', js(' 12 '), js('1e3'), '1e3', '0x10', 'NaN', 'Infinity', '+Infinity']) {
      const before = await snapshotCounts(t.database);
      const h = await raw(t, 'POST', '/v1/item/save', `{apiKey: '${HESABFA.apiKey}', loginToken: '${HESABFA.loginToken}', item: {Name: 'x', ItemType: 0, SellPrice: ${v}}}`);
      assert.notEqual(h.body.ErrorCode, 0, `SellPrice ${v}: ${h.text}`);
      assert.match(h.body.ErrorMessage, /SellPrice/i, `SellPrice ${v}: ${h.body.ErrorMessage}`);
      const c = await raw(t, 'POST', '/v2/products', `{"title": "x", "sellPrice": ${v.startsWith('0x') || /^[A-Z+]/.test(v) ? js(v) : v}}`, CHORTKE);
      assert.equal(c.status, 400, `sellPrice ${v}: ${c.text}`);
      assert.match(c.body.message, /sellPrice/, `sellPrice ${v}: ${c.body.message}`);
      assert.deepEqual(await snapshotCounts(t.database), before, `${v} wrote nothing`);
    }
  });

  it('issue 18 point 5: Persian digits, ٬ between thousands and ٫ as the decimal point are read', async () => {
    const r = await raw(t, 'POST', '/api/factors', factor(line(`"quantity": "۲٫۵", "price": "۱٬۲۰۰٬۰۰۰"`)));
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.body.data.factor.details[0].quantity, r.body.data.factor.details[0].price, r.body.data.factor.payable], [2.5, 1200000, 3000000]);
    const h = await raw(t, 'POST', '/v1/item/save', `{"apiKey": "${HESABFA.apiKey}", "loginToken": "${HESABFA.loginToken}", "item": {"Name": "فارسی", "ItemType": 0, "SellPrice": "۱٬۲۵۰٬۰۰۰٫۵"}}`);
    assert.equal(h.body.Result.SellPrice, 1250000.5, h.text);
    const c = await raw(t, 'POST', '/v2/products', `{"title": "فارسی", "sellPrice": "٣٤٥٦"}`, CHORTKE);
    assert.equal(c.body.product.sellPrice, 3456, c.text);
    // A misplaced separator is not a number.
    const bad = await raw(t, 'POST', '/api/factors', factor(line(`"quantity": 1, "price": "۱٬۲۰"`)));
    assert.equal(bad.status, 400);
    assert.match(bad.body.errMsg, /details\[0\]\.price/);
  });

  it('issue 18 point 5: a value past the column size is a validation error naming the field, never a 500', async () => {
    const huge = '1' + '0'.repeat(19);
    const cases: [string, string, string | undefined, RegExp][] = [
      ['/api/factors', factor(line(`"quantity": 1, "price": ${huge}`)), undefined, /details\[0\]\.price/],
      ['/api/factors', factor(line(`"quantity": "${huge}", "price": 1`)), undefined, /details\[0\]\.quantity/],
      ['/api/factors', factor(line(`"quantity": 1000, "price": "100000000000000000"`)), undefined, /details\[0\]\.sumPrice/],
      ['/api/factors', factor(line(`"quantity": 1, "price": 1`), `, "discount": ${huge}`), undefined, /discount/],
      ['/api/payments', `{"kind": "payment", "personId": 1, "amount": "${huge}", "cashRegisterId": 1}`, undefined, /amount/],
      ['/api/customers', `{"lastName": "بزرگ", "initialBalance": ${huge}}`, undefined, /initialBalance/],
      ['/api/products', `{"productName": "بزرگ", "sellPrice": ${huge}0000}`, undefined, /sellPrice/],
      ['/v2/products', `{"title": "بزرگ", "sellPrice": "${huge}"}`, 'chortke', /sellPrice/],
      ['/v1/item/save', `{"apiKey": "${HESABFA.apiKey}", "loginToken": "${HESABFA.loginToken}", "item": {"Name": "بزرگ", "BuyPrice": ${huge}}}`, 'hesabfa', /BuyPrice/i],
    ];
    for (const [url, body, surface, field] of cases) {
      const before = await snapshotCounts(t.database);
      const r = await raw(t, 'POST', url, body, surface === 'chortke' ? CHORTKE : {});
      const message = surface === 'hesabfa' ? r.body.ErrorMessage : surface === 'chortke' ? r.body.message : r.body.errMsg;
      if (surface === 'hesabfa') assert.notEqual(r.body.ErrorCode, 0, `${url}: ${r.text}`);
      else assert.equal(r.status, 400, `${url} ${body}: ${r.text}`);
      assert.match(message, field, `${url}: ${message}`);
      assert.doesNotMatch(message, /numeric value out of range/);
      assert.deepEqual(await snapshotCounts(t.database), before, `${url}: nothing written`);
    }
  });
});

describe('issue 18 point 4: every amount is rounded to the currency’s decimals before it is stored', () => {
  let t: TestApp;
  let service: number;
  before(async () => {
    t = await testApp();
    const admin = actorFor(t.business.businessId, t.business.adminUserId);
    await addParty(t.database, admin, 'مشتری');
    const p = await raw(t, 'POST', '/api/products', '{"productName": "خدمت", "isService": true}');
    service = p.body.data.product.productId;
  });
  after(() => t.close());

  it('issue 18 point 4: line discount 0.3333, header discount 0.5, roundPrice 0.25 in a Rial business → whole rials, the verifier passes', async () => {
    const r = await raw(
      t,
      'POST',
      '/api/factors',
      `{"invoiceType": 2, "invoiceDate": "1404/06/01", "personId": 1, "discount": 0.5, "roundPrice": 0.25,
        "details": [{"itemId": ${service}, "itemType": 1, "quantity": 1, "price": 100.5, "discount": 0.3333, "taxPerc": 9}]}`,
    );
    assert.equal(r.status, 200, r.text);
    const f = r.body.data.factor;
    // sumPrice = round(100.5) = 101; line discount round(0.3333) = 0; tax round(101 × 9%) = 9;
    // header discount round(0.5) = 1 (half-up); roundPrice round(0.25) = 0.
    assert.deepEqual(
      [f.details[0].sumPrice, f.details[0].discount, f.details[0].tax, f.discount, f.roundPrice, f.payable],
      [101, 0, 9, 1, 0, 109],
    );
    const tb = await raw(t, 'GET', '/api/reports/trial-balance?level=detail');
    for (const row of tb.body.data.report.rows) {
      for (const k of ['closingDebit', 'closingCredit']) assert.ok(Number.isInteger(row[k]), `${row.code} ${k} = ${row[k]}`);
    }
    const v = await raw(t, 'GET', '/api/reports/verify');
    assert.equal(v.status, 200, v.text);
    assert.ok(JSON.stringify(v.body).includes('amounts_in_currency_decimals'), 'the verifier checks the rounding');
    assert.equal(v.body.data.report.ok, true, v.text);
  });

  it('issue 18 point 4: a payment or opening balance finer than the currency is refused naming the field', async () => {
    const admin = actorFor(t.business.businessId, t.business.adminUserId);
    await transact(t.database.db, (tx) => createCashRegister(tx, admin, { name: 'صندوق' }));
    const before = await snapshotCounts(t.database);
    const p = await raw(t, 'POST', '/api/payments', '{"kind": "receipt", "personId": 1, "amount": 10.5, "cashRegisterId": 1}');
    assert.equal(p.status, 400, p.text);
    assert.match(p.body.errMsg, /amount/);
    const c = await raw(t, 'POST', '/api/customers', '{"lastName": "اعشاری", "initialBalance": "1000.25"}');
    assert.equal(c.status, 400, c.text);
    assert.match(c.body.errMsg, /initialBalance/);
    const pr = await raw(t, 'PUT', '/api/products', `{"productId": ${service}, "sellPrice": 10.12345}`);
    assert.equal(pr.status, 400, pr.text);
    assert.match(pr.body.errMsg, /sellPrice/);
    assert.deepEqual(await snapshotCounts(t.database), before);
  });
});
