import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  balanceSheet,
  dashboard,
  inventoryValuation,
  balanceSheetSummary,
  MAX_LIMIT,
  profitAndLossSummary,
  statementSheetLines,
  profitAndLoss,
  readSalesGroupBy,
  readTrialBalanceLevel,
  SALES_COLUMNS,
  salesReport,
  STATEMENT_COLUMNS,
  STOCK_CARD_COLUMNS,
  stockCard,
  TRIAL_BALANCE_COLUMNS,
  trialBalance,
  VALUATION_COLUMNS,
  verifyBooks,
} from '../../domain/reports/index.js';
import { todayIso, toJalali } from '../../domain/shared/dates.js';
import { FormatQuery, SheetReply, sendSheet, sheetFormat } from '../common/sheet.js';
import { normalizeNumeric } from '../../domain/ledger/balances.js';
import { actorOf } from '../common/context.js';
import { Amount, Id, problems } from './common.js';

// The bearer scheme only until the session scheme is declared in /openapi.json (H5); then common.ts's `security`.
const security: { [scheme: string]: string[] }[] = [{ bearer: [] }, { session: [] }];
const tags = ['daftar: reports'];

/**
 * Reports (daftar-api.md): JSON with amounts as exact strings, `?from=&to=` in either calendar,
 * `?format=csv|xlsx` for the reports the domain lays out as rows (the report on the first sheet,
 * its totals as the last row; docs/reports.md "Spreadsheets").
 */

const period = {
  from: { type: 'string', maxLength: 10, description: 'YYYY-MM-DD or YYYY/MM/DD (Jalali)' },
  to: { type: 'string', maxLength: 10, description: 'YYYY-MM-DD or YYYY/MM/DD (Jalali)' },
} as const;
const format = FormatQuery;
const paging = { offset: { type: 'integer', minimum: 0 }, limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT } } as const;

const Query = (extra: Record<string, object> = {}, withFormat = true) =>
  ({ type: 'object', additionalProperties: false, properties: { ...period, ...(withFormat ? { format } : {}), ...extra } }) as const;

type Q = { from?: string; to?: string; format?: 'json' | 'csv' | 'xlsx'; offset?: number; limit?: number; level?: string; groupBy?: string; productId?: number; warehouse?: number };

const open = (props: Record<string, object>, required: string[] = []) => ({ type: 'object', additionalProperties: true, required, properties: props }) as const;
const PeriodOut = { from: { type: ['string', 'null'] }, to: { type: ['string', 'null'] }, fromJalali: { type: ['string', 'null'] }, toJalali: { type: ['string', 'null'] } };
const CsvReply = SheetReply;

function periodIn(q: Q) {
  const sheet = sheetFormat(q);
  return { fromDate: q.from, toDate: q.to, offset: q.offset, limit: q.limit ?? (sheet ? MAX_LIMIT : undefined), sheet };
}

function periodOut(r: { fromDate?: string | null; toDate?: string | null }) {
  const from = r.fromDate ?? null;
  const to = r.toDate ?? null;
  return { from, to, fromJalali: from && toJalali(from), toJalali: to && toJalali(to) };
}

const StatementLine = open({ accountId: Id, code: { type: 'string' }, name: { type: 'string' }, class: { type: 'string' }, amount: Amount });
const statementExample = { accountId: 41, code: '6101', name: 'فروش کالا', groupCode: '61', class: 'revenue', amount: '12000000' };

