import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { call, snapshotCounts, testApp, type TestApp } from '../helpers/app.js';
import { verifyBooks } from '../../src/domain/reports/verify.js';
import { systemActor } from '../../src/domain/context.js';

/** Issue 18 points 2, 3, 8, 9, 10, 11: every refusal writes nothing. */
const HESABFA = { apiKey: 'test-hesabfa-key-a', loginToken: 'test-hesabfa-login-a' };
const CHORTKE = { authorization: 'Bearer test-chortke-token-a' };

describe('issue 18: guards on parties, idempotency, units, inactive records, saves by code, money', () => {
  let t: TestApp;
  let seller: number;
  let buyer: number;
  before(async () => {
    t = await testApp();
    seller = (await call(t.app, 'POST', '/api/customers', { lastName: 'فروشنده ۱۸' })).body.data.customer.id;
    buyer = (await call(t.app, 'POST', '/api/customers', { lastName: 'خریدار ۱۸' })).body.data.customer.id;
  });
  after(() => t.close());

  async function product(name: string, extra: Record<string, unknown> = {}): Promise<number> {
    const r = await call(t.app, 'POST', '/api/products', { name, ...extra });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.data.product.productId;
  }
  async function factor(invoiceType: number, itemId: number, quantity: number, extra: Record<string, unknown> = {}, line: Record<string, unknown> = {}) {
    return call(t.app, 'POST', '/api/factors', {
      invoiceType,
      invoiceDate: '1404/06/01',
      personId: invoiceType === 1 || invoiceType === 3 ? seller : buyer,
      details: [{ itemId, quantity, price: 1000, taxPerc: 0, ...line }],
      ...extra,
    });
  }
  async function refusedUnchanged(fn: () => Promise<{ status: number; body: any }>) {
    const before = await snapshotCounts(t.database);
    const r = await fn();
    assert.deepEqual(await snapshotCounts(t.database), before, 'a refused call writes nothing');
    return r;
  }
  async function verifyOk(name: string) {
    const v = await verifyBooks(t.database.db, systemActor(t.business.businessId));
    const c = v.checks.find((x) => x.name === name)!;
    assert.ok(c.ok, JSON.stringify(c.offending));
  }

  it('issue 18 point 2: a customer with an opening balance is in use — delete refused on Siba and Chortke, nothing written', async () => {
    const c = (await call(t.app, 'POST', '/api/customers', { lastName: 'مانده‌دار', initialBalance: 1000 })).body.data.customer;
    const d = await refusedUnchanged(() => call(t.app, 'DELETE', `/api/customers?customerId=${c.id}`));
    assert.deepEqual([d.status, d.body.errCode], [409, 1004]);
    assert.match(d.body.errMsg, /مانده اول دوره/);
    // Opening balance set back to zero: its voucher and the reversal stay on the party's account.
    assert.equal((await call(t.app, 'PUT', '/api/customers', { customerId: c.id, initialBalance: 0 })).status, 200);
    const z = await refusedUnchanged(() => call(t.app, 'DELETE', '/api/customers', { customerId: c.id }));
    assert.deepEqual([z.status, z.body.errCode], [409, 1004]);
    const cd = await refusedUnchanged(() => call(t.app, 'DELETE', `/v2/persons/${c.id}`, undefined, CHORTKE));
    assert.deepEqual([cd.status, cd.body.code], [409, 'IN_USE']);
    await verifyOk('party_accounts_use_party_details');
  });

  it('issue 18 point 3: one Idempotency-Key on DELETE /api/factors/1 then /api/factors/2 → 409, factor 2 stays posted', async () => {
    const pid = await product('کالای کلید');
    assert.equal((await factor(1, pid, 10)).status, 200);
    const s1 = (await factor(2, pid, 1)).body.data.factor.factorId;
    const s2 = (await factor(2, pid, 1)).body.data.factor.factorId;
    const key = { 'idempotency-key': 'void-key-18' };
    const v1 = await call(t.app, 'DELETE', `/api/factors/${s1}`, undefined, key);
    assert.equal(v1.status, 200, JSON.stringify(v1.body));
    const v2 = await refusedUnchanged(() => call(t.app, 'DELETE', `/api/factors/${s2}`, undefined, key));
    assert.deepEqual([v2.status, v2.body.errCode], [409, 1003]);
    assert.equal((await call(t.app, 'GET', `/api/factors/${s2}`)).body.data.factor.status, 'posted');
    // The query is part of the request too; the same path and key replays.
    const q = await refusedUnchanged(() => call(t.app, 'DELETE', `/api/factors?factorId=${s2}`, undefined, key));
    assert.equal(q.status, 409);
    const again = await refusedUnchanged(() => call(t.app, 'DELETE', `/api/factors/${s1}`, undefined, key));
    assert.deepEqual(again.body, v1.body);
  });

  it('issue 18 point 8: a unit (or conversion ratio) cannot change once the product has movements — Siba, Hesabfa, Chortke', async () => {
    const carton = (await call(t.app, 'POST', '/api/products/unit', { unitName: 'کارتن' })).body.data.unit.unitId;
    const piece = (await call(t.app, 'GET', '/api/products/unit')).body.data.unit.find((u: { unitName: string }) => u.unitName === 'عدد').unitId;
    // Siba: before any movement the unit may change; afterwards not, the same value is fine.
    const pid = await product('پیچ', { unitId: piece });
    assert.equal((await call(t.app, 'PUT', '/api/products', { productId: pid, unitId: carton })).status, 200);
    assert.equal((await call(t.app, 'PUT', '/api/products', { productId: pid, unitId: piece })).status, 200);
    assert.equal((await factor(1, pid, 6)).status, 200);
    const s = await refusedUnchanged(() => call(t.app, 'PUT', '/api/products', { productId: pid, unitId: carton }));
    assert.deepEqual([s.status, s.body.errCode, s.body.errField], [409, 1003, 'unitId']);
    assert.equal((await call(t.app, 'PUT', '/api/products', { productId: pid, unitId: piece, productName: 'پیچ ۶' })).status, 200);

    // Hesabfa save and batchsave by code.
    const h = await call(t.app, 'POST', '/v1/item/save', { ...HESABFA, item: { Code: 'H18', Name: 'مهره', ItemType: 0, Unit: 'عدد' } });
    assert.equal(h.body.Success, true, JSON.stringify(h.body));
    assert.equal((await factor(1, h.body.Result.Id, 6)).status, 200);
    const hs = await refusedUnchanged(() => call(t.app, 'POST', '/v1/item/save', { ...HESABFA, item: { Code: 'H18', Unit: 'کارتن' } }));
    assert.deepEqual([hs.body.Success, hs.body.ErrorCode], [false, 190]);
    assert.match(hs.body.ErrorMessage, /Unit/);
    const hb = await refusedUnchanged(() =>
      call(t.app, 'POST', '/v1/item/batchsave', { ...HESABFA, items: [{ Code: 'H18b', Name: 'نو', ItemType: 0 }, { Code: 'H18', Unit: 'کارتن' }] }),
    );
    assert.deepEqual([hb.body.Success, hb.body.ErrorCode], [false, 190]);
    assert.match(hb.body.ErrorMessage, /items\[1\]/);
    const same = await call(t.app, 'POST', '/v1/item/save', { ...HESABFA, item: { Code: 'H18', Unit: 'عدد', SellPrice: 5 } });
    assert.equal(same.body.Success, true, JSON.stringify(same.body));

    // Chortke: save by accountingCode with another conversion ratio.
    const c = await call(t.app, 'POST', '/v2/products', { accountingCode: '7720', title: 'کاشی', unit: 'کارتن', subUnit: 'عدد', conversionRatio: 6 }, CHORTKE);
    assert.equal(c.status, 201, JSON.stringify(c.body));
    assert.equal((await factor(1, c.body.product.id, 2)).status, 200);
    const cr = await refusedUnchanged(() => call(t.app, 'POST', '/v2/products', { accountingCode: '7720', conversionRatio: 12 }, CHORTKE));
    assert.deepEqual([cr.status, cr.body.code, cr.body.field], [409, 'CONFLICT', 'conversionRatio']);
    const cu = await refusedUnchanged(() => call(t.app, 'PUT', `/v2/products/${c.body.product.id}`, { unit: 'عدد' }, CHORTKE));
    assert.deepEqual([cu.status, cu.body.field], [409, 'unit']);
    assert.equal((await call(t.app, 'POST', '/v2/products', { accountingCode: '7720', conversionRatio: '6.0', unit: 'کارتن' }, CHORTKE)).status, 200);
  });

  it('issue 18 point 9: sales and purchases of inactive products or in deactivated warehouses are refused naming the line; returns and voids still work', async () => {
    const pid = await product('کالای متوقف');
    const buy = await factor(1, pid, 10);
    assert.equal(buy.status, 200, JSON.stringify(buy.body));
    const sale = await factor(2, pid, 2);
    assert.equal(sale.status, 200);
    assert.equal((await call(t.app, 'PUT', '/api/products', { productId: pid, active: false })).status, 200);
    const s = await refusedUnchanged(() => factor(2, pid, 1));
    assert.deepEqual([s.status, s.body.errCode, s.body.errField], [400, 1001, 'details[0].itemId']);
    const p = await refusedUnchanged(() => factor(1, pid, 1));
    assert.deepEqual([p.status, p.body.errField], [400, 'details[0].itemId']);
    const ret = await factor(4, pid, 1, { originalFactorId: sale.body.data.factor.factorId });
    assert.equal(ret.status, 200, JSON.stringify(ret.body));
    assert.equal((await call(t.app, 'DELETE', `/api/factors/${sale.body.data.factor.factorId}`)).status, 409, 'a returned sale cannot be voided (unchanged rule)');
    assert.equal((await call(t.app, 'DELETE', `/api/factors/${ret.body.data.factor.factorId}`)).status, 200, 'voids still work');

    const wh = (await call(t.app, 'POST', '/api/products/warehouse', { warehouseName: 'انبار بسته' })).body.data.warehouse.warehouseCode;
    const q = await product('کالای انبار بسته');
    const buy2 = await factor(1, q, 5, {}, { warehouseCode: wh });
    assert.equal(buy2.status, 200, JSON.stringify(buy2.body));
    assert.equal((await call(t.app, 'PUT', '/api/products/warehouse', { warehouseCode: wh, active: false })).status, 200);
    const w = await refusedUnchanged(() => factor(2, q, 1, {}, { warehouseCode: wh }));
    assert.deepEqual([w.status, w.body.errCode, w.body.errField], [400, 1001, 'details[0].warehouseCode']);
    // issue 19: a message prints numbers in Persian digits (the warehouse's code here)
    assert.match(w.body.errMsg, new RegExp(`انبار ${String(wh).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)])} غیرفعال`));
    const w1 = await refusedUnchanged(() => factor(1, q, 1, {}, { warehouseCode: wh }));
    assert.equal(w1.body.errField, 'details[0].warehouseCode');
    assert.equal((await call(t.app, 'DELETE', `/api/factors/${buy2.body.data.factor.factorId}`)).status, 200, 'a void from a closed warehouse still works');
  });

  it('issue 18 point 10: concurrent saves of one new code (Hesabfa save, overlapping batchsaves, Chortke products and persons) all succeed, one record each', async () => {
    const saves = await Promise.all(
      Array.from({ length: 20 }, (_, i) => call(t.app, 'POST', '/v1/item/save', { ...HESABFA, item: { Code: 'R18', Name: 'هم‌زمان', ItemType: 0, SellPrice: 100 + i, NodeFamily: 'همه : گروه هم‌زمان' } })),
    );
    assert.deepEqual(saves.map((r) => r.body.ErrorCode), Array(20).fill(0), JSON.stringify(saves.find((r) => r.body.ErrorCode)?.body));
    assert.equal(new Set(saves.map((r) => r.body.Result.Id)).size, 1);

    const codes = (from: number) => Array.from({ length: 10 }, (_, i) => ({ Code: `B18-${from + i}`, Name: `دسته ${from + i}`, ItemType: 0 }));
    const batches = await Promise.all([0, 5, 3, 8, 0].map((from) => call(t.app, 'POST', '/v1/item/batchsave', { ...HESABFA, items: codes(from) })));
    assert.deepEqual(batches.map((r) => r.body.ErrorCode), Array(5).fill(0), JSON.stringify(batches.find((r) => r.body.ErrorCode)?.body));
    const n = await sql<{ n: number }>`select count(*)::int as n from products where business_id = ${t.business.businessId} and code like 'B18-%'`.execute(t.database.db);
    assert.equal(n.rows[0].n, 18, 'B18-0 … B18-17, each once');

    const products = await Promise.all(Array.from({ length: 20 }, () => call(t.app, 'POST', '/v2/products', { accountingCode: '7718', title: 'چرتکه هم‌زمان' }, CHORTKE)));
    assert.deepEqual(products.map((r) => r.status).sort(), [...Array(19).fill(200), 201], JSON.stringify(products.find((r) => r.status >= 300)?.body));
    const persons = await Promise.all(
      Array.from({ length: 20 }, () => call(t.app, 'POST', '/v2/persons', { accountingCode: '7719', nickName: 'شخص هم‌زمان', personType: 'customer' }, CHORTKE)),
    );
    assert.deepEqual(persons.map((r) => r.status).sort(), [...Array(19).fill(200), 201], JSON.stringify(persons.find((r) => r.status >= 300)?.body));
  });

  it('issue 18 point 11: a fresh install has صندوق مرکزی; a payment that would overdraw a register or bank is refused (INSUFFICIENT_FUNDS) unless allowed; 20 concurrent payments never overdraw', async () => {
    const regs = (await call(t.app, 'GET', '/api/cashRegister')).body.data.cashRegister;
    assert.deepEqual(regs.map((r: { name: string; balance: number }) => [r.name, r.balance]), [['صندوق مرکزی', 0]]);
    const cash = regs[0].cashRegisterId;
    const receipt = await call(t.app, 'POST', '/api/payments', { kind: 'receipt', personId: buyer, amount: 1000 });
    assert.equal(receipt.status, 200, JSON.stringify(receipt.body));
    assert.equal(receipt.body.data.payment.cashRegisterId, cash, 'the default register is used');

    const over = await refusedUnchanged(() => call(t.app, 'POST', '/api/payments', { kind: 'payment', personId: seller, amount: 1001 }));
    assert.deepEqual([over.status, over.body.errCode, over.body.errField], [409, 1005, 'cashRegisterId']);
    const bank = (await call(t.app, 'POST', '/api/banks', { bankName: 'ملت', initialBalance: 500 })).body.data.bank.bankId;
    const ob = await refusedUnchanged(() => call(t.app, 'POST', '/api/payments', { kind: 'payment', personId: seller, amount: 501, bankId: bank }));
    assert.deepEqual([ob.status, ob.body.errCode, ob.body.errField], [409, 1005, 'bankId']);

    // 20 concurrent payments of 100 out of 1,000: exactly 10 pass, the register ends at 0.
    const rs = await Promise.all(Array.from({ length: 20 }, () => call(t.app, 'POST', '/api/payments', { kind: 'payment', personId: seller, amount: 100, cashRegisterId: cash })));
    assert.equal(rs.filter((r) => r.status === 200).length, 10, JSON.stringify(rs.map((r) => r.status)));
    assert.ok(rs.every((r) => r.status === 200 || r.body.errCode === 1005));
    const bs = await Promise.all(Array.from({ length: 20 }, () => call(t.app, 'POST', '/api/payments', { kind: 'payment', personId: seller, amount: 50, bankId: bank })));
    assert.equal(bs.filter((r) => r.status === 200).length, 10);
    const after = (await call(t.app, 'GET', '/api/cashRegister')).body.data.cashRegister[0];
    assert.equal(after.balance, 0);
    assert.equal((await call(t.app, 'GET', '/api/banks')).body.data.bank[0].balance, 0);

    // The business may allow overdrafts.
    await sql`update businesses set allow_negative_money = true where id = ${t.business.businessId}`.execute(t.database.db);
    const allowed = await call(t.app, 'POST', '/api/payments', { kind: 'payment', personId: seller, amount: 300 });
    assert.equal(allowed.status, 200, JSON.stringify(allowed.body));
    await sql`update businesses set allow_negative_money = false where id = ${t.business.businessId}`.execute(t.database.db);
  });
});
