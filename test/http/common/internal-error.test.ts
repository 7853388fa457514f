import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { call, testApp, type TestApp } from '../../helpers/app.js';

/** An unexpected failure (here: a table the code needs has vanished) answers 500 in the
 * surface's envelope with a request id, never a stack trace or the database's message. */
describe('internal errors', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
    await sql`drop table audit_entries`.execute(t.database.db);
  });
  after(() => t.close());

  it('Siba: 500 / 1099 with requestId, nothing leaked', async () => {
    const r = await call(t.app, 'POST', '/api/users', { userName: 'will-fail', password: 'will-fail-password' });
    assert.equal(r.status, 500);
    assert.equal(r.body.success, false);
    assert.equal(r.body.errCode, 1099);
    assert.match(r.body.requestId, /^[0-9a-f-]{36}$/);
    assert.equal(r.headers['x-request-id'], r.body.requestId);
    const text = JSON.stringify(r.body);
    assert.ok(!/audit_entries|at \w+ \(|\.ts:\d+/.test(text), text);
  });

  it('Chortke: 500 INTERNAL_ERROR with requestId', async () => {
    const r = await call(t.app, 'POST', '/v2/persons', { nickName: 'x', personType: 'customer' }, { authorization: 'Bearer test-chortke-token-a' });
    assert.equal(r.status, 500);
    assert.equal(r.body.code, 'INTERNAL_ERROR');
    assert.ok(r.body.requestId);
    assert.ok(!JSON.stringify(r.body).includes('audit_entries'));
  });

  it('Hesabfa: HTTP 200, ErrorCode 100 with RequestId', async () => {
    const r = await call(t.app, 'POST', '/v1/item/save', {
      apiKey: 'test-hesabfa-key-a',
      loginToken: 'test-hesabfa-login-a',
      item: { Name: 'x', ItemType: 0 },
    });
    assert.equal(r.status, 200);
    assert.equal(r.body.ErrorCode, 100);
    assert.ok(r.body.RequestId);
    assert.ok(!JSON.stringify(r.body).includes('audit_entries'));
  });
});
