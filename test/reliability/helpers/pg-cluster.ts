import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The newest PostgreSQL bin directory (as .ci/pg-start finds it), or the one on PATH. */
function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => Number(a) - Number(b)) : [];
  for (const v of versions.reverse()) if (fs.existsSync(path.join(root, v, 'bin', 'initdb'))) return path.join(root, v, 'bin');
  return path.dirname(execFileSync('sh', ['-c', 'command -v initdb']).toString().trim());
}

/**
 * A throwaway PostgreSQL cluster of the test's own (the approach of .ci/pg-start: initdb into a
 * temporary directory as the postgres user when running as root), so that the test can stop
 * and start the database under a running server.
 */
export class PgCluster {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daftar-outage-pg-'));
  private readonly bin = binDir();
  constructor(readonly port: number) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private run(cmd: string, args: string[]): string {
    const root = process.getuid?.() === 0;
    const file = root ? 'runuser' : path.join(this.bin, cmd);
    const argv = root ? ['-u', 'postgres', '--', path.join(this.bin, cmd), ...args] : args;
    return execFileSync(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 }).toString();
  }

  init(): void {
    if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', this.dir]);
    this.run('initdb', ['-D', this.dir, '--auth=trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8']);
  }

  start(): void {
    this.run('pg_ctl', ['-D', this.dir, '-w', '-l', path.join(this.dir, 'server.log'), '-o', `-h 127.0.0.1 -p ${this.port} -k /tmp -c max_connections=50`, 'start']);
  }

  /** `immediate`: the database vanishes as in a crash (connections cut, no checkpoint). */
  stop(mode: 'fast' | 'immediate' = 'fast'): void {
    this.run('pg_ctl', ['-D', this.dir, '-w', '-m', mode, 'stop']);
  }

  destroy(): void {
    try {
      this.stop('immediate');
    } catch {
      /* not running */
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
