import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * One process per PGlite data directory (docs/reliability.md "One writer per data directory").
 *
 * The lock is a listening local socket whose name is derived from the directory's device and
 * inode: binding it is atomic (of two starts at once exactly one wins) and the kernel drops it when
 * the process dies, so a crashed owner never leaves a stale lock. On Linux it is an abstract
 * socket (no file at all), on Windows a named pipe; elsewhere a socket file inside the directory,
 * which a new owner removes when nothing answers on it. The same socket answers "who are you"
 * (pid, port) and carries the admin commands (authenticated by the secret file, mode 0600).
 */

/** Files the lock keeps inside the data directory (never part of the database). */
export const LOCK_INFO_FILE = 'daftar.lock';
export const ADMIN_SECRET_FILE = 'daftar-admin.secret';
export const SOCKET_FILE = '.daftar.sock';
export const LOCK_FILES = [LOCK_INFO_FILE, ADMIN_SECRET_FILE, SOCKET_FILE];

export type OwnerRole = 'server' | 'cli';

export interface OwnerInfo {
  pid: number;
  role: OwnerRole;
  /** The HTTP port, once the server listens (null before, and for a CLI). */
  port: number | null;
  host: string | null;
  startedAt: string;
}

export class DataDirBusyError extends Error {
  constructor(
    readonly dir: string,
    readonly owner: OwnerInfo | null,
  ) {
    super(busyMessage(dir, owner));
  }
}

function busyMessage(dir: string, o: OwnerInfo | null): string {
  if (!o) return `the data directory ${dir} is in use by another Daftar process that does not answer`;
  if (o.role === 'cli') return `the data directory ${dir} is in use by a Daftar command (pid ${o.pid}); try again when it has finished`;
  const where = o.port ? `port ${o.port}` : 'port not yet open (still starting)';
  return `the data directory ${dir} is in use by a running Daftar server (pid ${o.pid}, ${where}); stop it first, or run admin commands against it with npm run daftar`;
}

export type AdminHandler = (command: string, args: unknown) => Promise<unknown>;

export interface DirLock {
  dir: string;
  info: OwnerInfo;
  /** Writes the info and secret files (call once the database is open: a failed start writes nothing). */
  publish(patch?: Partial<OwnerInfo>): void;
  /** Runs admin commands sent by the CLI. */
  onAdmin(handler: AdminHandler): void;
  release(): Promise<void>;
}

/** The socket name for a directory (which must exist). */
export function lockEndpoint(dir: string): string {
  const st = fs.statSync(dir);
  const key = crypto.createHash('sha256').update(`${st.dev}:${st.ino}`).digest('hex').slice(0, 32);
  if (process.platform === 'linux') return `\0daftar-${key}`;
  if (process.platform === 'win32') return `\\\\.\\pipe\\daftar-${key}`;
  const inside = path.join(dir, SOCKET_FILE);
  // A Unix socket path is limited to ~104 bytes: a long directory falls back to the temp folder.
  return Buffer.byteLength(inside) < 100 ? inside : path.join(os.tmpdir(), `daftar-${key}.sock`);
}

const isFileSocket = (endpoint: string) => !endpoint.startsWith('\0') && !endpoint.startsWith('\\\\.\\pipe\\');

/**
 * Takes the directory (creating it when missing) or throws DataDirBusyError naming the owner.
 * Nothing in the directory is written until publish().
 */
export async function acquireDirLock(dir: string, role: OwnerRole, opts: { port?: number | null; host?: string | null } = {}): Promise<DirLock> {
  fs.mkdirSync(dir, { recursive: true });
  const endpoint = lockEndpoint(dir);
  const info: OwnerInfo = { pid: process.pid, role, port: opts.port ?? null, host: opts.host ?? null, startedAt: new Date().toISOString() };
  const secret = crypto.randomBytes(32).toString('hex');
  let handler: AdminHandler | null = null;
  const server = net.createServer((sock) => serve(sock, info, secret, () => handler));
  for (let attempt = 0; ; attempt++) {
    try {
      await listen(server, endpoint);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
      const owner = await hello(endpoint).catch((e: NodeJS.ErrnoException) => e);
      if (!(owner instanceof Error)) throw new DataDirBusyError(dir, owner);
      // A socket file nobody listens on: its owner died. Remove it and try again (once).
      if (owner.code === 'ECONNREFUSED' && isFileSocket(endpoint) && attempt === 0) {
        fs.rmSync(endpoint, { force: true });
        continue;
      }
      throw new DataDirBusyError(dir, readInfoFile(dir));
    }
  }
  server.unref();
  let published = false;
  return {
    dir,
    info,
    publish(patch = {}) {
      Object.assign(info, patch);
      writePrivate(path.join(dir, ADMIN_SECRET_FILE), secret + '\n');
      writePrivate(path.join(dir, LOCK_INFO_FILE), JSON.stringify(info, null, 2) + '\n');
      published = true;
    },
    onAdmin(h) {
      handler = h;
    },
    async release() {
      if (published) for (const f of [LOCK_INFO_FILE, ADMIN_SECRET_FILE]) fs.rmSync(path.join(dir, f), { force: true });
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(server: net.Server, endpoint: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.once('error', onError);
    server.listen(endpoint, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function writePrivate(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600); // whatever the umask
  fs.renameSync(tmp, file);
}

export function readInfoFile(dir: string): OwnerInfo | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, LOCK_INFO_FILE), 'utf8')) as OwnerInfo;
  } catch {
    return null;
  }
}

