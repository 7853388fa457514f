import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backend, call, snapshotCounts, testApp, type TestApp } from '../../helpers/app.js';
import { admin, daftarOf } from './money-fixtures.js';

/**
 * Issue 22's year (acceptance): a year of sales paid by cheques — one deposited and cleared, one
 * bounced and collected in cash, one endorsed to a supplier — issued cheques cleared and
 * cancelled, a payment voided; the year closed; postings into it refused on /daftar/v1, Siba and
 * Hesabfa; the new year opens with the old year's balance sheet; reopen and close again give the
 * same vouchers. The verifier is ok after every step. The year is 1404 (the one before today's).
 */
describe(`a fiscal year from sales to close and reopen (${backend})`, () => {
  let t: TestApp;
  let customer: number;
  let supplier: number;
  let bankId: number;
  let product: number;

  const { post, get, verified } = daftarOf(() => t);
  const partyBalance = async (id: number) => (await get(`/parties/${id}`)).balance as string;
  const year = async (jy: number) => (await get('/fiscalYears')).items.find((f: { jalaliYear: number }) => f.jalaliYear === jy);
  /** A voucher's lines as comparable text, in a fixed order. */
  const linesOf = async (id: number) =>
    (await get(`/vouchers/${id}`)).lines.map((l: { accountId: number; partyId: number | null; debit: string; credit: string }) => `${l.accountId}/${l.partyId}/${l.debit}/${l.credit}`).sort();

  before(async () => {
    t = await testApp();
    customer = (await post('/parties', { name: 'مشتری سال', roles: ['customer'] })).id;
    supplier = (await post('/parties', { name: 'تأمین‌کننده سال', roles: ['supplier'] })).id;
    bankId = (await post('/bankAccounts', { bankName: 'ملت', accountNo: '1404' })).id;
    product = (await post('/products', { name: 'کالای سال', code: '1404', sellPrice: '500000', buyPrice: '300000' })).id;
  });
  after(() => t.close());

  it('runs the year: purchases, sales, cheques in every state, a voided payment — the verifier ok after each', async () => {
    const line = (q: string, p: string) => [{ productId: product, quantity: q, unitPrice: p, vatRate: '0' }];
    await post('/invoices', { type: 'purchase', partyId: supplier, date: '1404/02/01', lines: line('100', '300000') });
    await post('/invoices', { type: 'sale', partyId: customer, date: '1404/03/01', lines: line('40', '500000') });
    await verified('sales and purchases');
    const cheque = (n: string, amount: string) => post('/cheques', { direction: 'received', partyId: customer, amount, number: n, dueDate: '1404/04/01', date: '1404/03/05' });
    const c1 = await cheque('C1', '8000000');
    const c2 = await cheque('C2', '5000000');
    const c3 = await cheque('C3', '4000000');
    await post('/payments', { direction: 'in', partyId: customer, amount: '1000000', method: 'cash', date: '1404/03/05' });
    await post(`/cheques/${c1.id}/deposit`, { bankAccountId: bankId, date: '1404/03/10' });
    await post(`/cheques/${c1.id}/clear`, { date: '1404/04/10' });
    await post(`/cheques/${c2.id}/deposit`, { bankAccountId: bankId, date: '1404/03/10' });
    await post(`/cheques/${c2.id}/bounce`, { date: '1404/04/15' });
    await post('/payments', { direction: 'in', partyId: customer, amount: '5000000', method: 'cash', date: '1404/05/01' });
    await post(`/cheques/${c3.id}/endorse`, { partyId: supplier, date: '1404/03/20' });
    await verified('received cheques');
    const i1 = await post('/payments', { direction: 'out', partyId: supplier, amount: '6000000', method: 'cheque', date: '1404/04/20', cheque: { number: 'I1', dueDate: '1404/05/20', bankAccountId: bankId } });
    await post(`/cheques/${i1.chequeId}/clear`, { date: '1404/05/20' });
    const i2 = await post('/payments', { direction: 'out', partyId: supplier, amount: '1000000', method: 'cheque', date: '1404/04/20', cheque: { number: 'I2', dueDate: '1404/06/01', bankAccountId: bankId } });
    await post(`/cheques/${i2.chequeId}/cancel`, { date: '1404/05/25' });
    const wrong = await post('/payments', { direction: 'in', partyId: customer, amount: '300000', method: 'cash', date: '1404/06/01' });
    await post(`/payments/${wrong.id}/void`, { date: '1404/06/02' });
    await verified('issued cheques and a void');
    // 20,000,000 sold; 8,000,000 + 1,000,000 + 5,000,000 + 4,000,000 (endorsed) collected.
    assert.equal(await partyBalance(customer), '2000000');
    // 30,000,000 bought; 4,000,000 endorsed + 6,000,000 cleared paid (I2 cancelled).
    assert.equal(await partyBalance(supplier), '-20000000');
    assert.equal((await get('/bankAccounts')).items.find((b: { id: number }) => b.id === bankId).balance, '2000000');
  });

  it('closes 1404: the result into retained earnings, the closing voucher, 1405\'s opening voucher with the balance sheet, permanent numbers', async () => {
    const bs = await get('/reports/balance-sheet?to=1404/12/29');
    const pl = await get('/reports/profit-and-loss?from=1404/01/01&to=1404/12/29');
    assert.equal(pl.totals.netProfit, '8000000', '40 × (500,000 − 300,000)');
    const fy = await year(1404);
    assert.equal(fy.closed, false);
    const closed = await post(`/fiscalYears/${fy.id}/close`, {});
    assert.equal(closed.closed, true);
    await verified('closed');

    const result = await get(`/vouchers/${closed.resultVoucherId}`);
    const re = result.lines.find((l: { accountCode: string }) => l.accountCode === '5201');
    assert.deepEqual([re.debit, re.credit], ['0', '8000000'], 'the year\'s profit credited to retained earnings');
    const opening = await get(`/vouchers/${closed.openingVoucherId}`);
    assert.equal(opening.dateJalali, '1405/01/01');
    assert.deepEqual((await linesOf(closed.openingVoucherId)).length, (await linesOf(closed.closingVoucherId)).length);
    // The opening voucher carries the balance sheet: assets on the debit side, liabilities and
    // equity (the year's profit now in retained earnings) on the credit side.
    assert.equal(opening.total, bs.totals.assets);
    assert.equal(bs.totals.liabilitiesAndEquity, bs.totals.assets);

    // The new year's trial balance opens with the old year's closing balances.
    const tb = await get('/reports/trial-balance?from=1405/01/01&to=1405/01/01&level=subsidiary');
    const tbOld = await get('/reports/trial-balance?to=1404/12/29&level=subsidiary');
    const net = (rows: { code: string; openingDebit?: string; openingCredit?: string; closingDebit: string; closingCredit: string }[], opening: boolean) =>
      Object.fromEntries(rows.map((r) => [r.code, BigInt((opening ? r.openingDebit! : r.closingDebit).split('.')[0]) - BigInt((opening ? r.openingCredit! : r.closingCredit).split('.')[0])]).filter(([, v]) => v !== 0n));
    assert.deepEqual(net(tb.rows, true), net(tbOld.rows, false));

    // Every voucher of 1404 has its permanent number, 1… in date order.
    const list = (await get('/vouchers?from=1404/01/01&to=1404/12/29&limit=500')).items as { date: string; id: number; permanentNumber: number }[];
    const ordered = [...list].sort((a, b) => (a.date === b.date ? a.id - b.id : a.date < b.date ? -1 : 1));
    assert.deepEqual(ordered.map((v) => v.permanentNumber), ordered.map((_, i) => i + 1));
    // A report of the closed year still shows its sales (the year-end vouchers are not documents).
    assert.equal((await get('/reports/profit-and-loss?from=1404/01/01&to=1404/12/29')).totals.netProfit, '8000000');
  });

  it('a posting into the closed year is refused CLOSED_PERIOD on /daftar/v1, Siba and Hesabfa, with nothing written; 1405 takes postings', async () => {
    const snap = await snapshotCounts(t.database);
    let r = await call(t.app, 'POST', '/daftar/v1/invoices', { type: 'sale', partyId: customer, date: '1404/08/01', lines: [{ productId: product, quantity: '1', unitPrice: '500000' }] }, admin);
    assert.deepEqual([r.status, r.body.code, r.body.field], [409, 'CLOSED_PERIOD', 'date'], JSON.stringify(r.body));
    assert.match(r.body.detail, /۱۴۰۴|1404/);
    r = await call(t.app, 'POST', '/daftar/v1/payments', { direction: 'in', partyId: customer, amount: '1', method: 'cash', date: '1404/12/01' }, admin);
    assert.equal(r.body.code, 'CLOSED_PERIOD');
    const siba = await call(t.app, 'POST', '/api/factors', { invoiceType: 2, invoiceDate: '1404/08/01', personId: customer, details: [{ itemId: product, itemType: 0, quantity: 1, price: 500000, taxPerc: 0 }] }, admin);
    assert.equal(siba.body.success, false, JSON.stringify(siba.body));
    assert.equal(siba.body.errCode, 1001);
    const hesabfa = await call(t.app, 'POST', '/v1/item/UpdateOpeningQuantity', { apiKey: 'test-hesabfa-key-a', loginToken: 'test-hesabfa-login-a', items: [{ Code: '1404', Quantity: 5, UnitPrice: 300000 }] });
    assert.deepEqual([hesabfa.body.Success, hesabfa.body.ErrorCode], [false, 114], JSON.stringify(hesabfa.body));
    assert.deepEqual(await snapshotCounts(t.database), snap, 'nothing written');
    await post('/invoices', { type: 'sale', partyId: customer, date: '1405/02/01', lines: [{ productId: product, quantity: '1', unitPrice: '500000', vatRate: '0' }] });
    await verified('posting in 1405');
  });

  it('reopening reverses the year-end vouchers; closing again writes the same ones', async () => {
    const fy = await year(1404);
    const before = { result: await linesOf(fy.resultVoucherId), closing: await linesOf(fy.closingVoucherId), opening: await linesOf(fy.openingVoucherId) };
    const reopened = await post(`/fiscalYears/${fy.id}/reopen`, {});
    assert.deepEqual([reopened.closed, reopened.closingVoucherId], [false, null]);
    assert.equal((await get(`/vouchers/${fy.closingVoucherId}`)).reversedById !== null, true);
    await verified('reopened');
    const list = (await get('/vouchers?from=1404/01/01&to=1404/03/01&limit=500')).items as { permanentNumber: number | null }[];
    assert.ok(list.every((v) => v.permanentNumber === null), 'permanent numbers cleared');
    const again = await post(`/fiscalYears/${fy.id}/close`, {});
    assert.deepEqual(
      { result: await linesOf(again.resultVoucherId), closing: await linesOf(again.closingVoucherId), opening: await linesOf(again.openingVoucherId) },
      before,
    );
    await verified('closed again');
    const twice = await call(t.app, 'POST', `/daftar/v1/fiscalYears/${fy.id}/close`, {}, admin);
    assert.deepEqual([twice.status, twice.body.code], [409, 'CONFLICT']);
    // This year has not ended: closing it is refused, naming its last day.
    const current = await year(1405);
    const early = await call(t.app, 'POST', `/daftar/v1/fiscalYears/${current.id}/close`, {}, admin);
    assert.deepEqual([early.status, early.body.code], [409, 'CONFLICT']);
    assert.match(early.body.detail, /۱۴۰۵\/۱۲\/۲۹|1405\/12\/29/);
  });
});
