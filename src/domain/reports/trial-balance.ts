import { sql } from 'kysely';
import { fail } from '../errors.js';
import type { Column } from './layout.js';
import { accountAncestors, beforePeriod, inPeriod, readPaging, upToEnd, type Paging, type Period, type ReadDb, readPeriod } from './query.js';
import { authorize } from '../auth/permissions.js';
import type { Actor } from '../context.js';

export type TrialBalanceLevel = 'group' | 'general' | 'subsidiary' | 'detail';
const LEVELS: Record<TrialBalanceLevel, number> = { group: 1, general: 2, subsidiary: 3, detail: 3 };

export interface TrialBalanceRow {
  accountId: number;
  code: string;
  name: string;
  level: number;
  detailId: number | null;
  detailName: string | null;
  detailKind: string | null;
  openingDebit: string;
  openingCredit: string;
  periodDebit: string;
  periodCredit: string;
  closingDebit: string;
  closingCredit: string;
}

export interface TrialBalance {
  level: TrialBalanceLevel;
  fromDate: string | null;
  toDate: string | null;
  total: number;
  rows: TrialBalanceRow[];
  totals: {
    openingDebit: string;
    openingCredit: string;
    periodDebit: string;
    periodCredit: string;
    closingDebit: string;
    closingCredit: string;
  };
}

export const TRIAL_BALANCE_COLUMNS: Column[] = [
  { key: 'code', title: 'کد حساب', kind: 'text' },
  { key: 'name', title: 'نام حساب', kind: 'text' },
  { key: 'detailName', title: 'تفصیلی', kind: 'text' },
  { key: 'openingDebit', title: 'بدهکار ابتدای دوره', kind: 'amount' },
  { key: 'openingCredit', title: 'بستانکار ابتدای دوره', kind: 'amount' },
  { key: 'periodDebit', title: 'گردش بدهکار', kind: 'amount' },
  { key: 'periodCredit', title: 'گردش بستانکار', kind: 'amount' },
  { key: 'closingDebit', title: 'مانده بدهکار', kind: 'amount' },
  { key: 'closingCredit', title: 'مانده بستانکار', kind: 'amount' },
];

export function readTrialBalanceLevel(v: string | undefined): TrialBalanceLevel {
  if (v === undefined || v === '') return 'subsidiary';
  if (v in LEVELS) return v as TrialBalanceLevel;
  throw fail.with('REPORT_LEVEL_INVALID', { field: 'level' });
}

/**
 * Trial balance (تراز آزمایشی) at one level of the chart: per account the opening balance
 * (before fromDate, net), the period's debit and credit turnover, and the closing balance (net).
 * Lines roll up to their ancestor at the asked level; `detail` splits subsidiaries by detail account.
 * One SQL statement; totals come from window sums over all rows, so paging never changes them.
 */
