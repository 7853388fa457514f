import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { call, snapshotCounts, testApp, type TestApp } from '../helpers/app.js';
import { hashSecret } from '../../src/domain/auth/secrets.js';

/**
 * Authentication cases test/http/common/auth.test.ts does not cover: expired sessions and
 * tokens, Hesabfa's owner login by userId/password (disabled owner, non-owner, the WooCommerce
 * plugin's `false`s), a business whose API is disabled, and Chortke tokens across businesses.
 */

const A_HESABFA = { apiKey: 'test-hesabfa-key-a', loginToken: 'test-hesabfa-login-a' };
const A_CHORTKE = { authorization: 'Bearer test-chortke-token-a' };

async function expire(t: TestApp, secret: string): Promise<void> {
  const r = await sql`update credentials set expires_at = now() - interval '1 minute' where token_hash = ${hashSecret(secret)}`.execute(t.database.db);
  assert.equal(Number(r.numAffectedRows), 1);
}

describe('authentication: expiry, owner logins, API switch, cross-business tokens', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ trustLoopback: false });
  });
  after(() => t.close());

  it('an expired session token is 401 (1006), while a fresh one from the same login still works', async () => {
    const b = await t.newBusiness();
    const login1 = await call(t.app, 'POST', '/api/users/login', { userName: b.adminUser, password: b.adminPassword, businessId: b.businessId });
    const login2 = await call(t.app, 'POST', '/api/users/login', { userName: b.adminUser, password: b.adminPassword, businessId: b.businessId });
    assert.equal(login1.status, 200, JSON.stringify(login1.body));
    const old = login1.body.data.user.token as string;
    const fresh = login2.body.data.user.token as string;
    assert.ok(new Date(login1.body.data.user.expiresAt).getTime() > Date.now(), 'a session has a future expiry');
    assert.equal((await call(t.app, 'GET', '/api/users', undefined, { authorization: `Bearer ${old}` })).status, 200);
    await expire(t, old);
    const r = await call(t.app, 'GET', '/api/users', undefined, { authorization: `Bearer ${old}` });
    assert.deepEqual([r.status, r.body.success, r.body.errCode, r.body.data], [401, false, 1006, null]);
    const w = await call(t.app, 'POST', '/api/products/unit', { unitName: 'پس از انقضا' }, { authorization: `Bearer ${old}` });
    assert.deepEqual([w.status, w.body.errCode], [401, 1006]);
    const mine = await call(t.app, 'GET', '/api/users', undefined, { authorization: `Bearer ${fresh}` });
    assert.deepEqual(mine.body.data.user.map((u: { userName: string }) => u.userName), [b.adminUser]);
  });

  it('a session token is not a Chortke or Hesabfa credential', async () => {
    const login = await call(t.app, 'POST', '/api/users/login', { userName: 'admin', password: 'admin-password-1' });
    const token = login.body.data.user.token as string;
    const c = await call(t.app, 'GET', '/v2/persons', undefined, { authorization: `Bearer ${token}` });
    assert.deepEqual([c.status, c.body.success, c.body.code], [401, false, 'UNAUTHORIZED']);
    const h = await call(t.app, 'POST', '/v1/item/getitems', { apiKey: A_HESABFA.apiKey, loginToken: token });
    assert.deepEqual([h.status, h.body.Success, h.body.ErrorCode], [200, false, 106]);
    const k = await call(t.app, 'POST', '/v1/item/getitems', { apiKey: token, loginToken: A_HESABFA.loginToken });
    assert.deepEqual([k.status, k.body.ErrorCode], [200, 107]);
  });

  it('expired Chortke token → 401; expired Hesabfa loginToken → 106; expired apiKey → 107', async () => {
    const b = await t.newBusiness();
    await expire(t, b.chortkeToken);
    const c = await call(t.app, 'GET', '/v2/products', undefined, { authorization: `Bearer ${b.chortkeToken}` });
    assert.deepEqual([c.status, c.body.code], [401, 'UNAUTHORIZED']);
    await expire(t, b.hesabfaLoginToken);
    let h = await call(t.app, 'POST', '/v1/item/getitems', { apiKey: b.hesabfaApiKey, loginToken: b.hesabfaLoginToken });
    assert.deepEqual([h.status, h.body.Success, h.body.ErrorCode, h.body.Result], [200, false, 106, null]);
    // the owner's password still opens it
    h = await call(t.app, 'POST', '/v1/item/getitems', { apiKey: b.hesabfaApiKey, userId: b.adminUser, password: b.adminPassword });
    assert.deepEqual([h.body.Success, h.body.ErrorCode], [true, 0]);
    await expire(t, b.hesabfaApiKey);
    h = await call(t.app, 'POST', '/v1/item/getitems', { apiKey: b.hesabfaApiKey, userId: b.adminUser, password: b.adminPassword });
    assert.deepEqual([h.body.Success, h.body.ErrorCode], [false, 107]);
  });

  it('Hesabfa userId/password: owner ok; non-owner, wrong password and a disabled owner → 106, nothing written', async () => {
    const b = await t.newBusiness();
    const auth = { authorization: `Bearer ${b.apiToken}` };
    const mk = await call(t.app, 'POST', '/api/users', { userName: 'clerk-b', password: 'clerk-b-password', role: 'admin' }, auth);
    assert.equal(mk.status, 200, JSON.stringify(mk.body));
    const save = (cred: Record<string, unknown>) =>
      call(t.app, 'POST', '/v1/item/save', { apiKey: b.hesabfaApiKey, ...cred, item: { Name: 'کالای مالک', ItemType: 0 } });

    const snap = await snapshotCounts(t.database);
    for (const cred of [
      { userId: 'clerk-b', password: 'clerk-b-password' }, // an administrator, but not the owner
      { userId: b.adminUser, password: 'wrong-password' },
      { userId: b.adminUser }, // no password
      { userId: false, password: false }, // the plugin's falses without a loginToken
    ]) {
      const r = await save(cred);
      assert.deepEqual([r.status, r.body.Success, r.body.ErrorCode, r.body.Result], [200, false, 106, null], JSON.stringify(cred));
      assert.match(r.body.ErrorMessage, /[\u0600-\u06FF]/, 'a Persian message');
    }
    assert.deepEqual(await snapshotCounts(t.database), snap);

    const owner = await save({ userId: b.adminUser, password: b.adminPassword, loginToken: '   ' });
    assert.deepEqual([owner.body.Success, owner.body.ErrorCode, owner.body.Result.Name], [true, 0, 'کالای مالک']);

    await sql`update users set active = false where business_id = ${b.businessId} and is_owner`.execute(t.database.db);
    const snap2 = await snapshotCounts(t.database);
    const disabled = await save({ userId: b.adminUser, password: b.adminPassword });
    assert.deepEqual([disabled.body.Success, disabled.body.ErrorCode, disabled.body.Result], [false, 106, null]);
    // the owner's loginToken is the owner's too: refused while the owner is disabled
    const byToken = await save({ loginToken: b.hesabfaLoginToken });
    assert.deepEqual([byToken.body.Success, byToken.body.ErrorCode], [false, 106]);
    assert.deepEqual(await snapshotCounts(t.database), snap2);
  });

  it('Hesabfa userId:false, password:false with a valid loginToken is accepted (WooCommerce plugin)', async () => {
    const r = await call(t.app, 'POST', '/v1/item/save', { ...A_HESABFA, userId: false, password: false, item: { Name: 'کالای ووکامرس', ItemType: 0 } });
    assert.deepEqual([r.status, r.body.Success, r.body.ErrorCode], [200, true, 0]);
    const got = await call(t.app, 'POST', '/v1/item/get', { ...A_HESABFA, userId: false, password: false, code: r.body.Result.Code });
    assert.equal(got.body.Result.Name, 'کالای ووکامرس');
    // the same falses as strings, and nulls, are ignored too
    for (const v of ['false', null, 0]) {
      const x = await call(t.app, 'POST', '/v1/item/get', { ...A_HESABFA, userId: v, password: v, code: r.body.Result.Code });
      assert.deepEqual([x.body.Success, x.body.Result?.Name], [true, 'کالای ووکامرس'], String(v));
    }
  });

  it('API disabled for a business → Hesabfa 105 with any credential, nothing written; re-enabled → works', async () => {
    const b = await t.newBusiness();
    await sql`update businesses set api_enabled = false where id = ${b.businessId}`.execute(t.database.db);
    const snap = await snapshotCounts(t.database);
    for (const cred of [{ loginToken: b.hesabfaLoginToken }, { userId: b.adminUser, password: b.adminPassword }, { loginToken: 'wrong' }]) {
      const r = await call(t.app, 'POST', '/v1/item/save', { apiKey: b.hesabfaApiKey, ...cred, item: { Name: 'نباید ذخیره شود', ItemType: 0 } });
      assert.deepEqual([r.status, r.body.Success, r.body.ErrorCode, r.body.Result], [200, false, 105, null], JSON.stringify(cred));
    }
    assert.deepEqual(await snapshotCounts(t.database), snap);
    // another business is unaffected
    const a = await call(t.app, 'POST', '/v1/item/getitems', A_HESABFA);
    assert.equal(a.body.ErrorCode, 0);
    await sql`update businesses set api_enabled = true where id = ${b.businessId}`.execute(t.database.db);
    const r = await call(t.app, 'POST', '/v1/item/getitems', { apiKey: b.hesabfaApiKey, loginToken: b.hesabfaLoginToken });
    assert.deepEqual([r.body.Success, r.body.ErrorCode, r.body.Result.TotalCount], [true, 0, 0]);
  });

  it('Chortke: B\'s token on A\'s person and product ids → 404 for read, update and delete; A unchanged', async () => {
    const p = await call(t.app, 'POST', '/v2/persons', { nickName: 'شخص الف', personType: 'customer', mobile: '09121112233' }, A_CHORTKE);
    const q = await call(t.app, 'POST', '/v2/products', { title: 'محصول الف' }, A_CHORTKE);
    assert.equal(p.status, 201, JSON.stringify(p.body));
    const personId = p.body.person.id;
    const productId = q.body.product.id;
    const b = await t.newBusiness();
    const bAuth = { authorization: `Bearer ${b.chortkeToken}` };
    const snap = await snapshotCounts(t.database);
    for (const [method, url, body] of [
      ['GET', `/v2/persons/${personId}`, undefined],
      ['PUT', `/v2/persons/${personId}`, { nickName: 'ربوده' }],
      ['DELETE', `/v2/persons/${personId}`, undefined],
      ['GET', `/v2/products/${productId}`, undefined],
      ['PUT', `/v2/products/${productId}`, { title: 'ربوده' }],
      ['DELETE', `/v2/products/${productId}`, undefined],
    ] as const) {
      const r = await call(t.app, method, url, body, bAuth);
      assert.deepEqual([r.status, r.body.success, r.body.code], [404, false, 'NOT_FOUND'], `${method} ${url}`);
      assert.ok(!JSON.stringify(r.body).includes('الف'), 'nothing of A in the reply');
    }
    assert.deepEqual(await snapshotCounts(t.database), snap);
    // A's own token still sees them unchanged
    const mine = await call(t.app, 'GET', `/v2/persons/${personId}`, undefined, A_CHORTKE);
    assert.equal(mine.body.main.nickName, 'شخص الف');
    // A Siba api token of B is not a Chortke credential at all
    const wrongKind = await call(t.app, 'GET', `/v2/persons/${personId}`, undefined, { authorization: `Bearer ${b.apiToken}` });
    assert.deepEqual([wrongKind.status, wrongKind.body.code], [401, 'UNAUTHORIZED']);
  });

  it('malformed Authorization headers are 401 in each surface\'s envelope, never trust mode', async () => {
    for (const h of ['Bearer', 'Bearer ', 'Basic dGVzdDp0ZXN0', 'bearer  ', `Bearer ${'x'.repeat(5000)}`, 'Bearer a b']) {
      const s = await call(t.app, 'GET', '/api/users', undefined, { authorization: h });
      assert.deepEqual([s.status, s.body.errCode], [401, 1006], `siba ${h.slice(0, 20)}`);
      const c = await call(t.app, 'GET', '/v2/persons', undefined, { authorization: h });
      assert.deepEqual([c.status, c.body.code], [401, 'UNAUTHORIZED'], `chortke ${h.slice(0, 20)}`);
    }
  });
});
