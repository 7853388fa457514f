import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { call, countRows, snapshotCounts, testApp, type TestApp } from '../helpers/app.js';

/**
 * Everything is bounded (issue 10): request bodies, request rates, Hesabfa batch sizes and the
 * page size of every list. Each refusal answers in its surface's envelope and writes nothing.
 */

const A_HESABFA = { apiKey: 'test-hesabfa-key-a', loginToken: 'test-hesabfa-login-a' };
const A_CHORTKE = { authorization: 'Bearer test-chortke-token-a' };

describe('limits: body size', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ bodyLimitBytes: 4096 });
  });
  after(() => t.close());

  const big = 'ک'.repeat(4000); // 8000 bytes of UTF-8, twice the limit

  it('Siba: 413 / errCode 1008, nothing written', async () => {
    const snap = await snapshotCounts(t.database);
    const r = await call(t.app, 'POST', '/api/products', { name: 'بزرگ', comment: big });
    assert.deepEqual([r.status, r.body.success, r.body.errCode, r.body.data], [413, false, 1008, null]);
    assert.match(r.body.errMsg, /[\u0600-\u06FF]/);
    const c = await call(t.app, 'POST', '/api/customers', { lastName: 'بزرگ', address: big });
    assert.deepEqual([c.status, c.body.errCode], [413, 1008]);
    assert.deepEqual(await snapshotCounts(t.database), snap);
    // just under the limit is fine
    const ok = await call(t.app, 'POST', '/api/products', { name: 'کوچک', comment: 'ک'.repeat(1500) });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });

  it('Chortke: 413 PAYLOAD_TOO_LARGE, nothing written', async () => {
    const snap = await snapshotCounts(t.database);
    const r = await call(t.app, 'POST', '/v2/products', { title: 'بزرگ', salesDescription: big }, A_CHORTKE);
    assert.deepEqual([r.status, r.body.success, r.body.code], [413, false, 'PAYLOAD_TOO_LARGE']);
    assert.equal(typeof r.body.message, 'string');
    const p = await call(t.app, 'PUT', '/v2/persons/1', { nickName: big }, A_CHORTKE);
    assert.deepEqual([p.status, p.body.code], [413, 'PAYLOAD_TOO_LARGE']);
    assert.deepEqual(await snapshotCounts(t.database), snap);
  });

  it('Hesabfa: HTTP 200 with an error envelope (never a bare 413), nothing written', async () => {
    const snap = await snapshotCounts(t.database);
    const r = await call(t.app, 'POST', '/v1/item/save', { ...A_HESABFA, item: { Name: 'بزرگ', ItemType: 0, Description: big } });
    assert.equal(r.status, 200);
    assert.deepEqual([r.body.Success, r.body.Result], [false, null]);
    assert.ok(r.body.ErrorCode !== 0 && r.body.ErrorCode !== 100, `ErrorCode ${r.body.ErrorCode}`);
    assert.match(r.body.ErrorMessage, /[\u0600-\u06FF]/);
    // as text/plain (clients send that too)
    const raw = await call(t.app, 'POST', '/v1/item/batchsave', JSON.stringify({ ...A_HESABFA, items: [{ Name: big, ItemType: 0 }] }), { 'content-type': 'text/plain' });
    assert.deepEqual([raw.status, raw.body.Success], [200, false]);
    assert.deepEqual(await snapshotCounts(t.database), snap);
  });
});

