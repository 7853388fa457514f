import { sql } from 'kysely';
import type { Database } from './connection.js';

/**
 * PGlite runs no autovacuum: without it the planner never learns a table's size (a catalogue
 * of 100,000 products planned as if it had 10 rows, foreign-key checks cached as sequential
 * scans) and rows updated by every posting (products' stock, balances, counters) leave dead
 * versions behind. This does autovacuum's job in-process with autovacuum's own thresholds:
 * every few seconds, tables changed enough since their last ANALYZE are analyzed, and tables
 * with enough dead rows vacuumed. PostgreSQL's own autovacuum does this on a server; there this
 * is not started. Decision record: docs/performance.md.
 */
export function startAutoMaintenance(
  database: Database,
  opts: { intervalMs?: number; onError?: (err: Error) => void } = {},
): () => Promise<void> {
  if (database.kind !== 'pglite') return async () => {};
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = async () => {
    // Same formulas as autovacuum: 50 rows + 10 % (analyze) / 20 % (vacuum) of the table.
    // Tables never analyzed (reltuples < 0, e.g. after a restart) count as changed.
    const r = await sql<{ relname: string; analyze: boolean; vacuum: boolean }>`
      select s.relname,
             (c.reltuples < 0 and pg_relation_size(c.oid) > 8192)
               or s.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0) as analyze,
             s.n_dead_tup > 50 + 0.2 * greatest(c.reltuples, s.n_live_tup, 0) as vacuum
        from pg_stat_user_tables s join pg_class c on c.oid = s.relid
       where s.schemaname = 'public'`.execute(database.db);
    for (const t of r.rows) {
      if (stopped) return;
      if (t.vacuum) await sql`vacuum (analyze) ${sql.table(t.relname)}`.execute(database.db);
      else if (t.analyze) {
        await sql`analyze ${sql.table(t.relname)}`.execute(database.db);
        // Autovacuum's analyze also merges GIN pending lists (a manual ANALYZE does not):
        // inserted names wait in an unsorted list of up to 4 MB that every trigram search
        // scans whole, until this merges them into the index.
        await sql`
          select gin_clean_pending_list(i.indexrelid)
            from pg_index i join pg_class ic on ic.oid = i.indexrelid join pg_am am on am.oid = ic.relam
           where i.indrelid = ${t.relname}::regclass and am.amname = 'gin'`.execute(database.db);
      }
    }
  };
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = tick()
      .catch((err: Error) => opts.onError?.(err))
      .finally(() => {
        running = null;
      });
  }, opts.intervalMs ?? 5000);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
