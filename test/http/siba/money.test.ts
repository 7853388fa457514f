import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { call, countRows, snapshotCounts, testApp, type TestApp } from '../../helpers/app.js';

const SHEBA = 'IR270170000000100324200001';
const CARD = '6037991199500590';

describe('Siba cash registers, banks and payments', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  /** Lines of the vouchers of one source, as [account code, detail?, debit, credit]. */
  const linesOf = async (sourceType: string, sourceId: number) => {
    const r = await sql<{ code: string; detail: number | null; debit: string; credit: string }>`
      select a.code, l.detail_id as detail, l.debit::text, l.credit::text
        from voucher_lines l join accounts a on a.business_id = l.business_id and a.id = l.account_id
        join vouchers v on v.business_id = l.business_id and v.id = l.voucher_id
       where v.source_type = ${sourceType} and v.source_id = ${sourceId} order by v.id, l.line_no`.execute(t.database.db);
    return r.rows.map((l) => [l.code, l.detail !== null, Number(l.debit), Number(l.credit)]);
  };
  const trialBalanceIsZero = async () => {
    const r = await sql<{ d: string; c: string }>`select coalesce(sum(debit),0)::text as d, coalesce(sum(credit),0)::text as c from voucher_lines`.execute(t.database.db);
    assert.equal(r.rows[0].d, r.rows[0].c);
  };

  let cashId = 0;
  let defaultCashId = 0;
  let bankId = 0;

  it('GET /api/cashRegister and /api/banks (the document samples) answer lists', async () => {
    const c = await call(t.app, 'GET', '/api/cashRegister');
    assert.equal(c.status, 200);
    // A fresh business has its default register (issue 18 point 11).
    defaultCashId = c.body.data.cashRegister[0]?.cashRegisterId;
    assert.deepEqual(c.body.data.cashRegister, [{ cashRegisterId: defaultCashId, name: 'صندوق مرکزی', initialBalance: 0, balance: 0, active: true }]);
    const b = await call(t.app, 'GET', '/api/banks');
    assert.deepEqual(b.body.data.bank, []);
  });

  it('cash register with initialBalance posts an opening voucher against opening equity', async () => {
    const audits = await countRows(t.database, 'audit_entries');
    const r = await call(t.app, 'POST', '/api/cashRegister', { name: 'صندوق کل', initialBalance: '۵۰۰۰۰۰۰' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    cashId = r.body.data.cashRegister.cashRegisterId;
    assert.deepEqual(r.body.data.cashRegister, { cashRegisterId: cashId, name: 'صندوق کل', initialBalance: 5000000, balance: 5000000, active: true });
    assert.equal(await countRows(t.database, 'audit_entries'), audits + 1);
    assert.deepEqual(await linesOf('cash_register', cashId), [['1101', true, 5000000, 0], ['5202', false, 0, 5000000]]);

    const dup = await call(t.app, 'POST', '/api/cashRegister', { name: 'صندوق  كل' });
    assert.deepEqual([dup.status, dup.body.errCode], [409, 1003]);
    const dupDefault = await call(t.app, 'POST', '/api/cashRegister', { name: 'صندوق  مركزی' });
    assert.deepEqual([dupDefault.status, dupDefault.body.errCode], [409, 1003]);

    const u = await call(t.app, 'PUT', '/api/cashRegister', { cashRegisterId: cashId, initialBalance: 4000000 });
    assert.equal(u.body.data.cashRegister.balance, 4000000);
    const lines = await linesOf('cash_register', cashId);
    assert.equal(lines.length, 6, 'original, reversal, new');
    assert.deepEqual(lines.slice(2, 4), [['1101', true, 0, 5000000], ['5202', false, 5000000, 0]]);
    const missing = await call(t.app, 'PUT', '/api/cashRegister', { cashRegisterId: 0, name: 'x' });
    assert.deepEqual([missing.status, missing.body.errCode], [404, 1002]);
    await trialBalanceIsZero();
  });

  it('banks: Sheba and card validated; opening balance to the bank role account', async () => {
    const before = await snapshotCounts(t.database);
    const badSheba = await call(t.app, 'POST', '/api/banks', { bankName: 'ملت', shaba: 'IR000170000000100324200001', initialBalance: 10 });
    assert.deepEqual([badSheba.status, badSheba.body.errCode], [400, 1001]);
    assert.match(badSheba.body.errMsg, /shaba/);
    const badCard = await call(t.app, 'POST', '/api/banks', { bankName: 'ملت', cardNo: '6037991199500591' });
    assert.match(badCard.body.errMsg, /cardNo/);
    const noName = await call(t.app, 'POST', '/api/banks', { branch: 'مرکزی' });
    assert.equal(noName.status, 400);
    assert.deepEqual(await snapshotCounts(t.database), before);

    const r = await call(t.app, 'POST', '/api/banks', { bankName: 'ملی', branch: 'ونک', accountNo: '0101', cardNo: CARD, shaba: SHEBA.toLowerCase().replace('ir', 'IR '), initialBalance: 10000000 });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    bankId = r.body.data.bank.bankId;
    assert.deepEqual(r.body.data.bank, {
      bankId, bankName: 'ملی', branch: 'ونک', accountNo: '0101', cardNo: CARD, shaba: SHEBA, initialBalance: 10000000, balance: 10000000, active: true,
    });
    assert.deepEqual(await linesOf('bank_account', bankId), [['1102', true, 10000000, 0], ['5202', false, 0, 10000000]]);
    const u = await call(t.app, 'PUT', '/api/banks', { bankId, branch: 'تجریش', active: false });
    assert.equal(u.body.data.bank.branch, 'تجریش');
    assert.equal(u.body.data.bank.active, false);
    assert.equal(u.body.data.bank.balance, 10000000);
    await call(t.app, 'PUT', '/api/banks', { bankId, active: true });
    const list = await call(t.app, 'GET', '/api/banks');
    assert.equal(list.body.data.bank.length, 1);
  });

  it('receipt: Dr cash (register) / Cr receivable (party); payment: Dr payable (party) / Cr bank', async () => {
    const customer = (await call(t.app, 'POST', '/api/customers', { lastName: 'مشتری', initialBalance: 1000000 })).body.data.customer;
    const supplier = (await call(t.app, 'POST', '/api/customers', { lastName: 'تامین‌کننده' })).body.data.customer;
    const audits = await countRows(t.database, 'audit_entries');
    const r = await call(t.app, 'POST', '/api/payments', { kind: 'receipt', personId: customer.id, amount: 400000, date: '1403/01/15', cashRegisterId: cashId });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const p = r.body.data.payment;
    assert.equal(p.date, '2024-04-03');
    assert.equal(p.dateJalali, '1403/01/15');
    assert.equal(p.amount, 400000);
    assert.equal(await countRows(t.database, 'audit_entries'), audits + 1);
    assert.deepEqual(await linesOf('payment', p.paymentId), [['1101', true, 400000, 0], ['1201', true, 0, 400000]]);
    assert.equal((await call(t.app, 'GET', `/api/customers/${customer.id}`)).body.data.customer.balance, 600000);
    const regs = (await call(t.app, 'GET', '/api/cashRegister')).body.data.cashRegister;
    assert.equal(regs.find((x: { cashRegisterId: number }) => x.cashRegisterId === cashId).balance, 4400000);

    const q = await call(t.app, 'POST', '/api/payments', { kind: 'payment', personId: supplier.id, amount: '250000', bankId });
    assert.equal(q.status, 200, JSON.stringify(q.body));
    assert.deepEqual(await linesOf('payment', q.body.data.payment.paymentId), [['3101', true, 250000, 0], ['1102', true, 0, 250000]]);
    assert.equal((await call(t.app, 'GET', `/api/customers/${supplier.id}`)).body.data.customer.balance, 250000);
    assert.equal((await call(t.app, 'GET', '/api/banks')).body.data.bank[0].balance, 9750000);

    const list = await call(t.app, 'GET', `/api/payments?personId=${customer.id}`);
    assert.deepEqual(list.body.data.payment.map((x: { paymentId: number }) => x.paymentId), [p.paymentId]);
    await trialBalanceIsZero();
  });

  it('refused payments write nothing', async () => {
    const c = (await call(t.app, 'POST', '/api/customers', { lastName: 'رد' })).body.data.customer;
    const before = await snapshotCounts(t.database);
    const cases: [Record<string, unknown>, number, number, RegExp][] = [
      [{ kind: 'gift', personId: c.id, amount: 1 }, 400, 1001, /kind/],
      [{ kind: 'receipt', personId: c.id, amount: 0 }, 400, 1001, /amount/],
      [{ kind: 'receipt', personId: c.id, amount: -5 }, 400, 1001, /amount/],
      [{ kind: 'receipt', personId: c.id, amount: 10.5 }, 400, 1001, /amount/],
      [{ kind: 'receipt', personId: 987654, amount: 10 }, 404, 1002, /personId/],
      [{ kind: 'receipt', personId: 0, amount: 10 }, 404, 1002, /personId/],
      [{ kind: 'receipt', personId: c.id, amount: 10, cashRegisterId: cashId, bankId }, 400, 1001, /cashRegisterId/],
      [{ kind: 'receipt', personId: c.id, amount: 10, bankId: 987654 }, 404, 1002, /bankId/],
      [{ kind: 'receipt', personId: c.id, amount: 10, date: '1403/13/01' }, 400, 1001, /date/],
      [{ kind: 'receipt', personId: c.id, amount: 10, factorId: 987654 }, 404, 1002, /factorId/],
    ];
    for (const [body, status, code, msg] of cases) {
      const r = await call(t.app, 'POST', '/api/payments', body);
      assert.deepEqual([r.status, r.body.errCode], [status, code], JSON.stringify(body));
      assert.match(r.body.errMsg, msg);
    }
    assert.deepEqual(await snapshotCounts(t.database), before);
    await trialBalanceIsZero();
  });

  it('without a cash register or bank named, the first active cash register is used', async () => {
    const c = (await call(t.app, 'POST', '/api/customers', { lastName: 'پیش‌فرض' })).body.data.customer;
    const r = await call(t.app, 'POST', '/api/payments', { kind: 'receipt', personId: c.id, amount: 7 });
    assert.ok(defaultCashId < cashId);
    assert.equal(r.body.data.payment.cashRegisterId, defaultCashId, 'the default register (the first) is used');
    assert.equal(r.body.data.payment.bankId, 0);
  });

  it('a receipt or payment by cheque (our addition): the cheque in hand, an issued one from a bank\'s chequebook; errors name Siba\'s fields', async () => {
    const c = (await call(t.app, 'POST', '/api/customers', { lastName: 'چکی' })).body.data.customer;
    const bankId = (await call(t.app, 'POST', '/api/banks', { bankName: 'سپه' })).body.data.bank.bankId;
    let r = await call(t.app, 'POST', '/api/payments', { kind: 'receipt', personId: c.id, amount: 700000, cheque: { number: '88', sayadId: '1234567890123499', dueDate: '1405/11/01', bank: 'ملی' } });
    assert.equal(r.body.success, true, JSON.stringify(r.body));
    assert.ok(r.body.data.payment.chequeId > 0);
    assert.deepEqual([r.body.data.payment.cashRegisterId, r.body.data.payment.bankId], [0, 0]);
    const cheque = await call(t.app, 'GET', `/daftar/v1/cheques/${r.body.data.payment.chequeId}`, undefined, { authorization: 'Bearer test-api-token-a' });
    assert.deepEqual([cheque.body.state, cheque.body.amount, cheque.body.sayadId], ['inHand', '700000', '1234567890123499']);
    const snap = await snapshotCounts(t.database);
    r = await call(t.app, 'POST', '/api/payments', { kind: 'payment', personId: c.id, amount: 100, cheque: { number: '9', dueDate: '1405/11/01' } });
    assert.deepEqual([r.body.success, r.body.errCode], [false, 1001]);
    assert.match(r.body.errMsg, /cheque\.bankId/);
    assert.deepEqual(await snapshotCounts(t.database), snap);
    r = await call(t.app, 'POST', '/api/payments', { kind: 'payment', personId: c.id, amount: 100, cheque: { number: '9', dueDate: '1405/11/01', bankId } });
    assert.equal(r.body.success, true, JSON.stringify(r.body));
  });
});
