import { ConfigError, loadConfig } from './config.js';
import { DamagedDataDirError, damagedMessage, isCorruption } from './db/data-dir.js';
import { DataDirBusyError, ownerOf } from './db/dir-lock.js';

function banner(lines: string[]): void {
  process.stdout.write('\n' + lines.join('\n') + '\n\n');
}

let dataDir = '';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`daftar: configuration error: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  dataDir = config.databaseUrl ? 'the PostgreSQL database' : config.dataDir;
  // A second server on a held directory: answer before loading the rest (the lock itself is
  // taken in openConfiguredDatabase, which settles a race of two starts).
  const owner = config.databaseUrl ? null : await ownerOf(config.dataDir).catch(() => null);
  if (owner) throw new DataDirBusyError(config.dataDir, owner);
  const { startServer } = await import('./server.js');
  const { app, database, created, address } = await startServer(config);
  if (created) {
    banner([
      '================ Daftar: first start ================',
      `Business #${created.businessId} created. These secrets are shown ONCE (stored only hashed):`,
      `  admin login          ${created.adminUser} / ${created.adminPassword}`,
      `  API token (Siba)     Authorization: Bearer ${created.apiToken}`,
      `  Hesabfa apiKey       ${created.hesabfaApiKey}`,
      `  Hesabfa loginToken   ${created.hesabfaLoginToken}`,
      `  Chortke token        Authorization: Bearer ${created.chortkeToken}`,
      `Data: ${database.location}`,
      'Rotate any of them with: npm run daftar -- rotate <api|hesabfa|chortke>',
      '=====================================================',
    ]);
  } else {
    banner([`Daftar: data in ${database.location}`, 'Rotate tokens with: npm run daftar -- rotate <api|hesabfa|chortke>']);
  }
  app.log.info(`listening on ${address} (Siba /api, Hesabfa /v1/item, Chortke /v2, docs /docs)`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal}: finishing in-flight requests and closing`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await app.close();
      await database.close();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/** Why a start failed, in words a shop owner can act on: no stack trace for the known cases. */
function startFailure(err: unknown): string {
  if (err instanceof DataDirBusyError || err instanceof DamagedDataDirError) return err.message;
  if (isCorruption(err)) return damagedMessage(dataDir, `the database reports damage (${String((err as Error).message).split('\n')[0]})`, true);
  return `failed to start: ${(err as Error)?.stack ?? err}`;
}

main().catch((err) => {
  process.stderr.write(`daftar: ${startFailure(err)}\n`);
  process.exit(1);
});
