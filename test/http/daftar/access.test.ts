import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backend, call, snapshotCounts, testApp, type TestApp } from '../../helpers/app.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const admin = bearer('test-api-token-a');

/** The session cookie a login reply set, as a Cookie header value. */
function cookieOf(res: { headers: Record<string, unknown> }): string {
  const set = String(res.headers['set-cookie']);
  const m = /^(daftar_session=[^;]*)/.exec(set);
  assert.ok(m, `a session cookie: ${set}`);
  return m[1];
}

describe(`/daftar/v1 session, users, apiTokens, settings (${backend})`, () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('logs in with a cookie; reads need no CSRF token, writes do; logout ends the session on the server', async () => {
    const login = await call(t.app, 'POST', '/daftar/v1/session', { username: 'admin', password: 'admin-password-1' });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    const set = String(login.headers['set-cookie']);
    assert.match(set, /HttpOnly/);
    assert.match(set, /SameSite=Strict/);
    assert.deepEqual([login.body.user.username, login.body.user.role, login.body.business.name], ['admin', 'admin', 'کسب‌وکار آزمایشی']);
    const cookie = cookieOf(login);
    const csrf = login.body.csrfToken as string;
    assert.ok(csrf.length >= 40);

    let r = await call(t.app, 'GET', '/daftar/v1/session', undefined, { cookie });
    assert.deepEqual([r.status, r.body.user.username, r.body.csrfToken], [200, 'admin', csrf]);
    r = await call(t.app, 'GET', '/daftar/v1/products', undefined, { cookie });
    assert.equal(r.status, 200);

    const snap = await snapshotCounts(t.database);
    r = await call(t.app, 'POST', '/daftar/v1/warehouses', { name: 'بی‌توکن' }, { cookie });
    assert.equal(r.status, 403);
    assert.equal(r.body.code, 'FORBIDDEN');
    assert.equal(r.body.field, 'X-CSRF-Token');
    assert.match(r.headers['content-type'] as string, /application\/problem\+json/);
    r = await call(t.app, 'POST', '/daftar/v1/warehouses', { name: 'بی‌توکن' }, { cookie, 'x-csrf-token': `${csrf.slice(0, -2)}xx` });
    assert.equal(r.status, 403);
    assert.deepEqual(await snapshotCounts(t.database), snap, 'a refused write writes nothing');

    r = await call(t.app, 'POST', '/daftar/v1/warehouses', { name: 'با توکن' }, { cookie, 'x-csrf-token': csrf });
    assert.equal(r.status, 201, JSON.stringify(r.body));

    r = await call(t.app, 'DELETE', '/daftar/v1/session', undefined, { cookie, 'x-csrf-token': csrf });
    assert.equal(r.status, 204);
    assert.match(String(r.headers['set-cookie']), /Max-Age=0/);
    r = await call(t.app, 'GET', '/daftar/v1/session', undefined, { cookie });
    assert.equal(r.status, 401);
    assert.equal(r.body.code, 'UNAUTHORIZED');
  });

  it('nobody logged in is 401; a wrong password is 401 with a Persian message; a bearer token needs no CSRF', async () => {
    let r = await call(t.app, 'GET', '/daftar/v1/session');
    assert.equal(r.status, 401);
    r = await call(t.app, 'GET', '/daftar/v1/session', undefined, { cookie: 'daftar_session=%E0%A4%A' });
    assert.deepEqual([r.status, r.body.code], [401, 'UNAUTHORIZED'], 'a malformed cookie is 401, not 500');
    r = await call(t.app, 'POST', '/daftar/v1/session', { username: 'admin', password: 'wrong-password' });
    assert.equal(r.status, 401);
    assert.match(r.body.detail, /رمز عبور/);
    assert.equal(r.headers['set-cookie'], undefined);
    r = await call(t.app, 'POST', '/daftar/v1/session', { username: 'admin', password: 'x', remember: true });
    assert.deepEqual([r.status, r.body.field], [400, 'remember']);
    r = await call(t.app, 'GET', '/daftar/v1/session', undefined, admin);
    assert.deepEqual([r.status, r.body.user.username, r.body.csrfToken], [200, 'admin', undefined]);
  });

  it('failed logins from one address are throttled, even with the right password afterwards', async () => {
    const t2 = await testApp({ authFailuresPerMinute: 3 });
    try {
      for (let i = 0; i < 3; i++) assert.equal((await call(t2.app, 'POST', '/daftar/v1/session', { username: 'admin', password: `bad-${i}` })).status, 401);
      const r = await call(t2.app, 'POST', '/daftar/v1/session', { username: 'admin', password: 'admin-password-1' });
      assert.equal(r.status, 429);
      assert.equal(r.body.code, 'RATE_LIMITED');
    } finally {
      await t2.close();
    }
  });

  it('users: the admin creates a clerk; the clerk logs in, is refused user management; deactivating ends the clerk\'s sessions and tokens', async () => {
    let r = await call(t.app, 'POST', '/daftar/v1/users', { username: 'sara', password: 'sara-password-1', name: 'سارا', role: 'clerk' }, admin);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.deepEqual(r.body, { id: r.body.id, username: 'sara', name: 'سارا', role: 'clerk', active: true });
    const saraId = r.body.id;
    r = await call(t.app, 'POST', '/daftar/v1/users', { username: 'sara', password: 'sara-password-1', role: 'clerk' }, admin);
    assert.deepEqual([r.status, r.body.code, r.body.field], [409, 'DUPLICATE', 'username']);
    r = await call(t.app, 'POST', '/daftar/v1/users', { username: 'ali', password: 'short', role: 'clerk' }, admin);
    assert.deepEqual([r.status, r.body.field], [400, 'password']);
    assert.match(r.body.detail, /۸/);

    const login = await call(t.app, 'POST', '/daftar/v1/session', { username: 'sara', password: 'sara-password-1' });
    assert.equal(login.status, 200);
    const sara = { cookie: cookieOf(login), 'x-csrf-token': login.body.csrfToken };
    const snap = await snapshotCounts(t.database);
    r = await call(t.app, 'POST', '/daftar/v1/users', { username: 'x1', password: 'xxxxxxxx1', role: 'admin' }, sara);
    assert.deepEqual([r.status, r.body.code], [403, 'FORBIDDEN']);
    r = await call(t.app, 'PUT', '/daftar/v1/settings', { ...(await call(t.app, 'GET', '/daftar/v1/settings', undefined, sara)).body, vatRates: undefined }, sara);
    assert.deepEqual([r.status, r.body.code], [403, 'FORBIDDEN']);
    assert.deepEqual(await snapshotCounts(t.database), snap);

    r = await call(t.app, 'POST', '/daftar/v1/apiTokens', { name: 'اپ صندوق' }, sara);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const saraToken = r.body.token as string;
    assert.equal((await call(t.app, 'GET', '/daftar/v1/products', undefined, bearer(saraToken))).status, 200);

    r = await call(t.app, 'PATCH', `/daftar/v1/users/${saraId}`, { active: false }, admin);
    assert.deepEqual([r.status, r.body.active], [200, false]);
    assert.equal((await call(t.app, 'GET', '/daftar/v1/session', undefined, { cookie: sara.cookie })).status, 401);
    assert.equal((await call(t.app, 'GET', '/daftar/v1/products', undefined, bearer(saraToken))).status, 401);
    assert.equal((await call(t.app, 'POST', '/daftar/v1/session', { username: 'sara', password: 'sara-password-1' })).status, 401);
  });

  it('the owner and the last active admin cannot be demoted or disabled', async () => {
    const users = (await call(t.app, 'GET', '/daftar/v1/users', undefined, admin)).body.items;
    const owner = users.find((u: { username: string }) => u.username === 'admin');
    const r = await call(t.app, 'PATCH', `/daftar/v1/users/${owner.id}`, { role: 'clerk' }, admin);
    assert.deepEqual([r.status, r.body.code, r.body.field], [409, 'CONFLICT', 'role']);
  });

  it('apiTokens: shown once, listed without the secret, revoked by id; another user\'s token is not a clerk\'s to revoke', async () => {
    let r = await call(t.app, 'POST', '/daftar/v1/apiTokens', { name: 'فروشگاه اینترنتی' }, admin);
    assert.equal(r.status, 201);
    const { id, token } = r.body;
    assert.match(token, /^dft_/);
    assert.match(r.body.createdAt, /\+03:30$/);
    r = await call(t.app, 'GET', '/daftar/v1/apiTokens', undefined, admin);
    const listed = r.body.items.find((x: { id: number }) => x.id === id);
    assert.equal(listed.name, 'فروشگاه اینترنتی');
    assert.equal(listed.token, undefined);
    assert.ok(!JSON.stringify(r.body).includes(token));

    await call(t.app, 'POST', '/daftar/v1/users', { username: 'reza', password: 'reza-password-1', role: 'clerk' }, admin);
    const login = await call(t.app, 'POST', '/daftar/v1/session', { username: 'reza', password: 'reza-password-1' });
    const reza = { cookie: cookieOf(login), 'x-csrf-token': login.body.csrfToken };
    assert.deepEqual((await call(t.app, 'GET', '/daftar/v1/apiTokens', undefined, reza)).body.items, []);
    r = await call(t.app, 'DELETE', `/daftar/v1/apiTokens/${id}`, undefined, reza);
    assert.deepEqual([r.status, r.body.code], [403, 'FORBIDDEN']);

    assert.equal((await call(t.app, 'GET', '/daftar/v1/products', undefined, bearer(token))).status, 200);
    assert.equal((await call(t.app, 'DELETE', `/daftar/v1/apiTokens/${id}`, undefined, admin)).status, 204);
    assert.equal((await call(t.app, 'GET', '/daftar/v1/products', undefined, bearer(token))).status, 401);
    assert.equal((await call(t.app, 'DELETE', `/daftar/v1/apiTokens/${id}`, undefined, admin)).status, 404);
  });

  it('settings: read by everyone, replaced by the admin, each field validated by name; Persian digits accepted', async () => {
    let r = await call(t.app, 'GET', '/daftar/v1/settings', undefined, admin);
    assert.equal(r.status, 200);
    assert.equal(r.body.currencyDisplay, 'rial');
    assert.deepEqual(r.body.vatRates.at(-1), { validFrom: '2024-03-20', validFromJalali: '1403/01/01', rate: '10' });
    const { vatRates: _, ...current } = r.body;
    const next = { ...current, name: 'فروشگاه نمونه', economicCode: '۱۰۱۰۱۲۳۴۵۶۷', postalCode: '', currencyDisplay: 'toman', allowNegativeStock: true };
    r = await call(t.app, 'PUT', '/daftar/v1/settings', next, admin);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual([r.body.name, r.body.economicCode, r.body.currencyDisplay, r.body.allowNegativeStock], ['فروشگاه نمونه', '10101234567', 'toman', true]);
    assert.equal((await call(t.app, 'GET', '/daftar/v1/session', undefined, admin)).body.business.name, 'فروشگاه نمونه');

    const snap = await snapshotCounts(t.database);
    r = await call(t.app, 'PUT', '/daftar/v1/settings', { ...next, economicCode: '123' }, admin);
    assert.deepEqual([r.status, r.body.field], [400, 'economicCode']);
    r = await call(t.app, 'PUT', '/daftar/v1/settings', { ...next, logo: 'data:text/html;base64,PGI+' }, admin);
    assert.deepEqual([r.status, r.body.field], [400, 'logo']);
    r = await call(t.app, 'PUT', '/daftar/v1/settings', { ...next, theme: 'dark' }, admin);
    assert.deepEqual([r.status, r.body.field], [400, 'theme']);
    const { name: _n, ...noName } = next;
    r = await call(t.app, 'PUT', '/daftar/v1/settings', noName, admin);
    assert.deepEqual([r.status, r.body.field], [400, 'name']);
    assert.deepEqual(await snapshotCounts(t.database), snap);
  });

  it('one business never sees another\'s users, tokens or settings', async () => {
    const b = await t.newBusiness('دیگری');
    const other = bearer(b.apiToken);
    const mine = (await call(t.app, 'GET', '/daftar/v1/users', undefined, admin)).body.items.map((u: { id: number }) => u.id);
    const theirs = (await call(t.app, 'GET', '/daftar/v1/users', undefined, other)).body.items.map((u: { id: number }) => u.id);
    assert.equal(mine.filter((id: number) => theirs.includes(id)).length, 0);
    assert.equal((await call(t.app, 'GET', `/daftar/v1/users/${mine[0]}`, undefined, other)).status, 404);
    assert.equal((await call(t.app, 'GET', '/daftar/v1/settings', undefined, other)).body.name, 'دیگری');
  });

  it('surface credentials: the admin rotates Hesabfa\'s and Chortke\'s keys; the new ones work once shown, the old ones stop; others may not', async () => {
    const b = await t.newBusiness('چرخش کلید');
    const owner = bearer(b.apiToken);
    const hesabfaGet = (apiKey: string, loginToken: string) => call(t.app, 'POST', '/v1/item/getitems', { apiKey, loginToken, queryInfo: { take: 1 } });
    assert.equal((await hesabfaGet(b.hesabfaApiKey, b.hesabfaLoginToken)).body.Success, true);

    let r = await call(t.app, 'POST', '/daftar/v1/surfaceCredentials/hesabfa', {}, owner);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.surface, 'hesabfa');
    assert.match(r.body.apiKey, /^hfk_/);
    assert.match(r.body.loginToken, /^hft_/);
    assert.equal((await hesabfaGet(r.body.apiKey, r.body.loginToken)).body.Success, true);
    assert.equal((await hesabfaGet(b.hesabfaApiKey, b.hesabfaLoginToken)).body.Success, false, 'the old Hesabfa keys stop working');

    r = await call(t.app, 'POST', '/daftar/v1/surfaceCredentials/chortke', {}, owner);
    assert.equal(r.status, 201);
    assert.match(r.body.token, /^chk_/);
    assert.equal((await call(t.app, 'GET', '/v2/products', undefined, bearer(r.body.token))).status, 200);
    assert.equal((await call(t.app, 'GET', '/v2/products', undefined, bearer(b.chortkeToken))).status, 401);

    r = await call(t.app, 'POST', '/daftar/v1/surfaceCredentials/siba', {}, owner);
    assert.deepEqual([r.status, r.body.code, r.body.field], [400, 'VALIDATION', 'surface']);

    r = await call(t.app, 'POST', '/daftar/v1/users', { username: 'acc', password: 'acc-password-1', role: 'accountant' }, owner);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const login = await call(t.app, 'POST', '/daftar/v1/session', { username: 'acc', password: 'acc-password-1', businessId: b.businessId });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    r = await call(t.app, 'POST', '/daftar/v1/surfaceCredentials/chortke', {}, { cookie: cookieOf(login), 'x-csrf-token': login.body.csrfToken });
    assert.deepEqual([r.status, r.body.code], [403, 'FORBIDDEN']);
  });
});
