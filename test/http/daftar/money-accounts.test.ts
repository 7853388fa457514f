import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backend, call, snapshotCounts, testApp, type TestApp } from '../../helpers/app.js';
import { admin, clerkOf } from './money-fixtures.js';

describe(`/daftar/v1/cashRegisters and /bankAccounts (${backend})`, () => {
  let t: TestApp;
  let clerk: Record<string, string>;

  before(async () => {
    t = await testApp();
    clerk = await clerkOf(t);
  });
  after(() => t.close());

  it('a cash register with an opening balance: 201, balance as a string; PATCH renames and changes the opening', async () => {
    const r = await call(t.app, 'POST', '/daftar/v1/cashRegisters', { name: 'صندوق کل', openingBalance: '۵۰۰۰۰۰۰' }, admin);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.deepEqual(r.body, { id: r.body.id, name: 'صندوق کل', openingBalance: '5000000', balance: '5000000', active: true });
    const p = await call(t.app, 'PATCH', `/daftar/v1/cashRegisters/${r.body.id}`, { name: 'صندوق اصلی', openingBalance: 4000000 }, admin);
    assert.equal(p.status, 200, JSON.stringify(p.body));
    assert.equal(p.body.balance, '4000000');
    assert.equal(p.body.name, 'صندوق اصلی');
    const list = await call(t.app, 'GET', '/daftar/v1/cashRegisters', undefined, admin);
    assert.ok(list.body.items.some((c: any) => c.id === r.body.id && c.balance === '4000000'));
  });

  it('i7: a bad card number on a bank account is a 400 naming cardNo (the wire\'s word for the domain\'s cardNumber); nothing written', async () => {
    const snap = await snapshotCounts(t.database);
    const r = await call(t.app, 'POST', '/daftar/v1/bankAccounts', { bankName: 'ملت', cardNo: '6037991199500591' }, admin);
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.field, 'cardNo');
    assert.match(r.body.detail, /cardNo/);
    assert.doesNotMatch(JSON.stringify(r.body), /cardNumber/);
    assert.deepEqual(await snapshotCounts(t.database), snap);
  });

  it('a duplicate name is a 409 naming name; an unknown field is a 400 naming it; nothing written', async () => {
    const snap = await snapshotCounts(t.database);
    const d = await call(t.app, 'POST', '/daftar/v1/cashRegisters', { name: 'صندوق اصلی' }, admin);
    assert.equal(d.status, 409, JSON.stringify(d.body));
    assert.equal(d.body.field, 'name');
    const u = await call(t.app, 'POST', '/daftar/v1/cashRegisters', { name: 'x', initialBalance: 1 }, admin);
    assert.equal(u.status, 400);
    assert.match(JSON.stringify(u.body), /initialBalance/);
    const dec = await call(t.app, 'POST', '/daftar/v1/cashRegisters', { name: 'y', openingBalance: '1.5' }, admin);
    assert.equal(dec.status, 400);
    assert.equal(dec.body.field, 'openingBalance');
    assert.deepEqual(await snapshotCounts(t.database), snap);
  });

  it('a bank account: sheba checked (field sheba), balance string, PATCH deactivates; unknown id 404', async () => {
    const bad = await call(t.app, 'POST', '/daftar/v1/bankAccounts', { bankName: 'ملت', sheba: 'IR000170000000100324200001' }, admin);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.field, 'sheba');
    const r = await call(t.app, 'POST', '/daftar/v1/bankAccounts', { bankName: 'ملی', accountNo: '0101', openingBalance: 10000000 }, admin);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.balance, '10000000');
    const p = await call(t.app, 'PATCH', `/daftar/v1/bankAccounts/${r.body.id}`, { active: false }, admin);
    assert.equal(p.body.active, false);
    const nf = await call(t.app, 'PATCH', '/daftar/v1/bankAccounts/999999', { active: false }, admin);
    assert.equal(nf.status, 404);
    assert.equal(nf.body.field, 'bankAccountId');
  });

  it('a float-unsafe opening balance is kept exact or refused naming openingBalance', async () => {
    const r = await call(t.app, 'POST', '/daftar/v1/cashRegisters', '{"name":"صندوق بزرگ","openingBalance":9007199254740993}', admin);
    if (r.status === 201) assert.equal(r.body.openingBalance, '9007199254740993');
    else assert.equal(r.body.field, 'openingBalance', JSON.stringify(r.body));
  });

  it('a clerk reads money accounts but may not create or edit them (403, nothing written)', async () => {
    assert.equal((await call(t.app, 'GET', '/daftar/v1/bankAccounts', undefined, clerk)).status, 200);
    const snap = await snapshotCounts(t.database);
    const r = await call(t.app, 'POST', '/daftar/v1/cashRegisters', { name: 'صندوق منشی' }, clerk);
    assert.equal(r.status, 403);
    assert.deepEqual(await snapshotCounts(t.database), snap);
  });

  it('removes a register or bank account that never moved money; one with postings or a cheque is IN_USE and stays', async () => {
    const post = async (url: string, body: unknown) => {
      const r = await call(t.app, 'POST', url, body, admin);
      assert.ok(r.status < 300, JSON.stringify(r.body));
      return r.body;
    };
    const idle = await post('/daftar/v1/cashRegisters', { name: 'صندوق موقت' });
    let r = await call(t.app, 'DELETE', `/daftar/v1/cashRegisters/${idle.id}`, undefined, admin);
    assert.equal(r.status, 204);
    assert.equal((await call(t.app, 'GET', '/daftar/v1/cashRegisters', undefined, admin)).body.items.some((c: { id: number }) => c.id === idle.id), false);
    r = await call(t.app, 'DELETE', `/daftar/v1/cashRegisters/${idle.id}`, undefined, admin);
    assert.equal(r.status, 404);

    const opened = await post('/daftar/v1/bankAccounts', { bankName: 'صادرات', accountNo: '77', openingBalance: '1000' });
    const snap = await snapshotCounts(t.database);
    r = await call(t.app, 'DELETE', `/daftar/v1/bankAccounts/${opened.id}`, undefined, admin);
    assert.deepEqual([r.status, r.body.code], [409, 'IN_USE'], JSON.stringify(r.body));
    assert.match(r.body.detail, /صادرات/);
    assert.deepEqual(await snapshotCounts(t.database), snap);

    const chequebook = await post('/daftar/v1/bankAccounts', { bankName: 'تجارت', accountNo: '88' });
    const party = await post('/daftar/v1/parties', { name: 'تأمین‌کننده چک', roles: ['supplier'] });
    await post('/daftar/v1/cheques', { direction: 'issued', partyId: party.id, amount: '500', number: '1', dueDate: '1405/12/01', bankAccountId: chequebook.id });
    r = await call(t.app, 'DELETE', `/daftar/v1/bankAccounts/${chequebook.id}`, undefined, admin);
    assert.deepEqual([r.status, r.body.code], [409, 'IN_USE'], 'a chequebook with a cheque issued stays');
  });
});
