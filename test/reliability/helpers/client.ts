import { PROCESS_SECRETS, type ServerProcess } from '../../helpers/server-process.js';

export type Surface = 'siba' | 'hesabfa' | 'chortke' | 'daftar';

/** What a reply means, judged by the surface's envelope. */
export interface Outcome {
  /** ok = acknowledged; refused = a well-formed error envelope; internal = 5xx/ErrorCode 100; malformed = neither. */
  kind: 'ok' | 'refused' | 'internal' | 'malformed' | 'network';
  status: number;
  /** Siba errCode, Hesabfa ErrorCode, Chortke code. */
  code: number | string | null;
  body: any;
  message: string;
}

/** Classifies a reply by its surface's envelope rules (siba.md, hesabfa.md, chortke.md). */
export function classify(surface: Surface, status: number, body: any): Outcome {
  const b = body && typeof body === 'object' ? body : null;
  const out = (kind: Outcome['kind'], code: Outcome['code'], message = ''): Outcome => ({ kind, status, code, body, message });
  if (status >= 500) return out('internal', b?.errCode ?? b?.ErrorCode ?? b?.code ?? null, b?.errMsg ?? b?.ErrorMessage ?? b?.message ?? String(body).slice(0, 200));
  if (surface === 'hesabfa') {
    if (status !== 200 || !b || typeof b.Success !== 'boolean') return out('malformed', null, JSON.stringify(body).slice(0, 200));
    if (b.Success) return out('ok', 0);
    if (b.ErrorCode === 100) return out('internal', 100, b.ErrorMessage);
    return typeof b.ErrorCode === 'number' && typeof b.ErrorMessage === 'string' && b.ErrorMessage !== ''
      ? out('refused', b.ErrorCode, b.ErrorMessage)
      : out('malformed', b.ErrorCode ?? null, JSON.stringify(body).slice(0, 200));
  }
  if (surface === 'daftar') {
    // /daftar/v1: the resource itself on 2xx, RFC 9457 problem details otherwise.
    if (status >= 200 && status < 300) return out('ok', 0);
    return b && typeof b.code === 'string' && typeof b.detail === 'string' && b.detail !== ''
      ? out('refused', b.code, b.detail)
      : out('malformed', b?.code ?? null, JSON.stringify(body).slice(0, 200));
  }
  if (!b || typeof b.success !== 'boolean') return out('malformed', null, JSON.stringify(body).slice(0, 200));
  if (status >= 200 && status < 300) return b.success ? out('ok', 0) : out('malformed', null, 'success:false with a 2xx status');
  if (b.success !== false) return out('malformed', null, `status ${status} with success:true`);
  if (surface === 'siba') {
    return typeof b.errCode === 'number' && typeof b.errMsg === 'string' && b.errMsg !== ''
      ? out('refused', b.errCode, b.errMsg)
      : out('malformed', b.errCode ?? null, JSON.stringify(body).slice(0, 200));
  }
  return typeof b.code === 'string' && typeof b.message === 'string' && b.message !== ''
    ? out('refused', b.code, b.message)
    : out('malformed', b.code ?? null, JSON.stringify(body).slice(0, 200));
}

const HESABFA_AUTH = { apiKey: PROCESS_SECRETS.DAFTAR_HESABFA_API_KEY, loginToken: PROCESS_SECRETS.DAFTAR_HESABFA_LOGIN_TOKEN };
const CHORTKE_AUTH = { authorization: `Bearer ${PROCESS_SECRETS.DAFTAR_CHORTKE_TOKEN}` };

export type Role = 'admin' | 'accountant' | 'clerk';

/**
 * One client of a real server process, speaking all three surfaces. Network failures are outcomes, not throws.
 * Without `sibaAuth` Siba calls go credential-less (loopback trust: the owner, an admin); `as(role)` is a
 * client of the same server acting on Siba with that role's login session (Hesabfa and Chortke
 * credentials can only be the owner's on a running server: docs/security.md).
 */
export class SurfaceClient {
  readonly sessions: Partial<Record<Role, SurfaceClient>> = {};
  constructor(
    readonly server: ServerProcess,
    readonly sibaAuth: Record<string, string> = {},
  ) {}

  as(role: Role): SurfaceClient {
    const c = this.sessions[role];
    if (!c) throw new Error(`no ${role} session: log one in first`);
    return c;
  }

  async send(surface: Surface, method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Outcome> {
    try {
      const r =
        surface === 'hesabfa'
          ? await this.server.request('POST', `/v1/item/${url}`, { ...HESABFA_AUTH, ...(body as object) }, headers)
          : surface === 'daftar'
            ? await this.server.request(method, url, body, headers) // the owner's API token (server-process.ts)
            : await this.server.request(method, url, body, surface === 'chortke' ? { ...CHORTKE_AUTH, ...headers } : { ...this.sibaAuth, ...headers });
      return classify(surface, r.status, r.body);
    } catch (err) {
      return { kind: 'network', status: 0, code: null, body: null, message: String((err as Error)?.message ?? err) };
    }
  }

  siba(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<Outcome> {
    return this.send('siba', method, url, body, headers);
  }
  hesabfa(method: string, params: Record<string, unknown> = {}): Promise<Outcome> {
    return this.send('hesabfa', 'POST', method, params);
  }
  chortke(method: string, url: string, body?: unknown): Promise<Outcome> {
    return this.send('chortke', method, url, body);
  }
  /** /daftar/v1 as the owner. */
  daftar(method: string, url: string, body?: unknown): Promise<Outcome> {
    return this.send('daftar', method, `/daftar/v1${url}`, body);
  }

  /** GET /api/reports/verify → the failing checks (empty = the books are consistent). */
  async verifyFailures(): Promise<{ name: string; offending: unknown }[]> {
    const r = await this.siba('GET', '/api/reports/verify');
    if (r.kind !== 'ok') return [{ name: 'verify-call', offending: r }];
    const report = r.body.data.report as { ok: boolean; checks: { name: string; ok: boolean; offending: unknown }[] };
    const bad = report.checks.filter((c) => !c.ok).map((c) => ({ name: c.name, offending: c.offending }));
    if (!report.ok && bad.length === 0) bad.push({ name: 'report.ok', offending: report });
    return bad;
  }
}

/** mulberry32: a small seeded PRNG (deterministic per seed, good enough for test choices). */
export class Prng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T | undefined {
    return xs.length ? xs[Math.floor(this.next() * xs.length)] : undefined;
  }
  /** A choice by weight: [[weight, value], …]. */
  weighted<T>(items: readonly (readonly [number, T])[]): T {
    const total = items.reduce((s, [w]) => s + w, 0);
    let x = this.next() * total;
    for (const [w, v] of items) if ((x -= w) < 0) return v;
    return items[items.length - 1][1];
  }
}
