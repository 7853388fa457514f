import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/connection.js';
import { migrate, migrationsFingerprint } from './db/migrate.js';
import { startAutoMaintenance } from './db/maintenance.js';
import { isEmptyDataDir, pgliteTemplatePath } from './db/template.js';
import type { DB } from './db/schema.js';
import { transact } from './db/transact.js';
import { createBusiness, defaultBusiness, type NewBusiness } from './domain/business/bootstrap.js';
import { startDailyBackup } from './domain/backup/daily.js';

export async function openConfiguredDatabase(config: Config, onPoolError?: (e: Error) => void): Promise<Database> {
  if (config.databaseUrl) return openDatabase({ databaseUrl: config.databaseUrl, onPoolError });
  // A new PGlite data directory starts from the migrated template made at install time.
  const template = pgliteTemplatePath(migrationsFingerprint());
  const seed = isEmptyDataDir(config.dataDir) && fs.existsSync(template) ? new Blob([fs.readFileSync(template)]) : undefined;
  return openDatabase({ dataDir: config.dataDir, loadDataDir: seed });
}

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
  const database = await openConfiguredDatabase(config, (e) => app?.log.warn({ err: e.message }, 'database connection lost'));
  await migrate(database.db);
  const created = await ensureDefaultBusiness(database.db);
  app = await buildApp({ database, config, logger: opts.logger });
  let stopMaintenance = async () => {};
  let stopBackups = async () => {};
  app.addHook('onClose', () => stopMaintenance());
  app.addHook('onClose', () => stopBackups());
  const address = await app.listen({ host: config.host, port: config.port });
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
  return { app, database, created, address };
}
