import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/connection.js';
import { migrate, migrationsFingerprint } from './db/migrate.js';
import { startAutoMaintenance } from './db/maintenance.js';
import { pgliteTemplatePath } from './db/template.js';
import { DamagedDataDirError, inspectDataDir, isCorruption, listFiles, removeCreatedFiles } from './db/data-dir.js';
import { acquireDirLock, LOCK_FILES, type OwnerRole } from './db/dir-lock.js';
import { adminHandler } from './admin/commands.js';
import type { DB } from './db/schema.js';
import { transact } from './db/transact.js';
import { createBusiness, defaultBusiness, type NewBusiness } from './domain/business/bootstrap.js';
import { startDailyBackup } from './domain/backup/daily.js';
import { startMoadianWorker } from './domain/moadian/runner.js';
import { readSecretKey } from './domain/moadian/secret-box.js';

/**
 * Opens the configured database. PGlite: first takes the data directory's lock (one process per
 * directory) and checks the directory before PGlite touches it; a failed open takes back what it
 * created and reports damage as DamagedDataDirError (docs/reliability.md).
 */
export async function openConfiguredDatabase(config: Config, onPoolError?: (e: Error) => void, role: OwnerRole = 'cli'): Promise<Database> {
  if (config.databaseUrl) return openDatabase({ databaseUrl: config.databaseUrl, onPoolError });
  const dir = config.dataDir;
  const lock = await acquireDirLock(dir, role, { port: role === 'server' && config.port ? config.port : null, host: role === 'server' ? config.host : null });
  try {
    const database = await openPglite(dir);
    const close = database.close;
    return { ...database, dirLock: lock, close: () => close().finally(() => lock.release()) };
  } catch (err) {
    await lock.release();
    throw err;
  }
}

async function openPglite(dir: string): Promise<Database> {
  const state = inspectDataDir(dir);
  const before = listFiles(dir);
  // A new PGlite data directory starts from the migrated template made at install time.
  const template = pgliteTemplatePath(migrationsFingerprint());
  const seed = state === 'empty' && fs.existsSync(template) ? new Blob([fs.readFileSync(template)]) : undefined;
  try {
    const database = await openDatabase({ dataDir: dir, loadDataDir: seed });
    await sql`select 1`.execute(database.db);
    return database;
  } catch (err) {
    // Take back what the failed open created (postmaster.pid, or the half-extracted template).
    if (state === 'empty') {
      for (const f of fs.readdirSync(dir)) if (!LOCK_FILES.includes(f)) fs.rmSync(path.join(dir, f), { recursive: true, force: true });
    } else {
      removeCreatedFiles(dir, before);
    }
    if (isCorruption(err)) throw new DamagedDataDirError(dir, `PGlite could not open it (${firstLine(err)})`);
    throw err;
  }
}

const firstLine = (err: unknown) => String((err as Error)?.message ?? err).split('\n')[0];

/** First start: create the default business from the environment (or random secrets). */
export async function ensureDefaultBusiness(db: Kysely<DB>, env: NodeJS.ProcessEnv = process.env): Promise<NewBusiness | null> {
  if ((await defaultBusiness(db)) !== null) return null;
  return transact(db, async (tx) => {
    // Two processes starting at once: the advisory lock lets one create the business.
    await sql`select pg_advisory_xact_lock(7349202)`.execute(tx);
    const again = await tx.selectFrom('businesses').select('id').limit(1).executeTakeFirst();
    if (again) return null;
    return createBusiness(tx, {
      name: env.DAFTAR_BUSINESS_NAME?.trim() || 'کسب‌وکار من',
      adminUser: env.DAFTAR_ADMIN_USER,
      adminPassword: env.DAFTAR_ADMIN_PASSWORD,
      apiToken: env.DAFTAR_API_TOKEN,
      hesabfaApiKey: env.DAFTAR_HESABFA_API_KEY,
      hesabfaLoginToken: env.DAFTAR_HESABFA_LOGIN_TOKEN,
      chortkeToken: env.DAFTAR_CHORTKE_TOKEN,
    });
  });
}

export interface Started {
  app: FastifyInstance;
  database: Database;
  created: NewBusiness | null;
  address: string;
}

/** Opens the database, migrates, bootstraps, and listens. */
export async function startServer(config: Config, opts: { logger?: boolean | Record<string, unknown> } = {}): Promise<Started> {
  let app: FastifyInstance | undefined;
  const database = await openConfiguredDatabase(config, (e) => app?.log.warn({ err: e.message }, 'database connection lost'), 'server');
  let address: string;
  let created: NewBusiness | null;
  let stopMaintenance = async () => {};
  let stopBackups = async () => {};
  let stopMoadian = async () => {};
  try {
    await migrate(database.db);
    created = await ensureDefaultBusiness(database.db);
    app = await buildApp({ database, config, logger: opts.logger });
    app.addHook('onClose', () => stopMaintenance());
    app.addHook('onClose', () => stopBackups());
    app.addHook('onClose', () => stopMoadian()); // i8
    address = await app.listen({ host: config.host, port: config.port });
    const log = app.log;
    app.deps.schemaCompilers.warm((e) => log.error({ err: e.message }, 'a route schema does not compile'));
  } catch (err) {
    // A start that fails lets go of the directory (and its lock) before reporting.
    await app?.close().catch(() => {});
    await database.close().catch(() => {});
    throw err;
  }
  if (database.dirLock) {
    const port = (app.server.address() as { port?: number } | null)?.port ?? config.port;
    database.dirLock.publish({ port });
    database.dirLock.onAdmin(adminHandler(database));
  }
  // PGlite: autovacuum's job in-process (statistics and dead rows); PostgreSQL does its own.
  stopMaintenance = startAutoMaintenance(database, { onError: (e) => app?.log.warn({ err: e.message }, 'background analyze failed') });
  if (config.backupKeep > 0) {
    stopBackups = startDailyBackup(database, {
      dir: config.backupDir,
      keep: config.backupKeep,
      onDone: (file) => app?.log.info({ file }, 'daily backup written'),
      onError: (e) => app?.log.error({ err: e.message }, 'daily backup failed'),
    });
  }
  // i8: the Moadian send queue's worker, when the server can open signing keys
  if (config.secretKeyFile) {
    const runner = startMoadianWorker(database.db, {
      secretKey: readSecretKey(config.secretKeyFile),
      leaseMs: config.moadianLeaseSeconds * 1000,
      pollDelayMs: config.moadianPollSeconds * 1000,
      // an idle pass at least every 30 s, and often enough to ask for results when they are due
      intervalMs: Math.min(30_000, config.moadianPollSeconds * 2000, config.moadianLeaseSeconds * 1000),
      onError: (e) => app?.log.warn({ err: e.message }, 'moadian worker pass failed'),
    });
    stopMoadian = () => runner.stop();
  }
  return { app, database, created, address };
}
