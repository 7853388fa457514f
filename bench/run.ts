/**
 * `npm run bench` — starts the real server (built bundle, real port) on each backend, drives it
 * with autocannon from this process (a second process), and prints one table: scenario,
 * requests, throughput, p50/p99 latency, errors, server peak RSS, ratio to the pgbench TPC-B
 * baseline measured in the same run on the same PostgreSQL. Writes bench/results.json.
 *
 *   npm run bench                      quick profile, PGlite and PostgreSQL
 *   npm run bench -- --backend pglite  one backend
 *   npm run bench -- --full            large-data profile (longer runs)
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
import { SCENARIOS, type BenchContext, type Scenario } from './scenarios.js';

const { values } = parseArgs({
  options: {
    full: { type: 'boolean', default: false },
    backend: { type: 'string', default: 'both' },
    duration: { type: 'string' },
    only: { type: 'string' },
  },
});
const FULL = values.full!;
const DURATION = Number(values.duration ?? (FULL ? 30 : 10));
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

export interface Row {
  backend: string;
  scenario: string;
  requests: number;
  throughput: number;
  p50: number;
  p99: number;
  errors: number;
  peakRssMb: number;
  ratio: number | null;
  note?: string;
}

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
      DAFTAR_RATE_LIMIT: '100000000',
      DAFTAR_HESABFA_RATE_LIMIT: '100000000',
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

async function runScenario(ctx: BenchContext, s: Scenario, pid: number): Promise<Omit<Row, 'backend' | 'ratio'>> {
  const requests = await s.requests(ctx);
  const result = await autocannon({
    url: ctx.baseUrl,
    connections: s.connections ?? 8,
    duration: s.duration ?? DURATION,
    amount: s.amount,
    requests: requests as autocannon.Request[],
    headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRETS.DAFTAR_API_TOKEN}` },
  });
  const errors = result.errors + result.timeouts + result.non2xx;
  return {
    scenario: s.name,
    requests: result.requests.total,
    throughput: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors,
    peakRssMb: peakRssMb(pid),
  };
}

async function benchBackend(backend: 'pglite' | 'postgres', baseline: number | null, port: number): Promise<Row[]> {
  const rows: Row[] = [];
  const env: Record<string, string> = {};
  if (backend === 'postgres') env.DATABASE_URL = await recreateDb(pgUrl(), 'daftar_bench');
  else env.DAFTAR_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'daftar-bench-'));
  const { proc, startMs: firstStart } = await startServer(env, port);
  const ctx: BenchContext = {
    baseUrl: `http://127.0.0.1:${port}`,
    backend,
    full: FULL,
    token: SECRETS.DAFTAR_API_TOKEN,
    hesabfa: { apiKey: SECRETS.DAFTAR_HESABFA_API_KEY, loginToken: SECRETS.DAFTAR_HESABFA_LOGIN_TOKEN },
  };
  let server = proc;
  try {
    for (const s of SCENARIOS) {
      if (values.only && !s.name.includes(values.only)) continue;
      if (s.available && !(await s.available(ctx))) {
        rows.push({ backend, scenario: s.name, requests: 0, throughput: 0, p50: 0, p99: 0, errors: 0, peakRssMb: 0, ratio: null, note: 'route not available' });
        continue;
      }
      log(`${backend}: ${s.name} …`);
      if (s.setup) await s.setup(ctx);
      const r = await runScenario(ctx, s, server.pid!);
      rows.push({ backend, ...r, ratio: baseline && s.ratioToBaseline ? Number((r.throughput / baseline).toFixed(3)) : null });
      if (s.verify) {
        const v = await s.verify(ctx);
        if (!v.ok) throw new Error(`${s.name}: invariant broken: ${v.detail}`);
      }
    }
    await stopServer(server);
    // Start with existing data: the time to the first answered request.
    const again = await startServer(env, port);
    server = again.proc;
    rows.push({ backend, scenario: 'start, empty data dir → first answer (ms)', requests: 1, throughput: 0, p50: Math.round(firstStart), p99: Math.round(firstStart), errors: 0, peakRssMb: 0, ratio: null });
    rows.push({ backend, scenario: 'start, existing data → first answer (ms)', requests: 1, throughput: 0, p50: Math.round(again.startMs), p99: Math.round(again.startMs), errors: 0, peakRssMb: 0, ratio: null });
  } finally {
    await stopServer(server);
  }
  if (backend === 'pglite') {
    const t0 = performance.now();
    execFileSync(process.execPath, ['-e', `import('@electric-sql/pglite').then(async ({PGlite})=>{const {pg_trgm}=await import('@electric-sql/pglite/contrib/pg_trgm');const d=new PGlite({dataDir:${JSON.stringify(env.DAFTAR_DATA_DIR)},extensions:{pg_trgm}});await d.query('select 1');await d.close()})`], { cwd: ROOT });
    const bare = Math.round(performance.now() - t0);
    rows.push({ backend, scenario: 'PGlite bare open of the same data dir (ms)', requests: 1, throughput: 0, p50: bare, p99: bare, errors: 0, peakRssMb: 0, ratio: null });
  }
  return rows;
}

function table(rows: Row[], baseline: number | null): string {
  const head = ['backend', 'scenario', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'peak RSS MB', 'ratio to pgbench'];
  const lines = [head, ...rows.map((r) => [r.backend, r.scenario + (r.note ? ` (${r.note})` : ''), r.requests, r.throughput, r.p50, r.p99, r.errors, r.peakRssMb, r.ratio ?? ''].map(String))];
  const md = lines.map((l) => `| ${l.join(' | ')} |`);
  md.splice(1, 0, `|${head.map(() => '---').join('|')}|`);
  return [`pgbench TPC-B baseline: ${baseline ?? 'n/a'} tps`, ...md].join('\n');
}

async function main() {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  const backends = values.backend === 'both' ? (['postgres', 'pglite'] as const) : [values.backend as 'pglite' | 'postgres'];
  let baseline: number | null = null;
  if (backends.includes('postgres' as never)) baseline = pgbenchBaseline(await recreateDb(pgUrl(), 'daftar_pgbench'));
  const rows: Row[] = [];
  let port = 39100;
  for (const b of backends) rows.push(...(await benchBackend(b, baseline, port++)));
  const out = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus()[0]?.model, cores: os.cpus().length, memGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    full: FULL,
    pgbenchTps: baseline,
    rows,
  };
  fs.writeFileSync(path.join(ROOT, 'bench/results.json'), JSON.stringify(out, null, 2));
  process.stdout.write(table(rows, baseline) + '\n');
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err?.stack ?? err}\n`);
  process.exit(1);
});
