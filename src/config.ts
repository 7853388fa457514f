import net from 'node:net';
import path from 'node:path';
import { readSecretKey } from './domain/moadian/secret-box.js';

/** Server configuration, read once from the environment and validated. */
export interface Config {
  host: string;
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  trustLoopback: boolean;
  bodyLimitBytes: number;
  imageLimitBytes: number;
  rateLimitPerMinute: number;
  hesabfaRateLimitPerMinute: number;
  loginAttemptsPerMinute: number;
  authFailuresPerMinute: number;
  maxPageSize: number;
  hesabfaMaxTake: number;
  maxBatchItems: number;
  logLevel: string;
  allowNegativeStock: boolean;
  /** Where backups are written (CLI default, HTTP API, daily backup). */
  backupDir: string;
  /** Daily whole-database backup keeping the newest N (0 = no daily backup); also caps each business's API backups. */
  backupKeep: number;
  /** Jalali year of the earliest fiscal year documents may open (DAFTAR_FIRST_FISCAL_YEAR). */
  firstFiscalYear: number;
  /** How many years past the current one documents may be dated (DAFTAR_FISCAL_YEARS_AHEAD). */
  fiscalYearsAhead: number;
  /** Reverse proxies whose X-Forwarded-For is believed (DAFTAR_TRUSTED_PROXIES); empty = none. */
  trustedProxies: string[];
  /** i8: the 256-bit key that seals the Moadian signing key (DAFTAR_SECRET_KEY_FILE); undefined = Moadian cannot be configured. */
  secretKeyFile?: string;
  /** How long a Moadian row claimed by a worker stays its own (DAFTAR_MOADIAN_LEASE_SECONDS): after a crash, the wait before another pass asks Moadian about it. */
  moadianLeaseSeconds: number;
  /** The wait after sending before asking Moadian for the result (DAFTAR_MOADIAN_POLL_SECONDS; ≥ 10 s in practice). */
  moadianPollSeconds: number;
  /** Issue 21: the change hook's first retry wait (DAFTAR_WEBHOOK_RETRY_MS); each further failure doubles it. */
  webhookRetryMs: number;
  /** The longest wait between retries of one delivery (DAFTAR_WEBHOOK_RETRY_MAX_MS). */
  webhookRetryMaxMs: number;
  /** How long one POST to the hook may take before it counts as failed (DAFTAR_WEBHOOK_TIMEOUT_MS). */
  webhookTimeoutMs: number;
  /** Issue 25: group commit of concurrent postings (DAFTAR_GROUP_COMMIT, on by default; docs/performance.md). */
  groupCommit: boolean;
  /** The most postings one batch takes (DAFTAR_GROUP_COMMIT_MAX). */
  groupCommitMax: number;
  /** How long a posting that queued behind a running batch may wait for company, µs (DAFTAR_GROUP_COMMIT_WINDOW_US). */
  groupCommitWindowMicros: number;
}

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const n = Number(raw.trim());
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^::ffff:(?=127\.)/, '');
  return h === 'localhost' || h === '::1' || h === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** A listen address as Node's net module takes it: `[::1]` (the URL spelling) → `::1`. */
export function listenHost(host: string): string {
  const m = /^\[([^\]]*)\]$/.exec(host.trim());
  return m && net.isIPv6(m[1]) ? m[1] : host.trim();
}

/** DAFTAR_TRUSTED_PROXIES: comma-separated addresses or CIDR ranges (`127.0.0.1, 10.0.0.0/8`). */
function proxyList(env: NodeJS.ProcessEnv): string[] {
  const raw = env.DAFTAR_TRUSTED_PROXIES?.trim();
  if (!raw) return [];
  return raw.split(',').map((s) => {
    const p = s.trim();
    const [addr, bits, extra] = p.split('/');
    const family = net.isIP(addr);
    const okBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!family || !okBits || extra !== undefined) throw new ConfigError(`DAFTAR_TRUSTED_PROXIES: "${p}" is not an IP address or CIDR range`);
    return p;
  });
}

