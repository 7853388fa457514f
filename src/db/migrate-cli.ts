import { loadConfig } from '../config.js';
import { DataDirBusyError } from './dir-lock.js';
import { openConfiguredDatabase } from '../server.js';
import { migrate } from './migrate.js';

const config = loadConfig();
let database;
try {
  database = await openConfiguredDatabase(config);
} catch (err) {
  // A running server migrated the directory when it started: nothing to do, and no second writer.
  if (!(err instanceof DataDirBusyError)) throw err;
  process.stderr.write(`daftar: ${err.message}\n`);
  process.exit(err.owner?.role === 'server' ? 0 : 1);
}
try {
  const applied = await migrate(database.db);
  process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
} finally {
  await database.close();
}
