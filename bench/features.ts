/**
 * Issue 25: every new feature measured against its bar (docs/performance.md, "The plan"):
 * the invoice preview, the dashboard, Hesabfa invoice/save against a Siba factor, building the
 * Moadian JSON, backup and restore against pg_dump / pg_restore, and the console's first load.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import pg from 'pg';
import autocannon from 'autocannon';
import { buildMoadianInvoice } from '../src/domain/moadian/invoice-json.js';
import { moadianJson } from '../src/domain/moadian/json.js';
import { api, hesabfaCall, load, must, timed, today, zipfSampler, type BenchContext, type InvoiceWorld, type Row } from './scenarios.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

function quantile(sorted: number[], q: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]! : 0;
}

/** Three distinct goods drawn as the invoice scenario draws them (Zipf over the popularity order). */
function threeGoods(w: InvoiceWorld): () => number[] {
  const pick = zipfSampler(w.goods.length);
  return () => {
    const ids = new Set<number>();
    while (ids.size < 3) ids.add(w.goods[pick()]!);
    return [...ids];
  };
}

/** The console's live totals: POST /daftar/v1/invoices/preview of a sale like the invoice scenario's (3 goods + 1 service). */
export async function previewScenario(ctx: BenchContext, w: InvoiceWorld): Promise<Row[]> {
  const draw = threeGoods(w);
  const body = () =>
    JSON.stringify({
      type: 'sale',
      partyId: w.customers[Math.floor(Math.random() * w.customers.length)],
      lines: [
        ...draw().map((id, i) => ({ productId: id, quantity: String(1 + i), unitPrice: String(80000 + i * 1000), discount: '0', vatRate: i === 0 ? '10' : '0' })),
        { productId: w.service, quantity: '1', unitPrice: '20000', discount: '0', vatRate: '0' },
      ],
    });
  must(await api(ctx, 'POST', '/daftar/v1/invoices/preview', JSON.parse(body())), 'preview probe');
  const requests = [{ method: 'POST', path: '/daftar/v1/invoices/preview', setupRequest: (req: autocannon.Request) => ({ ...req, body: body() }) } as autocannon.Request];
  const duration = Math.min(ctx.duration, 5);
  return [
    // The bar is a latency (a keystroke's round trip): one client at a time.
    await load(ctx, 'Daftar POST /invoices/preview: sale, 3 goods + 1 service, 1 conn', 'preview', { connections: 1, duration, requests }),
    await load(ctx, 'Daftar POST /invoices/preview: sale, 3 goods + 1 service, 8 conn (not judged)', undefined, { connections: 8, duration, requests }),
  ];
}

/**
 * What the console's dashboard page calls (web/src/pages/dashboard.tsx), over the invoices posted
 * so far: the figures (`?verifier=false`, judged) and, beside them, the verifier that fills its
 * card when done (GET /reports/verify: it reads all of the books, not judged).
 */
export async function dashboardScenario(ctx: BenchContext, posted: number): Promise<Row[]> {
  return [
    await timed(ctx, `Daftar GET /reports/dashboard?verifier=false (the console's dashboard figures), ${posted} invoices`, 'dashboard', 10, async () =>
      void must(await api(ctx, 'GET', '/daftar/v1/reports/dashboard?verifier=false'), 'dashboard'),
    ),
    await timed(ctx, `Daftar GET /reports/verify (the dashboard's verifier card, not judged), ${posted} invoices`, undefined, 3, async () =>
      void must(await api(ctx, 'GET', '/daftar/v1/reports/verify'), 'verify'),
    ),
  ];
}

/**
 * Hesabfa invoice/save of a 3-line order and Siba POST /api/factors of the same three lines,
 * sequential (one connection), alternating so both see the same machine; judged on the ratio of
 * the p50s.
 */
