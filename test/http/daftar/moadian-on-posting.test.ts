import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MoadianClient } from '../../../src/domain/moadian/client.js';
import { runMoadianOnce } from '../../../src/domain/moadian/worker.js';
import { backend, call, countRows, type TestApp } from '../../helpers/app.js';
import type { FakeMoadian } from '../../helpers/fake-moadian.js';
import { FISCAL_ID, SELLER, moadianTestApp, type MoadianTestApp } from '../../helpers/moadian-app.js';
import { MOADIAN_VECTORS, SAMPLE_CERT } from '../../helpers/moadian-keys.js';
import { actorFor, addWarehouse } from '../../domain/invoicing/fixtures.js';

/**
 * Sending on posting (docs/moadian.md): with `sendOnPosting` on, posting a sale on ANY surface
 * (here /daftar/v1 and Siba /api/factors), a sale return or a void queues it for Moadian in the
 * posting's transaction; with it off nothing is queued; an invoice Moadian cannot take is posted
 * anyway and left unqueued.
 */
const admin = { authorization: 'Bearer test-api-token-a' };

describe(`moadian: sending on posting (${backend})`, () => {
  let m: MoadianTestApp;
  let t: TestApp;
  let fake: FakeMoadian;
  let company: number;
  let tea: number;
  let noSstid: number;
  let wh: number;

  const post = (url: string, body?: unknown) => call(t.app, 'POST', `/daftar/v1${url}`, body, admin);
  const get = (url: string) => call(t.app, 'GET', `/daftar/v1${url}`, undefined, admin);
  const settings = (over: object = {}) => call(t.app, 'PUT', '/daftar/v1/moadian/settings', {
    fiscalId: FISCAL_ID, economicCode: SELLER, baseUrl: fake.url, startsOn: '1405/01/01', ...over,
  }, admin);
  const submissions = async (invoiceId: number) => (await get(`/moadian/submissions?invoiceId=${invoiceId}`)).body.items as { status: string; subject: number; taxid: string; serial: number }[];
  const work = () => runMoadianOnce({ db: t.database.db, secretKey: m.secretKey, pollDelayMs: 0, clientFor: (o) => new MoadianClient({ ...o, timeoutMs: 2000 }) });
  async function sale(lines: object[], extra: object = {}) {
    const r = await post('/invoices', { type: 'sale', date: '1405/09/10', partyId: company, warehouseId: wh, lines, ...extra });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.id as number;
  }
  async function sibaSale(itemId: number, price: number) {
    const r = await call(t.app, 'POST', '/api/factors', {
      invoiceType: 2, invoiceDate: '1405/09/11', personId: company, details: [{ itemId, itemType: 0, quantity: 1, price, warehouseCode: 10, taxPerc: 10 }],
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.data.factor.factorId as number;
  }

  before(async () => {
    m = await moadianTestApp();
    ({ t, fake } = m);
    wh = await addWarehouse(t.database, actorFor(t.business.businessId, t.business.adminUserId), 10);
    tea = (await post('/products', { name: 'چای', sstid: '2710000138624', vatRate: '10' })).body.id;
    noSstid = (await post('/products', { name: 'بی‌شناسه', vatRate: '10' })).body.id;
    const c = await post('/parties', { kind: 'company', companyName: 'شرکت نمونه', roles: ['customer'], economicCode: '10101234567' });
    assert.equal(c.status, 201, JSON.stringify(c.body));
    company = c.body.id;
    const buy = await post('/invoices', { type: 'purchase', date: '1404/12/01', partyId: company, warehouseId: wh, lines: [{ productId: tea, quantity: '100', unitPrice: '500', vatRate: '0' }, { productId: noSstid, quantity: '100', unitPrice: '500', vatRate: '0' }] });
    assert.equal(buy.status, 201, JSON.stringify(buy.body));
    const r = await settings({ privateKeyPem: MOADIAN_VECTORS.jose.officialAuthToken.samplePrivateKeyPkcs8Pem, certificatePem: SAMPLE_CERT.toString() });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  });
  after(() => m.close());

  it('off by default: posting queues nothing', async () => {
    assert.equal((await get('/moadian/settings')).body.sendOnPosting, false);
    const id = await sale([{ productId: tea, quantity: '1', unitPrice: '1000', vatRate: '10' }]);
    await sibaSale(tea, 1100);
    assert.deepEqual(await submissions(id), []);
    assert.equal(await countRows(t.database, 'moadian_submissions'), 0);
  });

  it('opted in: a sale posted on /daftar/v1 and one on Siba are queued by the posting and the worker sends both to SUCCESS', async () => {
    const on = await settings({ sendOnPosting: true });
    assert.equal(on.status, 200, JSON.stringify(on.body));
    assert.equal(on.body.sendOnPosting, true);
    assert.equal((await settings()).body.sendOnPosting, true, 'a PUT without sendOnPosting keeps it');
    const daftar = await sale([{ productId: tea, quantity: '2', unitPrice: '1500', vatRate: '10' }]);
    const siba = await sibaSale(tea, 1700);
    const queued = [...(await submissions(daftar)), ...(await submissions(siba))];
    assert.deepEqual(queued.map((s) => [s.status, s.subject]), [['queued', 1], ['queued', 1]]);
    const stored = fake.stored.size;
    await work();
    assert.deepEqual([(await submissions(daftar))[0].status, (await submissions(siba))[0].status], ['success', 'success']);
    assert.equal(fake.stored.size, stored + 2);
    // the send route then says it is already sent: never two submissions of one invoice
    assert.equal((await post(`/invoices/${daftar}/moadian/send`)).status, 409);
  });

  it('opted in: a return goes as subject 4 and a void as subject 3, queued by the posting itself', async () => {
    const id = await sale([{ productId: tea, quantity: '5', unitPrice: '1000', vatRate: '10' }]);
    await work();
    const [original] = await submissions(id);
    assert.equal(original.status, 'success');
    const ret = await post('/invoices', { type: 'saleReturn', date: '1405/09/12', partyId: company, warehouseId: wh, originalInvoiceId: id, lines: [{ productId: tea, quantity: '2', unitPrice: '1000', vatRate: '10' }] });
    assert.equal(ret.status, 201, JSON.stringify(ret.body));
    assert.deepEqual((await submissions(ret.body.id)).map((s) => s.subject), [4]);
    await work();
    assert.equal((await submissions(ret.body.id))[0].status, 'success');

    const other = await sale([{ productId: tea, quantity: '1', unitPrice: '3000', vatRate: '10' }]);
    await work();
    assert.equal((await post(`/invoices/${other}/void`)).status, 200);
    const [voided, first] = await submissions(other);
    assert.deepEqual([voided.subject, voided.status, first.subject], [3, 'queued', 1]);
    assert.ok(voided.serial > first.serial);
    await work();
    assert.equal((await submissions(other))[0].status, 'success');
  });

  it('opted in: an invoice Moadian cannot take is posted anyway, unqueued, no serial spent, and the history says why', async () => {
    const nextSerial = (await get('/moadian/settings')).body.nextSerial;
    const id = await sale([{ productId: noSstid, quantity: '1', unitPrice: '1000', vatRate: '10' }]);
    assert.deepEqual(await submissions(id), []);
    assert.equal((await get('/moadian/settings')).body.nextSerial, nextSerial, 'the serial is not spent');
    const audit = await t.database.db.selectFrom('audit_entries').select(['action', 'after']).where('entity', '=', 'invoice').where('entity_id', '=', String(id)).execute();
    const skipped = audit.find((a) => a.action === 'moadianSkipped');
    assert.ok(skipped, JSON.stringify(audit));
    assert.match(JSON.stringify(skipped.after), /MOADIAN_PRODUCT_NO_SSTID|sstid/i);
    // a return posted while its sale is not accepted yet: posted, not queued
    const sold = await sale([{ productId: tea, quantity: '3', unitPrice: '1000', vatRate: '10' }]);
    const ret = await post('/invoices', { type: 'saleReturn', date: '1405/09/12', partyId: company, warehouseId: wh, originalInvoiceId: sold, lines: [{ productId: tea, quantity: '1', unitPrice: '1000', vatRate: '10' }] });
    assert.equal(ret.status, 201, JSON.stringify(ret.body));
    assert.deepEqual(await submissions(ret.body.id), []);
    // before the Moadian start date, and a purchase: nothing
    const old = await post('/invoices', { type: 'sale', date: '1404/12/20', partyId: company, warehouseId: wh, lines: [{ productId: tea, quantity: '1', unitPrice: '1000', vatRate: '10' }] });
    assert.equal(old.status, 201, JSON.stringify(old.body));
    assert.deepEqual(await submissions(old.body.id), []);
    const buy = await post('/invoices', { type: 'purchase', date: '1405/09/12', partyId: company, warehouseId: wh, lines: [{ productId: tea, quantity: '1', unitPrice: '1', vatRate: '0' }] });
    assert.deepEqual(await submissions(buy.body.id), []);
    await work();
    assert.equal((await submissions(sold))[0].status, 'success');
  });

  it('turned off again: posting queues nothing', async () => {
    assert.equal((await settings({ sendOnPosting: false })).body.sendOnPosting, false);
    const before = await countRows(t.database, 'moadian_submissions');
    await sale([{ productId: tea, quantity: '1', unitPrice: '1200', vatRate: '10' }]);
    await sibaSale(tea, 1300);
    assert.equal(await countRows(t.database, 'moadian_submissions'), before);
  });
});
