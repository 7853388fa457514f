/**
 * Dev aid (not part of `npm run bench`): in-process timing of one scenario through app.inject on
 * the suite's backend, with the number of SQL statements per request. Run under
 * `node --cpu-prof --import tsx bench/profile.ts <factors|batchsave> [n]` to see where time goes.
 */
import pg from 'pg';
import { call, testApp } from '../test/helpers/app.js';

const [what = 'factors', nArg = '300'] = process.argv.slice(2);
const n = Number(nArg);
const t = await testApp();
const pglite = t.database.pglite;
let statements = 0;
let explained = 0;
const bySql = new Map<string, { n: number; ms: number }>();
if (pglite) {
  const q = pglite.query.bind(pglite);
  (pglite as unknown as { query: typeof q }).query = (async (...a: Parameters<typeof q>) => {
    statements++;
    if (process.env.EXPLAIN && String(a[0]).includes(process.env.EXPLAIN) && ++explained % 100 === 0) {
      await q('savepoint x');
      const e = await q<{ 'QUERY PLAN': string }>('explain (analyze, buffers, summary) ' + String(a[0]), a[1] as unknown[]);
      console.log(e.rows.map((r) => r['QUERY PLAN']).join('\n'));
      await q('rollback to savepoint x');
    }
    const t0 = performance.now();
    try {
      return await q(...a);
    } finally {
      const k = String(a[0]).replace(/\s+/g, ' ').slice(0, 90);
      const e = bySql.get(k) ?? { n: 0, ms: 0 };
      e.n++;
      e.ms += performance.now() - t0;
      bySql.set(k, e);
    }
  }) as typeof q;
}
if (!pglite) {
  // PostgreSQL: time each statement as the client sees it (send → result).
  const q = pg.Client.prototype.query as (...a: unknown[]) => unknown;
  (pg.Client.prototype as unknown as { query: typeof q }).query = function (this: pg.Client, ...a: unknown[]) {
    const text = typeof a[0] === 'string' ? a[0] : String((a[0] as { text?: string })?.text ?? '');
    if (process.env.EXPLAIN && text.includes(process.env.EXPLAIN) && ++explained % 100 === 0) {
      // EXPLAIN ANALYZE of a statement containing $EXPLAIN, in a savepoint of the same transaction.
      const values = (a[1] ?? (a[0] as { values?: unknown[] })?.values) as unknown[];
      void (q.apply(this, ['savepoint x']) as Promise<unknown>);
      void (q.apply(this, ['explain (analyze, buffers, summary) ' + text, values]) as Promise<{ rows: { 'QUERY PLAN': string }[] }>).then((e) =>
        console.log(e.rows.map((r) => r['QUERY PLAN']).join('\n')),
      );
      void (q.apply(this, ['rollback to savepoint x']) as Promise<unknown>);
    }
    const r = q.apply(this, a);
    if (!(r instanceof Promise)) return r;
    statements++;
    const t0 = performance.now();
    return r.finally(() => {
      const k = text.replace(/\s+/g, ' ').slice(0, 90);
      const e = bySql.get(k) ?? { n: 0, ms: 0 };
      e.n++;
      e.ms += performance.now() - t0;
      bySql.set(k, e);
    });
  };
}
process.on('exit', () => {
  const top = [...bySql].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25);
  for (const [k, v] of top) console.log(`${v.ms.toFixed(0).padStart(7)} ms ${String(v.n).padStart(6)}× ${k}`);
});
const H = { authorization: 'Bearer test-api-token-a' };
const auth = { apiKey: 'test-hesabfa-key-a', loginToken: 'test-hesabfa-login-a' };
const items = (from: number, k: number) =>
  Array.from({ length: k }, (_, i) => ({ Name: `کالا ${from + i}`, ItemType: 0, Barcode: String(6260000000000 + from + i), Unit: 'عدد', SellPrice: 1000, NodeFamily: 'کالاها : الف' }));
const time = async (label: string, k: number, fn: (i: number) => Promise<void>) => {
  const s0 = statements;
  const t0 = performance.now();
  for (let i = 0; i < k; i++) await fn(i);
  const ms = performance.now() - t0;
  console.log(`${label}: ${k} in ${Math.round(ms)} ms = ${(ms / k).toFixed(2)} ms each, ${((statements - s0) / k).toFixed(1)} statements each`);
};
let goods: number[] = [];
await time('batchsave 1000', 1, async () => {
  const r = await call(t.app, 'POST', '/v1/item/batchsave', { ...auth, items: items(0, 1000) });
  if (!r.body.Success) throw new Error(JSON.stringify(r.body));
  goods = r.body.Result.map((x: { Id: number }) => x.Id);
});
if (process.env.ANALYZE) await t.database.pglite?.exec('analyze');
if (what === 'batchsave') {
  await time('batchsave 1000 more', 3, async (i) => {
    const r = await call(t.app, 'POST', '/v1/item/batchsave', { ...auth, items: items(1000 * (i + 1), 1000) });
    if (!r.body.Success) throw new Error(JSON.stringify(r.body).slice(0, 300));
  });
} else {
  const c = await call(t.app, 'POST', '/api/customers', { firstName: 'a', lastName: 'b' }, H);
  const person = c.body.data.customer.customerId;
  for (let i = 0; i < goods.length; i += 100) {
    const r = await call(t.app, 'POST', '/api/factors', { invoiceType: 1, personId: person, details: goods.slice(i, i + 100).map((id) => ({ itemId: id, itemType: 0, quantity: 1e6, price: 500, taxPerc: 0 })) }, H);
    if (r.status >= 300) throw new Error(JSON.stringify(r.body));
  }
  const svc = await call(t.app, 'POST', '/v1/item/save', { ...auth, item: { Name: 'خدمت', ItemType: 1, SellPrice: 1 } });
  bySql.clear();
  await time('sale', n, async (i) => {
    const lines = [goods[i % 50], goods[(i * 7) % 1000], goods[(i * 13 + 1) % 997]].map((id, k) => ({ itemId: id, itemType: 0, quantity: 1, price: 900 + k, taxPerc: k === 0 ? 10 : 0 }));
    lines.push({ itemId: svc.body.Result.Id, itemType: 1, quantity: 1, price: 100, taxPerc: 0 });
    const r = await call(t.app, 'POST', '/api/factors', { invoiceType: 2, personId: person, details: lines }, H);
    if (r.status >= 300) throw new Error(JSON.stringify(r.body));
  });
}
await t.close();