export async function hesabfaInvoiceScenario(ctx: BenchContext, w: InvoiceWorld, n = 100): Promise<Row[]> {
  const contact = await hesabfaCall(ctx, 'contact/save', { contact: { Name: 'مشتری بنچ حسابفا', ContactType: 1 } });
  const draw = threeGoods(w);
  const siba: number[] = [];
  const hesabfa: number[] = [];
  const errors = { siba: 0, hesabfa: 0 };
  const date = today();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const ids = draw();
    const lines = ids.map((id, k) => ({ id, quantity: 1 + k, price: 80000 + k * 1000, taxPerc: k === 0 ? 10 : 0 }));
    let s = performance.now();
    const r = await api(ctx, 'POST', '/api/factors', {
      invoiceType: 2, invoiceDate: date, personId: w.customers[i % w.customers.length], info: 'bench',
      details: lines.map((l) => ({ itemId: l.id, itemType: 0, quantity: l.quantity, price: l.price, taxPerc: l.taxPerc, discount: 0 })),
    });
    siba.push(performance.now() - s);
    if (r.status !== 200 || r.json?.success === false) errors.siba++;
    s = performance.now();
    try {
      await hesabfaCall(ctx, 'invoice/save', {
        invoice: {
          InvoiceType: 0, ContactCode: contact.Code, Date: `${date} 10:00:00`, Note: 'bench',
          InvoiceItems: lines.map((l) => ({ ItemCode: w.codes.get(l.id), Quantity: l.quantity, UnitPrice: l.price, Discount: 0, Tax: (l.quantity * l.price * l.taxPerc) / 100 })),
        },
      });
    } catch (err) {
      if (!errors.hesabfa++) ctx.log(`  Hesabfa invoice/save: ${(err as Error).message}`);
    }
    hesabfa.push(performance.now() - s);
  }
  const seconds = (performance.now() - t0) / 1000;
  const row = (scenario: string, ms: number[], errs: number, bar?: string): Row => {
    ms.sort((a, b) => a - b);
    return {
      backend: ctx.backend, scenario, requests: n, throughput: Math.round((n / seconds) * 10) / 10, p50: Math.round(quantile(ms, 0.5) * 10) / 10,
      p99: Math.round(quantile(ms, 0.99) * 10) / 10, errors: errs, peakRssMb: 0, ratio: null, bar,
    };
  };
  const s = row('Siba POST /api/factors: 3 goods, sequential, 1 conn (the reference)', siba, errors.siba, 'sibaReference');
  const h = row('Hesabfa invoice/save: the same 3 goods, sequential, 1 conn (alternating with Siba)', hesabfa, errors.hesabfa, 'hesabfaInvoice');
  h.value = Math.round((h.p50 / s.p50) * 100) / 100;
  return [s, h];
}

/**
 * Building one invoice's Moadian JSON (buildMoadianInvoice + moadianJson, in this process) from
 * `n` posted sales as the API returns them; the products' Moadian ids are fixed test values
 * (the bench's catalogue has none). Reading the invoices is not timed.
 */
