import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { call, testApp, type TestApp } from '../../helpers/app.js';

/**
 * /daftar/v1 documents itself completely (daftar-api.md): every write route's request body has a
 * schema with at least one example, every 2xx reply with a body has a schema and an example, and
 * every example VALIDATES against the schema it illustrates (an example a client copies must work).
 * Binary replies (a backup's gzip) carry a schema but no example: there is nothing to show in JSON.
 */
type Op = { requestBody?: { content?: Record<string, Media> }; responses?: Record<string, { content?: Record<string, Media> }> };
type Media = { schema?: Record<string, unknown>; examples?: Record<string, { value: unknown }>; example?: unknown };

// ajv-formats is CommonJS: under ESM its function is the default export's `default`.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

function examplesOf(m: Media): unknown[] {
  const out: unknown[] = [];
  if (m.example !== undefined) out.push(m.example);
  for (const e of Object.values(m.examples ?? {})) out.push(e.value);
  for (const e of (m.schema?.examples as unknown[] | undefined) ?? []) out.push(e);
  return out;
}

const isBinary = (ct: string, m: Media) => !/json/.test(ct) || m.schema?.format === 'binary';

describe('/daftar/v1 in /openapi.json: schemas and examples', () => {
  let t: TestApp;
  let ops: Array<{ name: string; op: Op; method: string }>;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);

  before(async () => {
    t = await testApp();
    const doc = (await call(t.app, 'GET', '/openapi.json')).body as { paths: Record<string, Record<string, Op>> };
    ops = Object.entries(doc.paths)
      .filter(([p]) => p.startsWith('/daftar/v1/'))
      .flatMap(([p, byMethod]) => Object.entries(byMethod).map(([method, op]) => ({ name: `${method.toUpperCase()} ${p}`, op, method })));
  });
  after(() => t.close());

  function check(where: string, m: Media, problems: string[]): void {
    if (!m.schema) return void problems.push(`${where}: no schema`);
    const examples = examplesOf(m);
    if (examples.length === 0) return void problems.push(`${where}: no example`);
    const validate = ajv.compile(m.schema);
    examples.forEach((ex, i) => {
      if (!validate(ex)) problems.push(`${where}: example ${i} does not validate: ${ajv.errorsText(validate.errors)}`);
    });
  }

  it('the document lists the /daftar/v1 routes', () => {
    assert.ok(ops.length >= 10, `only ${ops.length} operations under /daftar/v1`);
  });

  it('every POST/PUT/PATCH body has a schema and examples, and each example validates against it', () => {
    const problems: string[] = [];
    for (const { name, op, method } of ops) {
      if (!['post', 'put', 'patch'].includes(method) || !op.requestBody) continue;
      const json = op.requestBody.content?.['application/json'];
      if (!json) problems.push(`${name} body: no application/json content`);
      else check(`${name} body`, json, problems);
    }
    assert.deepEqual(problems, []);
  });

  it('every 2xx reply with a body has a schema and examples, and each example validates against it', () => {
    const problems: string[] = [];
    for (const { name, op } of ops) {
      for (const [status, res] of Object.entries(op.responses ?? {})) {
        if (!status.startsWith('2') || status === '204') continue;
        const content = Object.entries(res.content ?? {});
        if (content.length === 0) problems.push(`${name} ${status}: no content`);
        for (const [ct, m] of content) {
          if (isBinary(ct, m)) {
            if (!m.schema) problems.push(`${name} ${status} ${ct}: no schema`);
          } else check(`${name} ${status} ${ct}`, m, problems);
        }
      }
    }
    assert.deepEqual(problems, []);
  });
});
