import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { call, testApp, type TestApp } from '../../helpers/app.js';
import { transact } from '../../../src/db/transact.js';
import { createCashRegister } from '../../../src/domain/money/accounts.js';
import { postPayment } from '../../../src/domain/money/payments.js';
import { Dec } from '../../../src/domain/shared/money.js';
import { actorFor, addParty, addProduct, addWarehouse, balanceIn, ledger, snapshot, voucherByRole } from '../../domain/invoicing/fixtures.js';

/** The seed's own example body (000_bd2aac33331080a8.txt, «فاکتور (Factors)»), byte for byte. */
const SEED_BODY = `{
  "invoiceType": 2,
  "invoiceDate": "2025-09-03",
  "invoiceTime": "10:30:00",
  "invoiceNo": 12345,
  "personId": 1,
  "discount": 0,
  "info": "فاکتور فروش نمونه",
  "userId": 1,
  "discountItem": 0,
  "servicePerc": 0,
  "roundPrice": 0,
  "details": [
    {
      "itemId": 101,
      "itemType": 0,
      "quantity": 2,
      "quantity1": 1,
      "quantity2": 1,
      "price": 50000,
      "sumPrice": 100000,
      "info": "کالا نمونه",
      "warehouseCode": 10,
      "discount": 0,
      "quantityStr": "2 عدد",
      "taxPerc": 9,
      "feePerc": 0
    },
    {
      "itemId": 102,
      "itemType": 1,
      "quantity": 1,
      "quantity1": 1,
      "quantity2": 0,
      "price": 20000,
      "sumPrice": 20000,
      "info": "خدمت نمونه",
      "warehouseCode": 0,
      "discount": 0,
      "quantityStr": "1 واحد",
      "taxPerc": 0,
      "feePerc": 0
    }
  ]
}`;

const seed = () => JSON.parse(SEED_BODY);