export async function moadianJsonScenario(ctx: BenchContext, n = 200): Promise<Row> {
  const invoices: { date: string; lines: { productName: string; quantity: string; unitPrice: string; discount: string; vatRate: string }[] }[] = [];
  for (let cursor: string | null = null; invoices.length < n; ) {
    const page = must(await api(ctx, 'GET', `/daftar/v1/invoices?type=sale&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`), 'invoice list');
    invoices.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  const picked = invoices.slice(0, n);
  let serial = 1;
  let bytes = 0;
  const build = (inv: (typeof picked)[number]) =>
    moadianJson(
      buildMoadianInvoice({
        fiscalId: 'A111H1', serial: serial++, issuedAtMs: Date.parse(`${inv.date}T08:00:00Z`), subject: 'original', type: 1,
        sellerEconomicCode: '14003778990', buyer: { kind: 'natural', nationalId: '0084575948' }, settlement: 'credit',
        lines: inv.lines.map((l) => ({ sstid: '2710000138624', description: l.productName, unitCode: '1627', quantity: l.quantity, unitPrice: l.unitPrice, discount: l.discount, vatRate: l.vatRate })),
      }),
    );
  // Warm-up, not timed: the first builds compile the code (a server builds the JSON many times).
  for (const inv of picked.slice(0, 20)) build(inv);
  return timed(ctx, `Moadian JSON of one invoice, in-process (${picked.length} sales, after 20 untimed)`, 'moadianJson', picked.length, async (i) => {
    bytes += build(picked[i]!).length;
  }).then((r) => {
    if (!bytes) r.errors++;
    return r;
  });
}

/** Runs a command; its wall time in ms and its stdout. */
function run(cmd: string, args: string[], env: Record<string, string | undefined> = process.env): { ms: number; out: string } {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args[0]}: exit ${r.status}: ${(r.stderr || r.stdout).slice(-1500)}`);
  return { ms, out: r.stdout };
}

function pgTool(name: string): string | undefined {
  const dirs = fs.existsSync('/usr/lib/postgresql') ? fs.readdirSync('/usr/lib/postgresql').sort().reverse() : [];
  return [name, ...dirs.map((v) => `/usr/lib/postgresql/${v}/bin/${name}`)].find((b) => spawnSync(b, ['--version']).status === 0);
}

/** The admin CLI (src/cli.ts) with `--json`: its parsed output. */
function daftarCli(args: string[], env: Record<string, string>): { data: { elapsedMs: number }; wallMs: number } {
  const clean = { ...process.env, DATABASE_URL: undefined, DAFTAR_DATA_DIR: undefined, ...env };
  const r = run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args, '--json'], clean);
  return { data: JSON.parse(r.out.slice(r.out.indexOf('{'))), wallMs: r.ms };
}

function dirBytes(dir: string): number {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    n += e.isDirectory() ? dirBytes(p) : e.isFile() ? fs.statSync(p).size : 0;
  }
  return n;
}

/**
 * Daftar's backup (admin CLI `backup`, the whole database while the server serves) and restore
 * (into an empty database, migrations and the verifier included), as MB/s of the database's
 * size; on PostgreSQL against `pg_dump -Fc` and `pg_restore` of the same database in the same
 * run (bar: each ≥ 0.5 × the PostgreSQL tool's rate). Daftar's figure is the command's own
 * elapsed time (its process start is not counted); pg_dump's and pg_restore's are their wall
 * times (a few ms of process start included).
 */
export async function backupScenario(ctx: BenchContext, posted: number): Promise<Row[]> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'daftar-bench-backup-'));
  try {
    let sizeBytes: number;
    if (ctx.backend === 'postgres') {
      const c = new pg.Client({ connectionString: ctx.serverEnv.DATABASE_URL });
      await c.connect();
      sizeBytes = Number((await c.query('select pg_database_size(current_database()) as n')).rows[0].n);
      await c.end();
    } else sizeBytes = dirBytes(ctx.serverEnv.DAFTAR_DATA_DIR!);
    const mb = sizeBytes / 2 ** 20;
    const label = `${mb.toFixed(0)} MB, ${posted} invoices`;
    const file = path.join(work, 'daftar.backup.gz');
    const b = daftarCli(['backup', '--out', file], ctx.serverEnv);
    const target: Record<string, string> = ctx.backend === 'postgres' ? { DATABASE_URL: await ctx.emptyDatabase!('daftar_bench_restore') } : { DAFTAR_DATA_DIR: path.join(work, 'restored') };
    const r = daftarCli(['restore', file], target);
    const row = (scenario: string, ms: number, bar?: string): Row => ({
      backend: ctx.backend, scenario, requests: 1, throughput: 0, p50: Math.round(ms), p99: Math.round(ms), errors: 0, peakRssMb: 0, ratio: null, bar, value: Math.round((mb / (ms / 1000)) * 10) / 10,
    });
    const fileMb = (f: string) => (fs.statSync(f).size / 2 ** 20).toFixed(1);
    const rows = [
      row(`Daftar backup of the whole database (${label}; file ${fileMb(file)} MB; process wall ${Math.round(b.wallMs)} ms): MB/s`, b.data.elapsedMs, ctx.backend === 'postgres' ? 'backup' : undefined),
      row(`Daftar restore into an empty database, verifier included (${label}; process wall ${Math.round(r.wallMs)} ms): MB/s`, r.data.elapsedMs, ctx.backend === 'postgres' ? 'restore' : undefined),
    ];
    const dump = ctx.backend === 'postgres' ? pgTool('pg_dump') : undefined;
    const restore = ctx.backend === 'postgres' ? pgTool('pg_restore') : undefined;
    if (dump && restore) {
      const dumpFile = path.join(work, 'pg.dump');
      const d = run(dump, ['-Fc', '-f', dumpFile, ctx.serverEnv.DATABASE_URL!]);
      const into = await ctx.emptyDatabase!('daftar_bench_pgrestore');
      const pr = run(restore, ['-d', into, dumpFile]);
      rows.push(row(`pg_dump -Fc of the same database (${label}; file ${fileMb(dumpFile)} MB): MB/s`, d.ms, 'pgDump'), row(`pg_restore of it into an empty database (${label}): MB/s`, pr.ms, 'pgRestore'));
    }
    return rows;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The console's first load: the gzipped JavaScript its index page loads (the entry script and
 * the chunks it imports statically; lazily imported chunks are not counted), as built by
 * scripts/build-console.ts.
 */
export function consoleFirstLoad(): Row {
  execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/build-console.ts')], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const dir = path.join(ROOT, 'dist/console');
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = fs.readFileSync(file, 'utf8');
    // static imports of a minified ES module: `import"./x.js"`, `from"./x.js"` (not `import("./x.js")`)
    for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*["']([^"']+\.js)["']/g)) visit(path.resolve(path.dirname(file), m[1]!));
  };
  for (const m of html.matchAll(/<script[^>]*src="\/app\/([^"]+)"/g)) visit(path.join(dir, m[1]!));
  const gz = [...seen].reduce((s, f) => s + zlib.gzipSync(fs.readFileSync(f), { level: 9 }).length, 0);
  const kb = Math.round((gz / 1024) * 10) / 10;
  return {
    backend: 'console', scenario: `console first load: gzipped JavaScript of the index page (${seen.size} file${seen.size === 1 ? '' : 's'}): KB`, requests: 0, throughput: 0, p50: 0, p99: 0, errors: seen.size ? 0 : 1,
    peakRssMb: 0, ratio: null, bar: 'consoleLoad', value: kb,
  };
}
