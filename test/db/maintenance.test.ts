import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { testApp, type TestApp } from '../helpers/app.js';
import { startAutoMaintenance } from '../../src/db/maintenance.js';
import { hesabfa } from '../http/hesabfa/helpers.js';

/** PGlite's in-process autovacuum (src/db/maintenance.ts); PostgreSQL runs its own. */
describe('PGlite maintenance', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  it('analyzes a grown table and merges its GIN pending lists', { skip: process.env.DATABASE_URL ? 'PostgreSQL runs autovacuum' : false }, async () => {
    const items = Array.from({ length: 300 }, (_, i) => ({ Name: `کالای نگهداری ${i}`, ItemType: 0 }));
    assert.equal((await hesabfa(t, 'batchsave', { items })).ErrorCode, 0);
    const db = t.database.db;
    const stop = startAutoMaintenance(t.database, { intervalMs: 20 });
    try {
      let analyzed = false;
      for (let i = 0; i < 250 && !analyzed; i++) {
        await new Promise((r) => setTimeout(r, 20));
        const r = await sql<{ at: Date | null }>`select last_analyze as at from pg_stat_user_tables where relname = 'products'`.execute(db);
        analyzed = r.rows[0]?.at != null;
      }
      assert.ok(analyzed, 'products analyzed');
    } finally {
      await stop();
    }
    // Nothing left to merge: the maintenance pass already did it.
    const left = await sql<{ n: number }>`select gin_clean_pending_list('products_name_trgm'::regclass) as n`.execute(db);
    assert.equal(Number(left.rows[0].n), 0);
    const count = await sql<{ n: number }>`select reltuples as n from pg_class where relname = 'products'`.execute(db);
    assert.ok(Number(count.rows[0].n) >= 300);
  });
});
