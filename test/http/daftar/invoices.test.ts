import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { transact } from '../../../src/db/transact.js';
import { issueCredential } from '../../../src/domain/auth/credentials.js';
import { createUser } from '../../../src/domain/users/users.js';
import { backend, call, snapshotCounts, testApp, type TestApp } from '../../helpers/app.js';
import { actorFor, addParty, addProduct, addWarehouse } from '../../domain/invoicing/fixtures.js';

const admin = { authorization: 'Bearer test-api-token-a' };

describe(`/daftar/v1/invoices (${backend})`, () => {
  let t: TestApp;
  let biz: number;
  let clerk: Record<string, string>;
  let party: number;
  let supplier: number;
  let product: number;
  let wh: number;

  before(async () => {
    t = await testApp();
    biz = t.business.businessId;
    const a = actorFor(biz, t.business.adminUserId);
    party = (await addParty(t.database, a, 'مشتری')).id;
    supplier = (await addParty(t.database, a, 'فروشنده')).id;
    product = await addProduct(t.database, biz, { name: 'چای' });
    wh = await addWarehouse(t.database, a, 10);
    const u = await transact(t.database.db, (tx) => createUser(tx, a, { userName: 'clerk-inv', password: 'clerk-password-1', role: 'clerk' }));
    clerk = { authorization: `Bearer ${await transact(t.database.db, (tx) => issueCredential(tx, biz, 'session', { userId: u.userId }))}` };
    const buy = await call(t.app, 'POST', '/daftar/v1/invoices', { type: 'purchase', date: '1404/06/01', partyId: supplier, warehouseId: wh, lines: [{ productId: product, quantity: '10', unitPrice: '30000', vatRate: '0' }] }, admin);
    assert.equal(buy.status, 201, JSON.stringify(buy.body));
  });
  after(() => t.close());

  /** The rows a posted invoice wrote, by account role and product: what both surfaces must agree on. */
  async function rowsOf(id: number) {
    const inv = await t.database.db.selectFrom('invoices').select('voucher_id').where('business_id', '=', biz).where('id', '=', id).executeTakeFirstOrThrow();
    const voucher = await sql<{ role: string; debit: string; credit: string }>`
      select coalesce(a.role, a.code) as role, cast(l.debit as text) as debit, cast(l.credit as text) as credit
        from voucher_lines l join accounts a on a.business_id = l.business_id and a.id = l.account_id
       where l.business_id = ${biz} and l.voucher_id = ${inv.voucher_id} order by 1, 2, 3`.execute(t.database.db);
    const stock = await sql<{ product_id: string; warehouse_id: string; quantity: string; value: string }>`
      select cast(product_id as text) as product_id, cast(warehouse_id as text) as warehouse_id, cast(quantity as text) as quantity, cast(value as text) as value
        from stock_movements where business_id = ${biz} and doc_type = 'invoice' and doc_id = ${id} order by 1, 2`.execute(t.database.db);
    return { voucher: voucher.rows, stock: stock.rows };
  }

  it('a levy (عوارض) is taken per line and shown: the header adds up to the total; Siba sees the same figures', async () => {
    const r = await call(t.app, 'POST', '/daftar/v1/invoices', { type: 'sale', date: '1404/06/03', partyId: party, warehouseId: wh, lines: [{ productId: product, quantity: '1', unitPrice: '100000', vatRate: '9', levyRate: '1' }] }, admin);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.deepEqual([r.body.lines[0].levyRate, r.body.lines[0].levy, r.body.vat, r.body.levy, r.body.total], ['1', '1000', '9000', '1000', '110000']);
    const b = r.body;
    const sum = BigInt(b.subtotal) - BigInt(b.lineDiscounts) - BigInt(b.discount) + BigInt(b.vat) + BigInt(b.levy) + BigInt(b.serviceCharge) - BigInt(b.rounding);
    assert.equal(String(sum), b.total);
    const siba = await call(t.app, 'GET', `/api/factors/${b.id}`);
    assert.equal(siba.body.data.factor.details[0].feePerc, 1);
  });

  it('the same sale through Siba /api/factors and through /daftar/v1/invoices writes the same voucher lines and stock movements', async () => {
    const siba = await call(t.app, 'POST', '/api/factors', {
      invoiceType: 2, invoiceDate: '1404/06/02', personId: party, discount: 1000,
      details: [{ itemId: product, itemType: 0, quantity: 2, price: 50000, warehouseCode: 10, discount: 500, taxPerc: 10 }],
    }, admin);
    assert.equal(siba.status, 200, JSON.stringify(siba.body));
    const daftar = await call(t.app, 'POST', '/daftar/v1/invoices', {
      type: 'sale', date: '1404/06/02', partyId: party, discount: '1000', warehouseId: wh,
      lines: [{ productId: product, quantity: '2', unitPrice: '50000', discount: '500', vatRate: '10' }],
    }, admin);
    assert.equal(daftar.status, 201, JSON.stringify(daftar.body));
    const a = await rowsOf(siba.body.data.factor.factorId);
    const b = await rowsOf(daftar.body.id);
    assert.ok(a.voucher.length >= 3 && a.stock.length === 1);
    assert.deepEqual(b.voucher, a.voucher);
    assert.deepEqual(b.stock, a.stock);
    // exact figures, as strings, both calendars
    assert.equal(daftar.body.type, 'sale');
    assert.equal(daftar.body.number, siba.body.data.factor.invoiceNo + 1);
    assert.deepEqual([daftar.body.date, daftar.body.dateJalali], ['2025-08-24', '1404/06/02']);
    assert.deepEqual(
      [daftar.body.subtotal, daftar.body.lineDiscounts, daftar.body.vat, daftar.body.total, daftar.body.paid, daftar.body.remaining, daftar.body.status],
      ['100000', '500', '9950', '108450', '0', '108450', 'posted'],
    );
    assert.deepEqual([daftar.body.lines[0].productName, daftar.body.lines[0].kind, daftar.body.lines[0].unitPrice, daftar.body.lines[0].vatRate], ['چای', 'goods', '50000', '10']);
    const got = await call(t.app, 'GET', `/daftar/v1/invoices/${daftar.body.id}`, undefined, admin);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, daftar.body);
  });

  it('preview: the figures posting stores, nothing written', async () => {
    const body = { type: 'sale', date: '1404/06/05', partyId: party, discount: '1000', warehouseId: wh, lines: [{ productId: product, quantity: '2', unitPrice: '50000', discount: '500', vatRate: '10' }] };
    const before = await snapshotCounts(t.database);
    const p = await call(t.app, 'POST', '/daftar/v1/invoices/preview', body, admin);
    assert.equal(p.status, 200, JSON.stringify(p.body));
    assert.deepEqual(await snapshotCounts(t.database), before);
    assert.equal(p.body.id, null);
    const posted = await call(t.app, 'POST', '/daftar/v1/invoices', body, admin);
    assert.equal(posted.status, 201);
    const figures = (x: Record<string, unknown>) => ({ ...x, id: null, number: null, voucherId: null });
    assert.deepEqual(p.body, figures(posted.body));
  });

  it('refuses naming the domain path: an unknown product is a problem on lines[0].productId, nothing written', async () => {
    const before = await snapshotCounts(t.database);
    const r = await call(t.app, 'POST', '/daftar/v1/invoices', { type: 'sale', partyId: party, lines: [{ productId: 99_999_999, quantity: '1', unitPrice: '1' }] }, admin);
    assert.equal(r.status, 404, JSON.stringify(r.body));
    assert.match(String(r.headers['content-type']), /^application\/problem\+json/);
    assert.equal(r.body.code, 'NOT_FOUND');
    assert.match(JSON.stringify(r.body), /lines\[0\]\.productId/);
    assert.doesNotMatch(JSON.stringify(r.body), /itemId|details/);
    const missing = await call(t.app, 'POST', '/daftar/v1/invoices', { type: 'sale', partyId: 99_999_999, lines: [{ productId: product, quantity: '1', unitPrice: '1' }] }, admin);
    assert.equal(missing.status, 404);
    assert.match(JSON.stringify(missing.body), /partyId/);
    assert.doesNotMatch(JSON.stringify(missing.body), /personId/);
    assert.deepEqual(await snapshotCounts(t.database), before);
  });

  it('a clerk posts and reads sales but is refused a purchase and a void (403), nothing written', async () => {
    const sale = await call(t.app, 'POST', '/daftar/v1/invoices', { type: 'sale', date: '1404/06/03', partyId: party, warehouseId: wh, lines: [{ productId: product, quantity: '1', unitPrice: '60000', vatRate: '0' }] }, clerk);
    assert.equal(sale.status, 201, JSON.stringify(sale.body));
    assert.equal((await call(t.app, 'GET', `/daftar/v1/invoices/${sale.body.id}`, undefined, clerk)).status, 200);
    const before = await snapshotCounts(t.database);
    const buy = await call(t.app, 'POST', '/daftar/v1/invoices', { type: 'purchase', partyId: supplier, lines: [{ productId: product, quantity: '1', unitPrice: '1', vatRate: '0' }] }, clerk);
    assert.equal(buy.status, 403);
    assert.equal(buy.body.code, 'FORBIDDEN');
    assert.equal((await call(t.app, 'POST', `/daftar/v1/invoices/${sale.body.id}/void`, undefined, clerk)).status, 403);
    const list = await call(t.app, 'GET', '/daftar/v1/invoices?type=purchase', undefined, clerk);
    assert.equal(list.status, 403);
    assert.deepEqual(await snapshotCounts(t.database), before);
  });

  it('a float-unsafe JSON number is kept exact; an unknown field is a problem naming it', async () => {
    const r = await call(t.app, 'POST', '/daftar/v1/invoices', '{"type":"proforma","partyId":' + party + ',"lines":[{"productId":' + product + ',"quantity":1,"unitPrice":9007199254740993,"vatRate":0}]}', admin);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.lines[0].unitPrice, '9007199254740993');
    assert.equal(r.body.total, '9007199254740993');
    const u = await call(t.app, 'POST', '/daftar/v1/invoices', { type: 'sale', partyId: party, colour: 'red', lines: [{ productId: product, quantity: '1', unitPrice: '1' }] }, admin);
    assert.equal(u.status, 400);
    assert.match(JSON.stringify(u.body), /colour/);
  });

  it('void: status "void", remaining 0; lists filter by type, status and number', async () => {
    const s = await call(t.app, 'POST', '/daftar/v1/invoices', { type: 'sale', date: '1404/06/04', partyId: party, warehouseId: wh, lines: [{ productId: product, quantity: '1', unitPrice: '70000', vatRate: '0' }] }, admin);
    const v = await call(t.app, 'POST', `/daftar/v1/invoices/${s.body.id}/void`, undefined, admin);
    assert.equal(v.status, 200, JSON.stringify(v.body));
    assert.deepEqual([v.body.status, v.body.remaining], ['void', '0']);
    const again = await call(t.app, 'POST', `/daftar/v1/invoices/${s.body.id}/void`, undefined, admin);
    assert.equal(again.status, 409);
    const voided = await call(t.app, 'GET', '/daftar/v1/invoices?status=void&type=sale', undefined, admin);
    assert.deepEqual(voided.body.items.map((i: { id: number }) => i.id), [s.body.id]);
    const byNo = await call(t.app, 'GET', `/daftar/v1/invoices?type=sale&q=${s.body.number}`, undefined, admin);
    assert.deepEqual(byNo.body.items.map((i: { id: number }) => i.id), [s.body.id]);
    const paged = await call(t.app, 'GET', '/daftar/v1/invoices?limit=1', undefined, admin);
    assert.equal(paged.body.items.length, 1);
    assert.equal(typeof paged.body.nextCursor, 'string');
  });
});
