/**
 * The benchmark plan for one backend (issue 11): seeds what each scenario needs through the
 * public API (Hesabfa batchsave for products, Siba for customers and purchases), then measures
 * each scenario against its bar. Order matters and is fixed:
 *
 *   1. batchsave 1,000 new items (the invoice scenario's catalogue; each call timed)
 *   2. 200 customers, purchases giving every product stock
 *   3. POST /api/factors sales, 8 connections, Zipf-like product popularity → verify
 *   4. (optional) top up to --invoices posted invoices, then the report timings
 *   5. grow the catalogue to 100,000 items with batchsave (every call timed) → verify
 *   6. getitems `*` on Name, GetQuantity of all, Siba ?name= search
 *   (before 5) an XLSX import of 10,000 new products, preview + commit (issue 24)
 *
 * The server's peak RSS (VmHWM) is read right after step 3, so it is the invoice scenario's.
 */
import fs from 'node:fs';
import autocannon from 'autocannon';
import { backupScenario, dashboardScenario, hesabfaInvoiceScenario, moadianJsonScenario, previewScenario } from './features.js';

export interface BenchContext {
  baseUrl: string;
  backend: 'pglite' | 'postgres';
  full: boolean;
  token: string;
  hesabfa: { apiKey: string; loginToken: string };
  /** Seconds per autocannon run. */
  duration: number;
  /** Catalogue size for the catalogue scenarios. */
  catalog: number;
  /** Invoices posted before the report timings (0 = only what the invoice scenario posted). */
  invoices: number;
  /** `--full`: run the invoice scenario again once this many invoices exist (0 = skip). */
  bigInvoices: number;
  serverPid: () => number;
  /** The server's database (DATABASE_URL or DAFTAR_DATA_DIR) and secrets: the admin CLI runs with them. */
  serverEnv: Record<string, string>;
  /** PostgreSQL: a new empty database on the bench's cluster, its URL. */
  emptyDatabase?: (name: string) => Promise<string>;
  only?: string;
  log: (msg: string) => void;
}

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
  /** Bar id (see judge() in run.ts) this row is judged by. */
  bar?: string;
  /** The judged figure when it is not a latency (KB, MB/s, a ratio); its unit is in the scenario's name. */
  value?: number;
}

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function api(ctx: BenchContext, method: string, p: string, body?: unknown): Promise<{ status: number; json: Json }> {
  const r = await fetch(ctx.baseUrl + p, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ctx.token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, json: await r.json().catch(() => null) };
}

/** A Hesabfa call under /v1 (`item/batchsave`, `invoice/save`, …): its Result, or an error. */
export async function hesabfaCall(ctx: BenchContext, method: string, params: Record<string, unknown>): Promise<Json> {
  const r = await fetch(`${ctx.baseUrl}/v1/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ apiKey: ctx.hesabfa.apiKey, loginToken: ctx.hesabfa.loginToken, ...params }),
  });
  const j = await r.json();
  if (!j.Success) throw new Error(`hesabfa ${method}: ${j.ErrorCode} ${j.ErrorMessage}`);
  return j.Result;
}

const hesabfa = (ctx: BenchContext, method: string, params: Record<string, unknown>) => hesabfaCall(ctx, `item/${method}`, params);

export function must(r: { status: number; json: Json }, what: string): Json {
  if (r.status >= 300 || r.json?.success === false) throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.json)?.slice(0, 400)}`);
  return r.json;
}

export function findKey(v: Json, key: string): unknown {
  if (v === null || typeof v !== 'object') return undefined;
  if (key in v) return v[key];
  for (const x of Object.values(v)) {
    const f = findKey(x, key);
    if (f !== undefined) return f;
  }
  return undefined;
}

function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function peakRssMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

const ms2 = (x: number) => (x < 100 ? Math.round(x * 10) / 10 : Math.round(x));

