import type { Kysely } from 'kysely';
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

export const SQL_SAMPLES = sqlSamples({
  roleTotals: (db) => roleTotals(db, 1, ['receivable', 'payable']),
});
