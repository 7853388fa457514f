import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { call, testApp, type TestApp } from '../helpers/app.js';

describe('surface envelopes for Fastify-level failures', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ bodyLimitBytes: 4096 });
  });
  after(() => t.close());

  it('Siba: success envelope', async () => {
    const r = await call(t.app, 'GET', '/api/users');
    assert.equal(r.status, 200);
    assert.equal(r.body.success, true);
    assert.equal(r.body.errCode, 0);
    assert.equal(r.body.errMsg, '');
    assert.equal(r.body.data.user[0].userName, 'admin');
    assert.equal(r.body.data.user[0].passwordHash, undefined);
  });

  it('Siba: malformed JSON → 400 / 1001', async () => {
    const r = await call(t.app, 'POST', '/api/users', '{"userName": ');
    assert.equal(r.status, 400);
    assert.deepEqual([r.body.success, r.body.errCode, r.body.data], [false, 1001, null]);
    assert.match(r.body.errMsg, /JSON/);
  });

  it('Siba: wrong content type → 415 / 1001', async () => {
    const r = await call(t.app, 'POST', '/api/users', 'userName=x', { 'content-type': 'text/plain' });
    assert.equal(r.status, 415);
    assert.equal(r.body.errCode, 1001);
  });

  it('Siba: oversize body → 413 / 1008', async () => {
    const r = await call(t.app, 'POST', '/api/users', { userName: 'x'.repeat(10_000), password: 'p' });
    assert.equal(r.status, 413);
    assert.equal(r.body.errCode, 1008);
  });

  it('Siba: unknown route → 404 / 1002', async () => {
    const r = await call(t.app, 'GET', '/api/no-such-thing');
    assert.equal(r.status, 404);
    assert.equal(r.body.errCode, 1002);
    assert.equal(r.body.success, false);
  });

  it('Siba: schema violation names the field → 400 / 1001', async () => {
    const r = await call(t.app, 'POST', '/api/users', { password: 'long-enough-pw' });
    assert.equal(r.status, 400);
    assert.equal(r.body.errCode, 1001);
    assert.match(r.body.errMsg, /userName/);
  });

  it('Hesabfa: not JSON → HTTP 200, ErrorCode 103', async () => {
    const r = await call(t.app, 'POST', '/v1/item/get', 'this is not json', { 'content-type': 'text/plain' });
    assert.equal(r.status, 200);
    assert.deepEqual([r.body.Success, r.body.ErrorCode, r.body.Result], [false, 103, null]);
  });

  it('Hesabfa: empty body → 103; missing apiKey → 113; unknown apiKey → 107', async () => {
    assert.equal((await call(t.app, 'POST', '/v1/item/get', '')).body.ErrorCode, 103);
    assert.equal((await call(t.app, 'POST', '/v1/item/get', { code: '1' })).body.ErrorCode, 113);
    const r = await call(t.app, 'POST', '/v1/item/get', { apiKey: 'nope', code: '1' });
    assert.equal(r.status, 200);
    assert.equal(r.body.ErrorCode, 107);
    assert.equal(typeof r.body.ErrorMessage, 'string');
  });

  it('Hesabfa: JavaScript-literal body (the seed examples) is read', async () => {
    const r = await call(t.app, 'POST', '/v1/item/nosuchmethod', `{ apiKey: 'test-hesabfa-key-a', loginToken: 'test-hesabfa-login-a' }`, {
      'content-type': 'application/json',
    });
    assert.equal(r.status, 200);
    assert.equal(r.body.ErrorCode, 112, 'auth passed, unknown method reported');
  });

  it('Hesabfa: oversize body → 200 with an error envelope', async () => {
    const r = await call(t.app, 'POST', '/v1/item/get', { apiKey: 'x', pad: 'y'.repeat(10_000) });
    assert.equal(r.status, 200);
    assert.equal(r.body.Success, false);
    assert.notEqual(r.body.ErrorCode, 0);
  });

  it('Chortke: no token → 401 envelope; bad token → 401', async () => {
    let r = await call(t.app, 'GET', '/v2/products');
    assert.equal(r.status, 401);
    assert.deepEqual([r.body.success, r.body.code], [false, 'UNAUTHORIZED']);
    assert.equal(typeof r.body.message, 'string');
    r = await call(t.app, 'GET', '/v2/products', undefined, { authorization: 'Bearer wrong' });
    assert.equal(r.status, 401);
  });

  it('Chortke: malformed JSON → 400, unknown route → 404, oversize → 413', async () => {
    const auth = { authorization: 'Bearer test-chortke-token-a' };
    let r = await call(t.app, 'POST', '/v2/persons', '{oops', auth);
    assert.equal(r.status, 400);
    assert.equal(r.body.success, false);
    r = await call(t.app, 'GET', '/v2/nothing-here', undefined, auth);
    assert.equal(r.status, 404);
    assert.equal(r.body.code, 'NOT_FOUND');
    r = await call(t.app, 'POST', '/v2/persons', { nickName: 'x'.repeat(10_000) }, auth);
    assert.equal(r.status, 413);
    assert.equal(r.body.code, 'PAYLOAD_TOO_LARGE');
  });
});
