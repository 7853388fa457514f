import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { sqlSamples } from '../../db/sql-samples.js';

/** Σ debit and Σ credit of the lines on the accounts bound to each role (receivable, payable). */
export function roleTotals(db: Kysely<DB>, businessId: number, roles: string[]) {
  return db
    .selectFrom('voucher_lines as l')
    .innerJoin('accounts as a', (j) => j.onRef('a.business_id', '=', 'l.business_id').onRef('a.id', '=', 'l.account_id'))
    .select(['a.role', (eb) => eb.fn.sum<string>('l.debit').as('debit'), (eb) => eb.fn.sum<string>('l.credit').as('credit')])
    .where('l.business_id', '=', businessId)
    .where('a.role', 'in', roles)
    .groupBy('a.role');
}

/**
 * Net sales per day (posted sales less posted sale returns, after line discounts, before VAT)
 * from the invoices' own totals: a header's `sum_net` is the sum of its lines' net, so this is the
 * sales report's net without reading a line (one row per posted invoice, through invoices_type_date).
 */
export function netSalesByDay(db: Kysely<DB>, businessId: number, fromDate: string, toDate: string) {
  return db
    .selectFrom('invoices')
    .select([
      sql<string>`date::text`.as('date'),
      sql<string>`(sum(case when invoice_type = 4 then -sum_net else sum_net end))::text`.as('net'),
    ])
    .where('business_id', '=', businessId)
    .where('invoice_type', 'in', [2, 4])
    .where('status', '=', 'posted')
    .where('date', '>=', fromDate)
    .where('date', '<=', toDate)
    .groupBy('date');
}

export const SQL_SAMPLES = sqlSamples({
  roleTotals: (db) => roleTotals(db, 1, ['receivable', 'payable']),
  netSalesByDay: (db) => netSalesByDay(db, 1, '2025-03-21', '2026-03-20'),
});
