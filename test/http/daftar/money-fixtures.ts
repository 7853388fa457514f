import assert from 'node:assert/strict';
import { transact } from '../../../src/db/transact.js';
import { issueCredential } from '../../../src/domain/auth/credentials.js';
import { createUser } from '../../../src/domain/users/users.js';
import { todayIso, toJalali } from '../../../src/domain/shared/dates.js';
import { call, type TestApp } from '../../helpers/app.js';
import { actorFor } from '../../domain/invoicing/fixtures.js';

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
export const admin = bearer('test-api-token-a');
export const today = () => toJalali(todayIso());

/** A clerk's session token in the test business. */
export async function clerkOf(t: TestApp): Promise<Record<string, string>> {
  const b = t.business.businessId;
  const u = await transact(t.database.db, (tx) => createUser(tx, actorFor(b, t.business.adminUserId), { userName: `clerk${Date.now()}`, password: 'clerk-password-1', role: 'clerk' }));
  return bearer(await transact(t.database.db, (tx) => issueCredential(tx, b, 'session', { userId: u.userId })));
}

async function must(t: TestApp, url: string, body: unknown): Promise<any> {
  const r = await call(t.app, 'POST', url, body, admin);
  assert.ok(r.status < 300 && r.body?.success !== false, `${url}: ${JSON.stringify(r.body)}`);
  return r.body.data;
}

/** A customer, a product bought (10 × 600) and sold today (2 × 1000): sale 2000, cost 1200. */
export async function soldToday(t: TestApp): Promise<{ partyId: number; productId: number; invoiceId: number }> {
  const partyId = (await must(t, '/api/customers', { lastName: 'مشتری نقدی' })).customer.customerId;
  const productId = (await must(t, '/api/products', { name: 'دفتر ۱۰۰ برگ', sellPrice: 1000, buyPrice: 600, orderPoint: 20 })).product.productId;
  const date = today();
  await must(t, '/api/factors', { invoiceType: 1, invoiceDate: date, personId: partyId, details: [{ itemId: productId, itemType: 0, quantity: 10, price: 600, taxPerc: 0 }] });
  const sale = await must(t, '/api/factors', { invoiceType: 2, invoiceDate: date, personId: partyId, details: [{ itemId: productId, itemType: 0, quantity: 2, price: 1000, taxPerc: 0 }] });
  return { partyId, productId, invoiceId: sale.factor.factorId };
}

/**
 * /daftar/v1 as the owner, for tests that build books step by step: `post` and `get` assert the
 * call succeeded and return the body; `verified` asserts the verifier finds nothing.
 */
export function daftarOf(t: () => TestApp) {
  const post = async (url: string, body: unknown, who: Record<string, string> = admin) => {
    const r = await call(t().app, 'POST', `/daftar/v1${url}`, body, who);
    assert.ok(r.status < 300, `${url}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const get = async (url: string) => {
    const r = await call(t().app, 'GET', `/daftar/v1${url}`, undefined, admin);
    assert.equal(r.status, 200, `${url}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const verified = async (step = '') => {
    const v = await get('/reports/verify');
    assert.equal(v.ok, true, `${step}: ${JSON.stringify(v.checks.filter((c: { ok: boolean }) => !c.ok))}`);
  };
  return { post, get, verified };
}
