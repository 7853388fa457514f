import { sql } from 'kysely';
import { Dec } from '../shared/money.js';
import type { Column } from './layout.js';
import { accountAncestors, inPeriod, readPeriod, upToEnd, type Period, type ReadDb } from './query.js';
import { authorize } from '../auth/permissions.js';
import type { Actor } from '../context.js';

/** What a top-level group of the chart is, for the financial statements. */
export type GroupClass = 'asset' | 'liability' | 'equity' | 'revenue' | 'cost_of_sales' | 'expense' | 'memo';

/** Roles decide a group's class (roles are bound by meaning, whatever the codes). */
const ROLE_CLASS: Record<string, GroupClass> = {
  cash: 'asset', bank: 'asset', receivable: 'asset', inventory: 'asset', vat_receivable: 'asset',
  payable: 'liability', vat_payable: 'liability',
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

const DEBIT_NATURED = new Set<GroupClass>(['asset', 'cost_of_sales', 'expense']);

/** Net movement per general (level 2) account, with its group's class, for lines matching `when`. */
async function generalLines(db: ReadDb, businessId: number, when: ReturnType<typeof inPeriod>): Promise<StatementLine[]> {
  const r = await sql<{ id: number; code: string; name: string; group_code: string; roles: string | null; net: string }>`
    with acc as (
      ${accountAncestors(businessId)}
    ),
    top as (
      select a.id, case when a.level = 1 then a.id when a.p_level = 1 then a.p_id else a.g_id end as group_id,
             case when a.level = 2 then a.id when a.p_level = 2 then a.p_id else a.id end as general_id
        from acc a
    ),
    group_roles as (
      select t.group_id, string_agg(x.role, ',') as roles
        from top t join accounts x on x.business_id = ${businessId} and x.id = t.id and x.role is not null
       group by t.group_id
    ),
    moved as (
      select t.general_id, t.group_id, sum(vl.debit - vl.credit) as net
        from voucher_lines vl
        join vouchers v on v.business_id = vl.business_id and v.id = vl.voucher_id
        join top t on t.id = vl.account_id
       where vl.business_id = ${businessId} and ${when}
       group by t.general_id, t.group_id
    )
    select ge.id, ge.code, ge.name, gr.code as group_code, r.roles, m.net::text as net
      from moved m
      join accounts ge on ge.business_id = ${businessId} and ge.id = m.general_id
      join accounts gr on gr.business_id = ${businessId} and gr.id = m.group_id
      left join group_roles r on r.group_id = m.group_id
     where m.net <> 0
     order by ge.code`.execute(db);
  return r.rows.map((x) => {
    const roleClass = (x.roles ?? '').split(',').map((role) => ROLE_CLASS[role]).find((c) => c !== undefined);
    const cls: GroupClass = roleClass ?? DIGIT_CLASS[x.group_code.charAt(0)] ?? 'memo';
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
  const all = await generalLines(db, businessId, inPeriod(sql.ref('v.date'), q));
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
  const all = await generalLines(db, businessId, upToEnd(sql.ref('v.date'), q));
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
