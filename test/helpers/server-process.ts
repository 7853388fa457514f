import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** Secrets the first start takes from the environment (the acceptance runs use these too). */
export const PROCESS_SECRETS = {
  DAFTAR_ADMIN_PASSWORD: 'proc-admin-password',
  DAFTAR_API_TOKEN: 'proc-api-token',
  DAFTAR_HESABFA_API_KEY: 'proc-hesabfa-key',
  DAFTAR_HESABFA_LOGIN_TOKEN: 'proc-hesabfa-login',
  DAFTAR_CHORTKE_TOKEN: 'proc-chortke-token',
};

export interface Storage {
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

/** Where a real server process keeps its data: a PGlite directory, or a new PostgreSQL database. */
export async function processStorage(kind: 'pglite' | 'postgres'): Promise<Storage> {
  if (kind === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daftar-proc-'));
    return { env: { DAFTAR_DATA_DIR: dir }, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const base = process.env.DATABASE_URL!;
  const name = `daftar_p_${crypto.randomBytes(5).toString('hex')}`;
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  const u = new URL(base);
  u.pathname = '/' + name;
  return {
    env: { DATABASE_URL: u.toString() },
    cleanup: async () => {
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`).catch(() => {});
      await a.end();
    },
  };
}

/** A port that is free now (the OS picks it); test files running in parallel never collide. */
export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export class ServerProcess {
  proc: ChildProcess | null = null;
  port = 0;
  stderr = '';
  constructor(private readonly env: Record<string, string>) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(timeoutMs = 60_000): Promise<number> {
    const t0 = Date.now();
    if (this.port === 0) this.port = await freePort();
    this.stderr = '';
    const env: NodeJS.ProcessEnv = { ...process.env, ...PROCESS_SECRETS, ...this.env, PORT: String(this.port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
    if (!this.env.DATABASE_URL) delete env.DATABASE_URL;
    this.proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    this.proc.stderr!.on('data', (d) => (this.stderr += String(d)));
    while (Date.now() - t0 < timeoutMs) {
      if (this.proc.exitCode !== null) throw new Error(`server exited ${this.proc.exitCode}: ${this.stderr.slice(-2000)}`);
      try {
        const r = await fetch(`${this.url}/healthz`);
        if (r.ok) return Date.now() - t0;
      } catch {
        /* not up yet */
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`server did not start in ${timeoutMs} ms: ${this.stderr.slice(-2000)}`);
  }

  /** kill -9: no graceful shutdown, no flush. */
  async kill9(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const gone = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await gone;
  }

  async stop(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const gone = new Promise((r) => p.once('exit', r));
    p.kill('SIGTERM');
    await gone;
  }

  async request(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
    const r = await fetch(this.url + url, {
      method,
      headers: { authorization: `Bearer ${PROCESS_SECRETS.DAFTAR_API_TOKEN}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await r.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* keep text */
    }
    return { status: r.status, body: parsed };
  }
}
