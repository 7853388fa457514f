import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../helpers/app.js';

/**
 * Edge cases of every write route under /daftar/v1, walked from /openapi.json so a route added
 * later is covered without editing this file: a body that is not JSON, a field the route does not
 * know, and a number JSON cannot hold exactly (2^53 + 1) in a numeric or amount field.
 */
type Schema = { type?: string | string[]; properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[]; oneOf?: Schema[]; examples?: unknown[] };
type Media = { schema?: Schema; examples?: Record<string, { value: unknown }>; example?: unknown };
type Op = { requestBody?: { content?: Record<string, Media> }; parameters?: { name: string; in: string; example?: unknown; examples?: Record<string, { value: unknown }>; schema?: Schema }[] };

/** A path parameter's value: its documented example (an enum's word), else 1 (an id). */
const paramValue = (op: Op, name: string): string => {
  const p = op.parameters?.find((x) => x.in === 'path' && x.name === name);
  return String(p?.example ?? Object.values(p?.examples ?? {})[0]?.value ?? p?.schema?.examples?.[0] ?? 1);
};
type Route = { name: string; method: string; url: string; body?: Media };

const AUTH = { authorization: 'Bearer test-api-token-a' };
const UNSAFE = '9007199254740993';
const ROUNDED = '9007199254740992';
const MARK = '__unsafe_number__';

const exampleOf = (m: Media | undefined): Record<string, unknown> | undefined =>
  (m?.example ?? Object.values(m?.examples ?? {})[0]?.value ?? m?.schema?.examples?.[0]) as Record<string, unknown> | undefined;

function isNumeric(s: Schema | undefined): boolean {
  if (!s) return false;
  const types = Array.isArray(s.type) ? s.type : [s.type];
  if (types.includes('integer') || types.includes('number')) return true;
  return [...(s.anyOf ?? []), ...(s.oneOf ?? [])].some(isNumeric);
}

/** Each path of `value` (an example) whose schema takes a number: `amount`, `lines[0].quantity`. */
function numericPaths(schema: Schema | undefined, value: unknown, at = ''): string[] {
  if (!schema || value === null || value === undefined) return [];
  if (isNumeric(schema) && at) return [at];
  if (Array.isArray(value)) return value.length ? numericPaths(schema.items, value[0], `${at}[0]`) : [];
  if (typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => numericPaths(schema.properties?.[k], v, at ? `${at}.${k}` : k));
}

/** The example with the value at `path` replaced by the unsafe number, as JSON text. */
function withUnsafe(example: unknown, path: string): string {
  const copy = structuredClone(example) as Record<string, unknown>;
  const keys = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let o = copy as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) o = o[k] as Record<string, unknown>;
  o[keys.at(-1)!] = MARK;
  return JSON.stringify(copy).replace(`"${MARK}"`, UNSAFE);
}

describe('/daftar/v1 write routes: content type, unknown fields, float-unsafe numbers', () => {
  let t: TestApp;
  let routes: Route[];

  before(async () => {
    t = await testApp();
    const doc = JSON.parse((await t.app.inject({ method: 'GET', url: '/openapi.json' })).body) as { paths: Record<string, Record<string, Op>> };
    routes = Object.entries(doc.paths)
      .filter(([p]) => p.startsWith('/daftar/v1/'))
      .flatMap(([p, ops]) =>
        Object.entries(ops)
          .filter(([m]) => ['post', 'put', 'patch'].includes(m))
          .map(([m, op]) => ({ name: `${m.toUpperCase()} ${p}`, method: m.toUpperCase(), url: p.replace(/\{([^}]+)\}/g, (_, name: string) => paramValue(op, name)), body: op.requestBody?.content?.['application/json'] })),
      );
  });
  after(() => t.close());

  const send = (r: Route, payload: string, contentType = 'application/json') =>
    t.app.inject({ method: r.method as 'POST', url: r.url, payload, headers: { ...AUTH, 'content-type': contentType } });

  it('covers the write routes', () => {
    assert.ok(routes.length >= 5, `only ${routes.length} write routes`);
  });

  it('a text/plain body is refused with problem+json 415 carrying a code', async () => {
    const wrong: string[] = [];
    for (const r of routes) {
      const res = await send(r, JSON.stringify(exampleOf(r.body) ?? {}), 'text/plain');
      const body = JSON.parse(res.body);
      if (res.statusCode !== 415 || !/application\/problem\+json/.test(String(res.headers['content-type'])) || typeof body.code !== 'string') {
        wrong.push(`${r.name}: ${res.statusCode} ${res.headers['content-type']} ${res.body.slice(0, 200)}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('a body with an unknown field is refused with problem+json 400 naming that field', async () => {
    const wrong: string[] = [];
    for (const r of routes.filter((x) => x.body)) {
      const res = await send(r, JSON.stringify({ ...(exampleOf(r.body) ?? {}), notAField: 1 }));
      const body = JSON.parse(res.body);
      if (res.statusCode !== 400 || !/application\/problem\+json/.test(String(res.headers['content-type'])) || body.field !== 'notAField') {
        wrong.push(`${r.name}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('2^53 + 1 in a numeric or amount field is kept exact or refused naming the field, never rounded', async () => {
    const wrong: string[] = [];
    let tried = 0;
    for (const r of routes.filter((x) => x.body)) {
      const example = exampleOf(r.body);
      for (const path of numericPaths(r.body!.schema, example)) {
        tried++;
        const res = await send(r, withUnsafe(example, path));
        const where = `${r.name} ${path}: ${res.statusCode} ${res.body.slice(0, 300)}`;
        if (res.statusCode >= 500 || res.body.includes(ROUNDED)) wrong.push(`${where} (rounded or 5xx)`);
        else if (res.statusCode < 300 && !res.body.includes(UNSAFE)) wrong.push(`${where} (accepted but not echoed exactly)`);
        else if (res.statusCode >= 400 && JSON.parse(res.body).field === undefined) wrong.push(`${where} (refused naming no field)`);
      }
    }
    assert.ok(tried > 0, 'some example has a numeric field');
    assert.deepEqual(wrong, []);
  });
});
