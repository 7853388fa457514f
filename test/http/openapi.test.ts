import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validate } from '@readme/openapi-parser';
import { call, testApp, type TestApp } from '../helpers/app.js';

describe('OpenAPI document and reference page', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('/openapi.json is a valid OpenAPI 3 document covering the surfaces', async () => {
    const r = await call(t.app, 'GET', '/openapi.json');
    assert.equal(r.status, 200);
    assert.match(r.body.openapi, /^3\./);
    const result = await validate(structuredClone(r.body));
    assert.equal(result.valid, true, JSON.stringify((result as { errors?: unknown }).errors ?? result).slice(0, 2000));
    assert.ok(r.body.paths['/api/users'], 'Siba users documented');
    assert.ok(r.body.paths['/api/users/login']);
  });

  it('/docs renders the reference page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/' });
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /text\/html/);
    assert.match(res.body, /swagger/i);
    const js = await t.app.inject({ method: 'GET', url: '/docs/static/swagger-ui-bundle.js' });
    assert.equal(js.statusCode, 200, 'assets are served locally, no CDN');
  });
});
