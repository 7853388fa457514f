import { fail } from '../errors.js';
import type { Column } from './layout.js';
import { readPaging, type Paging, type Period, type ReadDb, readPeriod } from './query.js';
import { trialBalanceRows } from './repository.js';
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
  const period = readPeriod(q); // Gregorian or Jalali, checked, in any caller
  const level = q.level ?? 'subsidiary';
  const page = readPaging(q);
  const r = await trialBalanceRows(actor.businessId, period, LEVELS[level], level === 'detail', page).execute(db);
  if (!r.rows[0] && page.offset > 0) {
    // Paged past the end: totals still describe the whole report.
    const all = await trialBalance(db, actor, { ...q, offset: 0, limit: 1 });
    return { ...all, rows: [] };
  }
  return {
    level,
    fromDate: period.fromDate ?? null,
    toDate: period.toDate ?? null,
    total: r.rows[0] ? Number(r.rows[0].n) : 0,
    rows: r.rows.map(toRow),
    totals: totalsOf(r.rows[0]),
  };
}

type SqlRow = Record<string, string | number | null>;

function toRow(x: SqlRow): TrialBalanceRow {
  return {
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
  };
}

/** The report's totals, carried on every row by window sums; zero when there is no row. */
function totalsOf(head: SqlRow | undefined): TrialBalance['totals'] {
  const t = (k: string) => String(head?.[k] ?? '0');
  return {
    openingDebit: t('t_od'),
    openingCredit: t('t_oc'),
    periodDebit: t('t_pd'),
    periodCredit: t('t_pc'),
    closingDebit: t('t_cd'),
    closingCredit: t('t_cc'),
  };
}
