/**
 * Backup and restore figures for a small business on an on-disk PGlite directory (and, with
 * DATABASE_URL, PostgreSQL): `npx tsx bench/backup.ts [sales]`. Prints JSON lines.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/connection.js';
import { migrate } from '../src/db/migrate.js';
import { transact } from '../src/db/transact.js';
import { createBusiness } from '../src/domain/business/bootstrap.js';
import { writeBackup } from '../src/domain/backup/dump.js';
import { restoreBackup } from '../src/domain/backup/restore.js';
import { sale, seedShop } from '../test/domain/backup/fixtures.js';

const sales = Number(process.argv[2] ?? 200);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'daftar-bench-backup-'));
try {
  const database = await openDatabase({ dataDir: path.join(work, 'data') });
  await migrate(database.db);
  await transact(database.db, (tx) => createBusiness(tx, { name: 'بنچ', apiToken: 'bench-token' }));
  const app = await buildApp({ database, config: { ...loadConfig({}), backupDir: path.join(work, 'backups'), rateLimitPerMinute: 1e9 }, logger: false });
  const h = { authorization: 'Bearer bench-token' };
  const step = (what: string) => process.stderr.write(`${new Date().toISOString()} ${what}\n`);
  step('seeding');
  const shop = await seedShop(app, h);
  step('selling');
  for (let i = 0; i < sales; i++) await sale(app, shop.products[i % 3]!, shop.personId, i, h);

  // Request latency while a backup runs: the session is held only for the file copy.
  const file = path.join(work, 'b.backup.gz');
  const lat: number[] = [];
  let stop = false;
  const probe = (async () => {
    while (!stop) {
      const t0 = performance.now();
      await app.inject({ method: 'GET', url: '/api/products', headers: h });
      lat.push(performance.now() - t0);
      // Requests arrive from sockets: yield to I/O between them, as a real server does (a tight
      // loop of in-process injects would starve the backup's gzip and file callbacks).
      await new Promise((r) => setImmediate(r));
    }
  })();
  step('backing up');
  const b = await writeBackup(database, file, { kind: 'all' });
  stop = true;
  await probe;
  lat.sort((x, y) => x - y);
  const rows = Object.values(b.manifest.tables).reduce((x, y) => x + y, 0);
  console.log(JSON.stringify({ step: 'backup', backend: 'pglite', sales, rows, bytes: fs.statSync(file).size, ms: Math.round(b.elapsedMs), sessionHeldMs: Math.round(b.sessionHeldMs), requestsDuring: lat.length, p50: Math.round(lat[Math.floor(lat.length / 2)] ?? 0), max: Math.round(lat.at(-1) ?? 0) }));
  await app.close();
  await database.close();
  const r = await restoreBackup(file, { dataDir: path.join(work, 'restored') });
  console.log(JSON.stringify({ step: 'restore', into: 'pglite', ms: Math.round(r.elapsedMs) }));
  if (process.env.DATABASE_URL) {
    const { emptyPostgres } = await import('../test/domain/backup/fixtures.js');
    const target = await emptyPostgres();
    try {
      const r2 = await restoreBackup(file, { databaseUrl: target.url });
      console.log(JSON.stringify({ step: 'restore', into: 'postgres', ms: Math.round(r2.elapsedMs) }));
      const pgdb = await openDatabase({ databaseUrl: target.url });
      const b2 = await writeBackup(pgdb, path.join(work, 'pg.backup.gz'), { kind: 'all' });
      console.log(JSON.stringify({ step: 'backup', backend: 'postgres', ms: Math.round(b2.elapsedMs) }));
      await pgdb.close();
    } finally {
      await target.drop();
    }
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
