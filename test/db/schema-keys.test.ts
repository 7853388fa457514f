import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { freshDatabase } from '../helpers/db.js';
import type { Database } from '../../src/db/connection.js';
import { REFERENCE_TABLES, businessTablesInForeignKeyOrder } from '../../src/db/migrate.js';

/** Citus co-location: business_id leads every primary, unique and foreign key. */
describe('schema: business_id leads every key of every business-owned table', () => {
  let database: Database & { drop(): Promise<void> };
  before(async () => {
    database = await freshDatabase();
  });
  after(async () => {
    await database.close();
    await database.drop();
  });

  it('every table except the global ones has a business_id column', async () => {
    const rows = await sql<{ table: string; has: boolean }>`
      select c.relname as table,
             exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'business_id' and not a.attisdropped) as has
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relkind = 'r' and n.nspname = current_schema()`.execute(database.db);
    const missing = rows.rows.filter((r) => !r.has && !REFERENCE_TABLES.includes(r.table)).map((r) => r.table);
    assert.deepEqual(missing, [], `tables without business_id: ${missing.join(', ')}`);
    assert.ok(rows.rows.length >= 20);
  });

  it('primary, unique and foreign keys (and unique indexes) lead with business_id', async () => {
    const keys = await sql<{ table: string; name: string; kind: string; first: string | null }>`
      select cl.relname as table, k.conname as name, k.contype as kind,
             (select attname from pg_attribute where attrelid = k.conrelid and attnum = k.conkey[1]) as first
        from pg_constraint k
        join pg_class cl on cl.oid = k.conrelid
        join pg_namespace n on n.oid = cl.relnamespace
       where n.nspname = current_schema() and k.contype in ('p', 'u', 'f')
      union all
      select t.relname, i.relname, 'i',
             (select attname from pg_attribute where attrelid = t.oid and attnum = ix.indkey[0])
        from pg_index ix
        join pg_class i on i.oid = ix.indexrelid
        join pg_class t on t.oid = ix.indrelid
        join pg_namespace n on n.oid = t.relnamespace
       where n.nspname = current_schema() and ix.indisunique and not ix.indisprimary`.execute(database.db);
    const bad = keys.rows.filter((k) => !REFERENCE_TABLES.includes(k.table) && k.first !== 'business_id');
    assert.deepEqual(
      bad.map((k) => `${k.table}.${k.name} (${k.kind}) leads with ${k.first ?? 'an expression'}`),
      [],
    );
    assert.ok(keys.rows.filter((k) => k.kind === 'f').length >= 20, 'foreign keys were inspected');
  });

  it('tables can be distributed parents-first (the order the Citus step uses)', async () => {
    const order = await businessTablesInForeignKeyOrder(database.db);
    assert.equal(order[0], 'users');
    for (const t of ['products', 'stock_movements', 'voucher_lines', 'parties']) assert.ok(order.includes(t), t);
    assert.ok(order.indexOf('products') < order.indexOf('stock_movements'));
    assert.ok(order.indexOf('vouchers') < order.indexOf('voucher_lines'));
  });
});
