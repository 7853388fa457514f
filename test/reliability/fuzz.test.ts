import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { backend, snapshotCounts, testApp, type TestApp } from '../helpers/app.js';
import { addParty, addProduct } from '../domain/invoicing/fixtures.js';

/**
 * Fuzzing from the schemas: for every route in /openapi.json, inputs that must be refused
 * (missing required fields, wrong types, garbage numbers, huge values, deep nesting, invalid
 * UTF-8, injection strings where a number or id belongs, Persian/Arabic digit mixes in ids).
 * Every response must be the surface's envelope with a 4xx (Hesabfa: 200 + a non-zero
 * ErrorCode), never a 500, and no table's row count may change for a refused request.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const CASES_PER_ROUTE = Number(process.env.FUZZ_CASES ?? 12);

type Json = Record<string, any>;

interface Route {
  method: string;
  path: string;
  op: Json;
}

const BAD_NUMBERS = ['abc', 'NaN', 'Infinity', '-Infinity', '1e999', '12abc', '۱۲x', '١٢٣٤٥.٦.٧', "1; drop table products; --", '<script>alert(1)</script>', {}, [], true];
const BAD_STRINGS = [{}, [], { $gt: '' }, [1, 2, 3]];
const HUGE_NUMBERS = [1e308, -1e308, 123456789012345678901234567890, -1];

/** A deeply nested JSON text, built as text (JSON.stringify itself would overflow the stack). */
function deepNest(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** Dates at the edges of the Jalali range (years 1–3177) and beyond, in every spelling clients use. */
const EDGE_DATES = [
  '0001/01/01', '0001-01-01', '0000/01/01', '0000-00-00', '1/1/1', '3177/12/29', '3177/12/30', '3178/01/01', '1699/12/29', '1700-01-01',
  '0622-03-21', '0622-03-22', '3798-12-31', '3799-03-20', '3799-03-21', '4000-01-01', '9999-12-31', '10000-01-01', '-001-01-01',
  '1389/12/29', '1390/01/01', '1403/12/30', '1404/12/30', '1500/01/01', '2025-03-20T23:30:00-05:00', '2025-09-03Tgarbage',
  '2025-09-03T24:00:00Z', '2025-09-03T10:00+14:01', '0001/01/01T00:00:00+14:00', '3177/12/29T23:59:59-12:00', '۱۴۰۴/۰۶/۱۲', '１４０４/０６/１２',
];

function envelopeOk(route: Route, status: number, body: any): string | null {
  if (status >= 500) return `HTTP ${status}`;
  if (route.path.startsWith('/v1/')) {
    if (status !== 200) return `Hesabfa answered HTTP ${status}`;
    if (typeof body?.ErrorCode !== 'number' || typeof body?.Success !== 'boolean') return 'not a Hesabfa envelope';
    if (body.ErrorCode === 100) return 'Hesabfa ErrorCode 100 (internal)';
    return null;
  }
  if (route.path.startsWith('/api/')) {
    if (typeof body?.success !== 'boolean' || typeof body?.errCode !== 'number') return 'not a Siba envelope';
    if (body.errCode === 1099) return 'Siba errCode 1099 (internal)';
    return null;
  }
  if (route.path.startsWith('/v2/')) {
    if (typeof body?.success !== 'boolean' || typeof body?.message !== 'string') return 'not a Chortke envelope';
    return null;
  }
  if (route.path.startsWith('/daftar/') && status >= 400) {
    if (typeof body?.code !== 'string' || body?.status !== status || typeof body?.detail !== 'string') return 'not a problem+json';
    return null;
  }
  return null;
}

function refused(route: Route, status: number, body: any): boolean {
  if (route.path.startsWith('/v1/')) return body?.Success === false;
  return status >= 400;
}

function fillPath(path: string, value: string): string {
  return path.replace(/\{[^}]+\}/g, encodeURIComponent(value));
}

/** The body fields a route's schema declares (top level), and which are required. */
function bodyFields(op: Json): { props: Record<string, Json>; required: string[] } {
  const schema = op.requestBody?.content?.['application/json']?.schema ?? {};
  return { props: schema.properties ?? {}, required: schema.required ?? [] };
}

