/** Dev aid: `tsx bench/explain.ts <pglite data dir | postgres url> "<sql>"` → EXPLAIN ANALYZE. */
import { openDatabase } from '../src/db/connection.js';
import { sql } from 'kysely';

const [target, query] = process.argv.slice(2);
const database = await openDatabase(target.startsWith('postgres') ? { databaseUrl: target } : { dataDir: target });
for (const q of query.split(';;')) {
  const t0 = performance.now();
  const r = await sql.raw(q.trim().startsWith("!") ? q.trim().slice(1) : `explain (analyze, buffers off) ${q}`).execute(database.db);
  console.log(r.rows.map((x: any) => Object.values(x).join(" | ")).join("\n"));
  console.log(`-- ${Math.round(performance.now() - t0)} ms\n`);
}
await database.close();
