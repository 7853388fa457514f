// `npm run sync-sql`: writes each repository file's queries as SQL text into the `queries.sql`
// beside it (src/db/sql-snapshots.ts). `npm run sync-sql -- --check` writes nothing and exits 1
// naming every stale, missing or orphaned snapshot (test/db/queries-sql.test.ts does the same in CI).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeProblem, snapshotState, syncSnapshots } from '../src/db/sql-snapshots.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');

if (process.argv.includes('--check')) {
  const { problems } = await snapshotState(src);
  for (const p of problems) process.stderr.write(`sync-sql: ${describeProblem(p, root)}\n`);
  if (problems.length) process.exit(1);
  process.stdout.write('sync-sql: every queries.sql is up to date\n');
} else {
  const { problems } = await snapshotState(src);
  for (const p of problems.filter((p) => p.problem === 'no-samples')) process.stderr.write(`sync-sql: ${describeProblem(p, root)}\n`);
  const changed = await syncSnapshots(src);
  for (const f of changed) process.stdout.write(`sync-sql: wrote ${path.relative(root, f)}\n`);
  if (!changed.length) process.stdout.write('sync-sql: nothing to change\n');
  if (problems.some((p) => p.problem === 'no-samples')) process.exit(1);
}