/** DAFTAR_SECRET_KEY_FILE: checked at startup, so a wrong file is reported before any request needs it. */
function secretKeyFile(env: NodeJS.ProcessEnv): string | undefined {
  const file = env.DAFTAR_SECRET_KEY_FILE?.trim();
  if (!file) return undefined;
  try {
    readSecretKey(file);
  } catch (e) {
    throw new ConfigError(
      `DAFTAR_SECRET_KEY_FILE: پرونده کلید رمزنگاری «${file}» خوانده نشد یا کلید ۲۵۶ بیتی (۳۲ بایت، ۶۴ رقم هگز یا base64) نیست ` +
        `(${(e as Error).message}). Create one with: openssl rand -hex 32 > ${file}`,
    );
  }
  return path.resolve(file);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const host = listenHost(env.HOST ?? '') || '127.0.0.1';
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(`DATABASE_URL must start with postgres:// or postgresql://`);
  }
  const trustLoopback = bool(env, 'DAFTAR_TRUST_LOOPBACK', true);
  if (trustLoopback && !isLoopbackHost(host)) {
    throw new ConfigError(
      `refusing to start: DAFTAR_TRUST_LOOPBACK is on but HOST=${host} is not a loopback address. ` +
        `Set DAFTAR_TRUST_LOOPBACK=false to require tokens, or listen on 127.0.0.1.`,
    );
  }
  const logLevel = (env.LOG_LEVEL ?? 'info').trim();
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent`);
  }
  const dataDir = path.resolve(env.DAFTAR_DATA_DIR?.trim() || './data');
  // Beside the data directory, never inside it: a backup must survive the loss of the directory.
  const backupDir = path.resolve(env.DAFTAR_BACKUP_DIR?.trim() || (databaseUrl ? './backups' : path.join(path.dirname(dataDir), 'backups')));
  if (!databaseUrl && (backupDir === dataDir || backupDir.startsWith(dataDir + path.sep))) {
    throw new ConfigError(`DAFTAR_BACKUP_DIR must not be inside the data directory ${dataDir}`);
  }
  return {
    host,
    port: int(env, 'PORT', 3900, 0, 65535),
    databaseUrl,
    dataDir,
    trustLoopback,
    bodyLimitBytes: int(env, 'DAFTAR_BODY_LIMIT', 1024 * 1024, 1024, 64 * 1024 * 1024),
    imageLimitBytes: int(env, 'DAFTAR_IMAGE_LIMIT', 2 * 1024 * 1024, 1024, 64 * 1024 * 1024),
    rateLimitPerMinute: int(env, 'DAFTAR_RATE_LIMIT', 6000, 1, 10_000_000),
    hesabfaRateLimitPerMinute: int(env, 'DAFTAR_HESABFA_RATE_LIMIT', 600, 1, 10_000_000),
    loginAttemptsPerMinute: int(env, 'DAFTAR_LOGIN_RATE_LIMIT', 10, 1, 100_000),
    authFailuresPerMinute: int(env, 'DAFTAR_AUTH_FAILURE_LIMIT', 30, 1, 1_000_000),
    maxPageSize: int(env, 'DAFTAR_MAX_PAGE', 1000, 1, 100_000),
    hesabfaMaxTake: int(env, 'DAFTAR_HESABFA_MAX_TAKE', 10_000, 1, 1_000_000),
    maxBatchItems: int(env, 'DAFTAR_MAX_BATCH', 5000, 1, 100_000),
    logLevel,
    allowNegativeStock: bool(env, 'DAFTAR_ALLOW_NEGATIVE_STOCK', false),
    backupDir,
    backupKeep: int(env, 'DAFTAR_BACKUP_KEEP', 0, 0, 10_000),
    firstFiscalYear: int(env, 'DAFTAR_FIRST_FISCAL_YEAR', 1390, 1, 3177),
    fiscalYearsAhead: int(env, 'DAFTAR_FISCAL_YEARS_AHEAD', 1, 0, 100),
    trustedProxies: proxyList(env),
    secretKeyFile: secretKeyFile(env),
    moadianLeaseSeconds: int(env, 'DAFTAR_MOADIAN_LEASE_SECONDS', 300, 1, 86_400),
    moadianPollSeconds: int(env, 'DAFTAR_MOADIAN_POLL_SECONDS', 15, 1, 3600),
    webhookRetryMs: int(env, 'DAFTAR_WEBHOOK_RETRY_MS', 5000, 1, 3_600_000),
    webhookRetryMaxMs: int(env, 'DAFTAR_WEBHOOK_RETRY_MAX_MS', 3_600_000, 1, 86_400_000),
    webhookTimeoutMs: int(env, 'DAFTAR_WEBHOOK_TIMEOUT_MS', 10_000, 100, 600_000),
    groupCommit: bool(env, 'DAFTAR_GROUP_COMMIT', true),
    groupCommitMax: int(env, 'DAFTAR_GROUP_COMMIT_MAX', 32, 1, 1000),
    groupCommitWindowMicros: int(env, 'DAFTAR_GROUP_COMMIT_WINDOW_US', 0, 0, 1_000_000),
  };
}
