import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PROCESS_SECRETS } from './server-process.js';

export interface Exited {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a TypeScript entry point (src/cli.ts, src/main.ts, …) to its end with the storage's environment. */
export function runEntry(entry: string, args: string[], storageEnv: Record<string, string>, extra: Record<string, string> = {}): Promise<Exited> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...PROCESS_SECRETS, LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...storageEnv, ...extra };
  if (!storageEnv.DATABASE_URL) delete env.DATABASE_URL;
  const t0 = Date.now();
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', entry, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    // A start that does not fail serves: stop it (the caller asserts on the code).
    const guard = setTimeout(() => p.kill('SIGTERM'), 120_000);
    p.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

/** `npm run daftar -- ARGS` */
export const runCli = (args: string[], storageEnv: Record<string, string>) => runEntry('src/cli.ts', args, storageEnv);

/** sha256 of every file under a directory, by relative path (the "nothing touched" check). */
export function dirChecksums(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else out[r] = crypto.createHash('sha256').update(fs.readFileSync(path.join(dir, r))).digest('hex');
    }
  };
  walk('');
  return out;
}