function kindOf(s: Json): 'number' | 'boolean' | 'string' | 'other' {
  const types = new Set<string>();
  const visit = (x: Json) => {
    if (!x) return;
    if (typeof x.type === 'string') types.add(x.type);
    if (Array.isArray(x.type)) x.type.forEach((t: string) => types.add(t));
    (x.anyOf ?? x.oneOf ?? []).forEach(visit);
  };
  visit(s);
  if (types.has('number') || types.has('integer')) return 'number';
  if (types.has('boolean') && !types.has('string')) return 'boolean';
  if (types.has('string')) return 'string';
  return 'other';
}

describe('fuzzing every route from /openapi.json', () => {
  let t: TestApp;
  let routes: Route[] = [];
  const stats = { cases: 0, fiveHundreds: 0, writes: 0, accepted: 0 };
  const failures: string[] = [];

  before(async () => {
    t = await testApp({ bodyLimitBytes: 256 * 1024 });
    const doc = JSON.parse((await t.app.inject({ method: 'GET', url: '/openapi.json' })).body);
    for (const [path, item] of Object.entries<Json>(doc.paths)) {
      for (const [method, op] of Object.entries<Json>(item)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        routes.push({ method: method.toUpperCase(), path, op });
      }
    }
  });
  after(async () => {
    await t.close();
  });

  async function send(route: Route, url: string, payload: string | Buffer | undefined, contentType = 'application/json') {
    const before = await snapshotCounts(t.database);
    const res = await t.app.inject({
      method: route.method as 'GET',
      url,
      payload,
      headers: payload === undefined ? {} : { 'content-type': contentType },
    });
    stats.cases++;
    let body: any = null;
    try {
      body = JSON.parse(res.body);
    } catch {
      /* judged below */
    }
    const bad = envelopeOk(route, res.statusCode, body);
    if (res.statusCode >= 500) stats.fiveHundreds++;
    if (bad) failures.push(`${route.method} ${url} ← ${String(payload).slice(0, 120)}: ${bad}: ${res.body.slice(0, 200)}`);
    if (refused(route, res.statusCode, body)) {
      const after = await snapshotCounts(t.database);
      const changed = Object.keys(after).filter((k) => k !== 'idempotency_keys' && after[k] !== before[k]);
      if (changed.length) {
        stats.writes++;
        failures.push(`${route.method} ${url}: refused (${res.statusCode}) but wrote ${changed.join(', ')}`);
      }
    } else {
      stats.accepted++;
    }
  }

  it('no route answers 500 or writes on bad input', async (t0) => {
    assert.ok(routes.length > 0);
    const rng = fc.sample(fc.nat(), { seed: SEED, numRuns: 10_000 });
    let r = 0;
    const pick = <T>(xs: T[]): T => xs[rng[r++ % rng.length] % xs.length];

    for (const route of routes) {
      const hasPathParam = /\{/.test(route.path);
      const { props, required } = bodyFields(route.op);
      const hasBody = route.method === 'POST' || route.method === 'PUT' || (route.method === 'DELETE' && Object.keys(props).length > 0);
      for (let i = 0; i < CASES_PER_ROUTE; i++) {
        const url = hasPathParam ? fillPath(route.path, pick(['abc', '-1', '99999999999999999999', '1.5', '۱x', "1' or '1'='1", '0x10'])) : route.path;
        if (!hasBody) {
          // query-string corruption on reads and deletes
          const params = (route.op.parameters ?? []).filter((p: Json) => p.in === 'query');
          const q = params.map((p: Json) => `${encodeURIComponent(p.name)}=${encodeURIComponent(String(kindOf(p.schema ?? {}) === 'number' ? pick(BAD_NUMBERS.filter((x) => typeof x === 'string') as string[]) : pick(['', '%', "'; drop table products; --"])))}`);
          const full = q.length ? `${url}?${q.join('&')}` : url;
          if (route.method === 'GET' && !hasPathParam && !q.length) break; // nothing to corrupt
          await send(route, full, undefined);
          continue;
        }
        const variant = i % 6;
        if (route.path.startsWith('/v1/')) {
          // Hesabfa: authenticated bodies whose parameters are garbage
          const base: Json = { apiKey: 'test-hesabfa-key-a', loginToken: 'test-hesabfa-login-a' };
          const garbage = [
            { ...base, code: pick(BAD_STRINGS) },
            { ...base, item: pick([[], 'x', 5, { Name: {}, ItemType: 'abc' }, { Name: 'x'.repeat(300), ItemType: 0 }, { ItemType: 0 }]) },
            { ...base, items: pick([{}, 'x', [{ Name: [], ItemType: 9 }], [{ Code: 'zzz', Quantity: -1, UnitPrice: 'NaN' }]]) },
            { ...base, queryInfo: { Take: pick([-5, 'abc']), Filters: [{ Property: pick(['NoSuchField', "Name; drop table products"]), Operator: pick(['~', 'like']), Value: 1 }] } },
            { ...base, idList: pick([['abc'], 'x', { a: 1 }]) },
            { ...base, codes: pick([{}, 'x']), warehouseCode: pick(['abc', -1, {}]) },
          ];
          const body = pick(garbage);
          await send(route, url, i % 4 === 3 ? Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0xff, 0xfe, 0x7d]) : JSON.stringify(body));
          continue;
        }
        const body: Json = {};
        if (variant === 0) {
          // required fields missing
          await send(route, url, JSON.stringify(required.length ? {} : { __unknown: pick(BAD_STRINGS) }));
          continue;
        }
        if (variant === 1) {
          await send(route, url, Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0xff, 0xfe, 0x7d])); // invalid UTF-8 where a value belongs
          continue;
        }
        if (variant === 2) {
          await send(route, url, deepNest(5000));
          continue;
        }
        // one field corrupted, others plausible
        const names = Object.keys(props);
        if (names.length === 0) {
          await send(route, url, JSON.stringify(pick([[], 'string', 42, null])));
          continue;
        }
        for (const n of names) {
          const k = kindOf(props[n]);
          body[n] = k === 'number' ? 1 : k === 'boolean' ? true : k === 'string' ? 'x' : undefined;
        }
        const target = pick(names.filter((n) => kindOf(props[n]) !== 'other').concat(names).slice(0, names.length));
        const k = kindOf(props[target]);
        body[target] = k === 'number' ? pick([...BAD_NUMBERS, ...(variant === 5 ? HUGE_NUMBERS : [])]) : k === 'boolean' ? pick(['maybe', {}, [], 7]) : pick(BAD_STRINGS);
        await send(route, url, JSON.stringify(body));
      }
    }
    t0.diagnostic(
      `reliability: fuzz backend=${backend} routes=${routes.length} cases=${stats.cases} fiveHundreds=${stats.fiveHundreds} refusedButWrote=${stats.writes} accepted=${stats.accepted}`,
    );
    assert.deepEqual(failures.slice(0, 25), [], `${failures.length} failures`);
    assert.equal(stats.fiveHundreds, 0);
  });

  it('dates at the Jalali range\'s edges and beyond: no 500, and a refusal writes nothing', async (t0) => {
    const isDate = (name: string) => /date/i.test(name);
    let probes = 0;
    // A party, a service and a cash register, so a date that is right posts and one that is wrong is refused for its date.
    const admin = { businessId: t.business.businessId, userId: t.business.adminUserId, role: 'admin' as const, surface: 'system' as const };
    const personId = (await addParty(t.database, admin, 'مشتری تاریخ')).id;
    const itemId = await addProduct(t.database, t.business.businessId, { kind: 'service' });
    const cash = await t.app.inject({ method: 'POST', url: '/api/cashRegister', payload: { name: 'صندوق تاریخ' } });
    const cashRegisterId = JSON.parse(cash.body).data.cashRegister.cashRegisterId;
    for (const route of routes) {
      if (/\{/.test(route.path) || route.path.startsWith('/v1/')) continue;
      const { props } = bodyFields(route.op);
      const dateProps = Object.keys(props).filter(isDate);
      const dateParams = (route.op.parameters ?? []).filter((p: Json) => p.in === 'query' && isDate(p.name)).map((p: Json) => p.name as string);
      if (!dateProps.length && !dateParams.length) continue;
      for (const d of EDGE_DATES) {
        if (dateParams.length) {
          await send(route, `${route.path}?${dateParams.map((n: string) => `${n}=${encodeURIComponent(d)}`).join('&')}`, undefined);
          probes++;
        }
        if (dateProps.length && route.method !== 'GET') {
          // Plausible other fields (a known party and a service line), so the date itself is judged.
          const body: Json = { kind: 'receipt', personId, cashRegisterId, amount: 1000, lastName: 'تاریخ', invoiceType: 2, details: [{ itemId, itemType: 1, quantity: 1, price: 1000 }] };
          for (const n of dateProps) body[n] = d;
          await send(route, route.path, JSON.stringify(body));
          probes++;
        }
      }
    }
    t0.diagnostic(`reliability: fuzz dates backend=${backend} probes=${probes} accepted=${stats.accepted} fiveHundreds=${stats.fiveHundreds}`);
    assert.ok(probes > 50, `only ${probes} date probes`);
    assert.deepEqual(failures.slice(0, 25), [], `${failures.length} failures`);
    assert.equal(stats.fiveHundreds, 0);
  });

  // Issue 18 point 5: number tokens JSON.stringify cannot write (past 2^53, past the columns'
  // 20 integer digits), as JSON numbers and as strings, in every number field of every route.
  it('numbers past 2^53 and past the column size: 0 × 500, a refusal writes nothing', async (t0) => {
    const BIG = ['9007199254740993', '-9007199254740993', '999999999999999999', '99999999999999999999999', '123456789012345678901.5', '1e25', '-0.00000000000000000001'];
    const tokens = BIG.flatMap((n) => [n, JSON.stringify(n)]);
    const before = { cases: stats.cases, fiveHundreds: stats.fiveHundreds };
    failures.length = 0;
    let k = 0;
    for (const route of routes) {
      const { props } = bodyFields(route.op);
      if (route.method === 'GET' || route.path.startsWith('/v1/') || /\{/.test(route.path)) continue;
      const numeric = Object.keys(props).filter((n) => kindOf(props[n]) === 'number');
      if (numeric.length === 0) continue;
      for (const token of tokens) {
        // Every number field at once, plausible text elsewhere; then the value written raw.
        const body: Json = {};
        for (const n of Object.keys(props)) body[n] = kindOf(props[n]) === 'string' ? 'x' : undefined;
        for (const n of numeric) body[n] = `@@${n}@@`;
        let text = JSON.stringify(body);
        for (const n of numeric) text = text.replace(`"@@${n}@@"`, token);
        await send(route, route.path, text);
      }
    }
    const hesabfa = routes.filter((r) => r.path.startsWith('/v1/'));
    const auth = `"apiKey": "test-hesabfa-key-a", "loginToken": "test-hesabfa-login-a"`;
    for (const token of tokens) {
      const bodies = [
        `{${auth}, "item": {"Name": "بزرگ ${k++}", "ItemType": 0, "SellPrice": ${token}, "BuyPrice": ${token}}}`,
        `{${auth}, "items": [{"Name": "بزرگ ${k++}", "ItemType": 0, "SellPrice": ${token}}]}`,
        `{${auth}, "items": [{"Code": "000001", "Quantity": ${token}, "UnitPrice": ${token}}]}`,
        `{${auth}, "code": ${token}}`,
        `{${auth}, "codes": [${token}], "warehouseCode": ${token}}`,
      ];
      for (const route of hesabfa) await send(route, route.path, bodies[k % bodies.length]);
    }
    t0.diagnostic(`reliability: fuzz numbers backend=${backend} cases=${stats.cases - before.cases} fiveHundreds=${stats.fiveHundreds - before.fiveHundreds}`);
    assert.deepEqual(failures.slice(0, 25), [], `${failures.length} failures`);
    assert.equal(stats.fiveHundreds - before.fiveHundreds, 0);
  });
});
