import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { transact } from '../../../src/db/transact.js';
import { issueCredential } from '../../../src/domain/auth/credentials.js';
import { createUser } from '../../../src/domain/users/users.js';
import { MoadianClient } from '../../../src/domain/moadian/client.js';
import { makeTaxid, parseTaxid } from '../../../src/domain/moadian/taxid.js';
import { runMoadianOnce, type MoadianApi, type WorkerDeps } from '../../../src/domain/moadian/worker.js';
import { ConfigError, loadConfig } from '../../../src/config.js';
import { runCommand } from '../../../src/admin/commands.js';
import { backend, call, snapshotCounts, type TestApp } from '../../helpers/app.js';
import type { FakeMoadian } from '../../helpers/fake-moadian.js';
import { FISCAL_ID, SELLER, moadianTestApp, type MoadianTestApp } from '../../helpers/moadian-app.js';
import { MOADIAN_VECTORS, SAMPLE_CERT } from '../../helpers/moadian-keys.js';
import { actorFor, addWarehouse } from '../../domain/invoicing/fixtures.js';

const admin = { authorization: 'Bearer test-api-token-a' };
const keyPem: string = MOADIAN_VECTORS.jose.officialAuthToken.samplePrivateKeyPkcs8Pem;

describe(`/daftar/v1 moadian (${backend})`, () => {
  let m: MoadianTestApp;
  let t: TestApp;
  let fake: FakeMoadian;
  let clerk: Record<string, string>;
  let company: number;
  let person: number;
  let tea: number;
  let coffee: number;
  let supplier: number;
  let wh: number;
  let offset = 0; // the worker's clock runs ahead of the wall clock by this much

  const deps = (over: Partial<WorkerDeps> = {}): WorkerDeps => ({
    db: t.database.db, secretKey: m.secretKey, now: () => new Date(Date.now() + offset), pollDelayMs: 0,
    clientFor: (o) => new MoadianClient({ ...o, timeoutMs: 500 }), ...over,
  });
  const post = (url: string, body?: unknown) => call(t.app, 'POST', `/daftar/v1${url}`, body, admin);
  const get = (url: string) => call(t.app, 'GET', `/daftar/v1${url}`, undefined, admin);
  async function sale(lines: object[], partyId = company, type = 'sale', extra: object = {}) {
    const r = await post('/invoices', { type, date: '1405/09/10', partyId, warehouseId: wh, lines, ...extra });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.id as number;
  }
  async function send(id: number, body?: unknown) {
    const r = await post(`/invoices/${id}/moadian/send`, body);
    assert.equal(r.status, 202, JSON.stringify(r.body));
    return r.body;
  }
  async function submission(id: number) {
    return (await get(`/moadian/submissions?invoiceId=${id}`)).body.items[0];
  }

  before(async () => {
    m = await moadianTestApp();
    ({ t, fake } = m);
    const biz = t.business.businessId;
    const a = actorFor(biz, t.business.adminUserId);
    const u = await transact(t.database.db, (tx) => createUser(tx, a, { userName: 'clerk-moadian', password: 'clerk-password-1', role: 'clerk' }));
    clerk = { authorization: `Bearer ${await transact(t.database.db, (tx) => issueCredential(tx, biz, 'session', { userId: u.userId }))}` };
    wh = await addWarehouse(t.database, a, 10);
    const unit = await post('/units', { name: 'کیلوگرم', moadianUnitCode: '164' });
    assert.equal(unit.status, 201, JSON.stringify(unit.body));
    assert.equal(unit.body.moadianUnitCode, '164');
    tea = (await post('/products', { name: 'چای', unitId: unit.body.id, sstid: '2710000138624', vatRate: '10' })).body.id;
    coffee = (await post('/products', { name: 'قهوه', sstid: '2330000604708', vatRate: '10' })).body.id;
    const c = await post('/parties', { kind: 'company', companyName: 'شرکت نمونه', roles: ['customer'], economicCode: '10101234567' });
    assert.equal(c.status, 201, JSON.stringify(c.body));
    assert.equal(c.body.buyerType, 2);
    company = c.body.id;
    person = (await post('/parties', { kind: 'person', firstName: 'علی', lastName: 'رضایی', roles: ['customer'], nationalId: '0012345679', postalCode: '1415863711' })).body.id;
    supplier = (await post('/parties', { kind: 'company', companyName: 'تامین', roles: ['supplier'] })).body.id;
    const buy = await post('/invoices', { type: 'purchase', date: '1405/09/01', partyId: supplier, warehouseId: wh, lines: [{ productId: tea, quantity: '100', unitPrice: '500000', vatRate: '0' }, { productId: coffee, quantity: '100', unitPrice: '200000', vatRate: '0' }] });
    assert.equal(buy.status, 201, JSON.stringify(buy.body));
  });
  after(() => m.close());

  it('settings: admin only; the key is sealed and never returned; a bad pair is refused writing nothing', async () => {
    assert.equal((await get('/moadian/settings')).body.configured, false);
    const bad = await call(t.app, 'PUT', '/daftar/v1/moadian/settings', { fiscalId: FISCAL_ID, economicCode: SELLER, baseUrl: fake.url, startsOn: '1405/01/01', privateKeyPem: 'x', certificatePem: SAMPLE_CERT.toString() }, admin);
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.body), /privateKeyPem/);
    const before = await snapshotCounts(t.database);
    const noKey = await call(t.app, 'PUT', '/daftar/v1/moadian/settings', { fiscalId: FISCAL_ID, economicCode: SELLER, baseUrl: fake.url, startsOn: '1405/01/01' }, admin);
    assert.equal(noKey.status, 400, JSON.stringify(noKey.body));
    assert.deepEqual(await snapshotCounts(t.database), before);
    const body = { fiscalId: FISCAL_ID, economicCode: SELLER, baseUrl: fake.url, startsOn: '1405/01/01', defaultInvoiceType: 1, privateKeyPem: keyPem, certificatePem: SAMPLE_CERT.toString() };
    assert.equal((await call(t.app, 'PUT', '/daftar/v1/moadian/settings', body, clerk)).status, 403);
    const r = await call(t.app, 'PUT', '/daftar/v1/moadian/settings', body, admin);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.privateKeyConfigured, true);
    assert.equal(JSON.stringify(r.body).includes('PRIVATE'), false);
    const again = await get('/moadian/settings');
    assert.equal(again.body.fiscalId, FISCAL_ID);
    assert.equal(JSON.stringify(again.body).includes('PRIVATE'), false);
    assert.equal((await call(t.app, 'GET', '/daftar/v1/moadian/settings', undefined, clerk)).status, 403);
  });

  it('acceptance: two lines (fractional quantity + discount) to a company: hand-computed truncated figures; Daftar’s own VAT truncates too', async () => {
    const id = await sale([
      { productId: tea, quantity: '2.5', unitPrice: '1150001', discount: '100000', vatRate: '10' },
      { productId: coffee, quantity: '3', unitPrice: '333333', vatRate: '10' },
    ]);
    const inv = (await get(`/invoices/${id}`)).body;
    assert.equal(inv.total, '4152500', 'Daftar truncates from the Moadian start date (half-up would give 4152501)');
    const m = await get(`/invoices/${id}/moadian`);
    assert.equal(m.status, 200, JSON.stringify(m.body));
    assert.equal(m.body.status, 'notSent');
    const s = await send(id);
    assert.equal(s.status, 'queued');
    const r = (await get(`/invoices/${id}/moadian`)).body;
    const h = r.invoice.header;
    assert.deepEqual(
      { tprdis: h.tprdis, tdis: h.tdis, tadis: h.tadis, tvam: h.tvam, todam: h.todam, tbill: h.tbill, tob: h.tob, tinb: h.tinb, inty: h.inty, ins: h.ins, setm: h.setm, tins: h.tins },
      { tprdis: '3875001', tdis: '100000', tadis: '3775001', tvam: '377499', todam: '0', tbill: '4152500', tob: 2, tinb: '10101234567', inty: 1, ins: 1, setm: 2, tins: SELLER },
    );
    assert.deepEqual(r.invoice.body.map((l: Record<string, string>) => [l.sstid, l.mu, l.am, l.fee, l.prdis, l.dis, l.adis, l.vra, l.vam, l.tsstam]), [
      ['2710000138624', '164', '2.5', '1150001', '2875002', '100000', '2775002', '10', '277500', '3052502'],
      ['2330000604708', undefined, '3', '333333', '999999', '0', '999999', '10', '99999', '1099998'],
    ]);
    assert.equal(r.taxid, h.taxid);
    assert.equal(makeTaxid({ fiscalId: FISCAL_ID, issuedAtMs: h.indatim, serial: r.serial }), h.taxid);
    assert.equal(parseTaxid(h.taxid)!.day, Math.floor(h.indatim / 86_400_000));
    await runMoadianOnce(deps());
    const done = await submission(id);
    assert.equal(done.status, 'success', JSON.stringify(done));
    assert.ok(done.receipt);
  });

  it('a sale without buyer (type 2) reaches SUCCESS; sending it again is refused writing nothing', async () => {
    const id = await sale([{ productId: tea, quantity: '1', unitPrice: '999999', vatRate: '10' }], person);
    await send(id, { invoiceType: 2 });
    const h = (await get(`/invoices/${id}/moadian`)).body.invoice.header;
    assert.equal(h.inty, 2);
    assert.equal(h.tob, undefined);
    assert.equal(h.setm, undefined);
    await runMoadianOnce(deps());
    assert.equal((await submission(id)).status, 'success');
    const before = await snapshotCounts(t.database);
    const again = await post(`/invoices/${id}/moadian/send`);
    assert.equal(again.status, 409);
    assert.deepEqual(await snapshotCounts(t.database), before);
  });

  it('never two live submissions of one invoice; a purchase is refused; a float-unsafe invoiceType is refused naming it', async () => {
    const id = await sale([{ productId: tea, quantity: '1', unitPrice: '1000', vatRate: '10' }], person);
    await send(id);
    const before = await snapshotCounts(t.database);
    const dup = await post(`/invoices/${id}/moadian/send`);
    assert.equal(dup.status, 409, JSON.stringify(dup.body));
    assert.deepEqual(await snapshotCounts(t.database), before);
    const unsafe = await call(t.app, 'POST', `/daftar/v1/invoices/${id}/moadian/send`, '{"invoiceType": 9007199254740993}', admin);
    assert.equal(unsafe.status, 400);
    assert.match(JSON.stringify(unsafe.body), /invoiceType/);
    const buy = await post('/invoices', { type: 'purchase', date: '1405/09/02', partyId: supplier, warehouseId: wh, lines: [{ productId: tea, quantity: '1', unitPrice: '1', vatRate: '0' }] });
    assert.equal((await post(`/invoices/${buy.body.id}/moadian/send`)).status, 409);
    assert.equal((await call(t.app, 'POST', `/daftar/v1/invoices/${id}/moadian/send`, undefined, clerk)).status, 403);
    await runMoadianOnce(deps());
    assert.equal((await submission(id)).status, 'success');
  });

  it('a partial return goes as subject 4 with the remaining lines; a void as subject 3; both reach SUCCESS', async () => {
    const id = await sale([{ productId: tea, quantity: '5', unitPrice: '100000', vatRate: '10' }]);
    const original = await send(id);
    await runMoadianOnce(deps());
    const ret = await sale([{ productId: tea, quantity: '2', unitPrice: '100000', vatRate: '10' }], company, 'saleReturn', { originalInvoiceId: id });
    const rs = await send(ret);
    assert.equal(rs.subject, 4);
    const rj = (await get(`/invoices/${ret}/moadian`)).body.invoice;
    assert.equal(rj.header.ins, 4);
    assert.equal(rj.header.irtaxid, original.taxid);
    assert.deepEqual(rj.body.map((l: Record<string, string>) => [l.am, l.prdis, l.vam]), [['3', '300000', '30000']]);
    await runMoadianOnce(deps());
    assert.equal((await submission(ret)).status, 'success');

    const other = await sale([{ productId: coffee, quantity: '1', unitPrice: '50000', vatRate: '10' }]);
    const first = await send(other);
    await runMoadianOnce(deps());
    assert.equal((await post(`/invoices/${other}/void`)).status, 200);
    const v = await send(other);
    assert.equal(v.subject, 3);
    assert.notEqual(v.taxid, first.taxid);
    assert.ok(v.serial > first.serial);
    const vj = (await get(`/invoices/${other}/moadian`)).body.invoice.header;
    assert.equal(vj.irtaxid, first.taxid);
    await runMoadianOnce(deps());
    assert.equal((await submission(other)).status, 'success');
  });

  it('a FAILED answer’s errors reach the submission with Persian details', async () => {
    const id = await sale([{ productId: tea, quantity: '1', unitPrice: '7000', vatRate: '10' }]);
    await send(id);
    fake.forceNext = { status: 'FAILED', errors: [{ code: '012802', message: 'setm' }] };
    await runMoadianOnce(deps());
    const s = await submission(id);
    assert.equal(s.status, 'failed');
    assert.deepEqual(s.errors, [{ code: '012802', detail: 'مقدار «روش تسویه» جزو مقادیر مجاز نیست' }]);
  });

  it('a 500 and a timeout are retried with back-off; each invoice is stored once by the server', async () => {
    const id = await sale([{ productId: tea, quantity: '1', unitPrice: '8000', vatRate: '10' }]);
    await send(id);
    fake.failNext = { status: 500, code: '5199', count: 1 };
    await runMoadianOnce(deps());
    let s = await submission(id);
    assert.equal(s.status, 'queued');
    await runMoadianOnce(deps());
    assert.equal((await submission(id)).attempts, 1, 'not due before its back-off');
    offset += 31_000;
    fake.hang = true;
    await runMoadianOnce(deps({ clientFor: (o) => new MoadianClient({ ...o, timeoutMs: 200 }) }));
    fake.hang = false;
    s = await submission(id);
    assert.equal(s.status, 'queued');
    assert.equal(s.attempts, 2);
    offset += 120_000;
    await runMoadianOnce(deps());
    s = await submission(id);
    assert.equal(s.status, 'success', JSON.stringify(s));
    assert.equal([...fake.stored.values()].filter((x) => x.uid === s.uid || x.referenceNumber === s.referenceNumber).length, 1);
  });

  it('a worker that dies after the server took the packet: the next one re-inquires by uid and does not send again', async () => {
    const id = await sale([{ productId: tea, quantity: '1', unitPrice: '9000', vatRate: '10' }]);
    await send(id);
    const storedBefore = fake.stored.size;
    let sends = 0;
    const dying = (o: { baseUrl: string; clientId: string; signer: import('../../../src/domain/moadian/jose.js').Signer }): MoadianApi => {
      const c = new MoadianClient({ ...o, timeoutMs: 500 });
      return {
        serverInformation: () => c.serverInformation(),
        inquiryByReference: (x) => c.inquiryByReference(x),
        inquiryByUid: (x, f) => c.inquiryByUid(x, f),
        send: async (p) => {
          sends++;
          await c.send(p);
          return new Promise(() => {}); // the process "dies" here: nothing recorded
        },
      };
    };
    void runMoadianOnce(deps({ clientFor: dying }));
    while (fake.stored.size === storedBefore) await new Promise((ok) => setTimeout(ok, 20));
    assert.equal((await submission(id)).status, 'queued');
    offset += 6 * 60_000; // past the dead worker's lease
    await runMoadianOnce(deps({ clientFor: dying }));
    assert.equal(sends, 1, 'sent once');
    const s = await submission(id);
    assert.equal(s.status, 'success', JSON.stringify(s));
    assert.equal(fake.stored.size, storedBefore + 1);
  });

  it('the admin CLI: moadian send <invoiceId> enqueues, moadian status lists', async () => {
    const id = await sale([{ productId: tea, quantity: '1', unitPrice: '11000', vatRate: '10' }]);
    const sent = await runCommand(t.database, 'moadian', { positionals: ['moadian', 'send', String(id)], values: {} });
    assert.match(sent.human, /queued/);
    await runMoadianOnce(deps());
    const status = await runCommand(t.database, 'moadian', { positionals: ['moadian', 'status', String(id)], values: {} });
    assert.match(status.human, /success/);
    await assert.rejects(runCommand(t.database, 'moadian', { positionals: ['moadian', 'send', 'x'], values: {} }), /invoice id/);
  });

  it('startup: an unreadable DAFTAR_SECRET_KEY_FILE is a clear Persian configuration error', () => {
    assert.throws(() => loadConfig({ DAFTAR_SECRET_KEY_FILE: path.join(m.keyDir, 'missing.key') }), (e: Error) => e instanceof ConfigError && /DAFTAR_SECRET_KEY_FILE: پرونده کلید/.test(e.message));
    assert.equal(loadConfig({}).secretKeyFile, undefined);
  });
});
