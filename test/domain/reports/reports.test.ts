import { systemActor } from '../../../src/domain/context.js';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../helpers/app.js';
import { Dec } from '../../../src/domain/shared/money.js';
import {
  balanceSheet,
  inventoryValuation,
  personStatement,
  profitAndLoss,
  reorderList,
  salesReport,
  stockCard,
  trialBalance,
} from '../../../src/domain/reports/index.js';
import { buildBusiness, type Fixture } from './fixture.js';

/** Compares decimal strings by value ('1000.0000' equals 1000). */
const eq = (actual: string | null | undefined, expected: number | string, msg?: string) =>
  assert.ok(actual !== null && actual !== undefined && new Dec(actual).eq(expected), `${msg ?? ''} expected ${expected}, got ${actual}`);

describe('reports on a small business (hand-computed figures)', () => {
  let t: TestApp;
  let f: Fixture;
  let b: number;
  before(async () => {
    t = await testApp();
    b = t.business.businessId;
    f = await buildBusiness(t.database, b, t.business.adminUserId);
  });
  after(() => t.close());

  it('trial balance, subsidiary level: each account and equal totals', async () => {
    const tb = await trialBalance(t.database.db, systemActor(b), { level: 'subsidiary' });
    const byCode = new Map(tb.rows.map((r) => [r.code, r]));
    eq(byCode.get('1301')!.closingDebit, 1446000, 'inventory');
    eq(byCode.get('1201')!.closingDebit, 1910000, 'receivable');
    eq(byCode.get('1101')!.closingDebit, 1500000, 'cash');
    eq(byCode.get('1401')!.closingDebit, 61000, 'VAT receivable');
    eq(byCode.get('3101')!.closingCredit, 671000, 'payable');
    eq(byCode.get('3201')!.closingCredit, 210000, 'VAT payable');
    eq(byCode.get('5202')!.closingCredit, 2800000, 'opening equity');
    eq(byCode.get('7101')!.closingDebit, 964000, 'COGS');
    eq(tb.totals.closingDebit, 5881000);
    eq(tb.totals.closingCredit, 5881000);
    eq(tb.totals.periodDebit, tb.totals.periodCredit);
    assert.equal(tb.total, tb.rows.length);
  });

  it('trial balance, group level and with a period: opening + period = closing', async () => {
    const g = await trialBalance(t.database.db, systemActor(b), { level: 'group' });
    const byCode = new Map(g.rows.map((r) => [r.code, r]));
    eq(byCode.get('1')!.closingDebit, 4917000);
    eq(byCode.get('3')!.closingCredit, 881000);
    eq(byCode.get('5')!.closingCredit, 2800000);
    eq(byCode.get('6')!.closingCredit, 2200000);
    eq(byCode.get('7')!.closingDebit, 964000);
    eq(g.totals.closingDebit, 5881000);

    // From 1403/04/01 (2024-06-21): the opening is everything before (stock, party opening, purchase).
    const p = await trialBalance(t.database.db, systemActor(b), { level: 'subsidiary', fromDate: '2024-06-21', toDate: '2024-08-31' });
    const inv = p.rows.find((r) => r.code === '1301')!;
    eq(inv.openingDebit, 2410000);
    eq(inv.periodCredit, 904000);
    eq(inv.closingDebit, 1506000);
    eq(p.totals.openingDebit, p.totals.openingCredit);
    eq(p.totals.closingDebit, p.totals.closingCredit);
  });

  it('trial balance, detail level: parties split out of receivable and payable', async () => {
    const d = await trialBalance(t.database.db, systemActor(b), { level: 'detail' });
    const cust = d.rows.find((r) => r.code === '1201' && r.detailName === 'علی رضایی')!;
    eq(cust.closingDebit, 1910000);
    assert.equal(cust.detailKind, 'party');
    eq(d.totals.closingDebit, 5881000);
    const page = await trialBalance(t.database.db, systemActor(b), { level: 'detail', offset: 1, limit: 2 });
    assert.equal(page.rows.length, 2);
    assert.equal(page.total, d.total);
    assert.deepEqual(page.totals, d.totals);
  });

  it('person statement: running balance from the opening balance', async () => {
    const s = await personStatement(t.database.db, systemActor(b), { partyId: f.customer });
    assert.equal(s.personName, 'علی رضایی');
    eq(s.openingBalance, 0);
    const moves = s.lines.map((l) => [l.date, Number(l.debit), Number(l.credit), Number(l.balance)]);
    assert.deepEqual(moves, [
      ['2024-03-20', 1000000, 0, 1000000],
      ['2024-07-15', 2310000, 0, 3310000],
      ['2024-08-20', 0, 1500000, 1810000],
      ['2024-09-01', 100000, 0, 1910000],
      ['2024-09-05', 50000, 0, 1960000],
      ['2024-09-05', 0, 50000, 1910000],
    ]);
    assert.equal(s.lines[1].sourceType, 'invoice');
    assert.equal(s.lines[2].sourceType, 'payment');
    eq(s.totals.closingBalance, 1910000);

    const from = await personStatement(t.database.db, systemActor(b), { partyId: f.customer, fromDate: '1403/05/01', toDate: '1403/06/31' });
    eq(from.openingBalance, 3310000);
    assert.deepEqual(from.lines.map((l) => Number(l.balance)), [1810000, 1910000, 1960000, 1910000]);
    eq(from.totals.debit, 150000);
    eq(from.totals.credit, 1550000);
    eq(from.totals.closingBalance, 1910000);
  });

  it('person statement: unknown person is NOT_FOUND, missing personId is MISSING_FIELD', async () => {
    await assert.rejects(personStatement(t.database.db, systemActor(b), { partyId: 99999 }), { code: 'NOT_FOUND' });
    await assert.rejects(personStatement(t.database.db, systemActor(b), {}), { code: 'MISSING_FIELD' });
  });

  it('stock card: movements with running quantity and value', async () => {
    const c = await stockCard(t.database.db, systemActor(b), { productId: f.productA });
    assert.deepEqual(
      c.lines.map((l) => [l.date, l.warehouse, Number(l.quantityIn), Number(l.quantityOut), Number(l.unitCost), Number(l.value), Number(l.runningQuantity), Number(l.runningValue)]),
      [
        ['2024-04-01', 1, 10, 0, 100000, 1000000, 10, 1000000],
        ['2024-04-01', 2, 5, 0, 130000, 650000, 15, 1650000],
        ['2024-06-10', 1, 5, 0, 122000, 610000, 20, 2260000],
        ['2024-07-15', 1, 0, 8, 113000, -904000, 12, 1356000],
      ],
    );
    eq(c.totals.closingQuantity, 12);
    eq(c.totals.closingValue, 1356000);
    const w1 = await stockCard(t.database.db, systemActor(b), { productId: f.productA, warehouse: 1, fromDate: '2024-05-01' });
    eq(w1.openingQuantity, 10);
    eq(w1.openingValue, 1000000);
    assert.deepEqual(w1.lines.map((l) => Number(l.runningQuantity)), [15, 7]);
    eq(w1.totals.closingQuantity, 7);
    await assert.rejects(stockCard(t.database.db, systemActor(b), { productId: f.productA, warehouse: 9 }), { code: 'NOT_FOUND' });
  });

  it('stock card: pages carry the running balance and the totals of the whole card', async () => {
    const whole = await stockCard(t.database.db, systemActor(b), { productId: f.productA });
    const pages = [];
    for (let offset = 0; offset < whole.total + 2; offset += 1) pages.push(await stockCard(t.database.db, systemActor(b), { productId: f.productA, offset, limit: 1 }));
    assert.deepEqual(
      pages.flatMap((p) => p.lines),
      whole.lines,
    );
    for (const p of pages) {
      assert.equal(p.total, whole.total);
      assert.deepEqual(p.totals, whole.totals);
    }
    const two = await stockCard(t.database.db, systemActor(b), { productId: f.productA, offset: 1, limit: 2 });
    assert.deepEqual(two.lines, whole.lines.slice(1, 3));
  });

  it('inventory valuation: per product and warehouse, total = inventory account', async () => {
    const v = await inventoryValuation(t.database.db, systemActor(b), {});
    assert.deepEqual(
      v.rows.map((r) => [r.productName, r.warehouse, Number(r.quantity), Number(r.averageCost), Number(r.value)]),
      [
        ['کالای الف', 1, 7, 113000, 791000],
        ['کالای الف', 2, 5, 113000, 565000],
        ['کالای ب', 1, 3, 30000, 90000],
      ],
    );
    eq(v.totals.value, 1446000);
    eq(v.totals.ledgerBalance, 1446000);
    // As of a past day: summed from the movements up to it.
    const past = await inventoryValuation(t.database.db, systemActor(b), { toDate: '2024-06-30' });
    eq(past.totals.value, 2410000);
    eq(past.totals.ledgerBalance, 2410000);
    eq(past.totals.quantity, 25);
  });

  it('sales report by product, customer, day and Jalali month', async () => {
    const p = await salesReport(t.database.db, systemActor(b), { groupBy: 'product' });
    const byName = new Map(p.rows.map((r) => [r.name, r]));
    const a = byName.get('کالای الف')!;
    eq(a.quantity, 8);
    eq(a.net, 1600000);
    eq(a.vat, 160000);
    eq(a.gross, 1760000);
    eq(a.cogs, 904000);
    eq(a.margin, 696000);
    const s = byName.get('خدمت نصب')!;
    eq(s.net, 500000);
    eq(s.cogs, 0);
    const bb = byName.get('کالای ب')!;
    eq(bb.quantity, 2, 'the voided sale is left out');
    eq(bb.margin, 40000);
    eq(p.totals.net, 2200000);
    eq(p.totals.vat, 210000);
    eq(p.totals.gross, 2410000);
    eq(p.totals.cogs, 964000);
    eq(p.totals.margin, 1236000);

    const c = await salesReport(t.database.db, systemActor(b), { groupBy: 'customer' });
    assert.equal(c.rows.length, 1);
    assert.equal(c.rows[0].name, 'علی رضایی');
    assert.equal(c.rows[0].invoices, 2);
    eq(c.rows[0].net, 2200000);

    const m = await salesReport(t.database.db, systemActor(b), { groupBy: 'month' });
    assert.deepEqual(m.rows.map((r) => [r.key, Number(r.net), Number(r.cogs)]), [
      ['1403/04', 2100000, 904000],
      ['1403/06', 100000, 60000],
    ]);
    const day = await salesReport(t.database.db, systemActor(b), { groupBy: 'day', fromDate: '2024-08-01' });
    assert.deepEqual(day.rows.map((r) => [r.key, Number(r.gross)]), [['2024-09-01', 100000]]);
    eq(day.totals.gross, 100000);
  });

  it('profit and loss and balance sheet from the chart groups', async () => {
    const pl = await profitAndLoss(t.database.db, systemActor(b), {});
    eq(pl.totals.revenue, 2200000);
    eq(pl.totals.costOfSales, 964000);
    eq(pl.totals.grossProfit, 1236000);
    eq(pl.totals.expenses, 0);
    eq(pl.totals.netProfit, 1236000);
    const july = await profitAndLoss(t.database.db, systemActor(b), { fromDate: '2024-07-01', toDate: '2024-07-31' });
    eq(july.totals.revenue, 2100000);
    eq(july.totals.netProfit, 2100000 - 904000);

    const bs = await balanceSheet(t.database.db, systemActor(b), {});
    eq(bs.totals.assets, 4917000);
    eq(bs.totals.liabilities, 881000);
    eq(bs.totals.equity, 2800000);
    eq(bs.totals.currentProfit, 1236000);
    eq(bs.totals.liabilitiesAndEquity, 4917000);
    assert.equal(bs.totals.balanced, true);
  });

  it('reorder list: goods at or below their order point', async () => {
    const r = await reorderList(t.database.db, systemActor(b), {});
    assert.deepEqual(
      r.rows.map((x) => [x.productName, Number(x.stockQty), Number(x.orderPoint), Number(x.minimumOrder), x.waitingTime, Number(x.suggestedQuantity)]),
      [['کالای الف', 12, 15, 5, 3, 5]],
    );
  });

  it('tenant isolation: another business sees empty reports', async () => {
    const other = await t.newBusiness();
    const tb = await trialBalance(t.database.db, systemActor(other.businessId), {});
    assert.equal(tb.rows.length, 0);
    eq(tb.totals.closingDebit, 0);
    await assert.rejects(personStatement(t.database.db, systemActor(other.businessId), { partyId: f.customer }), { code: 'NOT_FOUND' });
    const v = await inventoryValuation(t.database.db, systemActor(other.businessId), {});
    assert.equal(v.rows.length, 0);
  });
});
