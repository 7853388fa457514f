import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backend, call, snapshotCounts, testApp, type TestApp } from '../../helpers/app.js';
import { admin, clerkOf, soldToday, today } from './money-fixtures.js';

describe(`/daftar/v1/payments (${backend})`, () => {
  let t: TestApp;
  let clerk: Record<string, string>;
  let f: { partyId: number; productId: number; invoiceId: number };
  let cashRegisterId: number;

  before(async () => {
    t = await testApp();
    clerk = await clerkOf(t);
    f = await soldToday(t);
    const c = await call(t.app, 'POST', '/daftar/v1/cashRegisters', { name: 'صندوق فروشگاه' }, admin);
    assert.equal(c.status, 201, JSON.stringify(c.body));
    cashRegisterId = c.body.id;
  });
  after(() => t.close());

  it('records a receipt in cash against an invoice: 201, exact string amount, both calendars; GET returns it', async () => {
    const r = await call(t.app, 'POST', '/daftar/v1/payments', { direction: 'in', partyId: f.partyId, date: today(), amount: '1500', method: 'cash', cashRegisterId, invoiceId: f.invoiceId, description: 'پیش‌پرداخت' }, admin);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.direction, 'in');
    assert.equal(r.body.amount, '1500');
    assert.equal(r.body.method, 'cash');
    assert.equal(r.body.cashRegisterId, cashRegisterId);
    assert.equal(r.body.bankAccountId, null);
    assert.equal(r.body.invoiceId, f.invoiceId);
    assert.equal(r.body.dateJalali, today());
    const g = await call(t.app, 'GET', `/daftar/v1/payments/${r.body.id}`, undefined, admin);
    assert.deepEqual(g.body, r.body);
    const list = await call(t.app, 'GET', `/daftar/v1/payments?partyId=${f.partyId}`, undefined, admin);
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.items.map((p: any) => p.id), [r.body.id]);
    assert.equal(list.body.nextCursor, null);
    const cash = await call(t.app, 'GET', '/daftar/v1/cashRegisters', undefined, admin);
    assert.equal(cash.body.items.find((c: any) => c.id === cashRegisterId).balance, '1500');
  });

  it('a payment out beyond the register balance is INSUFFICIENT_FUNDS naming the register, the message both figures, and writes nothing', async () => {
    const snap = await snapshotCounts(t.database);
    const r = await call(t.app, 'POST', '/daftar/v1/payments', { direction: 'out', partyId: f.partyId, amount: '999999', method: 'cash', cashRegisterId }, admin);
    assert.equal(r.status, 409, JSON.stringify(r.body));
    assert.equal(r.body.code, 'INSUFFICIENT_FUNDS');
    assert.equal(r.body.field, 'cashRegisterId'); // Siba's wire names the register; see the report
    assert.match(r.body.detail, /۹۹۹۹۹۹/);
    assert.match(r.body.detail, /صندوق فروشگاه/);
    assert.deepEqual(await snapshotCounts(t.database), snap);
  });

  it('i7: a payment out beyond a bank account\'s balance is INSUFFICIENT_FUNDS naming the account as the books do and field bankAccountId (Siba: bankId); nothing written', async () => {
    const bank = await call(t.app, 'POST', '/daftar/v1/bankAccounts', { bankName: 'ملت', accountNo: '0101', openingBalance: '500' }, admin);
    assert.equal(bank.status, 201, JSON.stringify(bank.body));
    const snap = await snapshotCounts(t.database);
    const r = await call(t.app, 'POST', '/daftar/v1/payments', { direction: 'out', partyId: f.partyId, amount: '501', method: 'bank', bankAccountId: bank.body.id }, admin);
    assert.equal(r.status, 409, JSON.stringify(r.body));
    assert.deepEqual([r.body.code, r.body.field], ['INSUFFICIENT_FUNDS', 'bankAccountId']);
    assert.ok(r.body.detail.includes('«ملت - ۰۱۰۱»') || r.body.detail.includes('«ملت - 0101»'), r.body.detail);
    assert.match(r.body.detail, /۵۰۱/);
    const s = await call(t.app, 'POST', '/api/payments', { kind: 'payment', personId: f.partyId, amount: 501, bankId: bank.body.id }, admin);
    assert.deepEqual([s.status, s.body.errCode, s.body.errField], [409, 1005, 'bankId']);
    assert.ok(s.body.errMsg.includes('ملت - '), s.body.errMsg);
    assert.deepEqual(await snapshotCounts(t.database), snap);
  });

  it('an unknown method is refused naming method; a cheque payment without its cheque names cheque; bank or card without an account names bankAccountId; nothing written', async () => {
    const snap = await snapshotCounts(t.database);
    const r = await call(t.app, 'POST', '/daftar/v1/payments', { direction: 'in', partyId: f.partyId, amount: 10, method: 'crypto' }, admin);
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.field, 'method');
    assert.match(r.body.detail, /method/);
    const card = await call(t.app, 'POST', '/daftar/v1/payments', { direction: 'in', partyId: f.partyId, amount: 10, method: 'card' }, admin);
    assert.deepEqual([card.status, card.body.field], [400, 'bankAccountId']);
    const c = await call(t.app, 'POST', '/daftar/v1/payments', { direction: 'in', partyId: f.partyId, amount: 10, method: 'cheque' }, admin);
    assert.deepEqual([c.status, c.body.field], [400, 'cheque'], JSON.stringify(c.body));
    const b = await call(t.app, 'POST', '/daftar/v1/payments', { direction: 'in', partyId: f.partyId, amount: 10, method: 'bank' }, admin);
    assert.equal(b.status, 400);
    assert.equal(b.body.field, 'bankAccountId');
    const unknown = await call(t.app, 'POST', '/daftar/v1/payments', { direction: 'in', partyId: f.partyId, amount: 10, method: 'cash', personId: 1 }, admin);
    assert.equal(unknown.status, 400);
    assert.deepEqual(await snapshotCounts(t.database), snap);
  });

  it('a float-unsafe JSON number is kept exact or refused naming amount, never rounded', async () => {
    const r = await call(t.app, 'POST', '/daftar/v1/payments', '{"direction":"in","partyId":' + f.partyId + ',"amount":9007199254740993,"method":"cash"}', admin);
    if (r.status === 201) assert.equal(r.body.amount, '9007199254740993');
    else assert.equal(r.body.field, 'amount', JSON.stringify(r.body));
  });

  it('a clerk records and reads receipts but is refused a payment out (403, nothing written)', async () => {
    const inR = await call(t.app, 'POST', '/daftar/v1/payments', { direction: 'in', partyId: f.partyId, amount: '100', method: 'cash' }, clerk);
    assert.equal(inR.status, 201, JSON.stringify(inR.body));
    const snap = await snapshotCounts(t.database);
    const out = await call(t.app, 'POST', '/daftar/v1/payments', { direction: 'out', partyId: f.partyId, amount: '1', method: 'cash' }, clerk);
    assert.equal(out.status, 403);
    assert.equal(out.body.code, 'FORBIDDEN');
    assert.deepEqual(await snapshotCounts(t.database), snap);
    const list = await call(t.app, 'GET', '/daftar/v1/payments', undefined, clerk);
    assert.equal(list.status, 200);
    assert.ok(list.body.items.every((p: any) => p.direction === 'in'));
  });

  it('an unknown payment is a 404 problem', async () => {
    const r = await call(t.app, 'GET', '/daftar/v1/payments/999999', undefined, admin);
    assert.equal(r.status, 404);
    assert.equal(r.body.code, 'NOT_FOUND');
  });

  it('a card payment (POS terminal) settles into its bank account and says card', async () => {
    const bank = await call(t.app, 'POST', '/daftar/v1/bankAccounts', { bankName: 'پاسارگاد' }, admin);
    const r = await call(t.app, 'POST', '/daftar/v1/payments', { direction: 'in', partyId: f.partyId, amount: '250000', method: 'card', bankAccountId: bank.body.id }, admin);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.deepEqual([r.body.method, r.body.bankAccountId], ['card', bank.body.id]);
    const after = await call(t.app, 'GET', '/daftar/v1/bankAccounts', undefined, admin);
    assert.equal(after.body.items.find((b: { id: number }) => b.id === bank.body.id).balance, '250000');
    assert.equal((await call(t.app, 'GET', `/daftar/v1/payments/${r.body.id}`, undefined, admin)).body.method, 'card');
  });
});
