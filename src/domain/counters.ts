import { sql } from 'kysely';
import type { Tx } from './context.js';

/**
 * The next value of a per-business counter (locks the counter row until commit).
 * `floor` lets a caller skip past numbers already taken by hand (client-chosen codes).
 */
export async function nextNumber(tx: Tx, businessId: number, name: string, floor = 0): Promise<number> {
  const r = await sql<{ value: number }>`
    insert into counters (business_id, name, value) values (${businessId}, ${name}, ${floor + 1})
    on conflict (business_id, name) do update set value = greatest(counters.value, ${floor}) + 1
    returning value`.execute(tx);
  return Number(r.rows[0].value);
}

/** Raises a counter to at least `value` (locking its row until commit); returns its value. */
export async function raiseCounter(tx: Tx, businessId: number, name: string, value: number): Promise<number> {
  const r = await sql<{ value: number }>`
    insert into counters (business_id, name, value) values (${businessId}, ${name}, ${value})
    on conflict (business_id, name) do update set value = greatest(counters.value, ${value})
    returning value`.execute(tx);
  return Number(r.rows[0].value);
}

/** The counter row getitems reads as TotalCount (docs/performance.md). */
export const PRODUCT_COUNT = 'products:count';

/**
 * Adds `delta` to a counter that the database keeps exact (`products:count`), locking its row
 * until commit. The catalog calls it where it inserts or deletes products: a statement-level
 * trigger with transition tables did this before, which Citus does not run (migration 0300).
 */
export async function addToCounter(tx: Tx, businessId: number, name: string, delta: number): Promise<void> {
  if (delta === 0) return;
  await sql`
    insert into counters (business_id, name, value) values (${businessId}, ${name}, ${delta})
    on conflict (business_id, name) do update set value = counters.value + excluded.value`.execute(tx);
}
