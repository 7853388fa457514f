import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { sqlSamples } from '../../db/sql-samples.js';
import { inPeriod } from '../reports/repository.js';
import type { Period } from '../reports/query.js';

/** The chart of accounts, by code. */
export function chartRows(db: Kysely<DB>, businessId: number) {
  return db
    .selectFrom('accounts')
    .select(['id', 'code', 'name', 'level', 'parent_id', 'nature', 'role', 'active'])
    .where('business_id', '=', businessId)
    .orderBy('code');
}

/** Σ debit − Σ credit of the lines on each account that has any. */
export function accountNetBalances(db: Kysely<DB>, businessId: number) {
  return db
    .selectFrom('voucher_lines')
    .select(['account_id', sql<string>`sum(debit - credit)::text`.as('balance')])
    .where('business_id', '=', businessId)
    .groupBy('account_id');
}

/** A page of vouchers (newest first) with their totals and the reversal that points at each. */
export function voucherPage(db: Kysely<DB>, businessId: number, p: Period, offset: number, limit: number) {
  return sql<{
    id: string; number: string; date: string; kind: string; description: string; source_type: string | null; source_id: string | null;
    reverses_id: string | null; reversed_by: string | null; total: string; n: number; permanent_number: string | null;
  }>`
    select v.id::text, v.number::text, v.permanent_number::text, v.date::text, v.kind, v.description, v.source_type, v.source_id::text, v.reverses_id::text,
           (select r.id::text from vouchers r where r.business_id = v.business_id and r.reverses_id = v.id limit 1) as reversed_by,
           (select coalesce(sum(l.debit), 0)::text from voucher_lines l where l.business_id = v.business_id and l.voucher_id = v.id) as total,
           count(*) over ()::int as n
      from vouchers v
     where v.business_id = ${businessId} and ${inPeriod(sql.ref('v.date'), p)}
     order by v.date desc, v.id desc
     limit ${limit} offset ${offset}`;
}

/** One voucher's head (locked when `lock`: a reversal serialises on it). */
export function voucherHead(db: Kysely<DB>, businessId: number, id: number) {
  return db
    .selectFrom('vouchers')
    .select(['id', 'number', 'permanent_number', 'date', 'kind', 'description', 'source_type', 'source_id', 'reverses_id'])
    .where('business_id', '=', businessId)
    .where('id', '=', id);
}

/** A voucher's lines with their accounts and the party behind a detail account. */
export function voucherLineRows(db: Kysely<DB>, businessId: number, voucherId: number) {
  return db
    .selectFrom('voucher_lines as l')
    .innerJoin('accounts as a', (j) => j.onRef('a.business_id', '=', 'l.business_id').onRef('a.id', '=', 'l.account_id'))
    .leftJoin('parties as p', (j) => j.onRef('p.business_id', '=', 'l.business_id').onRef('p.detail_id', '=', 'l.detail_id'))
    .select(['l.line_no', 'l.account_id', 'a.code', 'a.name', 'l.detail_id', 'p.id as party_id', 'p.full_name as party_name', 'l.debit', 'l.credit', 'l.description'])
    .where('l.business_id', '=', businessId)
    .where('l.voucher_id', '=', voucherId)
    .orderBy('l.line_no');
}

/** The voucher that reverses `id`, if any. */
export function reversalOf(db: Kysely<DB>, businessId: number, id: number) {
  return db.selectFrom('vouchers').select(['id', 'number']).where('business_id', '=', businessId).where('reverses_id', '=', id);
}

/** Accounts that have children (group accounts: no line posts to them). */
export function parentAccountIds(db: Kysely<DB>, businessId: number, ids: number[]) {
  return db.selectFrom('accounts').select('parent_id').distinct().where('business_id', '=', businessId).where('parent_id', 'in', ids);
}

export const SQL_SAMPLES = sqlSamples({
  chartRows: (db) => chartRows(db, 1),
  accountNetBalances: (db) => accountNetBalances(db, 1),
  voucherPage: (db) => voucherPage(db, 1, { fromDate: '2026-03-21' }, 0, 50),
  voucherHead: (db) => voucherHead(db, 1, 2).forUpdate(),
  voucherLineRows: (db) => voucherLineRows(db, 1, 2),
  reversalOf: (db) => reversalOf(db, 1, 2),
  parentAccountIds: (db) => parentAccountIds(db, 1, [2, 3]),
});
