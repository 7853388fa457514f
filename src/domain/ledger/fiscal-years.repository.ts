import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { sqlSamples } from '../../db/sql-samples.js';

/** The SQL of closing and reopening fiscal years (fiscal-years.ts runs these). */
type Db = Kysely<DB>;

/** The source types of the three vouchers a close writes (docs/fiscal-years.md). */
export const YEAR_END_SOURCES = ['fiscal_year_result', 'fiscal_year_close', 'fiscal_year_open'] as const;

const FY_COLUMNS = ['id', 'jalali_year', 'title', 'start_date', 'end_date', 'closed', 'result_voucher_id', 'closing_voucher_id', 'opening_voucher_id', 'closed_at'] as const;

export function fiscalYears(db: Db, businessId: number) {
  return db.selectFrom('fiscal_years').select(FY_COLUMNS).where('business_id', '=', businessId).orderBy('jalali_year');
}

/** The year a close or reopen works on, locked: postings into it (FOR SHARE in fiscalYearFor) wait. */
export function fiscalYearForUpdate(db: Db, businessId: number, id: number) {
  return db.selectFrom('fiscal_years').select(FY_COLUMNS).where('business_id', '=', businessId).where('id', '=', id).forUpdate();
}

export function fiscalYearByJalali(db: Db, businessId: number, jalaliYear: number) {
  return db.selectFrom('fiscal_years').select(FY_COLUMNS).where('business_id', '=', businessId).where('jalali_year', '=', jalaliYear);
}

/** An earlier year still open that has vouchers (years close in order). */
export function earlierOpenYearWithVouchers(db: Db, businessId: number, jalaliYear: number) {
  return db
    .selectFrom('fiscal_years as f')
    .select('f.jalali_year')
    .where('f.business_id', '=', businessId)
    .where('f.jalali_year', '<', jalaliYear)
    .where('f.closed', '=', false)
    .where((eb) => eb.exists(eb.selectFrom('vouchers as v').select('v.id').whereRef('v.business_id', '=', 'f.business_id').whereRef('v.fiscal_year_id', '=', 'f.id')))
    .orderBy('f.jalali_year')
    .limit(1);
}

/**
 * Every (account, detail) balance up to `endDate`, with its top-level group's code and the roles
 * bound under that group (what decides its class: revenue and expenses close, the rest carries).
 */
export function balancesUpTo(businessId: number, endDate: string) {
  return sql<{ account_id: string; detail_id: string | null; net: string; group_code: string; roles: string | null }>`
    with acc as (
      select a.id, case when a.level = 1 then a.id when p.level = 1 then p.id else g.id end as group_id
        from accounts a
        left join accounts p on p.business_id = a.business_id and p.id = a.parent_id
        left join accounts g on g.business_id = p.business_id and g.id = p.parent_id
       where a.business_id = ${businessId}
    ), group_roles as (
      select acc.group_id, string_agg(x.role, ',') as roles
        from acc join accounts x on x.business_id = ${businessId} and x.id = acc.id and x.role is not null
       group by acc.group_id
    ), bal as (
      select vl.account_id, vl.detail_id, sum(vl.debit - vl.credit) as net
        from voucher_lines vl join vouchers v on v.business_id = vl.business_id and v.id = vl.voucher_id
       where vl.business_id = ${businessId} and v.date <= ${endDate}::date
       group by vl.account_id, vl.detail_id
      having sum(vl.debit - vl.credit) <> 0
    )
    select bal.account_id::text, bal.detail_id::text, bal.net::text, gr.code as group_code, r.roles
      from bal
      join acc on acc.id = bal.account_id
      join accounts gr on gr.business_id = ${businessId} and gr.id = acc.group_id
      left join group_roles r on r.group_id = acc.group_id
     order by bal.account_id, bal.detail_id nulls first`;
}

export function markClosed(db: Db, businessId: number, id: number, v: { result: number | null; closing: number; opening: number }) {
  return db
    .updateTable('fiscal_years')
    .set({ closed: true, result_voucher_id: v.result, closing_voucher_id: v.closing, opening_voucher_id: v.opening, closed_at: sql`now()` })
    .where('business_id', '=', businessId)
    .where('id', '=', id);
}

export function markOpen(db: Db, businessId: number, id: number) {
  return db
    .updateTable('fiscal_years')
    .set({ closed: false, result_voucher_id: null, closing_voucher_id: null, opening_voucher_id: null, closed_at: null })
    .where('business_id', '=', businessId)
    .where('id', '=', id);
}

/** Permanent numbers 1, 2, … for the year's vouchers in date, then id order. */
export function assignPermanentNumbers(businessId: number, fiscalYearId: number) {
  return sql`
    update vouchers v set permanent_number = r.n
      from (select id, row_number() over (order by date, id) as n from vouchers where business_id = ${businessId} and fiscal_year_id = ${fiscalYearId}) r
     where v.business_id = ${businessId} and v.id = r.id`;
}

export function clearPermanentNumbers(db: Db, businessId: number, fiscalYearId: number) {
  return db.updateTable('vouchers').set({ permanent_number: null }).where('business_id', '=', businessId).where('fiscal_year_id', '=', fiscalYearId);
}

export const SQL_SAMPLES = sqlSamples({
  fiscalYears: (db) => fiscalYears(db, 1),
  fiscalYearForUpdate: (db) => fiscalYearForUpdate(db, 1, 1),
  fiscalYearByJalali: (db) => fiscalYearByJalali(db, 1, 1405),
  earlierOpenYearWithVouchers: (db) => earlierOpenYearWithVouchers(db, 1, 1405),
  balancesUpTo: () => balancesUpTo(1, '2027-03-20'),
  markClosed: (db) => markClosed(db, 1, 1, { result: 1, closing: 2, opening: 3 }),
  markOpen: (db) => markOpen(db, 1, 1),
  assignPermanentNumbers: () => assignPermanentNumbers(1, 1),
  clearPermanentNumbers: (db) => clearPermanentNumbers(db, 1, 1),
});
