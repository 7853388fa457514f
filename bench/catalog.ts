/**
 * Dev aid (not part of `npm run bench`): the catalogue scenarios of the benchmark against a
 * 100,000-item catalogue that is built once and kept, so that a change can be timed before and
 * after without reseeding. The server runs in this process (startServer, a real port), the calls
 * go through fetch like the benchmark's.
 *
 *   node --import tsx bench/catalog.ts [read|batchsave] [n]
 *
 * PGlite: data in .tmp/catbench-pglite (DAFTAR_DATA_DIR to override). PostgreSQL: with
 * DATABASE_URL, database `catbench` on that cluster (`batchsave`: `catbench_bs`, recreated).
 * `read` (default): seeds to 100,000 items if needed, then n sequential calls each of getitems
 * (Name * needle, Take 20, by Code), Siba ?name= (limit 20) and GetQuantity of all (n/10).
 * `batchsave`: a fresh database, then n batchsave calls of 1,000 new items (the first on an
 * empty catalogue).
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { startServer } from '../src/server.js';
import { NEEDLE, newItems } from './scenarios.js';

const [what = 'read', nArg = '50'] = process.argv.slice(2);
const n = Number(nArg);
const CATALOG = Number(process.env.CATALOG ?? 100_000);
const SECRETS = {
  DAFTAR_ADMIN_USER: 'admin',
  DAFTAR_ADMIN_PASSWORD: 'bench-admin-password',
  DAFTAR_API_TOKEN: 'bench-api-token',
  DAFTAR_HESABFA_API_KEY: 'bench-hesabfa-key',
  DAFTAR_HESABFA_LOGIN_TOKEN: 'bench-hesabfa-login',
  DAFTAR_CHORTKE_TOKEN: 'bench-chortke-token',
};
const auth = { apiKey: SECRETS.DAFTAR_HESABFA_API_KEY, loginToken: SECRETS.DAFTAR_HESABFA_LOGIN_TOKEN };

async function pgDatabase(name: string, recreate: boolean): Promise<string> {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  if (recreate) await c.query(`drop database if exists ${name} with (force)`);
  const exists = await c.query('select 1 from pg_database where datname = $1', [name]);
  if (!exists.rowCount) await c.query(`create database ${name}`);
  await c.end();
  const u = new URL(process.env.DATABASE_URL!);
  u.pathname = '/' + name;
  return u.toString();
}

const env: Record<string, string> = { ...SECRETS, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', DAFTAR_RATE_LIMIT: '10000000', DAFTAR_HESABFA_RATE_LIMIT: '10000000' };
if (process.env.DATABASE_URL) env.DATABASE_URL = await pgDatabase(what === 'batchsave' ? 'catbench_bs' : 'catbench', what === 'batchsave');
else {
  const dir = path.resolve(process.env.DAFTAR_DATA_DIR ?? (what === 'batchsave' ? '.tmp/catbench-bs' : '.tmp/catbench-pglite'));
  if (what === 'batchsave') fs.rmSync(dir, { recursive: true, force: true });
  env.DAFTAR_DATA_DIR = dir;
}
Object.assign(process.env, env); // ensureDefaultBusiness reads the secrets from process.env
const config = loadConfig(env);
const s = await startServer(config, { logger: false });
const base = s.address.replace('0.0.0.0', '127.0.0.1');

async function post(p: string, body: unknown): Promise<any> {
  const r = await fetch(base + p, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const j = await r.json();
  if (!j.Success) throw new Error(`${p}: ${JSON.stringify(j).slice(0, 300)}`);
  return j;
}
async function timed(label: string, k: number, fn: (i: number) => Promise<void>): Promise<void> {
  const ms: number[] = [];
  for (let i = 0; i < k; i++) {
    const t0 = performance.now();
    await fn(i);
    ms.push(performance.now() - t0);
  }
  const first = ms[0];
  ms.sort((a, b) => a - b);
  const q = (x: number) => ms[Math.min(ms.length - 1, Math.max(0, Math.ceil(x * ms.length) - 1))];
  console.log(`${label}: n=${k} first ${first.toFixed(0)} p50 ${q(0.5).toFixed(1)} p90 ${q(0.9).toFixed(1)} max ${ms[ms.length - 1].toFixed(0)} ms`);
}
async function batch(from: number, k: number): Promise<void> {
  const r = await post('/v1/item/batchsave', { ...auth, items: newItems(from, k) });
  if (!r.Success || r.Result.length !== k) throw new Error(JSON.stringify(r).slice(0, 300));
}

try {
  if (what === 'batchsave') {
    await timed(`batchsave 1,000 (first on an empty catalogue)`, 1, () => batch(0, 1000));
    await timed(`batchsave 1,000 (growing)`, n - 1, (i) => batch(1000 * (i + 1), 1000));
  } else {
    const count = (await post('/v1/item/getitems', { ...auth, queryInfo: { Take: 1 } })).Result.TotalCount as number;
    if (count < CATALOG) {
      console.log(`seeding ${count} → ${CATALOG} …`);
      await timed('batchsave 1,000 (seeding)', Math.ceil((CATALOG - count) / 1000), (i) => batch(count + 1000 * i, Math.min(1000, CATALOG - count - 1000 * i)));
      // Let the in-process maintenance analyze the new rows (PGlite) before timing reads.
      await new Promise((r) => setTimeout(r, 12_000));
    }
    const gi = JSON.stringify({ ...auth, queryInfo: { SortBy: 'Code', SortDesc: false, Take: 20, Skip: 0, Filters: [{ Property: 'Name', Operator: '*', Value: NEEDLE }] } });
    const probe = await post('/v1/item/getitems', gi);
    console.log(`getitems probe: ${probe.Result.FilteredCount} of ${probe.Result.TotalCount}, ${probe.Result.List.length} rows`);
    await timed('getitems Name * needle, Take 20', n, async () => {
      const r = await post('/v1/item/getitems', gi);
      if (!r.Success) throw new Error(JSON.stringify(r));
    });
    await timed('Siba GET /api/products?name=needle&limit=20', n, async () => {
      const r = await fetch(`${base}/api/products?name=${encodeURIComponent(NEEDLE)}&limit=20`, { headers: { authorization: `Bearer ${SECRETS.DAFTAR_API_TOKEN}` } });
      const j = await r.json();
      if (r.status !== 200) throw new Error(JSON.stringify(j));
    });
    const gq = JSON.stringify(auth);
    await timed('GetQuantity of all', Math.max(3, Math.round(n / 10)), async () => {
      const r = await fetch(`${base}/v1/item/GetQuantity`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: gq });
      const j = await r.json();
      if (!j.Success || j.Result.length < CATALOG) throw new Error(String(j.ErrorMessage));
    });
  }
} finally {
  await s.app.close();
  await s.database.close();
}