describe('Siba /api/factors', () => {
  let t: TestApp;
  let biz: number;
  let wh10: number;
  let seedFactorId: number;

  before(async () => {
    t = await testApp();
    biz = t.business.businessId;
    const admin = actorFor(biz, t.business.adminUserId);
    const person = await addParty(t.database, admin, 'مشتری نمونه');
    assert.equal(person.id, 1, 'the seed names person 1');
    await addParty(t.database, admin, 'فروشنده');
    await addProduct(t.database, biz, { id: 101, name: 'کالا نمونه' });
    await addProduct(t.database, biz, { id: 102, name: 'خدمت نمونه', kind: 'service' });
    wh10 = await addWarehouse(t.database, admin, 10);
    // Stock to sell: a purchase of 5 into warehouse 10 at 30000 (no VAT).
    const buy = await call(t.app, 'POST', '/api/factors', {
      invoiceType: 1,
      invoiceDate: '1404/06/01',
      personId: 2,
      details: [{ itemId: 101, itemType: 0, quantity: 5, price: 30000, warehouseCode: 10, taxPerc: 0 }],
    });
    assert.equal(buy.status, 200, JSON.stringify(buy.body));
    assert.equal(buy.body.data.factor.invoiceNo, 1);
  });
  after(() => t.close());

  it('accepts the seed document’s example body as written and returns every computed figure', async () => {
    const before = await balanceIn(t.database, biz, 101, wh10);
    assert.equal(before, '5');
    const r = await call(t.app, 'POST', '/api/factors', SEED_BODY);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual([r.body.success, r.body.errCode, r.body.errMsg], [true, 0, '']);
    const f = r.body.data.factor;
    seedFactorId = f.factorId;
    assert.ok(Number.isInteger(f.factorId));
    assert.deepEqual(
      [f.invoiceType, f.invoiceNo, f.invoiceDate, f.invoiceDateJalali, f.invoiceTime, f.personId, f.userId, f.info, f.status],
      [2, 12345, '2025-09-03', '1404/06/12', '10:30:00', 1, 1, 'فاکتور فروش نمونه', 'posted'],
    );
    const [l1, l2] = f.details;
    assert.deepEqual(
      [l1.itemId, l1.itemType, l1.quantity, l1.quantity1, l1.quantity2, l1.quantityStr, l1.warehouseCode, l1.sumPrice, l1.net, l1.tax, l1.total],
      [101, 0, 2, 1, 1, '2 عدد', 10, 100000, 100000, 9000, 109000],
    );
    assert.deepEqual([l2.itemId, l2.itemType, l2.warehouseCode, l2.net, l2.tax, l2.total, l2.cost], [102, 1, 0, 20000, 0, 20000, null]);
    assert.deepEqual([f.sumPrice, f.sumNet, f.sumTax, f.sumFee, f.serviceCharge, f.payable], [120000, 120000, 9000, 0, 0, 129000]);
    assert.equal(l1.unitCost, 30000);
    assert.equal(f.cogs, 60000);
    assert.ok(f.voucherId);
    assert.deepEqual(await voucherByRole(t.database, biz, f.voucherId), {
      receivable: '129000',
      sales: '-100000',
      service_revenue: '-20000',
      vat_payable: '-9000',
      cogs: '60000',
      inventory: '-60000',
    });
    assert.equal(await balanceIn(t.database, biz, 101, wh10), '3', 'stock of 101 in warehouse 10 dropped by 2');
    const l = await ledger(t.database, biz);
    assert.equal(l.trial, '0');
    assert.equal(l.inventory, l.valuation);
  });

  it('GET /api/factors/{id}: header, lines, totals, voucher and payments', async () => {
    const r = await call(t.app, 'GET', `/api/factors/${seedFactorId}`);
    assert.equal(r.status, 200);
    const f = r.body.data.factor;
    assert.equal(f.factorId, seedFactorId);
    assert.equal(f.payable, 129000);
    assert.equal(f.details.length, 2);
    assert.deepEqual([f.paid, f.remaining, f.payments], [0, 129000, []]);
    assert.equal((await call(t.app, 'GET', '/api/factors/99999999')).body.errCode, 1002);
    const bad = await call(t.app, 'GET', '/api/factors/abc');
    assert.deepEqual([bad.status, bad.body.errCode], [400, 1001]);
  });

  it('GET /api/factors/{id}: a receipt against the factor shows as paid, the rest as remaining', async () => {
    const admin = actorFor(biz, t.business.adminUserId);
    const cash = await transact(t.database.db, (tx) => createCashRegister(tx, admin, { name: 'صندوق فروشگاه' }));
    const pay = await transact(t.database.db, (tx) =>
      postPayment(tx, admin, { kind: 'receipt', partyId: 1, amount: new Dec(50000), date: '2025-09-04', cashRegisterId: cash.id, invoiceId: seedFactorId }),
    );
    const f = (await call(t.app, 'GET', `/api/factors/${seedFactorId}`)).body.data.factor;
    assert.deepEqual([f.paid, f.remaining], [50000, 79000]);
    assert.deepEqual(f.payments, [{ paymentId: pay.paymentId, kind: 'receipt', amount: 50000, date: '2025-09-04' }]);
  });

  it('GET /api/factors filters by invoiceType, personId and dates, with paging', async () => {
    const all = await call(t.app, 'GET', '/api/factors');
    assert.equal(all.status, 200);
    assert.ok(all.body.data.factor.length >= 2);
    const sales = await call(t.app, 'GET', '/api/factors?invoiceType=2&personId=1');
    assert.deepEqual(sales.body.data.factor.map((f: { factorId: number }) => f.factorId), [seedFactorId]);
    const byDate = await call(t.app, 'GET', '/api/factors?fromDate=1404/06/01&toDate=1404/06/01');
    assert.deepEqual(byDate.body.data.factor.map((f: { invoiceType: number }) => f.invoiceType), [1]);
    const page = await call(t.app, 'GET', '/api/factors?limit=1&offset=0');
    assert.equal(page.body.data.factor.length, 1);
    assert.equal(page.headers['x-total-count'], String(all.body.data.factor.length));
    const clamped = await call(t.app, 'GET', '/api/factors?limit=100000&offset=-5');
    assert.equal(clamped.status, 200);
    assert.equal(clamped.body.data.factor.length, all.body.data.factor.length);
    const bad = await call(t.app, 'GET', '/api/factors?fromDate=not-a-date');
    assert.deepEqual([bad.status, bad.body.errCode], [400, 1001]);
    assert.match(bad.body.errMsg, /fromDate/);
  });

  it('the same invoiceNo again → 409 / 1003, nothing written', async () => {
    const before = await snapshot(t.database);
    const r = await call(t.app, 'POST', '/api/factors', SEED_BODY);
    assert.deepEqual([r.status, r.body.success, r.body.errCode, r.body.data], [409, false, 1003, null]);
    assert.match(r.body.errMsg, /invoiceNo/);
    assert.deepEqual(await snapshot(t.database), before);
  });

  it('refusals name the field and write nothing', async () => {
    // Each case: the seed body with one change (and a free invoiceNo, so only that change is wrong).
    const variant = (no: number, change: (b: any) => void) => {
      const b = seed();
      b.invoiceNo = no;
      change(b);
      return b;
    };
    const cases: { name: string; body: unknown; status: number; errCode: number; field: string }[] = [
      { name: 'sumPrice ≠ quantity × price', body: variant(7001, (b) => (b.details[0].sumPrice = 99999)), status: 400, errCode: 1001, field: 'details[0].sumPrice' },
      { name: 'unknown product', body: variant(7002, (b) => (b.details[1].itemId = 555)), status: 404, errCode: 1002, field: 'details[1].itemId' },
      { name: 'unknown person', body: variant(7003, (b) => (b.personId = 404)), status: 404, errCode: 1002, field: 'personId' },
      { name: 'unknown warehouse', body: variant(7004, (b) => (b.details[0].warehouseCode = 77)), status: 404, errCode: 1002, field: 'details[0].warehouseCode' },
      { name: 'quantity not a number', body: variant(7005, (b) => (b.details[0].quantity = 'دو')), status: 400, errCode: 1001, field: 'details[0].quantity' },
      { name: 'no details', body: variant(7006, (b) => delete b.details), status: 400, errCode: 1001, field: 'details' },
      {
        name: 'more than the stock',
        body: variant(7007, (b) => Object.assign(b.details[0], { quantity: 4, sumPrice: 200000 })),
        status: 409,
        errCode: 1005,
        field: 'details[0]',
      },
      { name: 'goods on a service line', body: variant(7008, (b) => (b.details[1].itemId = 101)), status: 400, errCode: 1001, field: 'details[1].itemType' },
      { name: 'discountItem ≠ Σ line discounts', body: variant(7009, (b) => (b.discountItem = 5)), status: 400, errCode: 1001, field: 'discountItem' },
      { name: 'unknown invoiceType', body: variant(7010, (b) => (b.invoiceType = 8)), status: 400, errCode: 1001, field: 'invoiceType' },
      { name: 'itemId 0', body: variant(7011, (b) => (b.details[0].itemId = 0)), status: 404, errCode: 1002, field: 'details[0].itemId' },
      { name: 'line discount above its amount', body: variant(7012, (b) => (b.details[1].discount = 20001)), status: 400, errCode: 1001, field: 'details[1].discount' },
      { name: 'bad date', body: variant(7013, (b) => (b.invoiceDate = '1404/13/01')), status: 400, errCode: 1001, field: 'invoiceDate' },
    ];

    const before = await snapshot(t.database);
    for (const c of cases) {
      const r = await call(t.app, 'POST', '/api/factors', c.body);
      assert.equal(r.status, c.status, `${c.name}: ${JSON.stringify(r.body)}`);
      assert.deepEqual([r.body.success, r.body.errCode, r.body.data], [false, c.errCode, null], c.name);
      assert.ok(r.body.errMsg.includes(c.field) || c.errCode === 1005, `${c.name}: «${r.body.errMsg}» names ${c.field}`);
      assert.equal(r.body.errField, c.field, c.name);
    }
    assert.deepEqual(await snapshot(t.database), before);
  });

  it('numbers as strings with Persian digits are read; invoiceNo omitted → the next number', async () => {
    const r = await call(t.app, 'POST', '/api/factors', {
      invoiceType: '۲',
      invoiceDate: '۱۴۰۴/۰۶/۱۵',
      personId: '1',
      details: [{ itemId: '101', itemType: '0', quantity: '۱', price: '۴۰۰۰۰', warehouseCode: '۱۰', taxPerc: '10' }],
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const f = r.body.data.factor;
    assert.deepEqual([f.invoiceNo, f.invoiceDate, f.payable, f.details[0].tax], [12346, '2025-09-06', 44000, 4000]);
  });

  it('Idempotency-Key: a retry replays the first answer and writes nothing', async () => {
    const body = { invoiceType: 5, personId: 1, details: [{ itemId: 102, itemType: 1, quantity: 1, price: 100 }] };
    const h = { 'idempotency-key': 'factor-retry-1' };
    const a = await call(t.app, 'POST', '/api/factors', body, h);
    assert.equal(a.status, 200);
    const before = await snapshot(t.database);
    const b = await call(t.app, 'POST', '/api/factors', body, h);
    assert.deepEqual(b.body, a.body);
    assert.deepEqual(await snapshot(t.database), before);
  });

  it('DELETE /api/factors/{id} voids with reversing entries; twice → 409; clerks → 403', async () => {
    const sale = await call(t.app, 'POST', '/api/factors', {
      invoiceType: 2,
      personId: 1,
      details: [{ itemId: 101, quantity: 1, price: 35000, warehouseCode: 10, taxPerc: 0 }],
    });
    assert.equal(sale.status, 200, JSON.stringify(sale.body));
    const id = sale.body.data.factor.factorId;
    const stockBefore = await balanceIn(t.database, biz, 101, wh10);

    // a clerk may post but not void
    const mk = await call(t.app, 'POST', '/api/users', { userName: 'clerk1', password: 'clerk-password-1', role: 'clerk' });
    assert.equal(mk.status, 200, JSON.stringify(mk.body));
    const login = await call(t.app, 'POST', '/api/users/login', { userName: 'clerk1', password: 'clerk-password-1' });
    const token = login.body.data.user.token;
    const snap = await snapshot(t.database);
    const denied = await call(t.app, 'DELETE', `/api/factors/${id}`, undefined, { authorization: `Bearer ${token}` });
    assert.deepEqual([denied.status, denied.body.errCode], [403, 1007]);
    assert.deepEqual(await snapshot(t.database), snap);

    const v = await call(t.app, 'DELETE', `/api/factors/${id}`);
    assert.equal(v.status, 200, JSON.stringify(v.body));
    assert.equal(v.body.data.factor.status, 'voided');
    assert.ok(v.body.data.factor.voidVoucherId);
    assert.equal(await balanceIn(t.database, biz, 101, wh10), String(Number(stockBefore) + 1));
    const again = await call(t.app, 'DELETE', `/api/factors?factorId=${id}`);
    assert.deepEqual([again.status, again.body.errCode], [409, 1003]);
    const still = await call(t.app, 'GET', `/api/factors/${id}`);
    assert.deepEqual([still.body.data.factor.status, still.body.data.factor.remaining], ['voided', 0]);
    const missing = await call(t.app, 'DELETE', '/api/factors/99999999');
    assert.deepEqual([missing.status, missing.body.errCode], [404, 1002]);
    const l = await ledger(t.database, biz);
    assert.equal(l.trial, '0');
    assert.equal(l.inventory, l.valuation);
  });
});