const schemas = {
  trialBalance: open(
    {
      level: { type: 'string' },
      ...PeriodOut,
      total: { type: 'integer' },
      rows: { type: 'array', items: open({ accountId: Id, code: { type: 'string' }, name: { type: 'string' }, periodDebit: Amount, periodCredit: Amount, closingDebit: Amount, closingCredit: Amount }) },
      totals: open({ openingDebit: Amount, openingCredit: Amount, periodDebit: Amount, periodCredit: Amount, closingDebit: Amount, closingCredit: Amount }),
    },
    ['rows', 'totals'],
  ),
  profitAndLoss: open(
    { ...PeriodOut, lines: { type: 'array', items: StatementLine }, totals: open({ revenue: Amount, costOfSales: Amount, grossProfit: Amount, expenses: Amount, netProfit: Amount }) },
    ['lines', 'totals'],
  ),
  balanceSheet: open(
    {
      ...PeriodOut,
      lines: { type: 'array', items: StatementLine },
      totals: open({ assets: Amount, liabilities: Amount, equity: Amount, currentProfit: Amount, liabilitiesAndEquity: Amount, balanced: { type: 'boolean' } }, [
        'assets',
        'liabilities',
        'equity',
        'liabilitiesAndEquity',
      ]),
    },
    ['lines', 'totals'],
  ),
  rows: open({ ...PeriodOut, total: { type: 'integer' }, rows: { type: 'array', items: open({}) }, totals: open({}) }, ['rows']),
  lines: open({ ...PeriodOut, total: { type: 'integer' }, lines: { type: 'array', items: open({}) }, totals: open({}) }, ['lines']),
  verify: {
    type: 'object',
    required: ['ok', 'checks'],
    properties: {
      ok: { type: 'boolean' },
      checks: { type: 'array', items: { type: 'object', required: ['name', 'ok', 'rows'], properties: { name: { type: 'string' }, description: { type: 'string' }, ok: { type: 'boolean' }, rows: { type: 'array', items: open({}) } } } },
    },
  },
  dashboard: open(
    {
      today: { type: 'string' },
      todayJalali: { type: 'string' },
      sales: open({ today: Amount, thisMonth: Amount }),
      receivables: Amount,
      payables: Amount,
      cash: Amount,
      bank: Amount,
      reorder: open({ count: { type: 'integer' }, products: { type: 'array', items: open({ productId: Id, code: { type: 'string' }, name: { type: 'string' }, stock: Amount, orderPoint: Amount }) } }),
      monthlySales: { type: 'array', items: { type: 'object', required: ['month', 'net'], properties: { month: { type: 'string' }, net: Amount } } },
      chequesThisWeek: open({
        from: { type: 'string' },
        to: { type: 'string' },
        received: open({ count: { type: 'integer' }, total: Amount }),
        issued: open({ count: { type: 'integer' }, total: Amount }),
      }),
      verifier: open({ ok: { type: 'boolean' }, failed: { type: 'array', items: { type: 'string' } } }),
    },
    ['sales', 'receivables', 'payables', 'cash', 'bank', 'reorder', 'monthlySales', 'chequesThisWeek'],
  ),
};

const examples = {
  trialBalance: { level: 'general', from: null, to: '2026-12-04', fromJalali: null, toJalali: '1405/09/13', total: 1, rows: [{ accountId: 41, code: '6101', name: 'فروش کالا', periodDebit: '0', periodCredit: '12000000', closingDebit: '0', closingCredit: '12000000' }], totals: { openingDebit: '0', openingCredit: '0', periodDebit: '12000000', periodCredit: '12000000', closingDebit: '12000000', closingCredit: '12000000' } },
  profitAndLoss: { from: '2026-03-21', to: '2026-12-04', fromJalali: '1405/01/01', toJalali: '1405/09/13', lines: [statementExample], totals: { revenue: '12000000', costOfSales: '8000000', grossProfit: '4000000', expenses: '0', netProfit: '4000000' } },
  balanceSheet: { from: null, to: '2026-12-04', fromJalali: null, toJalali: '1405/09/13', lines: [], totals: { assets: '14000000', liabilities: '1000000', equity: '9000000', currentProfit: '4000000', liabilitiesAndEquity: '14000000', balanced: true } },
  rows: { from: null, to: null, fromJalali: null, toJalali: null, total: 1, rows: [{ productCode: '1001', productName: 'دفتر ۱۰۰ برگ', quantity: '12', value: '1200000' }], totals: { value: '1200000' } },
  lines: { from: null, to: null, fromJalali: null, toJalali: null, total: 1, lines: [{ date: '2026-12-04', quantityIn: '10', quantityOut: '0', runningQuantity: '10' }], totals: {} },
  verify: { ok: true, checks: [{ name: 'vouchers_balance', description: 'every voucher balances', ok: true, rows: [] }] },
  dashboard: {
    today: '2026-12-04', todayJalali: '1405/09/13', sales: { today: '2500000', thisMonth: '48000000' }, receivables: '12500000', payables: '4000000', cash: '7500000', bank: '30000000',
    reorder: { count: 1, products: [{ productId: 7, code: '1007', name: 'خودکار آبی', stock: '3', orderPoint: '10' }] },
    monthlySales: [{ month: '1405/09', net: '48000000' }],
    chequesThisWeek: { from: '2026-11-28', to: '2026-12-04', received: { count: 2, total: '15000000' }, issued: { count: 1, total: '8000000' } },
    verifier: { ok: true, failed: [] },
  },
};

const route = (summary: string, querystring: object, body: object, example: unknown, csv = true) => ({
  schema: { tags, security, summary, querystring, response: { 200: csv ? { anyOf: [{ ...body, examples: [example] }, CsvReply], examples: [example] } : { ...body, examples: [example] }, ...problems } },
});

/** A report row's figures as exact strings without trailing zeros ('2000.0000' → '2000'); ids and counts stay numbers. */
const plain = (v: unknown, k: string) => {
  if (typeof v === 'string' && /^-?\d+\.\d+$/.test(v)) return normalizeNumeric(v);
  return typeof v === 'number' && k !== 'total' && !k.endsWith('Id') && k !== 'level' && k !== 'invoices' && k !== 'waitingTime' ? String(v) : v;
};
const strings = <T extends object>(rows: T[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plain(v, k)])));
const figures = (o: object) => strings([o])[0];

