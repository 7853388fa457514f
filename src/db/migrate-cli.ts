import { loadConfig } from '../config.js';
import { openConfiguredDatabase } from '../server.js';
import { migrate } from './migrate.js';

const config = loadConfig();
const database = await openConfiguredDatabase(config);
try {
  const applied = await migrate(database.db);
  process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
} finally {
  await database.close();
}