describe('limits: request rate', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ rateLimitPerMinute: 5, hesabfaRateLimitPerMinute: 5 });
  });
  after(() => t.close());

  it('Siba: the 6th call in a minute is 429 / errCode 1009; another token has its own budget', async () => {
    const b = await t.newBusiness();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await call(t.app, 'GET', '/api/products/unit')).status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
    const r = await call(t.app, 'GET', '/api/products/unit');
    assert.deepEqual([r.status, r.body.success, r.body.errCode, r.body.data], [429, false, 1009, null]);
    // a refused write writes nothing
    const snap = await snapshotCounts(t.database);
    const w = await call(t.app, 'POST', '/api/products/unit', { unitName: 'پس از سقف' });
    assert.deepEqual([w.status, w.body.errCode], [429, 1009]);
    assert.deepEqual(await snapshotCounts(t.database), snap);
    const other = await call(t.app, 'GET', '/api/products/unit', undefined, { authorization: `Bearer ${b.apiToken}` });
    assert.equal(other.status, 200);
  });

  it('Chortke: 429 RATE_LIMITED after 5', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await call(t.app, 'GET', '/v2/personTypes', undefined, A_CHORTKE)).status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
    const r = await call(t.app, 'GET', '/v2/products', undefined, A_CHORTKE);
    assert.deepEqual([r.status, r.body.success, r.body.code], [429, false, 'RATE_LIMITED']);
  });

  it('Hesabfa: per apiKey, the 6th call is HTTP 200 with ErrorCode 101; another apiKey is not limited', async () => {
    const b = await t.newBusiness();
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await call(t.app, 'POST', '/v1/item/getitems', A_HESABFA);
      assert.equal(r.status, 200);
      codes.push(r.body.ErrorCode);
    }
    assert.deepEqual(codes, [0, 0, 0, 0, 0, 101, 101]);
    const snap = await snapshotCounts(t.database);
    const w = await call(t.app, 'POST', '/v1/item/save', { ...A_HESABFA, item: { Name: 'پس از سقف', ItemType: 0 } });
    assert.deepEqual([w.status, w.body.Success, w.body.ErrorCode, w.body.Result], [200, false, 101, null]);
    assert.match(w.body.ErrorMessage, /[\u0600-\u06FF]/);
    assert.deepEqual(await snapshotCounts(t.database), snap);
    const other = await call(t.app, 'POST', '/v1/item/getitems', { apiKey: b.hesabfaApiKey, loginToken: b.hesabfaLoginToken });
    assert.equal(other.body.ErrorCode, 0);
  });
});

describe('limits: guessing credentials', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ authFailuresPerMinute: 5 });
  });
  after(() => t.close());

  it('Siba and Chortke: a flood of different wrong bearer tokens from one address is limited too', async () => {
    const siba: number[] = [];
    const chortke: number[] = [];
    for (let i = 0; i < 4; i++) {
      siba.push((await call(t.app, 'GET', '/api/users', undefined, { authorization: `Bearer guess-s-${i}` })).status);
      chortke.push((await call(t.app, 'GET', '/v2/persons', undefined, { authorization: `Bearer guess-c-${i}` })).status);
    }
    assert.deepEqual(siba, [401, 401, 401, 429]);
    assert.deepEqual(chortke, [401, 401, 429, 429]);
    const r = await call(t.app, 'GET', '/api/users', undefined, { authorization: 'Bearer guess-again' });
    assert.deepEqual([r.status, r.body.errCode], [429, 1009]);
    assert.match(r.body.errMsg, /[\u0600-\u06FF]/);
  });

  it('Hesabfa: a flood of different wrong apiKeys from one address is limited too (ErrorCode 101)', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) codes.push((await call(t.app, 'POST', '/v1/item/getitems', { apiKey: `guess-${i}` })).body.ErrorCode);
    assert.deepEqual(codes, [101, 101, 101], 'this address already failed 5 times above');
  });
});

