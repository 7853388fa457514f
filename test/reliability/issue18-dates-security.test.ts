import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { sql } from 'kysely';
import { call, countRows, snapshotCounts, testApp, type TestApp } from '../helpers/app.js';
import { loadConfig } from '../../src/config.js';
import { assertDocumentDate, fiscalYearWindow } from '../../src/domain/ledger/fiscal.js';
import { isDomainError } from '../../src/domain/errors.js';
import { actorFor, addParty, addProduct } from '../domain/invoicing/fixtures.js';

/** Issue 18, points 6, 13, 14, 15 and 16: dates, loopback trust, the failure throttle, 500s, codes. */

const A_HESABFA = { apiKey: 'test-hesabfa-key-a', loginToken: 'test-hesabfa-login-a' };

describe('issue 18 point 6: a document is dated inside an open fiscal year of a sane window', () => {
  let t: TestApp;
  let biz: number;
  let personId: number;
  let serviceId: number;
  let cashRegisterId: number;
  before(async () => {
    t = await testApp();
    biz = t.business.businessId;
    const admin = actorFor(biz, t.business.adminUserId);
    personId = (await addParty(t.database, admin, 'مشتری تاریخ')).id;
    cashRegisterId = (await call(t.app, 'POST', '/api/cashRegister', { name: 'صندوق تاریخ' })).body.data.cashRegister.cashRegisterId;
    serviceId = await addProduct(t.database, biz, { kind: 'service', name: 'خدمت تاریخ' });
  });
  after(() => t.close());

  const sale = (invoiceDate: string) => ({
    invoiceType: 2,
    invoiceDate,
    personId,
    details: [{ itemId: serviceId, itemType: 1, quantity: 1, price: 1000, sumPrice: 1000 }],
  });
  const years = async () => (await sql<{ y: number }>`select jalali_year as y from fiscal_years where business_id = ${biz} order by 1`.execute(t.database.db)).rows.map((r) => Number(r.y));

  it('issue 18 point 6: 0001-01-01, Jalali 1300 and 1500, 4000-01-01 and "2025-09-03Tgarbage" are refused naming invoiceDate; no fiscal year is created', async () => {
    const snap = await snapshotCounts(t.database);
    const yearsBefore = await years();
    for (const d of ['0001-01-01', '1300/01/01', '1389/12/29', '1500/01/01', '4000-01-01', '2025-09-03Tgarbage', '2025-09-03T10:30:00+15:00', '2025-09-03 25:00']) {
      const r = await call(t.app, 'POST', '/api/factors', sale(d));
      assert.equal(r.status, 400, `${d}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.errCode, 1001, d);
      assert.match(r.body.errMsg, /invoiceDate/, d);
    }
    assert.deepEqual(await snapshotCounts(t.database), snap);
    assert.deepEqual(await years(), yearsBefore);
    // The same for a payment's date.
    const pay = await call(t.app, 'POST', '/api/payments', { kind: 'receipt', personId, cashRegisterId, amount: 1000, date: '0001-01-01' });
    assert.equal(pay.status, 400);
    assert.match(pay.body.errMsg, /date/);
    assert.deepEqual(await snapshotCounts(t.database), snap);
  });

  it('issue 18 point 6: an instant is booked on its day in Tehran; a wall time keeps its day', async () => {
    let r = await call(t.app, 'POST', '/api/factors', sale('2025-03-20T23:30:00-05:00'));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.data.factor.invoiceDateJalali, '1404/01/01', '09:00 on 21 March in Tehran');
    r = await call(t.app, 'POST', '/api/factors', sale('2025-03-20T20:00:00Z'));
    assert.equal(r.body.data.factor.invoiceDateJalali, '1403/12/30', '23:30 in Tehran');
    r = await call(t.app, 'POST', '/api/factors', sale('2020-06-01T20:00:00Z'));
    assert.equal(r.body.data.factor.invoiceDateJalali, '1399/03/13', 'Tehran kept DST in 1399: 00:30 the next day');
    r = await call(t.app, 'POST', '/api/factors', sale('2025-09-03 23:59'));
    assert.equal(r.body.data.factor.invoiceDateJalali, '1404/06/12');
  });

  it('issue 18 point 6: the seed example 1404/06/12 (2025-09-03) posts on a server started in a later year', async () => {
    const r = await call(t.app, 'POST', '/api/factors', sale('1404/06/12'));
    assert.equal(r.status, 200);
    assert.ok((await years()).includes(1404));
  });

  it('issue 18 point 6: a closed year takes no document, and no year opens before it', async () => {
    await sql`update fiscal_years set closed = true where business_id = ${biz} and jalali_year = 1404`.execute(t.database.db);
    try {
      const snap = await snapshotCounts(t.database);
      for (const d of ['1404/06/12', '1397/01/15']) {
        const r = await call(t.app, 'POST', '/api/factors', sale(d));
        assert.deepEqual([r.status, r.body.errCode], [400, 1001], d);
        assert.match(r.body.errMsg, /invoiceDate/);
      }
      const pay = await call(t.app, 'POST', '/api/payments', { kind: 'receipt', personId, cashRegisterId, amount: 1000, date: '1404/02/01' });
      assert.equal(pay.status, 400);
      assert.deepEqual(await snapshotCounts(t.database), snap);
      assert.ok(!(await years()).includes(1397));
    } finally {
      await sql`update fiscal_years set closed = false where business_id = ${biz} and jalali_year = 1404`.execute(t.database.db);
    }
  });

  it('issue 18 point 6: opening balances are dated at the start of the first sane fiscal year, even with a year 1 in old books', async () => {
    await sql`insert into fiscal_years (business_id, jalali_year, title, start_date, end_date) values (${biz}, 1, 'old', '0622-03-22', '0623-03-21')`.execute(t.database.db);
    const first = Math.min(...(await years()).filter((y) => y >= 1390));
    const c = await call(t.app, 'POST', '/api/customers', { lastName: 'افتتاحیه', initialBalance: 5000 });
    assert.equal(c.status, 200, JSON.stringify(c.body));
    const v = await sql<{ d: string }>`select cast(date as text) as d from vouchers where business_id = ${biz} and kind = 'opening' order by id desc limit 1`.execute(t.database.db);
    const fy = await sql<{ d: string }>`select cast(start_date as text) as d from fiscal_years where business_id = ${biz} and jalali_year = ${first}`.execute(t.database.db);
    assert.equal(v.rows[0].d, fy.rows[0].d);
  });

  it('issue 18 point 6: the window is configurable and follows today', () => {
    const now = new Date('2026-12-04T12:00:00Z'); // 1405/09/13
    assert.deepEqual(fiscalYearWindow(now, { firstYear: 1390, yearsAhead: 1 }), { first: 1390, last: 1406 });
    assert.equal(assertDocumentDate('2025-09-03', 'd', now, { firstYear: 1390, yearsAhead: 1 }), 1404);
    assert.throws(() => assertDocumentDate('2025-09-03', 'invoiceDate', now, { firstYear: 1405, yearsAhead: 0 }), (e: unknown) => isDomainError(e) && e.field === 'invoiceDate');
    assert.throws(() => assertDocumentDate('2028-09-03', 'invoiceDate', now, { firstYear: 1390, yearsAhead: 1 }), (e: unknown) => isDomainError(e) && e.field === 'invoiceDate');
    const cfg = loadConfig({ DAFTAR_FIRST_FISCAL_YEAR: '1395', DAFTAR_FISCAL_YEARS_AHEAD: '2' });
    assert.deepEqual([cfg.firstFiscalYear, cfg.fiscalYearsAhead], [1395, 2]);
    assert.throws(() => loadConfig({ DAFTAR_FIRST_FISCAL_YEAR: '0' }));
  });
});

describe('issue 18 point 13: loopback trust only when no proxy forwarded the request', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('issue 18 point 13: POST /api/users {"role":"admin"} through a same-host proxy without credentials → 401, nothing written', async () => {
    const snap = await snapshotCounts(t.database);
    const users = await countRows(t.database, 'users');
    const headers: Record<string, string>[] = [
      { 'x-forwarded-for': '203.0.113.9' },
      { 'x-real-ip': '203.0.113.9' },
      { forwarded: 'for=203.0.113.9;proto=https' },
      { 'x-forwarded-host': 'books.example.com' },
      { 'x-forwarded-proto': 'https' },
      { via: '1.1 proxy' },
      { 'x-forwarded-for': '127.0.0.1' },
    ];
    for (const h of headers) {
      const r = await call(t.app, 'POST', '/api/users', { userName: `intruder${Object.keys(h)[0]}`, password: 'intruder-pass-1', role: 'admin' }, h);
      assert.deepEqual([r.status, r.body.success], [401, false], JSON.stringify(h));
    }
    assert.deepEqual(await snapshotCounts(t.database), snap);
    assert.equal(await countRows(t.database, 'users'), users);
    // Direct loopback calls are still trusted, and a token still works through the proxy.
    assert.equal((await call(t.app, 'GET', '/api/users')).status, 200);
    assert.equal((await call(t.app, 'GET', '/api/users', undefined, { 'x-forwarded-for': '203.0.113.9', authorization: 'Bearer test-api-token-a' })).status, 200);
  });

  it('issue 18 point 13: with DAFTAR_TRUSTED_PROXIES the proxy is believed: a local client is trusted, a remote one is not', async () => {
    const p = await testApp({ trustedProxies: ['127.0.0.1', '::1'] });
    try {
      const remote = await call(p.app, 'GET', '/api/users', undefined, { 'x-forwarded-for': '203.0.113.9' });
      assert.equal(remote.status, 401);
      const spoofed = await call(p.app, 'GET', '/api/users', undefined, { 'x-forwarded-for': '127.0.0.1', 'x-real-ip': '203.0.113.9' });
      assert.equal(spoofed.status, 401);
      const local = await call(p.app, 'GET', '/api/users', undefined, { 'x-forwarded-for': '127.0.0.1' });
      assert.equal(local.status, 200);
    } finally {
      await p.close();
    }
    assert.deepEqual(loadConfig({ DAFTAR_TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8' }).trustedProxies, ['127.0.0.1', '10.0.0.0/8']);
    assert.throws(() => loadConfig({ DAFTAR_TRUSTED_PROXIES: 'proxy.local' }));
  });
});

describe('issue 18 point 14: the failure throttle never refuses a valid credential', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ authFailuresPerMinute: 30 });
  });
  after(() => t.close());

  it('issue 18 point 14: after 30 bad tokens from one address its valid token and its credential-less loopback calls still work', async () => {
    for (let i = 0; i < 31; i++) await call(t.app, 'GET', '/api/users', undefined, { authorization: `Bearer bad-${i}` });
    const bad = await call(t.app, 'GET', '/api/users', undefined, { authorization: 'Bearer bad-again' });
    assert.equal(bad.status, 429, 'failures are still throttled');
    assert.equal((await call(t.app, 'GET', '/api/users', undefined, { authorization: 'Bearer test-api-token-a' })).status, 200);
    assert.equal((await call(t.app, 'GET', '/api/users')).status, 200, 'trusted loopback');
    assert.equal((await call(t.app, 'GET', '/v2/persons', undefined, { authorization: 'Bearer test-chortke-token-a' })).status, 200);
    const h = await call(t.app, 'POST', '/v1/item/getitems', A_HESABFA);
    assert.equal(h.body.ErrorCode, 0);
    // The owner's password is guessable: refused from a throttled address even when right.
    const pw = await call(t.app, 'POST', '/v1/item/getitems', { apiKey: A_HESABFA.apiKey, userId: 'admin', password: 'admin-password-1' });
    assert.equal(pw.body.ErrorCode, 101);
  });
});

describe('issue 18 point 15: no 500s', () => {
  let t: TestApp;
  let biz: number;
  before(async () => {
    t = await testApp();
    biz = t.business.businessId;
  });
  after(() => t.close());

  it('issue 18 point 15: PUT /api/users, /api/banks, /api/cashRegister with only the id → the unchanged record, nothing written', async () => {
    const bank = (await call(t.app, 'POST', '/api/banks', { bankName: 'ملت', accountNo: '123' })).body.data.bank;
    const cash = (await call(t.app, 'POST', '/api/cashRegister', { name: 'صندوق دوم' })).body.data.cashRegister;
    const user = (await call(t.app, 'GET', '/api/users')).body.data.user[0];
    const snap = await snapshotCounts(t.database);
    const u = await call(t.app, 'PUT', '/api/users', { userId: user.userId });
    assert.equal(u.status, 200, JSON.stringify(u.body));
    assert.deepEqual(u.body.data.user, user);
    const b = await call(t.app, 'PUT', '/api/banks', { bankId: bank.bankId });
    assert.equal(b.status, 200, JSON.stringify(b.body));
    assert.deepEqual(b.body.data.bank, bank);
    const c = await call(t.app, 'PUT', '/api/cashRegister', { cashRegisterId: cash.cashRegisterId });
    assert.equal(c.status, 200, JSON.stringify(c.body));
    assert.deepEqual(c.body.data.cashRegister, cash);
    assert.deepEqual(await snapshotCounts(t.database), snap);
  });

  it('issue 18 point 15: 4000-01-01 in invoices, payments and birth dates, and toDate=9999-12-31 on the reports → 400 naming the field', async () => {
    const admin = actorFor(biz, t.business.adminUserId);
    const personId = (await addParty(t.database, admin, 'مشتری دور')).id;
    const serviceId = await addProduct(t.database, biz, { kind: 'service' });
    const cashRegisterId = (await call(t.app, 'POST', '/api/cashRegister', { name: 'صندوق دور' })).body.data.cashRegister.cashRegisterId;
    const snap = await snapshotCounts(t.database);
    for (const invoiceType of [2, 5]) {
      const f = await call(t.app, 'POST', '/api/factors', { invoiceType, invoiceDate: '4000-01-01', personId, details: [{ itemId: serviceId, itemType: 1, quantity: 1, price: 10, sumPrice: 10 }] });
      assert.deepEqual([f.status, f.body.errCode], [400, 1001], JSON.stringify(f.body));
      assert.match(f.body.errMsg, /invoiceDate/);
    }
    const p = await call(t.app, 'POST', '/api/payments', { kind: 'receipt', personId, cashRegisterId, amount: 10, date: '4000-01-01' });
    assert.deepEqual([p.status, p.body.errCode], [400, 1001]);
    assert.match(p.body.errMsg, /date/);
    const c = await call(t.app, 'POST', '/api/customers', { lastName: 'پیر', birthDate: '4000-01-01' });
    assert.deepEqual([c.status, c.body.errCode], [400, 1001]);
    assert.match(c.body.errMsg, /birthDate/);
    assert.deepEqual(await snapshotCounts(t.database), snap);
    const doc = JSON.parse((await t.app.inject({ method: 'GET', url: '/openapi.json' })).body);
    const reports = Object.keys(doc.paths).filter((x) => x.startsWith('/api/reports/') && doc.paths[x].get);
    assert.ok(reports.length > 3);
    for (const path of reports) {
      for (const q of ['toDate=9999-12-31', 'fromDate=0001-01-01&toDate=4000-01-01']) {
        const r = await call(t.app, 'GET', `${path}?${q}`);
        assert.ok(r.status < 500, `${path}?${q}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
      }
    }
    const tb = await call(t.app, 'GET', '/api/reports/trial-balance?toDate=9999-12-31');
    assert.deepEqual([tb.status, tb.body.errCode], [400, 1001]);
    assert.match(tb.body.errMsg, /toDate/);
  });

  it('issue 18 point 15: a Hesabfa "in" filter of 70,000 codes answers (one array parameter)', async () => {
    await call(t.app, 'POST', '/v1/item/save', { ...A_HESABFA, item: { Code: '7', Name: 'کالای هفت', ItemType: 0 } });
    const codes = Array.from({ length: 70_000 }, (_, i) => String(i + 1));
    for (const Property of ['Code', 'Id', 'Name', 'Barcode']) {
      const r = await call(t.app, 'POST', '/v1/item/getitems', { ...A_HESABFA, queryInfo: { Filters: [{ Property, Operator: 'in', Value: Property === 'Name' ? ['کالای هفت', ...codes] : codes }] } });
      assert.equal(r.body.ErrorCode, 0, `${Property}: ${JSON.stringify(r.body).slice(0, 300)}`);
      if (Property !== 'Barcode') assert.ok(r.body.Result.List.length >= 1, Property);
    }
  });
});

