import { Dec } from '../shared/money.js';
import type { Column, Row } from './layout.js';
import { readPeriod, type Period, type ReadDb } from './query.js';
import { generalAccountMovements } from './repository.js';
import { authorize } from '../auth/permissions.js';
import type { Actor } from '../context.js';

/** What a top-level group of the chart is, for the financial statements. */
export type GroupClass = 'asset' | 'liability' | 'equity' | 'revenue' | 'cost_of_sales' | 'expense' | 'memo';

/** Roles decide a group's class (roles are bound by meaning, whatever the codes). */
const ROLE_CLASS: Record<string, GroupClass> = {
  cash: 'asset', bank: 'asset', receivable: 'asset', inventory: 'asset', vat_receivable: 'asset', notes_receivable: 'asset', cheques_in_collection: 'asset',
  payable: 'liability', vat_payable: 'liability', notes_payable: 'liability',
  capital: 'equity', retained_earnings: 'equity', opening_equity: 'equity',
  sales: 'revenue', sales_returns: 'revenue', service_revenue: 'revenue', service_charge: 'revenue', discounts_given: 'revenue',
  discounts_received: 'revenue',
  cogs: 'cost_of_sales',
  purchases_expense: 'expense', stock_adjustment: 'expense', rounding: 'expense',
};

/** Groups without a role fall back on the classic layout's first digit (1–2 assets … 9 memo). */
const DIGIT_CLASS: Record<string, GroupClass> = {
  '1': 'asset', '2': 'asset', '3': 'liability', '4': 'liability', '5': 'equity', '6': 'revenue', '7': 'cost_of_sales', '8': 'expense', '9': 'memo',
};

export interface StatementLine {
  accountId: number;
  code: string;
  name: string;
  groupCode: string;
  class: GroupClass;
  /** In the class's natural direction: debit − credit for assets, costs and expenses; credit − debit otherwise. */
  amount: string;
}

export const STATEMENT_COLUMNS: Column[] = [
  { key: 'class', title: 'بخش', kind: 'text' },
  { key: 'code', title: 'کد حساب', kind: 'text' },
  { key: 'name', title: 'نام حساب', kind: 'text' },
  { key: 'amount', title: 'مبلغ', kind: 'amount' },
];

/** A top-level group's class: by the roles bound under it, else by its code's first digit. */
export function groupClass(groupCode: string, rolesCsv: string | null): GroupClass {
  const roleClass = (rolesCsv ?? '').split(',').map((role) => ROLE_CLASS[role]).find((c) => c !== undefined);
  return roleClass ?? DIGIT_CLASS[groupCode.charAt(0)] ?? 'memo';
}

const DEBIT_NATURED = new Set<GroupClass>(['asset', 'cost_of_sales', 'expense']);

/** Net movement per general (level 2) account, with its group's class: in the period, or up to its end. */
async function generalLines(db: ReadDb, businessId: number, p: Period, range: 'period' | 'upToEnd'): Promise<StatementLine[]> {
  const r = await generalAccountMovements(businessId, p, range).execute(db);
  return r.rows.map((x) => {
    const cls = groupClass(x.group_code, x.roles);
    const net = new Dec(x.net);
    return {
      accountId: Number(x.id),
      code: x.code,
      name: x.name,
      groupCode: x.group_code,
      class: cls,
      amount: (DEBIT_NATURED.has(cls) ? net : net.neg()).toFixed(),
    };
  });
}

const sum = (lines: StatementLine[], cls: GroupClass) =>
  lines.filter((l) => l.class === cls).reduce((a, l) => a.plus(l.amount), new Dec(0));

export interface ProfitAndLoss {
  fromDate: string | null;
  toDate: string | null;
  lines: StatementLine[];
  totals: { revenue: string; costOfSales: string; grossProfit: string; expenses: string; netProfit: string };
}