describe('limits: batch sizes and page sizes', () => {
  let t: TestApp;
  const N = 1005;
  before(async () => {
    t = await testApp({ hesabfaMaxTake: 700, maxBatchItems: 1100 });
    // 1005 items with a barcode each in one batch (within maxBatchItems)
    const items = Array.from({ length: N }, (_, i) => ({ Name: `کالای انبوه ${i + 1}`, ItemType: 0, Barcode: `88${String(i + 1).padStart(8, '0')}` }));
    const r = await call(t.app, 'POST', '/v1/item/batchsave', { ...A_HESABFA, items });
    assert.equal(r.body.ErrorCode, 0, JSON.stringify(r.body).slice(0, 300));
    assert.equal(r.body.Result.length, N);
    assert.equal(await countRows(t.database, 'barcodes'), N);
  });
  after(() => t.close());

  it('Hesabfa batchsave above maxBatchItems → 114 naming items, nothing saved', async () => {
    const snap = await snapshotCounts(t.database);
    const items = Array.from({ length: 1101 }, (_, i) => ({ Name: `زیادی ${i}`, ItemType: 0 }));
    const r = await call(t.app, 'POST', '/v1/item/batchsave', { ...A_HESABFA, items });
    assert.deepEqual([r.status, r.body.Success, r.body.ErrorCode, r.body.Result], [200, false, 114, null]);
    assert.match(r.body.ErrorMessage, /items/);
    assert.deepEqual(await snapshotCounts(t.database), snap);
    assert.equal(await countRows(t.database, 'products'), N);
  });

  it('Hesabfa UpdateOpeningQuantity above maxBatchItems → 114 naming items; getById above hesabfaMaxTake → 114 naming idList', async () => {
    const snap = await snapshotCounts(t.database);
    const items = Array.from({ length: 1101 }, (_, i) => ({ Code: String(i + 1), Quantity: 1, UnitPrice: 1000 }));
    const r = await call(t.app, 'POST', '/v1/item/UpdateOpeningQuantity', { ...A_HESABFA, items });
    assert.deepEqual([r.body.Success, r.body.ErrorCode], [false, 114]);
    assert.match(r.body.ErrorMessage, /items/);
    const g = await call(t.app, 'POST', '/v1/item/getById', { ...A_HESABFA, idList: Array.from({ length: 701 }, (_, i) => i + 1) });
    assert.deepEqual([g.body.Success, g.body.ErrorCode], [false, 114]);
    assert.match(g.body.ErrorMessage, /idList/);
    assert.deepEqual(await snapshotCounts(t.database), snap);
  });

  it('Hesabfa getitems Take: 1000000 (and no Take) is clamped to hesabfaMaxTake', async () => {
    for (const queryInfo of [{ Take: 1000000 }, { Take: '1000000', Skip: 0 }, {}]) {
      const r = await call(t.app, 'POST', '/v1/item/getitems', { ...A_HESABFA, queryInfo });
      assert.equal(r.body.ErrorCode, 0, JSON.stringify(r.body).slice(0, 200));
      const res = r.body.Result;
      assert.deepEqual([res.TotalCount, res.FilteredCount, res.List.length, res.From, res.To], [N, N, 700, 1, 700], JSON.stringify(queryInfo));
    }
    const last = await call(t.app, 'POST', '/v1/item/getitems', { ...A_HESABFA, queryInfo: { Take: 1000000, Skip: 1000 } });
    assert.deepEqual([last.body.Result.List.length, last.body.Result.From, last.body.Result.To], [5, 1001, 1005]);
    const q = await call(t.app, 'POST', '/v1/item/GetQuantity', A_HESABFA);
    assert.ok(q.body.Result.length <= N, 'GetQuantity returns at most every product');
  });

  it('Siba lists: ?limit=100000 is clamped to 1000', async () => {
    for (const url of ['/api/products?limit=100000', '/api/products/barcode?limit=100000', '/api/history?limit=100000']) {
      const r = await call(t.app, 'GET', url);
      assert.equal(r.status, 200, `${url}: ${JSON.stringify(r.body).slice(0, 200)}`);
      const list = Object.values(r.body.data)[0] as unknown[];
      assert.ok(list.length <= 1000, `${url}: ${list.length} rows`);
      if (!url.startsWith('/api/history')) assert.equal(list.length, 1000, url);
    }
    const p = await call(t.app, 'GET', '/api/products?limit=100000&offset=1000');
    assert.equal(p.body.data.product.length, 5);
    const def = await call(t.app, 'GET', '/api/products');
    assert.equal(def.body.data.product.length, 100, 'default page is 100');
  });

  it('Chortke lists: ?limit=100000 is clamped to 1000; limit 0 or negative is 400 naming limit', async () => {
    const r = await call(t.app, 'GET', '/v2/products?limit=100000', undefined, A_CHORTKE);
    assert.equal(r.status, 200, JSON.stringify(r.body).slice(0, 200));
    assert.equal(r.body.product.length, 1000);
    const rest = await call(t.app, 'GET', '/v2/products?limit=100000&offset=1000', undefined, A_CHORTKE);
    assert.equal(rest.body.product.length, 5);
    const persons = await call(t.app, 'GET', '/v2/persons?limit=100000', undefined, A_CHORTKE);
    assert.equal(persons.status, 200);
    for (const bad of ['0', '-5']) {
      const x = await call(t.app, 'GET', `/v2/products?limit=${bad}`, undefined, A_CHORTKE);
      assert.deepEqual([x.status, x.body.code, x.body.field], [400, 'VALIDATION_ERROR', 'limit']);
    }
  });

  it(
    'Siba factors list: ?limit=100000 is clamped like the other lists',
    async () => {
      const r = await call(t.app, 'GET', '/api/factors?limit=100000');
      assert.equal(r.status, 200);
    },
  );
});