export async function reportRoutes(app: FastifyInstance): Promise<void> {
  const db = (req: FastifyRequest) => req.server.deps.database.db;

  const dashboardQuery = Query({ verifier: { type: 'boolean', default: true, description: 'false: without `verifier` (the full verifier reads all of the books; the console asks GET /reports/verify for it separately)' } }, false);
  app.get('/reports/dashboard', route('پیشخوان: فروش امروز و این ماه، طلب و بدهی، نقد و بانک، نقطه سفارش، ۱۲ ماه فروش، وارسی دفاتر', dashboardQuery, schemas.dashboard, examples.dashboard, false), async (req) => {
    const today = todayIso();
    const { verifier } = req.query as { verifier?: boolean };
    return { ...(await dashboard(db(req), actorOf(req), today, { verifier })), todayJalali: toJalali(today) };
  });

  app.get('/reports/trial-balance', route('تراز آزمایشی', Query({ level: { type: 'string', enum: ['group', 'general', 'subsidiary', 'detail'] }, ...paging }), schemas.trialBalance, examples.trialBalance), async (req, reply) => {
    const q = req.query as Q;
    const c = periodIn(q);
    const r = await trialBalance(db(req), actorOf(req), { ...c, level: readTrialBalanceLevel(q.level) });
    if (c.sheet) return sendSheet(reply, c.sheet, 'trial-balance', TRIAL_BALANCE_COLUMNS, r.rows, r.totals);
    return { level: r.level, ...periodOut(r), total: r.total, rows: strings(r.rows), totals: figures(r.totals) };
  });

  app.get('/reports/profit-and-loss', route('صورت سود و زیان', Query(), schemas.profitAndLoss, examples.profitAndLoss), async (req, reply) => {
    const c = periodIn(req.query as Q);
    const r = await profitAndLoss(db(req), actorOf(req), c);
    if (c.sheet) return sendSheet(reply, c.sheet, 'profit-and-loss', STATEMENT_COLUMNS, statementSheetLines(r.lines, profitAndLossSummary(r.totals)));
    return { ...periodOut(r), lines: strings(r.lines), totals: figures(r.totals) };
  });

  app.get('/reports/balance-sheet', route('ترازنامه', Query(), schemas.balanceSheet, examples.balanceSheet), async (req, reply) => {
    const c = periodIn(req.query as Q);
    const r = await balanceSheet(db(req), actorOf(req), c);
    if (c.sheet) return sendSheet(reply, c.sheet, 'balance-sheet', STATEMENT_COLUMNS, statementSheetLines(r.lines, balanceSheetSummary(r.totals)));
    return { ...periodOut(r), lines: strings(r.lines), totals: figures(r.totals) };
  });

  app.get('/reports/inventory-valuation', route('ارزش موجودی کالا', Query(paging), schemas.rows, examples.rows), async (req, reply) => {
    const c = periodIn(req.query as Q);
    const r = await inventoryValuation(db(req), actorOf(req), c);
    if (c.sheet) return sendSheet(reply, c.sheet, 'inventory-valuation', VALUATION_COLUMNS, r.rows, r.totals);
    return { ...periodOut(r), total: r.total, rows: strings(r.rows), totals: figures(r.totals) };
  });

  const stockCardQuery = Query({ productId: Id, warehouse: { ...Id, description: 'the warehouse code; all warehouses when absent' }, ...paging });
  app.get('/reports/stock-card', route('کارت کالا', { ...stockCardQuery, required: ['productId'] }, schemas.lines, examples.lines), async (req, reply) => {
    const q = req.query as Q;
    const c = periodIn(q);
    const r = await stockCard(db(req), actorOf(req), { ...c, productId: q.productId, warehouse: q.warehouse });
    if (c.sheet) return sendSheet(reply, c.sheet, 'stock-card', STOCK_CARD_COLUMNS, r.lines, r.totals);
    return { ...figures(r), ...periodOut(r), lines: strings(r.lines), totals: figures(r.totals) };
  });

  app.get('/reports/sales', route('گزارش فروش', Query({ groupBy: { type: 'string', enum: ['product', 'party', 'day', 'month'] }, ...paging }), schemas.rows, examples.rows), async (req, reply) => {
    const q = req.query as Q;
    const c = periodIn(q);
    const groupBy = readSalesGroupBy(q.groupBy === 'party' ? 'customer' : q.groupBy);
    const r = await salesReport(db(req), actorOf(req), { ...c, groupBy });
    if (c.sheet) return sendSheet(reply, c.sheet, `sales-${q.groupBy ?? 'product'}`, SALES_COLUMNS, r.rows, r.totals);
    return { groupBy: q.groupBy ?? 'product', ...periodOut(r), total: r.total, rows: strings(r.rows), totals: figures(r.totals) };
  });

  app.get('/reports/verify', route('وارسی دفاتر', Query({}, false), schemas.verify, examples.verify, false), async (req) => {
    const r = await verifyBooks(db(req), actorOf(req));
    return { ok: r.ok, checks: r.checks.map((c) => ({ name: c.name, description: c.description, ok: c.ok, rows: c.offending })) };
  });
}
