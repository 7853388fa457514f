import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { call, snapshotCounts, testApp, type TestApp } from '../../helpers/app.js';
import { transact } from '../../../src/db/transact.js';
import { issueCredential } from '../../../src/domain/auth/credentials.js';

/** Issue 18 point 12: the role matrix (docs/security.md) holds on every surface. */
describe('issue 18 point 12: roles', () => {
  let t: TestApp;
  let clerk: Record<string, string>;
  let accountant: Record<string, string>;
  let clerkChortke: Record<string, string>;
  let clerkHesabfa: Record<string, string>;

  async function session(userName: string, role: string): Promise<{ auth: Record<string, string>; userId: number }> {
    const u = await call(t.app, 'POST', '/api/users', { userName, password: `${userName}-password`, role });
    assert.equal(u.status, 200, JSON.stringify(u.body));
    const login = await call(t.app, 'POST', '/api/users/login', { userName, password: `${userName}-password` });
    return { auth: { authorization: `Bearer ${login.body.data.user.token}` }, userId: u.body.data.user.userId };
  }

  before(async () => {
    t = await testApp();
    const c = await session('clerk1', 'clerk');
    clerk = c.auth;
    accountant = (await session('accountant1', 'accountant')).auth;
    const [chk, hft] = await transact(t.database.db, async (tx) => [
      await issueCredential(tx, t.business.businessId, 'chortke', { userId: c.userId }),
      await issueCredential(tx, t.business.businessId, 'hesabfa_login_token', { userId: c.userId }),
    ]);
    clerkChortke = { authorization: `Bearer ${chk}` };
    clerkHesabfa = { apiKey: 'test-hesabfa-key-a', loginToken: hft };
  });
  after(() => t.close());

  async function refusedAndUnwritten(fn: () => Promise<{ status: number; body: any }>, check: (r: { status: number; body: any }) => void) {
    const before = await snapshotCounts(t.database);
    const r = await fn();
    check(r);
    assert.deepEqual(await snapshotCounts(t.database), before, 'a forbidden call writes nothing');
  }
  const siba403 = (r: { status: number; body: any }) => {
    assert.deepEqual([r.status, r.body.errCode], [403, 1007], JSON.stringify(r.body));
    assert.match(r.body.errMsg, /نقش «فروشنده»/);
  };

  it('issue 18 point 12: a clerk cannot delete a product (Siba, Hesabfa, Chortke); an accountant can', async () => {
    const p = await call(t.app, 'POST', '/api/products', { name: 'کالای حذف', sellPrice: 10 });
    const id = p.body.data.product.productId;
    await refusedAndUnwritten(() => call(t.app, 'DELETE', `/api/products?productId=${id}`, undefined, clerk), siba403);
    await refusedAndUnwritten(
      () => call(t.app, 'POST', '/v1/item/delete', { ...clerkHesabfa, code: p.body.data.product.productCode }),
      (r) => assert.deepEqual([r.body.Success, r.body.ErrorCode], [false, 105], JSON.stringify(r.body)),
    );
    await refusedAndUnwritten(
      () => call(t.app, 'DELETE', `/v2/products/${id}`, undefined, clerkChortke),
      (r) => assert.deepEqual([r.status, r.body.code], [403, 'FORBIDDEN'], JSON.stringify(r.body)),
    );
    const ok = await call(t.app, 'DELETE', `/api/products?productId=${id}`, undefined, accountant);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });

  it('issue 18 point 12: a clerk cannot read the profit and loss (nor the other financial reports); an accountant can', async () => {
    for (const r of ['profit-loss', 'balance-sheet', 'trial-balance', 'sales', 'inventory-valuation', 'verify']) {
      siba403(await call(t.app, 'GET', `/api/reports/${r}`, undefined, clerk));
    }
    const csv = await call(t.app, 'GET', '/api/reports/profit-loss?format=csv', undefined, clerk);
    assert.equal(csv.status, 403);
    const ok = await call(t.app, 'GET', '/api/reports/profit-loss', undefined, accountant);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });

  it('issue 18 point 12: a clerk cannot post opening balances via customer, cash-register or bank initialBalance', async () => {
    await refusedAndUnwritten(() => call(t.app, 'POST', '/api/customers', { lastName: 'با مانده', initialBalance: 1000 }, clerk), siba403);
    await refusedAndUnwritten(() => call(t.app, 'POST', '/api/cashRegister', { name: 'صندوق دوم', initialBalance: 1000 }, clerk), siba403);
    await refusedAndUnwritten(() => call(t.app, 'POST', '/api/banks', { bankName: 'بانک دوم', initialBalance: 1000 }, clerk), siba403);
    // a customer without an opening balance is the clerk's to create; its balance is not
    const c = await call(t.app, 'POST', '/api/customers', { lastName: 'بی‌مانده' }, clerk);
    assert.equal(c.status, 200, JSON.stringify(c.body));
    const id = c.body.data.customer.customerId;
    await refusedAndUnwritten(() => call(t.app, 'PUT', '/api/customers', { customerId: id, initialBalance: 500 }, clerk), siba403);
    const cash = await call(t.app, 'GET', '/api/cashRegister', undefined, clerk);
    assert.equal(cash.status, 200);
    const cashId = cash.body.data.cashRegister[0]?.cashRegisterId;
    if (cashId) await refusedAndUnwritten(() => call(t.app, 'PUT', '/api/cashRegister', { cashRegisterId: cashId, initialBalance: 500 }, clerk), siba403);
    // an accountant may
    const ok = await call(t.app, 'POST', '/api/customers', { lastName: 'با مانده', initialBalance: 1000 }, accountant);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });

  it('issue 18 point 12: a clerk sells and takes receipts, sees only sales and receipts, and cannot buy, pay out or void', async () => {
    const cust = (await call(t.app, 'POST', '/api/customers', { lastName: 'خریدار' })).body.data.customer.customerId;
    const prod = (await call(t.app, 'POST', '/api/products', { name: 'کالای فروش', sellPrice: 100 })).body.data.product.productId;
    const line = { itemId: prod, itemType: 0, quantity: 1, price: 100, taxPerc: 0 };
    const buy = await call(t.app, 'POST', '/api/factors', { invoiceType: 1, invoiceDate: '1404/06/01', personId: cust, details: [{ ...line, quantity: 10 }] });
    assert.equal(buy.status, 200, JSON.stringify(buy.body));
    await refusedAndUnwritten(() => call(t.app, 'POST', '/api/factors', { invoiceType: 1, invoiceDate: '1404/06/01', personId: cust, details: [line] }, clerk), siba403);
    const sale = await call(t.app, 'POST', '/api/factors', { invoiceType: 2, invoiceDate: '1404/06/02', personId: cust, details: [line] }, clerk);
    assert.equal(sale.status, 200, JSON.stringify(sale.body));
    const saleId = sale.body.data.factor.factorId;
    const cashId = (await call(t.app, 'POST', '/api/cashRegister', { name: 'صندوق فروش' })).body.data.cashRegister.cashRegisterId;
    const rec = await call(t.app, 'POST', '/api/payments', { kind: 'receipt', personId: cust, amount: 100, cashRegisterId: cashId, factorId: saleId, date: '1404/06/02' }, clerk);
    assert.equal(rec.status, 200, JSON.stringify(rec.body));
    await refusedAndUnwritten(() => call(t.app, 'POST', '/api/payments', { kind: 'payment', personId: cust, amount: 10, cashRegisterId: cashId, date: '1404/06/02' }, clerk), siba403);
    await call(t.app, 'POST', '/api/payments', { kind: 'payment', personId: cust, amount: 10, cashRegisterId: cashId, date: '1404/06/02' });
    await refusedAndUnwritten(() => call(t.app, 'DELETE', `/api/factors/${saleId}`, undefined, clerk), siba403);

    const list = await call(t.app, 'GET', '/api/factors', undefined, clerk);
    assert.equal(list.status, 200);
    assert.ok(list.body.data.factor.length > 0 && list.body.data.factor.every((f: { invoiceType: number }) => f.invoiceType === 2), JSON.stringify(list.body.data).slice(0, 300));
    siba403(await call(t.app, 'GET', '/api/factors?invoiceType=1', undefined, clerk));
    siba403(await call(t.app, 'GET', `/api/factors/${buy.body.data.factor.factorId}`, undefined, clerk));
    const pays = await call(t.app, 'GET', '/api/payments', undefined, clerk);
    assert.equal(pays.status, 200);
    const items = Object.values<any>(pays.body.data).find(Array.isArray) as { kind: string }[];
    assert.ok(items.length === 1 && items[0].kind === 'receipt', JSON.stringify(pays.body.data));
    const all = await call(t.app, 'GET', '/api/payments', undefined, accountant);
    assert.equal((Object.values<any>(all.body.data).find(Array.isArray) as unknown[]).length, 2);
  });
});
