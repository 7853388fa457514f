import { ConfigError, loadConfig } from './config.js';
import { startServer } from './server.js';

function banner(lines: string[]): void {
  process.stdout.write('\n' + lines.join('\n') + '\n\n');
}

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

main().catch((err) => {
  process.stderr.write(`daftar: failed to start: ${err?.stack ?? err}\n`);
  process.exit(1);
});
