import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backend, call, snapshotCounts, testApp, type TestApp } from '../../helpers/app.js';
import { admin, clerkOf, daftarOf, today } from './money-fixtures.js';

/**
 * Cheques through /daftar/v1 (issue 22): each transition's voucher by its effect on the party,
 * the bank and the three cheque accounts; refused transitions name the state and write nothing;
 * payment voids; the verifier after every step.
 */
describe(`/daftar/v1/cheques (${backend})`, () => {
  let t: TestApp;
  let customer: number;
  let supplier: number;
  let bankId: number;
  let sayad = 1234567890123000;

  const { post, get, verified } = daftarOf(() => t);
  /** The balance of the account bound to a code in the trial balance (0 when absent). */
  const accountBalance = async (code: string) => {
    const tb = await get('/reports/trial-balance?level=subsidiary');
    const row = tb.rows.find((r: { code: string }) => r.code === code);
    if (!row) return '0';
    return String(BigInt(row.closingDebit.split('.')[0]) - BigInt(row.closingCredit.split('.')[0]));
  };
  const partyBalance = async (id: number) => (await get(`/parties/${id}`)).balance as string;
  const bankBalance = async () => (await get('/bankAccounts')).items.find((b: { id: number }) => b.id === bankId).balance as string;
  const received = (amount: string, extra: object = {}) =>
    post('/cheques', { direction: 'received', partyId: customer, amount, number: String(sayad % 1000000), sayadId: String(++sayad), bank: 'ملت', dueDate: today(), drawer: 'علی رضایی', ...extra });

  before(async () => {
    t = await testApp();
    customer = (await post('/parties', { name: 'فروشگاه امید', roles: ['customer'] })).id;
    supplier = (await post('/parties', { name: 'پخش البرز', roles: ['supplier'] })).id;
    bankId = (await post('/bankAccounts', { bankName: 'ملت', accountNo: '4455', openingBalance: '1000000' })).id;
    const product = (await post('/products', { name: 'چای', sellPrice: '500000', buyPrice: '300000' })).id;
    await post('/invoices', { type: 'purchase', partyId: supplier, lines: [{ productId: product, quantity: '100', unitPrice: '300000', vatRate: '0' }] });
    await post('/invoices', { type: 'sale', partyId: customer, lines: [{ productId: product, quantity: '40', unitPrice: '500000', vatRate: '0' }] });
  });
  after(() => t.close());

  it('a received cheque: in hand (notes receivable), deposited (in collection), cleared (bank); the party owes less from the start', async () => {
    assert.equal(await partyBalance(customer), '20000000');
    const c = await received('5000000');
    assert.deepEqual([c.direction, c.state, c.amount, c.events.length, c.events[0].action], ['received', 'inHand', '5000000', 1, 'record']);
    assert.equal(await partyBalance(customer), '15000000');
    assert.equal(await accountBalance('1202'), '5000000');
    await verified();

    let r = await post(`/cheques/${c.id}/deposit`, { bankAccountId: bankId });
    assert.deepEqual([r.state, r.bankAccountId], ['deposited', bankId]);
    assert.deepEqual([await accountBalance('1202'), await accountBalance('1203')], ['0', '5000000']);
    r = await post(`/cheques/${c.id}/clear`, {});
    assert.equal(r.state, 'cleared');
    assert.deepEqual([await accountBalance('1203'), await bankBalance()], ['0', '6000000']);
    assert.deepEqual(r.events.map((e: { action: string }) => e.action), ['record', 'deposit', 'clear']);
    await verified();
  });

  it('a wrong transition is refused naming the state, and writes nothing', async () => {
    const c = await received('1000000');
    const snap = await snapshotCounts(t.database);
    let r = await call(t.app, 'POST', `/daftar/v1/cheques/${c.id}/clear`, {}, admin);
    assert.deepEqual([r.status, r.body.code], [409, 'CONFLICT'], JSON.stringify(r.body));
    assert.match(r.body.detail, /نزد صندوق/);
    await post(`/cheques/${c.id}/deposit`, { bankAccountId: bankId });
    const snap2 = await snapshotCounts(t.database);
    r = await call(t.app, 'POST', `/daftar/v1/cheques/${c.id}/endorse`, { partyId: supplier }, admin);
    assert.deepEqual([r.status, r.body.code], [409, 'CONFLICT']);
    assert.match(r.body.detail, /در جریان وصول/);
    r = await call(t.app, 'POST', `/daftar/v1/cheques/${c.id}/cancel`, {}, admin);
    assert.equal(r.status, 409, 'cancel is for issued cheques');
    assert.deepEqual(await snapshotCounts(t.database), snap2);
    assert.notDeepEqual(snap, snap2);
    r = await call(t.app, 'POST', `/daftar/v1/cheques/${c.id}/deposit`, {}, admin);
    assert.deepEqual([r.status, r.body.field], [400, 'bankAccountId']);
  });

  it('a bounced cheque puts the debt back on the party, who then pays in cash', async () => {
    const before = await partyBalance(customer);
    const c = await received('2000000');
    await post(`/cheques/${c.id}/deposit`, { bankAccountId: bankId });
    const r = await post(`/cheques/${c.id}/bounce`, {});
    assert.equal(r.state, 'bounced');
    assert.equal(await partyBalance(customer), before, 'the debt is back');
    await post('/payments', { direction: 'in', partyId: customer, amount: '2000000', method: 'cash' });
    assert.equal(await partyBalance(customer), String(BigInt(before) - 2000000n));
    await verified();
  });

  it('endorsed to a supplier, a cheque pays our debt to them; returned to the drawer, it leaves notes receivable', async () => {
    const owed = await partyBalance(supplier);
    const c = await received('3000000');
    const r = await post(`/cheques/${c.id}/endorse`, { partyId: supplier });
    assert.equal(r.state, 'endorsed');
    assert.equal(await partyBalance(supplier), String(BigInt(owed) + 3000000n), 'we owe the supplier 3,000,000 less (balance < 0 is owed by us)');
    const bad = await call(t.app, 'POST', `/daftar/v1/cheques/${(await received('100')).id}/endorse`, { partyId: customer }, admin);
    assert.deepEqual([bad.status, bad.body.field], [400, 'partyId']);

    const before = await partyBalance(customer);
    const back = await received('400000');
    await post(`/cheques/${back.id}/return`, {});
    assert.equal(await partyBalance(customer), before, 'returned: the customer owes it again');
    await verified();
  });

  it('issued cheques: cleared from the bank (never below zero), bounced or cancelled put the debt back', async () => {
    const owed = await partyBalance(supplier);
    const pay = await post('/payments', { direction: 'out', partyId: supplier, amount: '2500000', method: 'cheque', cheque: { number: '900001', dueDate: today(), bankAccountId: bankId } });
    assert.deepEqual([pay.method, pay.chequeId !== null], ['cheque', true]);
    assert.equal(await partyBalance(supplier), String(BigInt(owed) + 2500000n));
    assert.equal(await accountBalance('3102'), '-2500000');
    const bank = await bankBalance();
    let r = await post(`/cheques/${pay.chequeId}/clear`, {});
    assert.equal(r.state, 'cleared');
    assert.equal(await bankBalance(), String(BigInt(bank) - 2500000n));

    const big = await post('/cheques', { direction: 'issued', partyId: supplier, amount: '900000000', number: '900002', dueDate: today(), bankAccountId: bankId });
    assert.equal(big.state, 'issued');
    const snap = await snapshotCounts(t.database);
    const short = await call(t.app, 'POST', `/daftar/v1/cheques/${big.id}/clear`, {}, admin);
    assert.deepEqual([short.status, short.body.code, short.body.field], [409, 'INSUFFICIENT_FUNDS', 'bankAccountId'], JSON.stringify(short.body));
    assert.deepEqual(await snapshotCounts(t.database), snap);
    const before = await partyBalance(supplier);
    r = await post(`/cheques/${big.id}/cancel`, {});
    assert.equal(r.state, 'cancelled');
    assert.equal(await partyBalance(supplier), String(BigInt(before) - 900000000n));
    assert.equal(await accountBalance('3102'), '0');
    await verified();
  });

  it('the last transition is reverted by its own reversing voucher; the first step only by voiding the payment', async () => {
    const c = await received('700000');
    await post(`/cheques/${c.id}/deposit`, { bankAccountId: bankId });
    const r = await post(`/cheques/${c.id}/revert`, {});
    assert.deepEqual([r.state, r.bankAccountId], ['inHand', null]);
    const [dep, rev] = r.events.slice(-2);
    assert.deepEqual([rev.action, rev.revertsEventId], ['revert', dep.id]);
    const v = await get(`/vouchers/${rev.voucherId}`);
    assert.equal(v.reversesId ?? v.reverses?.id ?? v.reversesVoucherId, dep.voucherId);
    const again = await call(t.app, 'POST', `/daftar/v1/cheques/${c.id}/revert`, {}, admin);
    assert.deepEqual([again.status, again.body.code], [409, 'CONFLICT']);
    await verified();
  });

  it('payments are voided by a reversing voucher: the invoice and party are as before; a cheque that moved on blocks the void', async () => {
    const inv = (await get('/invoices?type=sale')).items[0];
    const before = await partyBalance(customer);
    const p = await post('/payments', { direction: 'in', partyId: customer, amount: '1000000', method: 'cash', invoiceId: inv.id });
    assert.equal((await get(`/invoices/${inv.id}`)).paid, String(BigInt(inv.paid) + 1000000n));
    const v = await post(`/payments/${p.id}/void`, {});
    assert.deepEqual([v.status, typeof v.voidVoucherId], ['void', 'number']);
    assert.equal((await get(`/invoices/${inv.id}`)).paid, inv.paid);
    assert.equal(await partyBalance(customer), before);
    const twice = await call(t.app, 'POST', `/daftar/v1/payments/${p.id}/void`, {}, admin);
    assert.deepEqual([twice.status, twice.body.code], [409, 'CONFLICT']);

    const byCheque = await post('/payments', { direction: 'in', partyId: customer, amount: '600000', method: 'cheque', cheque: { number: '77', dueDate: today() } });
    await post(`/cheques/${byCheque.chequeId}/deposit`, { bankAccountId: bankId });
    const snap = await snapshotCounts(t.database);
    const blocked = await call(t.app, 'POST', `/daftar/v1/payments/${byCheque.id}/void`, {}, admin);
    assert.deepEqual([blocked.status, blocked.body.code], [409, 'CONFLICT']);
    assert.match(blocked.body.detail, /در جریان وصول/);
    assert.deepEqual(await snapshotCounts(t.database), snap);
    await post(`/cheques/${byCheque.chequeId}/revert`, {});
    await post(`/payments/${byCheque.id}/void`, {});
    assert.equal((await get(`/cheques/${byCheque.chequeId}`)).state, 'void');
    assert.equal(await partyBalance(customer), before);
    await verified();
  });

  it('the Sayad id is 16 digits and names one cheque; a clerk records a received cheque but moves none', async () => {
    let r = await call(t.app, 'POST', '/daftar/v1/cheques', { direction: 'received', partyId: customer, amount: '10', number: '1', sayadId: '123', dueDate: today() }, admin);
    assert.deepEqual([r.status, r.body.field], [400, 'sayadId'], JSON.stringify(r.body));
    const c = await received('10');
    r = await call(t.app, 'POST', '/daftar/v1/cheques', { direction: 'received', partyId: customer, amount: '10', number: '2', sayadId: c.sayadId, dueDate: today() }, admin);
    assert.deepEqual([r.status, r.body.code, r.body.field], [409, 'DUPLICATE', 'sayadId'], JSON.stringify(r.body));
    r = await call(t.app, 'POST', '/daftar/v1/payments', { direction: 'in', partyId: customer, amount: '10', method: 'cheque', cheque: { number: '3', sayadId: '۱۲۳۴۵۶۷۸۹۰۱۲۳۴۵۹', dueDate: today() } }, admin);
    assert.equal(r.status, 201, 'Persian digits in a Sayad id');

    const clerk = await clerkOf(t);
    r = await call(t.app, 'POST', '/daftar/v1/payments', { direction: 'in', partyId: customer, amount: '10', method: 'cheque', cheque: { number: '4', dueDate: today() } }, clerk);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    r = await call(t.app, 'POST', `/daftar/v1/cheques/${r.body.chequeId}/deposit`, { bankAccountId: bankId }, clerk);
    assert.deepEqual([r.status, r.body.code], [403, 'FORBIDDEN']);
    const list = await get('/cheques?direction=received&state=inHand');
    assert.ok(list.items.length >= 3);
    assert.ok(list.items.every((x: { state: string; direction: string }) => x.state === 'inHand' && x.direction === 'received'));
    await verified();
  });
});