/** n sequential timed calls → a row (p50 / p99 = max for small n). */
export async function timed(ctx: BenchContext, scenario: string, bar: string | undefined, n: number, call: (i: number) => Promise<void>): Promise<Row> {
  const ms: number[] = [];
  let errors = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    try {
      await call(i);
    } catch (err) {
      errors++;
      if (errors === 1) ctx.log(`  ${scenario}: ${(err as Error).message}`);
    }
    ms.push(performance.now() - s);
  }
  const total = performance.now() - t0;
  ms.sort((a, b) => a - b);
  return {
    backend: ctx.backend,
    scenario,
    requests: n,
    throughput: Math.round((n / total) * 1000 * 10) / 10,
    // tenths of a millisecond for the fast in-process timings
    p50: ms2(quantile(ms, 0.5)),
    p99: ms2(quantile(ms, 0.99)),
    errors,
    peakRssMb: peakRssMb(ctx.serverPid()),
    ratio: null,
    bar,
  };
}

interface LoadOptions {
  connections?: number;
  duration?: number;
  amount?: number;
  requests: autocannon.Request[];
}

export async function load(ctx: BenchContext, scenario: string, bar: string | undefined, o: LoadOptions): Promise<Row> {
  const result = await autocannon({
    url: ctx.baseUrl,
    connections: o.connections ?? 8,
    // autocannon takes a given-but-undefined duration as invalid: pass one or the other.
    ...(o.amount ? { amount: o.amount } : { duration: o.duration ?? ctx.duration }),
    timeout: 30,
    requests: o.requests,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ctx.token}` },
  });
  const elapsedS = (result.duration ?? 1) || 1;
  return {
    backend: ctx.backend,
    scenario,
    requests: result.requests.total,
    throughput: Math.round((result.requests.total / elapsedS) * 10) / 10,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    peakRssMb: peakRssMb(ctx.serverPid()),
    ratio: null,
    bar,
  };
}

export async function verify(ctx: BenchContext, after: string): Promise<void> {
  const t0 = performance.now();
  const r = await api(ctx, 'GET', '/api/reports/verify');
  const report = r.json?.data?.report;
  if (report?.ok !== true) {
    throw new Error(`${after}: invariant broken: ${JSON.stringify(report?.checks?.filter((c: { ok: boolean }) => !c.ok) ?? r.json).slice(0, 2000)}`);
  }
  ctx.log(`  verify after ${after}: ok (${Math.round(performance.now() - t0)} ms)`);
}

// ---------------------------------------------------------------------------------------------
// Data

const CATEGORIES = ['شامپو', 'روغن', 'برنج', 'چای', 'ماکارونی', 'پنیر', 'شیر', 'دفتر', 'خودکار', 'باتری', 'لامپ', 'صابون', 'رب', 'قند', 'نمک', 'ادویه', 'کنسرو', 'بیسکویت', 'آبمیوه', 'دستمال'];
const BRANDS = Array.from({ length: 50 }, (_, i) => `برند${['الف', 'ب', 'پ', 'ت', 'ث', 'ج', 'چ', 'ح', 'خ', 'د'][i % 10]}${Math.floor(i / 10) + 1}`);
/** The `*` needle: one brand, ~2% of the catalogue. */
export const NEEDLE = BRANDS[17];

function itemName(n: number): string {
  return `${CATEGORIES[n % CATEGORIES.length]} ${BRANDS[Math.floor(n / 20) % BRANDS.length]} مدل ${n}`;
}

/** The benchmark's catalogue items (shared with bench/catalog.ts). */
export function newItems(from: number, count: number) {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return {
      Name: itemName(n),
      ItemType: 0,
      Barcode: String(6260000000000 + n),
      Unit: 'عدد',
      BuyPrice: 50000 + (n % 97) * 100,
      SellPrice: 80000 + (n % 89) * 100,
      Tag: `t${n}`,
      NodeFamily: `کالاها : ${CATEGORIES[n % CATEGORIES.length]}`,
    };
  });
}

/** Zipf (s = 1) over `n` ranks: index of the sampled rank. */
export function zipfSampler(n: number, s = 1): () => number {
  const cdf: number[] = [];
  let sum = 0;
  for (let k = 1; k <= n; k++) cdf.push((sum += 1 / k ** s));
  return () => {
    const x = Math.random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export interface InvoiceWorld {
  goods: number[]; // by popularity rank
  /** Hesabfa item code of each good, by id. */
  codes: Map<number, string>;
  service: number;
  customers: number[];
}

async function seedInvoiceWorld(ctx: BenchContext, rows: Row[]): Promise<InvoiceWorld> {
  // 1,000 goods in one batchsave — the batchsave bar on an empty catalogue.
  let created: Json[] = [];
  rows.push(
    await timed(ctx, 'Hesabfa batchsave 1,000 new items (empty catalogue)', 'batchsave', 1, async () => {
      created = await hesabfa(ctx, 'batchsave', { items: newItems(0, 1000) });
    }),
  );
  if (created.length !== 1000) throw new Error('batchsave did not return 1,000 items');
  const svc = await hesabfa(ctx, 'save', { item: { Name: 'خدمت نصب', ItemType: 1, SellPrice: 20000 } });
  const customers: number[] = [];
  for (let i = 0; i < 200; i++) {
    const j = must(await api(ctx, 'POST', '/api/customers', { firstName: `مشتری`, lastName: `شماره ${i + 1}`, customerCode: 10000 + i }), 'customer');
    customers.push(Number(findKey(j, 'customerId')));
  }
  // Opening stock: purchases of 10,000,000 units of every good, 100 lines per invoice.
  const goods = created.map((it) => Number(it.Id));
  for (let i = 0; i < goods.length; i += 100) {
    must(
      await api(ctx, 'POST', '/api/factors', {
        invoiceType: 1,
        invoiceDate: today(),
        personId: customers[0],
        details: goods.slice(i, i + 100).map((id) => ({ itemId: id, itemType: 0, quantity: 10_000_000, price: 50000, taxPerc: 0 })),
      }),
      'purchase',
    );
  }
  // Popularity: a random product order, rank 1 the most sold.
  for (let i = goods.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [goods[i], goods[j]] = [goods[j], goods[i]];
  }
  return { goods, codes: new Map(created.map((it) => [Number(it.Id), String(it.Code)])), service: Number(svc.Id), customers };
}

function saleRequests(w: InvoiceWorld): autocannon.Request[] {
  const pick = zipfSampler(w.goods.length);
  const body = () => {
    const ids = new Set<number>();
    while (ids.size < 3) ids.add(w.goods[pick()]);
    const lines = [...ids].map((id, i) => ({ itemId: id, itemType: 0, quantity: 1 + i, price: 80000 + i * 1000, taxPerc: i === 0 ? 10 : 0, discount: 0 }));
    lines.push({ itemId: w.service, itemType: 1, quantity: 1, price: 20000, taxPerc: 0, discount: 0 });
    return JSON.stringify({
      invoiceType: 2,
      invoiceDate: today(),
      personId: w.customers[Math.floor(Math.random() * w.customers.length)],
      info: 'bench',
      details: lines,
    });
  };
  return [{ method: 'POST', path: '/api/factors', setupRequest: (req: autocannon.Request) => ({ ...req, body: body() }) } as autocannon.Request];
}

async function invoiceCount(ctx: BenchContext): Promise<number> {
  const r = await fetch(`${ctx.baseUrl}/api/factors?limit=1`, { headers: { authorization: `Bearer ${ctx.token}` } });
  if (!r.ok) throw new Error(`factor count: HTTP ${r.status}`);
  await r.arrayBuffer();
  return Number(r.headers.get('x-total-count') ?? 0);
}

async function topUpInvoices(ctx: BenchContext, w: InvoiceWorld, target: number): Promise<void> {
  const have = await invoiceCount(ctx);
  if (have >= target) return;
  ctx.log(`  posting ${target - have} more invoices (to ${target}) …`);
  const t0 = performance.now();
  await load(ctx, 'top-up', undefined, { connections: 8, amount: target - have, requests: saleRequests(w) });
  ctx.log(`  … done in ${Math.round((performance.now() - t0) / 1000)} s`);
}

const want = (ctx: BenchContext, key: string) => !ctx.only || ctx.only.split(',').some((o) => o !== '' && key.includes(o));

/**
 * Issue 24: an XLSX file of `n` new products (code, name, unit, group, barcode, prices, as a
 * shop's export has them), built here and not timed; the row times POST /daftar/v1/imports (the
 * preview: read, check every row) plus POST /imports/{id}/commit (all written in one transaction).
 */
async function xlsxImport(ctx: BenchContext, n: number): Promise<Row> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('کالاها', { views: [{ rightToLeft: true }] });
  ws.addRow(['کد کالا', 'نام کالا', 'واحد', 'گروه', 'بارکد', 'قیمت فروش', 'قیمت خرید']);
  for (let i = 1; i <= n; i++) ws.addRow([`X${String(i).padStart(6, '0')}`, `کالای ورودی ${i}`, i % 3 ? 'عدد' : 'بسته', `گروه ${i % 20} / زیرگروه ${i % 7}`, `629${String(i).padStart(10, '0')}`, 10000 + i, 8000 + i]);
  const file = Buffer.from(await wb.xlsx.writeBuffer());
  ctx.log(`  the file: ${Math.round(file.length / 1024)} KB`);
  return timed(ctx, `XLSX import of ${n.toLocaleString('en')} products (preview + commit, ${Math.round(file.length / 1024)} KB)`, 'xlsxImport', 1, async () => {
    const p = must(await api(ctx, 'POST', '/daftar/v1/imports', { kind: 'products', fileName: 'products.xlsx', file: file.toString('base64') }), 'import preview');
    if (p.errors.length || p.rows !== n) throw new Error(`import preview: ${p.rows} rows, ${JSON.stringify(p.errors.slice(0, 3))}`);
    const c = must(await api(ctx, 'POST', `/daftar/v1/imports/${p.id}/commit`, {}), 'import commit');
    if (c.written !== n) throw new Error(`import commit wrote ${c.written}`);
  });
}

export async function runPlan(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  const log = ctx.log;

  log(`${ctx.backend}: seeding 1,000 items, 200 customers, purchases …`);
  const world = await seedInvoiceWorld(ctx, rows);

  if (want(ctx, 'factors')) {
    log(`${ctx.backend}: POST /api/factors (8 connections, ${ctx.duration} s) …`);
    const r = await load(ctx, 'Siba POST /api/factors: sale, 3 goods (Zipf over 1,000) + 1 service, 8 conn', 'factors', { requests: saleRequests(world) });
    rows.push(r);
    await verify(ctx, 'the invoice scenario');
  }

  const target = Math.max(ctx.invoices, ctx.bigInvoices ? 1000 : 0);
  if (target) await topUpInvoices(ctx, world, target);
  const posted = await invoiceCount(ctx);

  if (want(ctx, 'report')) {
    log(`${ctx.backend}: reports over ${posted} invoices …`);
    const n = 10;
    rows.push(await timed(ctx, `trial balance, ${posted} invoices`, 'trialBalance', n, async () => void must(await api(ctx, 'GET', '/api/reports/trial-balance'), 'trial balance')));
    rows.push(await timed(ctx, `inventory valuation, ${posted} invoices`, 'valuation', n, async () => void must(await api(ctx, 'GET', '/api/reports/inventory-valuation'), 'valuation')));
    rows.push(
      await timed(ctx, `stock card of the most sold product, ${posted} invoices`, 'stockCard', n, async () =>
        void must(await api(ctx, 'GET', `/api/reports/stock-card?productId=${world.goods[0]}`), 'stock card'),
      ),
    );
  }

  // Issue 25's features, over the same invoices as the reports.
  if (want(ctx, 'preview')) {
    log(`${ctx.backend}: POST /daftar/v1/invoices/preview …`);
    rows.push(...(await previewScenario(ctx, world)));
    await verify(ctx, 'the preview');
  }
  if (want(ctx, 'dashboard')) {
    log(`${ctx.backend}: the dashboard over ${posted} invoices …`);
    rows.push(...(await dashboardScenario(ctx, posted)));
  }
  if (want(ctx, 'moadian')) {
    log(`${ctx.backend}: Moadian JSON of 200 invoices …`);
    rows.push(await moadianJsonScenario(ctx));
  }
  if (want(ctx, 'backup')) {
    log(`${ctx.backend}: backup and restore of ${posted} invoices …`);
    rows.push(...(await backupScenario(ctx, posted)));
    await verify(ctx, 'the backup');
  }
  if (want(ctx, 'hesabfaInvoice')) {
    log(`${ctx.backend}: Hesabfa invoice/save against Siba POST /api/factors …`);
    rows.push(...(await hesabfaInvoiceScenario(ctx, world)));
    await verify(ctx, 'the Hesabfa invoices');
  }

  if (ctx.bigInvoices) {
    await topUpInvoices(ctx, world, ctx.bigInvoices);
    log(`${ctx.backend}: POST /api/factors with ${ctx.bigInvoices} invoices posted …`);
    rows.push(await load(ctx, `Siba POST /api/factors with ${ctx.bigInvoices} invoices already posted`, 'factorsBig', { requests: saleRequests(world) }));
    await verify(ctx, 'the big invoice scenario');
  }

  if (want(ctx, 'import')) {
    log(`${ctx.backend}: XLSX import of 10,000 products (preview + commit) …`);
    rows.push(await xlsxImport(ctx, 10_000));
    await verify(ctx, 'the XLSX import');
  }

  if (want(ctx, 'catalog') || want(ctx, 'batchsave') || want(ctx, 'getitems') || want(ctx, 'GetQuantity') || want(ctx, 'products')) {
    log(`${ctx.backend}: growing the catalogue to ${ctx.catalog} items with batchsave …`);
    let next = 1000;
    const calls = Math.ceil((ctx.catalog - 1000) / 1000);
    rows.push(
      await timed(ctx, `Hesabfa batchsave 1,000 new items (catalogue growing 1,000 → ${ctx.catalog})`, 'batchsave', calls, async () => {
        const items = newItems(next, Math.min(1000, ctx.catalog - next));
        next += items.length;
        const saved = await hesabfa(ctx, 'batchsave', { items });
        if (saved.length !== items.length) throw new Error('batchsave lost items');
      }),
    );
    await verify(ctx, 'the catalogue growth');

    const auth = { apiKey: ctx.hesabfa.apiKey, loginToken: ctx.hesabfa.loginToken };
    log(`${ctx.backend}: getitems * on Name …`);
    const gi = JSON.stringify({ ...auth, queryInfo: { SortBy: 'Code', SortDesc: false, Take: 20, Skip: 0, Filters: [{ Property: 'Name', Operator: '*', Value: NEEDLE }] } });
    const probe = await (await fetch(`${ctx.baseUrl}/v1/item/getitems`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: gi })).json();
    if (!probe.Success || probe.Result.List.length !== 20) throw new Error(`getitems probe: ${JSON.stringify(probe).slice(0, 300)}`);
    rows.push(
      // Latency bars: one client at a time (with 8, p50 would be 8 × the service time).
      await load(ctx, `Hesabfa getitems Name * "${NEEDLE}" (${probe.Result.FilteredCount} of ${probe.Result.TotalCount}), Take 20, 1 conn`, 'getitems', {
        connections: 1,
        duration: Math.min(ctx.duration, 5),
        requests: [{ method: 'POST', path: '/v1/item/getitems', body: gi }],
      }),
    );

    log(`${ctx.backend}: GetQuantity of all …`);
    const gq = JSON.stringify(auth);
    rows.push(
      await timed(ctx, `Hesabfa GetQuantity of all ${ctx.catalog + 1} products`, 'getQuantity', 10, async () => {
        const r = await fetch(`${ctx.baseUrl}/v1/item/GetQuantity`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: gq });
        const j = await r.json();
        if (!j.Success || j.Result.length < ctx.catalog) throw new Error(`GetQuantity: ${j.ErrorMessage ?? j.Result?.length}`);
      }),
    );

    log(`${ctx.backend}: Siba GET /api/products?name= …`);
    rows.push(
      await load(ctx, `Siba GET /api/products?name=${NEEDLE}&limit=20 over ${ctx.catalog} products, 1 conn`, 'sibaProducts', {
        connections: 1,
        duration: Math.min(ctx.duration, 5),
        requests: [{ method: 'GET', path: `/api/products?name=${encodeURIComponent(NEEDLE)}&limit=20` }],
      }),
    );
  }
  return rows;
}