export async function trialBalance(
  db: ReadDb,
  actor: Actor,
  q: Period & { level?: TrialBalanceLevel } & Partial<Paging>,
): Promise<TrialBalance> {
  authorize(actor, 'report.financial.read');
  const businessId = actor.businessId;
  q = { ...q, ...readPeriod(q) }; // Gregorian or Jalali, checked, in any caller
  const level = q.level ?? 'subsidiary';
  const k = LEVELS[level];
  const byDetail = level === 'detail';
  const { offset, limit } = readPaging(q);
  const date = sql.ref('v.date');
  const detailKey = byDetail ? sql`vl.detail_id` : sql`null::bigint`;
  const dated = Boolean(q.fromDate || q.toDate);
  const r = await sql<Record<string, string | number | null>>`
    with acc as (
      ${accountAncestors(businessId)}
    ),
    lines as (
      -- Summed per (account, detail) first: the hierarchy joins then see a few hundred rows,
      -- not every voucher line. Without a period every line counts and no date is needed.
      select vl.account_id, ${detailKey} as detail_id,
             coalesce(sum(case when ${beforePeriod(date, q)} then vl.debit - vl.credit else 0 end), 0) as opening,
             coalesce(sum(case when ${inPeriod(date, q)} then vl.debit else 0 end), 0) as pd,
             coalesce(sum(case when ${inPeriod(date, q)} then vl.credit else 0 end), 0) as pc
        from voucher_lines vl
        ${dated ? sql`join vouchers v on v.business_id = vl.business_id and v.id = vl.voucher_id` : sql``}
       where vl.business_id = ${businessId} and ${upToEnd(date, q)}
       group by 1, 2
    ),
    grouped as (
      select case when a.level = ${k} then a.id when a.p_level = ${k} then a.p_id when a.g_level = ${k} then a.g_id else a.id end as target_id,
             l.detail_id,
             sum(l.opening) as opening, sum(l.pd) as pd, sum(l.pc) as pc
        from lines l join acc a on a.id = l.account_id
       group by 1, 2
    ),
    shaped as (
      select g.target_id, g.detail_id, t.code, t.name, t.level, d.name as detail_name, d.kind as detail_kind,
             greatest(g.opening, 0) as od, greatest(-g.opening, 0) as oc, g.pd, g.pc,
             greatest(g.opening + g.pd - g.pc, 0) as cd, greatest(-(g.opening + g.pd - g.pc), 0) as cc
        from grouped g
        join accounts t on t.business_id = ${businessId} and t.id = g.target_id
        left join detail_accounts d on d.business_id = ${businessId} and d.id = g.detail_id
       where g.opening <> 0 or g.pd <> 0 or g.pc <> 0
    )
    select target_id as "accountId", detail_id as "detailId", code, name, level, detail_name as "detailName", detail_kind as "detailKind",
           od::text as "openingDebit", oc::text as "openingCredit", pd::text as "periodDebit", pc::text as "periodCredit",
           cd::text as "closingDebit", cc::text as "closingCredit",
           count(*) over ()::int as n,
           (sum(od) over ())::text as t_od, (sum(oc) over ())::text as t_oc, (sum(pd) over ())::text as t_pd,
           (sum(pc) over ())::text as t_pc, (sum(cd) over ())::text as t_cd, (sum(cc) over ())::text as t_cc
      from shaped
     order by code, detail_id nulls first
     limit ${limit} offset ${offset}`.execute(db);
  let totalsRow = r.rows[0];
  let total = totalsRow ? Number(totalsRow.n) : 0;
  if (!totalsRow && offset > 0) {
    // Paged past the end: totals still describe the whole report.
    const all = await trialBalance(db, actor, { ...q, offset: 0, limit: 1 });
    return { ...all, rows: [] };
  }
  const z = '0';
  const rows: TrialBalanceRow[] = r.rows.map((x) => ({
    accountId: Number(x.accountId),
    code: String(x.code),
    name: String(x.name),
    level: Number(x.level),
    detailId: x.detailId === null ? null : Number(x.detailId),
    detailName: (x.detailName as string | null) ?? null,
    detailKind: (x.detailKind as string | null) ?? null,
    openingDebit: String(x.openingDebit),
    openingCredit: String(x.openingCredit),
    periodDebit: String(x.periodDebit),
    periodCredit: String(x.periodCredit),
    closingDebit: String(x.closingDebit),
    closingCredit: String(x.closingCredit),
  }));
  return {
    level,
    fromDate: q.fromDate ?? null,
    toDate: q.toDate ?? null,
    total,
    rows,
    totals: {
      openingDebit: String(totalsRow?.t_od ?? z),
      openingCredit: String(totalsRow?.t_oc ?? z),
      periodDebit: String(totalsRow?.t_pd ?? z),
      periodCredit: String(totalsRow?.t_pc ?? z),
      closingDebit: String(totalsRow?.t_cd ?? z),
      closingCredit: String(totalsRow?.t_cc ?? z),
    },
  };
}
