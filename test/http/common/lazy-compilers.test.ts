import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../helpers/app.js';

// Route schemas are compiled on first use (src/http/common/lazy-compilers.ts): the start no longer
// pays for them, and nothing else may change — every schema still compiles, validation still
// answers with the field, replies still go through their serializers.
test('route schemas: deferred at ready, each compiles, validation and replies unchanged', async () => {
  const t = await testApp();
  try {
    const compilers = t.app.deps.schemaCompilers;
    const before = compilers.pendingCount;
    assert.ok(before > 200, `most route schemas wait for their first use (${before} pending)`);

    // A refused body: the validator compiles on this call and its reasons reach the envelope.
    const refused = () => t.app.inject({ method: 'POST', url: '/daftar/v1/session', payload: { password: 'x' } });
    const bad = await refused();
    assert.equal(bad.statusCode, 400);
    const body = bad.json();
    assert.equal(body.code, 'MISSING_FIELD');
    assert.equal(body.field, 'username', 'the reason names the field');
    assert.ok(compilers.pendingCount < before, 'the route used compiled its schema');

    // Every schema compiles (what Fastify checked at start before).
    compilers.compileAll();
    assert.equal(compilers.pendingCount, 0);

    // Compiled functions are kept: a call after compileAll answers as before.
    assert.deepEqual((await refused()).json(), body);
  } finally {
    await t.close();
  }
});

test('the server warms pending schemas in the background without holding requests', async () => {
  const t = await testApp();
  try {
    const compilers = t.app.deps.schemaCompilers;
    const errors: Error[] = [];
    compilers.warm((e) => errors.push(e));
    // Requests are served while warming (one compile per turn of the event loop).
    const r = await t.app.inject({ method: 'GET', url: '/api/products' });
    assert.equal(r.statusCode, 200);
    for (let i = 0; i < 10_000 && compilers.pendingCount > 0; i++) await new Promise((res) => setImmediate(res));
    assert.equal(compilers.pendingCount, 0);
    assert.deepEqual(errors, []);
  } finally {
    await t.close();
  }
});