/** Profit and loss (صورت سود و زیان) for the period: revenue − cost of sales − expenses. */
export async function profitAndLoss(db: ReadDb, actor: Actor, q: Period): Promise<ProfitAndLoss> {
  authorize(actor, 'report.financial.read');
  const businessId = actor.businessId;
  q = { ...q, ...readPeriod(q) }; // Gregorian or Jalali, checked, in any caller
  const all = await generalLines(db, businessId, q, 'period');
  const lines = all.filter((l) => l.class === 'revenue' || l.class === 'cost_of_sales' || l.class === 'expense');
  const revenue = sum(lines, 'revenue');
  const cost = sum(lines, 'cost_of_sales');
  const expenses = sum(lines, 'expense');
  const gross = revenue.minus(cost);
  return {
    fromDate: q.fromDate ?? null,
    toDate: q.toDate ?? null,
    lines,
    totals: {
      revenue: revenue.toFixed(),
      costOfSales: cost.toFixed(),
      grossProfit: gross.toFixed(),
      expenses: expenses.toFixed(),
      netProfit: gross.minus(expenses).toFixed(),
    },
  };
}

export interface BalanceSheet {
  toDate: string | null;
  lines: StatementLine[];
  totals: { assets: string; liabilities: string; equity: string; currentProfit: string; liabilitiesAndEquity: string; balanced: boolean };
}

/**
 * Balance sheet (ترازنامه) at toDate: assets = liabilities + equity + the profit not yet closed
 * into equity (revenue − costs of every period up to toDate).
 */
export async function balanceSheet(db: ReadDb, actor: Actor, q: Period): Promise<BalanceSheet> {
  authorize(actor, 'report.financial.read');
  const businessId = actor.businessId;
  q = { ...q, ...readPeriod(q) }; // Gregorian or Jalali, checked, in any caller
  const all = await generalLines(db, businessId, q, 'upToEnd');
  const lines = all.filter((l) => l.class === 'asset' || l.class === 'liability' || l.class === 'equity');
  const assets = sum(lines, 'asset');
  const liabilities = sum(lines, 'liability');
  const equity = sum(lines, 'equity');
  const profit = sum(all, 'revenue').minus(sum(all, 'cost_of_sales')).minus(sum(all, 'expense'));
  const right = liabilities.plus(equity).plus(profit);
  return {
    toDate: q.toDate ?? null,
    lines,
    totals: {
      assets: assets.toFixed(),
      liabilities: liabilities.toFixed(),
      equity: equity.toFixed(),
      currentProfit: profit.toFixed(),
      liabilitiesAndEquity: right.toFixed(),
      balanced: assets.eq(right),
    },
  };
}

const CLASS_FA: Record<GroupClass, string> = {
  asset: 'دارایی',
  liability: 'بدهی',
  equity: 'حقوق مالکانه',
  revenue: 'درآمد',
  cost_of_sales: 'بهای تمام‌شده',
  expense: 'هزینه',
  memo: 'انتظامی',
};

/**
 * A financial statement as spreadsheet rows: each line with its class in Persian, then the
 * summary lines an owner looks for (gross and net profit; total assets, liabilities and equity).
 */
export function statementSheetLines(lines: StatementLine[], summary: [label: string, amount: string][]): Row[] {
  return [
    ...lines.map((l) => ({ ...l, class: CLASS_FA[l.class] ?? l.class })),
    ...summary.map(([name, amount]) => ({ class: '', code: '', name, amount })),
  ];
}

export const profitAndLossSummary = (t: { revenue: string; costOfSales: string; grossProfit: string; expenses: string; netProfit: string }): [string, string][] => [
  ['جمع درآمد', t.revenue],
  ['جمع بهای تمام‌شده', t.costOfSales],
  ['سود (زیان) ناخالص', t.grossProfit],
  ['جمع هزینه‌ها', t.expenses],
  ['سود (زیان) خالص', t.netProfit],
];

export const balanceSheetSummary = (t: { assets: string; liabilities: string; equity: string; currentProfit: string; liabilitiesAndEquity: string }): [string, string][] => [
  ['جمع دارایی‌ها', t.assets],
  ['جمع بدهی‌ها', t.liabilities],
  ['جمع حقوق مالکانه', t.equity],
  ['سود (زیان) دوره', t.currentProfit],
  ['جمع بدهی‌ها و حقوق مالکانه', t.liabilitiesAndEquity],
];
