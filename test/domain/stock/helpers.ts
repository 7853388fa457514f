import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Database } from '../../../src/db/connection.js';

/**
 * Stock invariants, checked after every test: each balance row = Σ its movements; each
 * product's stock_qty = Σ its movements and stock_value = Σ their values; the inventory
 * account's balance = Σ products' stock_value (skip with ledger: false when a test posts raw
 * movements without their document's voucher).
 */
export async function assertStockInvariants(database: Database, businessId: number, opts: { ledger?: boolean } = {}): Promise<void> {
  const db = database.db;
  const bad = await sql<{ product_id: number; warehouse_id: number; quantity: string; moved: string }>`
    select b.product_id, b.warehouse_id, b.quantity::text, coalesce(m.q, 0)::text as moved
      from stock_balances b
      left join (select product_id, warehouse_id, sum(quantity) q from stock_movements where business_id = ${businessId}
                 group by product_id, warehouse_id) m
        on m.product_id = b.product_id and m.warehouse_id = b.warehouse_id
     where b.business_id = ${businessId} and b.quantity <> coalesce(m.q, 0)
    union all
    select m.product_id, m.warehouse_id, '0', sum(m.quantity)::text
      from stock_movements m
     where m.business_id = ${businessId}
       and not exists (select 1 from stock_balances b where b.business_id = m.business_id and b.product_id = m.product_id and b.warehouse_id = m.warehouse_id)
     group by m.product_id, m.warehouse_id`.execute(db);
  assert.deepEqual(bad.rows, [], 'stock balance = Σ movements');
  const prod = await sql<{ id: number }>`
    select p.id from products p
      left join (select product_id, sum(quantity) q, sum(value) v from stock_movements where business_id = ${businessId} group by product_id) m
        on m.product_id = p.id
     where p.business_id = ${businessId} and (p.stock_qty <> coalesce(m.q, 0) or p.stock_value <> coalesce(m.v, 0))`.execute(db);
  assert.deepEqual(prod.rows, [], 'product stock_qty/stock_value = Σ movements');
  if (opts.ledger === false) return;
  const inv = await sql<{ ledger: string; stock: string }>`
    select (select coalesce(sum(l.debit - l.credit), 0) from voucher_lines l
              join accounts a on a.business_id = l.business_id and a.id = l.account_id
             where l.business_id = ${businessId} and a.role = 'inventory')::text as ledger,
           (select coalesce(sum(stock_value), 0) from products where business_id = ${businessId})::text as stock`.execute(db);
  assert.equal(Number(inv.rows[0].ledger), Number(inv.rows[0].stock), 'inventory account = Σ stock_value');
}
