import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { call, countRows, testApp, type TestApp } from '../../helpers/app.js';

describe('Idempotency-Key on writes', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('same key + same request replays the first response and writes nothing', async () => {
    const body = { userName: 'clerk1', password: 'clerk-password-1', role: 'clerk' };
    const first = await call(t.app, 'POST', '/api/users', body, { 'idempotency-key': 'k-1' });
    assert.equal(first.status, 200);
    const users = await countRows(t.database, 'users');
    const audits = await countRows(t.database, 'audit_entries');
    const again = await call(t.app, 'POST', '/api/users', body, { 'idempotency-key': 'k-1' });
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, first.body);
    assert.equal(await countRows(t.database, 'users'), users);
    assert.equal(await countRows(t.database, 'audit_entries'), audits);
  });

  it('same key + different request → 409 conflict, nothing written', async () => {
    const users = await countRows(t.database, 'users');
    const r = await call(t.app, 'POST', '/api/users', { userName: 'clerk2', password: 'clerk-password-2' }, { 'idempotency-key': 'k-1' });
    assert.equal(r.status, 409);
    assert.equal(r.body.success, false);
    assert.equal(r.body.errCode, 1003);
    assert.equal(await countRows(t.database, 'users'), users);
  });

  it('a failed request does not burn its key', async () => {
    const dup = await call(t.app, 'POST', '/api/users', { userName: 'clerk1', password: 'clerk-password-1' }, { 'idempotency-key': 'k-2' });
    assert.equal(dup.status, 409, 'duplicate user name');
    const ok = await call(t.app, 'POST', '/api/users', { userName: 'clerk3', password: 'clerk-password-3' }, { 'idempotency-key': 'k-2' });
    assert.equal(ok.status, 200);
  });

  it('concurrent requests with one key write once', async () => {
    const body = { userName: 'clerk4', password: 'clerk-password-4' };
    const rs = await Promise.all(Array.from({ length: 5 }, () => call(t.app, 'POST', '/api/users', body, { 'idempotency-key': 'k-3' })));
    assert.ok(rs.every((r) => r.status === 200), JSON.stringify(rs.map((r) => r.status)));
    const ids = new Set(rs.map((r) => r.body.data.user.userId));
    assert.equal(ids.size, 1);
  });

  it('keys are per business', async () => {
    const b = await t.newBusiness();
    const r = await call(t.app, 'POST', '/api/users', { userName: 'clerk1', password: 'clerk-password-1' }, {
      'idempotency-key': 'k-1',
      authorization: `Bearer ${b.apiToken}`,
    });
    assert.equal(r.status, 200, 'business B may reuse A\'s key');
    assert.notEqual(r.body.data.user.userId, undefined);
  });
});
