/**
 * `npm run bench` — starts the real server (built bundle, real port) on each backend, drives it
 * with autocannon from this process (a second process), and prints one table: scenario,
 * requests, throughput, p50/p99 latency, errors, server peak RSS, ratio to the pgbench TPC-B
 * baseline measured in the same run on the same PostgreSQL. Writes bench/results.json.
 *
 *   npm run bench                      quick profile, PGlite and PostgreSQL
 *   npm run bench -- --backend pglite  one backend
 *   npm run bench -- --backend postgres --schema   a fresh schema in DATABASE_URL's database (a Citus coordinator)
 *   npm run bench -- --full            large-data profile: 100,000 invoices before the reports,
 *                                      then the invoice scenario again at 1,000,000 (hours)
 *   --only <a,b,…>                     only scenarios whose key contains one of them (seeding always runs)
 *   --duration <s>                     seconds per autocannon run (quick 10, full 30)
 *   --catalog <n> --invoices <n>       catalogue size (100,000) / invoices before the reports
 *   --big-invoices <n>                 run the invoice scenario again once n invoices exist
 *   --port <n> --out <file>            first server port (39100) / results file (bench/results.json)
 *
 * PostgreSQL: DATABASE_URL's server, or a local cluster started by .ci/pg-start.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { consoleFirstLoad } from './features.js';
import { runPlan, type BenchContext, type Row } from './scenarios.js';

const { values } = parseArgs({
  options: {
    full: { type: 'boolean', default: false },
    backend: { type: 'string', default: 'both' },
    duration: { type: 'string' },
    only: { type: 'string' },
    catalog: { type: 'string' },
    invoices: { type: 'string' },
    'big-invoices': { type: 'string' },
    port: { type: 'string' },
    out: { type: 'string' },
    schema: { type: 'boolean', default: false },
  },
});
const FULL = values.full!;
const DURATION = Number(values.duration ?? (FULL ? 30 : 10));
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

function log(msg: string) {
  process.stderr.write(msg + '\n');
}

function pgUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  return execFileSync('bash', [path.join(ROOT, '.ci/pg-start')], { encoding: 'utf8' }).trim().split('\n').pop()!;
}

async function recreateDb(baseUrl: string, name: string): Promise<string> {
  const c = new pg.Client({ connectionString: baseUrl });
  await c.connect();
  if (values.schema) {
    // --schema: a Citus coordinator (docs/scale-out.md): a new database would have no workers.
    await c.query(`drop schema if exists ${name} cascade`);
    await c.query(`create schema ${name}`);
    await c.end();
    const s = new URL(baseUrl);
    s.searchParams.set('options', `-c search_path=${name},public`);
    return s.toString();
  }
  await c.query(`drop database if exists ${name} with (force)`);
  await c.query(`create database ${name}`);
  await c.end();
  const u = new URL(baseUrl);
  u.pathname = '/' + name;
  return u.toString();
}

/** pgbench TPC-B, scale 10, 4 clients, 20 s: the machine's commit-rate limit. */
function pgbenchBaseline(url: string): number | null {
  const bin = ['pgbench', ...fs.readdirSync('/usr/lib/postgresql').map((v) => `/usr/lib/postgresql/${v}/bin/pgbench`)].find(
    (b) => spawnSync(b, ['--version']).status === 0,
  );
  if (!bin) return null;
  log('pgbench: initialising scale 10 …');
  const init = spawnSync(bin, ['-i', '-q', '-s', '10', url], { encoding: 'utf8' });
  if (init.status !== 0) return null;
  log('pgbench: TPC-B, 4 clients, 20 s …');
  const run = spawnSync(bin, ['-c', '4', '-j', '2', '-T', FULL ? '20' : '20', url], { encoding: 'utf8' });
  const m = /tps = ([\d.]+)/.exec(run.stdout);
  return m ? Number(m[1]) : null;
}

