import path from 'node:path';

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
  const h = host.trim().toLowerCase();
  return h === 'localhost' || h === '::1' || h === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const host = (env.HOST ?? '127.0.0.1').trim() || '127.0.0.1';
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
  };
}
