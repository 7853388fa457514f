import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { xlsxOf } from './sheets.js';
import { backend, call, testApp, type TestApp } from '../../helpers/app.js';
import { todayIso } from '../../../src/domain/shared/dates.js';
import { admin, daftarOf } from './money-fixtures.js';

/** An ISO date `days` from today (Tehran). */
function dayFrom(days: number): string {
  const d = new Date(`${todayIso()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The Saturday on or before a date, found by walking back a day at a time. */
function saturdayOf(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  while (d.getUTCDay() !== 6) d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The money reports of issue 22 against hand-computed figures: aging (first in, first out),
 * cheques due by week, the bank book's running balance, cheques in a party's statement.
 */
describe(`/daftar/v1 money reports (${backend})`, () => {
  let t: TestApp;
  let customer: number;
  let supplier: number;
  let bankId: number;
  let product: number;

  const { post, get } = daftarOf(() => t);
  const line = (quantity: string, unitPrice: string) => [{ productId: product, quantity, unitPrice, vatRate: '0' }];

  before(async () => {
    t = await testApp();
    customer = (await post('/parties', { name: 'مشتری سنی', roles: ['customer'] })).id;
    supplier = (await post('/parties', { name: 'تأمین‌کننده سنی', roles: ['supplier'] })).id;
    bankId = (await post('/bankAccounts', { bankName: 'ملت', accountNo: '1', openingBalance: '1000000' })).id;
    product = (await post('/products', { name: 'کالای سنی', sellPrice: '10000', buyPrice: '30000' })).id;
    // Supplier: bought 3,000,000 120 days ago, paid 1,000,000: 2,000,000 owed, over 90 days.
    await post('/invoices', { type: 'purchase', partyId: supplier, date: dayFrom(-120), lines: line('100', '30000') });
    await post('/payments', { direction: 'out', partyId: supplier, amount: '1000000', method: 'bank', bankAccountId: bankId, date: dayFrom(-60) });
    // Customer: sales of 1,000,000 (100 days ago), 2,000,000 (45), 500,000 (10); paid 1,200,000
    // five days ago — it settles the oldest sale and 200,000 of the next.
    await post('/invoices', { type: 'sale', partyId: customer, date: dayFrom(-100), lines: line('10', '100000') });
    await post('/invoices', { type: 'sale', partyId: customer, date: dayFrom(-45), lines: line('20', '100000') });
    await post('/invoices', { type: 'sale', partyId: customer, date: dayFrom(-10), lines: line('5', '100000') });
    await post('/payments', { direction: 'in', partyId: customer, amount: '1200000', method: 'cash', date: dayFrom(-5) });
  });
  after(() => t.close());

  it('aging lays each balance on the newest postings and buckets it by age', async () => {
    const r = await get('/reports/aging');
    const c = r.items.find((x: { partyId: number }) => x.partyId === customer);
    assert.deepEqual([c.side, c.total], ['receivable', '2300000']);
    assert.deepEqual(c.buckets, { days0to30: '500000', days31to60: '1800000', days61to90: '0', over90: '0' });
    const s = r.items.find((x: { partyId: number }) => x.partyId === supplier);
    assert.deepEqual([s.side, s.total, s.buckets.over90], ['payable', '2000000', '2000000']);
    assert.equal(r.totals.receivable.total, '2300000');
    assert.equal(r.totals.payable.buckets.over90, '2000000');
    // As of 50 days ago: the second sale was 5 days old and the first 55; nothing was paid yet.
    const then = await get(`/reports/aging?asOf=${dayFrom(-50)}`);
    const c2 = then.items.find((x: { partyId: number }) => x.partyId === customer);
    assert.deepEqual([c2.total, c2.buckets.days31to60, c2.buckets.days0to30], ['1000000', '1000000', '0']);
  });

  it('cheques due: open cheques by due date with weekly totals; the received in hand count, cleared ones do not', async () => {
    const a = await post('/cheques', { direction: 'received', partyId: customer, amount: '300000', number: 'A1', dueDate: dayFrom(3) });
    await post('/cheques', { direction: 'received', partyId: customer, amount: '400000', number: 'A2', dueDate: dayFrom(10) });
    await post('/cheques', { direction: 'issued', partyId: supplier, amount: '250000', number: 'B1', dueDate: dayFrom(3), bankAccountId: bankId });
    const gone = await post('/cheques', { direction: 'received', partyId: customer, amount: '999', number: 'A3', dueDate: dayFrom(3) });
    await post(`/cheques/${gone.id}/return`, {});
    const r = await get('/reports/cheques-due');
    assert.deepEqual(r.items.map((x: { number: string }) => x.number).sort(), ['A1', 'A2', 'B1']);
    assert.equal(r.items[0].dueDate <= r.items[2].dueDate, true, 'nearest first');
    assert.deepEqual(r.totals, { received: '700000', issued: '250000', net: '450000' });
    const expected = new Map<string, { received: bigint; issued: bigint }>();
    for (const [due, dir, amt] of [[dayFrom(3), 'received', 300000n], [dayFrom(10), 'received', 400000n], [dayFrom(3), 'issued', 250000n]] as const) {
      const w = saturdayOf(due);
      const e = expected.get(w) ?? { received: 0n, issued: 0n };
      e[dir] += amt;
      expected.set(w, e);
    }
    assert.deepEqual(
      r.weeks.map((w: { weekStart: string; received: string; issued: string }) => [w.weekStart, w.received, w.issued]),
      [...expected.entries()].sort().map(([w, e]) => [w, String(e.received), String(e.issued)]),
    );
    assert.equal(r.items.find((x: { number: string }) => x.number === 'A1').daysToDue, 3);
    // The dashboard counts the open cheques due this week (Saturday to Friday).
    const sat = saturdayOf(todayIso());
    const inWeek = (d: string) => d >= sat && d <= new Date(Date.parse(`${sat}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
    const dash = await get('/reports/dashboard');
    const rec = [[dayFrom(3), 300000n], [dayFrom(10), 400000n]].filter(([d]) => inWeek(d as string));
    assert.deepEqual(dash.chequesThisWeek.received, { count: rec.length, total: String(rec.reduce((x, [, a]) => x + (a as bigint), 0n)) });
    assert.deepEqual(dash.chequesThisWeek.issued, inWeek(dayFrom(3)) ? { count: 1, total: '250000' } : { count: 0, total: '0' });
    const only = await get(`/reports/cheques-due?from=${dayFrom(5)}&to=${dayFrom(30)}`);
    assert.deepEqual(only.items.map((x: { number: string }) => x.number), ['A2']);

    // The customer's statement names the cheque and its state.
    const st = await get(`/parties/${customer}/statement`);
    const titles = st.items.map((x: { document: { title: string } }) => x.document.title);
    assert.ok(titles.some((x: string) => x === 'دریافت چک A1 (نزد صندوق)'), titles.join(' | '));
    assert.ok(titles.some((x: string) => /^عودت چک A3/.test(x)), titles.join(' | '));
    await post(`/cheques/${a.id}/deposit`, { bankAccountId: bankId });
    await post(`/cheques/${a.id}/clear`, {});
  });

  it('the bank book runs from the opening balance through each document', async () => {
    const r = await get(`/reports/money-book?bankAccountId=${bankId}`);
    assert.equal(r.account.kind, 'bankAccount');
    assert.equal(r.openingBalance, '0');
    const balances = r.items.map((x: { balance: string }) => x.balance);
    // Opening 1,000,000; paid 1,000,000 to the supplier; cheque A1 cleared 300,000.
    assert.deepEqual(balances, ['1000000', '0', '300000']);
    assert.equal(r.closingBalance, (await get('/bankAccounts')).items.find((b: { id: number }) => b.id === bankId).balance);
    assert.match(r.items[2].document.title, /چک A1/);
    const period = await get(`/reports/money-book?bankAccountId=${bankId}&from=${dayFrom(-30)}`);
    assert.deepEqual([period.openingBalance, period.items.length], ['0', 1]);
    const both = await call(t.app, 'GET', `/daftar/v1/reports/money-book?bankAccountId=${bankId}&cashRegisterId=1`, undefined, admin);
    assert.equal(both.status, 400);
  });
  it('as spreadsheets: aging, cheques due and the bank book read back from XLSX equal the JSON, totals included; codes in Persian', async () => {
    const sheet = (url: string) => xlsxOf(t, url, admin);
    const ag = await get('/reports/aging');
    const a = await sheet('/reports/aging?format=xlsx');
    assert.equal(a.rows.length, ag.items.length, 'no totals row: receivables and payables do not add up together');
    for (const x of ag.items) {
      const r = a.rows.find((row) => row[a.col('طرف حساب')] === x.partyName)!;
      assert.deepEqual([r[a.col('مانده')], r[a.col('۰ تا ۳۰ روز')] ?? 0, r[a.col('بیش از ۹۰ روز')] ?? 0], [Number(x.total), Number(x.buckets.days0to30), Number(x.buckets.over90)]);
      assert.equal(r[a.col('طرف')], x.side === 'receivable' ? 'بدهکار (طلب ما)' : 'بستانکار (بدهی ما)');
    }
    const due = await get('/reports/cheques-due');
    const d = await sheet('/reports/cheques-due?format=xlsx');
    assert.equal(d.rows.length, due.items.length + 1);
    for (const x of due.items) {
      const r = d.rows.find((row) => row[d.col('شماره چک')] === x.number)!;
      assert.equal(r[d.col('سررسید')], x.dueDateJalali);
      assert.equal(r[d.col(x.direction === 'received' ? 'دریافتی' : 'پرداختی')], Number(x.amount));
      assert.equal(r[d.col('نوع')], x.direction === 'received' ? 'دریافتی' : 'پرداختی');
    }
    assert.deepEqual([d.rows.at(-1)![d.col('دریافتی')], d.rows.at(-1)![d.col('پرداختی')]], [Number(due.totals.received), Number(due.totals.issued)]);
    const book = await get(`/reports/money-book?bankAccountId=${bankId}`);
    const b = await sheet(`/reports/money-book?bankAccountId=${bankId}&format=xlsx`);
    assert.equal(b.rows.length, book.items.length + 1);
    assert.deepEqual(b.rows.map((r) => r[b.col('مانده')] ?? 0).slice(0, -1), book.items.map((x: { balance: string }) => Number(x.balance)));
    const last = b.rows.at(-1)!;
    assert.deepEqual([last[0], last[b.col('بدهکار')], last[b.col('بستانکار')], last[b.col('مانده')]], ['جمع', Number(book.totals.debit), Number(book.totals.credit), Number(book.closingBalance)]);
  });
});