describe('issue 18 point 16: codes, nosniff, HOST=[::1]', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('issue 18 point 16: full-width digits and non-breaking spaces in codes are the same code', async () => {
    const a = await call(t.app, 'POST', '/api/products', { name: 'پهن', code: '4321' });
    assert.equal(a.status, 200, JSON.stringify(a.body));
    const snap = await snapshotCounts(t.database);
    for (const code of ['４３２１', '\u00A04321\u202F', '٤٣٢١']) {
      const r = await call(t.app, 'POST', '/api/products', { name: `تکراری ${code}`, code });
      assert.deepEqual([r.status, r.body.errCode], [409, 1003], `${JSON.stringify(code)}: ${JSON.stringify(r.body)}`);
    }
    const h = await call(t.app, 'POST', '/v1/item/save', { ...A_HESABFA, item: { Code: '４３２１', Name: 'پهن', ItemType: 0 } });
    assert.equal(h.body.ErrorCode, 0);
    assert.equal(h.body.Result.Code, '004321', 'saved onto the same product');
    const c1 = await call(t.app, 'POST', '/api/customers', { lastName: 'کد', customerCode: 'AB\u00A012' });
    assert.equal(c1.status, 200);
    const c2 = await call(t.app, 'POST', '/api/customers', { lastName: 'کد ۲', customerCode: 'ab 12' });
    assert.deepEqual([c2.status, c2.body.errCode], [409, 1003], 'same code');
    const c3 = await call(t.app, 'POST', '/api/customers', { lastName: 'کد ۳', customerCode: '７７' });
    assert.equal(c3.body.data.customer.customerCode, '77');
    assert.equal((await snapshotCounts(t.database)).products, snap.products);
  });

  it('issue 18 point 16: migration 0115 renormalises full-width digits in stored keys, keeping a colliding row as it was', async () => {
    const db = t.database.db;
    const biz = t.business.businessId;
    const row = (code: string, key: string) => ({ business_id: biz, code, code_key: key, name: `کالا ${code}`, name_norm: `کالا ${key}`, kind: 'goods' as const });
    await db.insertInto('products').values([row('００９９１', '００９９１'), row('٠٩٩٢', '992'), row('９９２', '９９２')]).execute();
    await sql.raw(fs.readFileSync(new URL('../../src/db/migrations/0115_fullwidth_digits.sql', import.meta.url), 'utf8')).execute(db);
    const keys = (await db.selectFrom('products').select(['code', 'code_key', 'name_norm']).where('business_id', '=', biz).where('code', 'in', ['００９９１', '٠٩٩٢', '９９２']).orderBy('id').execute());
    assert.deepEqual(keys.map((k) => k.code_key), ['991', '992', '９９２'], 'the third collides with 992 and keeps its key');
    assert.equal(keys[0].name_norm, 'کالا 00991');
    const found = await call(t.app, 'POST', '/v1/item/get', { ...A_HESABFA, code: '991' });
    assert.equal(found.body.Result?.Name, 'کالا ００９９１');
  });

  it('issue 18 point 16: images (and every reply) carry X-Content-Type-Options: nosniff', async () => {
    const p = (await call(t.app, 'POST', '/api/products', { name: 'تصویر', code: 'IMG' })).body.data.product;
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 7)]);
    const put = await t.app.inject({ method: 'PUT', url: `/api/products/image/${p.productId}`, headers: { 'content-type': 'image/png' }, payload: png });
    assert.equal(put.statusCode, 200);
    const get = await t.app.inject({ method: 'GET', url: `/api/products/image/${p.productId}` });
    assert.equal(get.statusCode, 200);
    assert.equal(get.headers['x-content-type-options'], 'nosniff');
  });

  it('issue 18 point 16: HOST=[::1] listens on the IPv6 loopback and is trusted there', async () => {
    const cfg = loadConfig({ HOST: '[::1]' });
    assert.equal(cfg.host, '::1');
    const s = await testApp({ host: cfg.host });
    try {
      const address = await s.app.listen({ host: cfg.host, port: 0 });
      const r = await fetch(`${address}/api/users`);
      assert.equal(r.status, 200);
    } finally {
      await s.close();
    }
  });
});
