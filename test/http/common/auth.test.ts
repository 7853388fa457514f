import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { call, testApp, type TestApp } from '../../helpers/app.js';
import { loadConfig, ConfigError } from '../../../src/config.js';
import { revokeCredential } from '../../../src/domain/auth/credentials.js';

describe('authentication and tenancy', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('trusted loopback acts as the default business; a bearer token acts as its own business', async () => {
    const b = await t.newBusiness('دوم');
    const mine = await call(t.app, 'GET', '/api/users');
    const theirs = await call(t.app, 'GET', '/api/users', undefined, { authorization: `Bearer ${b.apiToken}` });
    assert.deepEqual(mine.body.data.user.map((u: { userName: string }) => u.userName), ['admin']);
    assert.deepEqual(theirs.body.data.user.map((u: { userName: string }) => u.userName), ['owner']);
  });

  it('a token of business B cannot change business A\'s users', async () => {
    const b = await t.newBusiness();
    const a = await call(t.app, 'GET', '/api/users');
    const adminA = a.body.data.user[0].userId;
    const r = await call(t.app, 'PUT', '/api/users', { userId: adminA, fullName: 'hacked' }, { authorization: `Bearer ${b.apiToken}` });
    assert.equal(r.status, 404);
    assert.equal(r.body.errCode, 1002);
    const after = await call(t.app, 'GET', '/api/users');
    assert.equal(after.body.data.user[0].fullName, 'مدیر سیستم');
  });

  it('wrong and revoked tokens are refused even on loopback', async () => {
    let r = await call(t.app, 'GET', '/api/users', undefined, { authorization: 'Bearer not-a-token' });
    assert.equal(r.status, 401);
    assert.equal(r.body.errCode, 1006);
    const b = await t.newBusiness();
    assert.equal((await call(t.app, 'GET', '/api/users', undefined, { authorization: `Bearer ${b.apiToken}` })).status, 200);
    assert.equal(await revokeCredential(t.database.db, b.apiToken), true);
    r = await call(t.app, 'GET', '/api/users', undefined, { authorization: `Bearer ${b.apiToken}` });
    assert.equal(r.status, 401);
  });

  it('login gives a session token; a disabled user can neither log in nor use it', async () => {
    await call(t.app, 'POST', '/api/users', { userName: 'acc', password: 'acc-password-1', role: 'accountant' });
    const login = await call(t.app, 'POST', '/api/users/login', { userName: 'acc', password: 'acc-password-1' });
    assert.equal(login.status, 200);
    const token = login.body.data.user.token as string;
    assert.match(token, /^dfs_/);
    const me = await call(t.app, 'GET', '/api/users', undefined, { authorization: `Bearer ${token}` });
    assert.equal(me.status, 200);
    // an accountant may not manage users
    const forbidden = await call(t.app, 'POST', '/api/users', { userName: 'x1', password: 'x-password-1' }, { authorization: `Bearer ${token}` });
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.body.errCode, 1007);
    const id = login.body.data.user.userId;
    assert.equal((await call(t.app, 'PUT', '/api/users', { userId: id, active: false })).status, 200);
    assert.equal((await call(t.app, 'GET', '/api/users', undefined, { authorization: `Bearer ${token}` })).status, 401);
    const again = await call(t.app, 'POST', '/api/users/login', { userName: 'acc', password: 'acc-password-1' });
    assert.equal(again.status, 401);
    const wrong = await call(t.app, 'POST', '/api/users/login', { userName: 'admin', password: 'nope-nope' });
    assert.equal(wrong.status, 401);
  });

  it('passwords are stored as scrypt hashes and never listed', async () => {
    const row = await t.database.db.selectFrom('users').select('password_hash').where('user_name', '=', 'admin').executeTakeFirstOrThrow();
    assert.match(row.password_hash!, /^scrypt\$/);
    const list = await call(t.app, 'GET', '/api/users');
    assert.ok(!JSON.stringify(list.body).includes('scrypt'));
  });

  it('tokens are stored only as SHA-256 hashes', async () => {
    const rows = await t.database.db.selectFrom('credentials').select('token_hash').execute();
    assert.ok(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash)));
    assert.ok(!rows.some((r) => r.token_hash.includes('test-api-token')));
  });

  it('trust mode is refused on a non-loopback host', () => {
    assert.throws(() => loadConfig({ HOST: '0.0.0.0' }), ConfigError);
    assert.doesNotThrow(() => loadConfig({ HOST: '0.0.0.0', DAFTAR_TRUST_LOOPBACK: 'false' }));
    assert.throws(() => loadConfig({ PORT: 'abc' }), /PORT/);
  });
});

describe('authentication without trust mode', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ trustLoopback: false, loginAttemptsPerMinute: 3 });
  });
  after(() => t.close());

  it('every Siba call needs a token', async () => {
    const r = await call(t.app, 'GET', '/api/users');
    assert.equal(r.status, 401);
    assert.equal(r.body.errCode, 1006);
    const ok = await call(t.app, 'GET', '/api/users', undefined, { authorization: `Bearer ${t.business.apiToken}` });
    assert.equal(ok.status, 200);
  });

  it('password guessing is rate limited', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await call(t.app, 'POST', '/api/users/login', { userName: 'admin', password: `guess-${i}` })).status);
    assert.deepEqual(codes.slice(0, 3), [401, 401, 401]);
    assert.equal(codes[4], 429);
    const r = await call(t.app, 'POST', '/api/users/login', { userName: 'admin', password: 'admin-password-1' });
    assert.equal(r.status, 429);
    assert.equal(r.body.errCode, 1009);
  });
});