function peakRssMb(pid: number): number {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmHWM:\s+(\d+) kB/.exec(s);
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

const SECRETS = {
  DAFTAR_ADMIN_PASSWORD: 'bench-admin-password',
  DAFTAR_API_TOKEN: 'bench-api-token',
  DAFTAR_HESABFA_API_KEY: 'bench-hesabfa-key',
  DAFTAR_HESABFA_LOGIN_TOKEN: 'bench-hesabfa-login',
  DAFTAR_CHORTKE_TOKEN: 'bench-chortke-token',
};

async function startServer(env: Record<string, string>, port: number): Promise<{ proc: ChildProcess; startMs: number }> {
  const t0 = performance.now();
  const proc = spawn(process.execPath, ['dist/main.mjs'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...SECRETS,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DAFTAR_RATE_LIMIT: '10000000',
      DAFTAR_HESABFA_RATE_LIMIT: '10000000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/users`, { headers: { authorization: `Bearer ${SECRETS.DAFTAR_API_TOKEN}` } });
      if (r.ok) return { proc, startMs: performance.now() - t0 };
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function stopServer(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return;
  const done = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  await done;
}

async function benchBackend(backend: 'pglite' | 'postgres', baseline: number | null, port: number): Promise<Row[]> {
  const rows: Row[] = [];
  const env: Record<string, string> = {};
  if (backend === 'postgres') env.DATABASE_URL = await recreateDb(pgUrl(), 'daftar_bench');
  else env.DAFTAR_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'daftar-bench-'));
  const { proc, startMs: firstStart } = await startServer(env, port);
  let server = proc;
  const ctx: BenchContext = {
    baseUrl: `http://127.0.0.1:${port}`,
    backend,
    full: FULL,
    token: SECRETS.DAFTAR_API_TOKEN,
    hesabfa: { apiKey: SECRETS.DAFTAR_HESABFA_API_KEY, loginToken: SECRETS.DAFTAR_HESABFA_LOGIN_TOKEN },
    duration: DURATION,
    catalog: Number(values.catalog ?? 100_000),
    invoices: Number(values.invoices ?? (FULL ? 100_000 : 0)),
    bigInvoices: Number(values['big-invoices'] ?? (FULL ? 1_000_000 : 0)),
    serverPid: () => server.pid!,
    serverEnv: { ...SECRETS, ...env },
    emptyDatabase: backend === 'postgres' ? async (name) => recreateDb(pgUrl(), name) : undefined,
    only: values.only,
    log,
  };
  try {
    const planned = await runPlan(ctx);
    for (const r of planned) r.ratio = baseline && r.bar === 'factors' ? Number((r.throughput / baseline).toFixed(3)) : null;
    rows.push(...planned);
    rows.push({ backend, scenario: 'server peak RSS over the whole run (MB)', requests: 0, throughput: 0, p50: 0, p99: 0, errors: 0, peakRssMb: peakRssMb(server.pid!), ratio: null });
    await stopServer(server);
    // Start with existing data: the time to the first answered request (best of 3).
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const again = await startServer(env, port);
      server = again.proc;
      best = Math.min(best, again.startMs);
      await stopServer(server);
    }
    rows.push({ backend, scenario: 'start, empty data → first answer (ms)', requests: 1, throughput: 0, p50: Math.round(firstStart), p99: Math.round(firstStart), errors: 0, peakRssMb: 0, ratio: null });
    rows.push({ backend, scenario: 'start, existing data → first answer (ms, best of 3)', requests: 3, throughput: 0, p50: Math.round(best), p99: Math.round(best), errors: 0, peakRssMb: 0, ratio: null, bar: 'startup' });
  } finally {
    await stopServer(server);
  }
  if (backend === 'pglite') {
    // PGlite alone on the same data directory: its open time and its memory footprint after
    // the same kind of work (a count over the catalogue), the allowances of the startup and RSS bars.
    const script = `import('@electric-sql/pglite').then(async ({PGlite})=>{const {pg_trgm}=await import('@electric-sql/pglite/contrib/pg_trgm');const d=new PGlite({dataDir:${JSON.stringify(env.DAFTAR_DATA_DIR)},extensions:{pg_trgm}});await d.query('select 1');process.stdout.write(String(performance.now())+'\\n');await d.query('select count(*) from products');await d.query('select count(*) from stock_movements');const m=/VmHWM:\\s+(\\d+) kB/.exec(require('fs').readFileSync('/proc/self/status','utf8'));process.stdout.write(String(Math.round(Number(m[1])/1024)));await d.close()})`;
    let bare = Infinity;
    let footprint = 0;
    for (let i = 0; i < 3; i++) {
      // Time from the process's start to PGlite's first answer (performance.now() in the child).
      const out = execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n');
      bare = Math.min(bare, Number(out[0]));
      footprint = Math.max(footprint, Number(out[1]));
    }
    rows.push({ backend, scenario: 'PGlite bare open of the same data dir (ms, best of 3)', requests: 3, throughput: 0, p50: Math.round(bare), p99: Math.round(bare), errors: 0, peakRssMb: footprint, ratio: null, bar: 'pgliteBare' });
  }
  return rows;
}

/** Each bar, judged from the rows of one backend (and the pgbench baseline of the same run). */
function judge(rows: Row[], baseline: number | null): Row[] {
  const find = (backend: string, bar: string) => rows.filter((r) => r.backend === backend && r.bar === bar);
  for (const r of rows) {
    const mark = (met: boolean, what: string) => (r.note = `${met ? 'MET' : 'MISSED'}: ${what}`);
    switch (r.bar) {
      case 'factors':
        if (r.backend === 'postgres') {
          const ratio = baseline ? r.throughput / baseline : 0;
          mark(ratio >= 0.25 && r.p99 <= 50 && r.errors === 0, `≥ 0.25 × pgbench (${ratio.toFixed(3)}), p99 ≤ 50 ms (${r.p99}), 0 errors (${r.errors})`);
        } else mark(r.throughput >= 300 && r.errors === 0, `≥ 300 invoices/s (${r.throughput}), 0 errors (${r.errors})`);
        break;
      case 'factorsBig': {
        const small = find(r.backend, 'factors')[0];
        const ratio = small ? r.throughput / small.throughput : 0;
        mark(ratio >= 0.8, `≥ 0.8 × the small-ledger throughput (${ratio.toFixed(2)})`);
        break;
      }
      case 'batchsave':
        mark(r.p99 <= 300 && r.errors === 0, `≤ 300 ms per call (max ${r.p99}, p50 ${r.p50})`);
        break;
      case 'getitems':
      case 'sibaProducts':
        mark(r.p50 <= 20 && r.errors === 0, `p50 ≤ 20 ms (${r.p50})`);
        break;
      case 'getQuantity':
        mark(r.p50 <= 500 && r.errors === 0, `≤ 500 ms (p50 ${r.p50}, max ${r.p99})`);
        break;
      case 'trialBalance':
        mark(r.p50 <= 200, `≤ 200 ms (p50 ${r.p50})`);
        break;
      case 'valuation':
        mark(r.p50 <= 500, `≤ 500 ms (p50 ${r.p50})`);
        break;
      case 'stockCard':
        mark(r.p50 <= 50, `≤ 50 ms (p50 ${r.p50})`);
        break;
      case 'xlsxImport':
        mark(r.p50 <= 10_000 && r.errors === 0, `≤ 10 s (${r.p50} ms), 0 errors (${r.errors})`);
        break;
      case 'preview':
        mark(r.p99 <= 20 && r.errors === 0, `p99 ≤ 20 ms, 1 conn (${r.p99}), 0 errors (${r.errors})`);
        break;
      case 'dashboard':
        mark(r.p50 <= 100 && r.errors === 0, `≤ 100 ms (p50 ${r.p50})`);
        break;
      case 'hesabfaInvoice':
        mark((r.value ?? Infinity) <= 1.5 && r.errors === 0, `p50 ≤ 1.5 × Siba's (${r.value} ×: ${r.p50} ms vs ${find(r.backend, 'sibaReference')[0]?.p50} ms), 0 errors (${r.errors})`);
        break;
      case 'moadianJson':
        mark(r.p99 <= 5 && r.errors === 0, `p99 ≤ 5 ms (${r.p99})`);
        break;
      case 'backup':
      case 'restore': {
        const tool = find(r.backend, r.bar === 'backup' ? 'pgDump' : 'pgRestore')[0];
        const ratio = tool?.value ? (r.value ?? 0) / tool.value : 0;
        mark(ratio >= 0.5, `≥ 0.5 × ${r.bar === 'backup' ? 'pg_dump' : 'pg_restore'}'s MB/s (${r.value} vs ${tool?.value ?? 'n/a'}: ${ratio.toFixed(2)} ×)`);
        break;
      }
      case 'consoleLoad':
        mark((r.value ?? Infinity) <= 150 && r.errors === 0, `≤ 150 KB gzipped (${r.value} KB)`);
        break;
      case 'startup':
        if (r.backend === 'postgres') mark(r.p50 <= 1500, `≤ 1500 ms (${r.p50})`);
        else {
          const bare = find(r.backend, 'pgliteBare')[0]?.p50 ?? 0;
          mark(r.p50 <= bare + 1500, `≤ bare open ${bare} + 1500 ms (${r.p50})`);
        }
        break;
    }
  }
  // Peak RSS during the invoice scenario (read right after it).
  for (const backend of new Set(rows.map((r) => r.backend))) {
    const inv = find(backend, 'factors')[0];
    if (!inv) continue;
    const allowance = backend === 'postgres' ? 300 : 300 + (find(backend, 'pgliteBare')[0]?.peakRssMb ?? 0);
    inv.note += `; peak RSS ${inv.peakRssMb} MB ${inv.peakRssMb <= allowance ? 'MET' : 'MISSED'} ≤ ${allowance} MB`;
  }
  return rows;
}

function table(rows: Row[], baseline: number | null): string {
  const head = ['backend', 'scenario', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'peak RSS MB', 'ratio to pgbench', 'figure', 'bar'];
  const lines = [head, ...rows.map((r) => [r.backend, r.scenario, r.requests, r.throughput, r.p50, r.p99, r.errors, r.peakRssMb, r.ratio ?? '', r.value ?? '', r.note ?? ''].map(String))];
  const md = lines.map((l) => `| ${l.join(' | ')} |`);
  md.splice(1, 0, `|${head.map(() => '---').join('|')}|`);
  return [`pgbench TPC-B baseline: ${baseline ?? 'n/a'} tps`, ...md].join('\n');
}

async function main() {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  // The migrated PGlite template `npm ci` prepares (stale after a new migration): a fresh data
  // directory then starts from it, as a real first start does.
  execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/pglite-template.ts')], { cwd: ROOT, stdio: 'inherit' });
  const backends = values.backend === 'both' ? (['postgres', 'pglite'] as const) : [values.backend as 'pglite' | 'postgres'];
  let baseline: number | null = null;
  if (backends.includes('postgres' as never)) baseline = pgbenchBaseline(await recreateDb(pgUrl(), 'daftar_pgbench'));
  const rows: Row[] = [];
  if (!values.only || values.only.split(',').some((o) => o !== '' && 'console'.includes(o))) rows.push(consoleFirstLoad());
  let port = Number(values.port ?? 39100);
  for (const b of backends) rows.push(...(await benchBackend(b, baseline, port++)));
  judge(rows, baseline);
  const out = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus()[0]?.model, cores: os.cpus().length, memGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadavg: os.loadavg() },
    full: FULL,
    pgbenchTps: baseline,
    rows,
  };
  fs.writeFileSync(path.resolve(ROOT, values.out ?? 'bench/results.json'), JSON.stringify(out, null, 2));
  process.stdout.write(table(rows, baseline) + '\n');
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err?.stack ?? err}\n`);
  process.exit(1);
});
