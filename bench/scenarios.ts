/**
 * Benchmark scenarios. Each seeds what it needs through the API, then describes the requests
 * autocannon sends. Later work adds the invoice-posting and large-catalog scenarios here.
 */
export interface BenchContext {
  baseUrl: string;
  backend: 'pglite' | 'postgres';
  full: boolean;
  token: string;
  hesabfa: { apiKey: string; loginToken: string };
}

export interface AutocannonRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: string;
  headers?: Record<string, string>;
  setupRequest?: (req: AutocannonRequest) => AutocannonRequest;
}

export interface Scenario {
  name: string;
  connections?: number;
  duration?: number;
  amount?: number;
  /** Throughput is quoted as a ratio to pgbench's TPC-B tps. */
  ratioToBaseline?: boolean;
  available?: (ctx: BenchContext) => Promise<boolean>;
  setup?: (ctx: BenchContext) => Promise<void>;
  requests: (ctx: BenchContext) => Promise<AutocannonRequest[]>;
  /** Runs after the load: the benchmark fails when an invariant broke. */
  verify?: (ctx: BenchContext) => Promise<{ ok: boolean; detail?: string }>;
}

async function api(ctx: BenchContext, method: string, p: string, body?: unknown): Promise<{ status: number; json: any }> {
  const r = await fetch(ctx.baseUrl + p, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ctx.token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, json: await r.json().catch(() => null) };
}

async function routeExists(ctx: BenchContext, method: string, p: string): Promise<boolean> {
  const r = await api(ctx, method, p);
  return r.status !== 404 || r.json?.errCode !== 1002 || !/مسیر/.test(r.json?.errMsg ?? '');
}

let seq = 0;

export const SCENARIOS: Scenario[] = [
  {
    name: 'Siba GET /api/users (framework + auth + one query)',
    requests: async () => [{ method: 'GET', path: '/api/users' }],
  },
  {
    name: 'Siba POST /api/products (one write transaction each)',
    ratioToBaseline: true,
    available: (ctx) => routeExists(ctx, 'GET', '/api/products'),
    requests: async () => [
      {
        method: 'POST',
        path: '/api/products',
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ name: `کالای آزمون ${process.pid}-${++seq}`, unitId: 0, groupId: 0 }) }),
      },
    ],
  },
  {
    name: 'Siba GET /api/products?name= (contains search)',
    available: (ctx) => routeExists(ctx, 'GET', '/api/products'),
    requests: async () => [{ method: 'GET', path: `/api/products?name=${encodeURIComponent('آزمون 1')}&limit=20` }],
  },
  {
    name: 'Siba GET /api/reports/verify (invariants after the load)',
    duration: 3,
    connections: 1,
    available: (ctx) => routeExists(ctx, 'GET', '/api/reports/verify'),
    requests: async () => [{ method: 'GET', path: '/api/reports/verify' }],
    verify: async (ctx) => {
      const r = await api(ctx, 'GET', '/api/reports/verify');
      return { ok: r.json?.data?.report?.ok === true, detail: JSON.stringify(r.json?.data?.report?.checks?.filter((c: { ok: boolean }) => !c.ok)) };
    },
  },
];