const MAX_REQUEST = 4 * 1024 * 1024;

/** One request per connection: a JSON line in, a JSON line out. */
function serve(sock: net.Socket, info: OwnerInfo, secret: string, handler: () => AdminHandler | null): void {
  let buf = '';
  sock.setEncoding('utf8');
  sock.on('error', () => {});
  sock.on('data', (chunk: string) => {
    buf += chunk;
    if (buf.length > MAX_REQUEST) return sock.destroy();
    const nl = buf.indexOf('\n');
    if (nl < 0) return;
    sock.removeAllListeners('data');
    void answer(buf.slice(0, nl), info, secret, handler()).then((reply) => sock.end(JSON.stringify(reply) + '\n'));
  });
}

async function answer(line: string, info: OwnerInfo, secret: string, handler: AdminHandler | null): Promise<unknown> {
  let req: { op?: string; secret?: string; command?: string; args?: unknown };
  try {
    req = JSON.parse(line);
  } catch {
    return { ok: false, error: 'bad request' };
  }
  if (req.op === 'hello') return { ok: true, owner: info };
  if (req.op !== 'admin') return { ok: false, error: 'unknown op' };
  // Before publish() the secret file may still be a dead owner's: say "starting", not "mismatch".
  if (!handler) return { ok: false, error: 'the server is still starting; try again in a moment' };
  const given = Buffer.from(String(req.secret ?? ''));
  const want = Buffer.from(secret);
  if (given.length !== want.length || !crypto.timingSafeEqual(given, want)) return { ok: false, error: 'admin secret does not match' };
  try {
    return { ok: true, result: await handler(String(req.command), req.args) };
  } catch (err) {
    return { ok: false, error: (err as Error).message ?? String(err) };
  }
}

function request(endpoint: string, body: unknown, timeoutMs: number): Promise<any> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(endpoint);
    let buf = '';
    const timer = setTimeout(() => {
      sock.destroy();
      reject(Object.assign(new Error('no answer from the data directory owner'), { code: 'ETIMEDOUT' }));
    }, timeoutMs);
    sock.setEncoding('utf8');
    sock.on('connect', () => sock.write(JSON.stringify(body) + '\n'));
    sock.on('data', (d: string) => (buf += d));
    sock.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    sock.on('end', () => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(buf));
      } catch {
        reject(new Error('garbled answer from the data directory owner'));
      }
    });
  });
}

async function hello(endpoint: string): Promise<OwnerInfo> {
  // PGlite runs in the owner's main thread: a long query can keep it from answering for a while.
  const r = await request(endpoint, { op: 'hello' }, 5000);
  return r.owner as OwnerInfo;
}

/** The live owner of a directory, or null when none (nothing listens, or the directory is missing). */
export async function ownerOf(dir: string): Promise<OwnerInfo | null> {
  if (!fs.existsSync(dir)) return null;
  try {
    return await hello(lockEndpoint(dir));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ECONNREFUSED' || code === 'ENOENT') return null;
    throw err;
  }
}

/** Sends an admin command to the directory's owner, authenticated by the secret file. */
export async function sendAdmin(dir: string, command: string, args: unknown, timeoutMs = 10 * 60_000): Promise<unknown> {
  let secret: string;
  try {
    secret = fs.readFileSync(path.join(dir, ADMIN_SECRET_FILE), 'utf8').trim();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') throw new Error(`cannot read ${path.join(dir, ADMIN_SECRET_FILE)}: run the command as the user who runs the server`);
    throw new Error('the server is still starting; try again in a moment');
  }
  const r = await request(lockEndpoint(dir), { op: 'admin', secret, command, args }, timeoutMs);
  if (!r.ok) throw new Error(r.error);
  return r.result;
}
