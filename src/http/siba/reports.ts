import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  balanceSheet,
  inventoryValuation,
  jsonRow,
  MAX_LIMIT,
  PERSON_STATEMENT_COLUMNS,
  personStatement,
  profitAndLoss,
  readPeriod,
  readSalesGroupBy,
  readTrialBalanceLevel,
  REORDER_COLUMNS,
  reorderList,
  SALES_COLUMNS,
  salesReport,
  STATEMENT_COLUMNS,
  STOCK_CARD_COLUMNS,
  stockCard,
  toCsv,
  TRIAL_BALANCE_COLUMNS,
  trialBalance,
  VALUATION_COLUMNS,
  verifyBooks,
  type Column,
  type Period,
  type Row,
} from '../../domain/reports/index.js';
import { toJalali } from '../../domain/shared/dates.js';
import { toWire } from '../../domain/shared/money.js';
import { fail } from '../../domain/errors.js';
import { actorOf } from '../common/context.js';
import { NumLike, readId, readInt, readText } from '../common/wire.js';
import { ok } from './envelope.js';

const Query = (extra: Record<string, ReturnType<typeof Type.Optional>> = {}) =>
  Type.Object(
    {
      fromDate: Type.Optional(Type.String({ maxLength: 40, description: 'YYYY-MM-DD یا شمسی YYYY/MM/DD' })),
      toDate: Type.Optional(Type.String({ maxLength: 40 })),
      offset: Type.Optional(NumLike()),
      limit: Type.Optional(NumLike()),
      format: Type.Optional(Type.String({ maxLength: 10, description: 'json (پیش‌فرض) یا csv' })),
      ...extra,
    },
    { additionalProperties: true },
  );

type Q = Record<string, unknown>;

/** Paging and format from the query string; CSV without a limit exports every row. */
function common(q: Q): Period & { offset?: number; limit?: number; csv: boolean } {
  const format = (readText(q.format, 'format', 10) ?? 'json').trim().toLowerCase();
  if (format !== 'json' && format !== 'csv') throw fail.with('REPORT_FORMAT_INVALID', { field: 'format' });
  const csv = format === 'csv';
  const limit = readInt(q.limit, 'limit');
  return { ...readPeriod(q), offset: readInt(q.offset, 'offset'), limit: limit ?? (csv ? MAX_LIMIT : undefined), csv };
}

function jalaliPeriod(p: { fromDate?: string | null; toDate?: string | null }) {
  return {
    fromDateJalali: p.fromDate ? toJalali(p.fromDate) : null,
    toDateJalali: p.toDate ? toJalali(p.toDate) : null,
  };
}

/** Numeric-string fields → JSON numbers (named, so codes such as "0001" stay text). */
function numbers<T extends object>(obj: T, keys: string[]): Record<string, unknown> {
  const out = { ...obj } as Record<string, unknown>;
  for (const k of keys) if (typeof out[k] === 'string') out[k] = toWire(out[k] as string);
  return out;
}

function sendCsv(reply: FastifyReply, name: string, columns: Column[], rows: Row[]) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .send(toCsv(columns, rows));
}

const db = (req: FastifyRequest) => req.server.deps.database.db;

/** A report key in Siba's word (the domain's `warehouse` is Siba's `warehouseCode`, `partyId` its `personId`). */
function siba<T extends object>(obj: T, key: string, wire: string): Record<string, unknown> {
  const { [key]: v, ...rest } = obj as Record<string, unknown>;
  return key in obj ? { ...rest, [wire]: v } : rest;
}
const tag = { tags: ['siba: reports'] };

/** Reports (accounting.md "Reports"): JSON in data.report, or CSV with ?format=csv. */
export async function reportRoutes(app: FastifyInstance): Promise<void> {
  app.get('/reports/trial-balance', { schema: { ...tag, summary: 'تراز آزمایشی', querystring: Query({ level: Type.Optional(Type.String({ maxLength: 20 })) }) } }, async (req, reply) => {
    const q = req.query as Q;
    const c = common(q);
    const r = await trialBalance(db(req), actorOf(req), { ...c, level: readTrialBalanceLevel(readText(q.level, 'level', 20)?.trim()) });
    if (c.csv) return sendCsv(reply, 'trial-balance', TRIAL_BALANCE_COLUMNS, r.rows as unknown as Row[]);
    return ok('report', {
      ...r,
      ...jalaliPeriod(r),
      rows: r.rows.map((x) => jsonRow(x as unknown as Row, TRIAL_BALANCE_COLUMNS)),
      totals: numbers(r.totals, Object.keys(r.totals)),
    });
  });

  app.get('/reports/person-statement', { schema: { ...tag, summary: 'صورت‌حساب شخص', querystring: Query({ personId: Type.Optional(NumLike()) }) } }, async (req, reply) => {
    const q = req.query as Q;
    const c = common(q);
    const personId = readId(q.personId ?? q.customerId, 'personId');
    if (personId === 0) throw fail.notFound('party', 'partyId', 0);
    const r = await personStatement(db(req), actorOf(req), { ...c, partyId: personId });
    if (c.csv) return sendCsv(reply, 'person-statement', PERSON_STATEMENT_COLUMNS, r.lines as unknown as Row[]);
    return ok('report', {
      ...numbers(siba(r, 'partyId', 'personId'), ['openingBalance']),
      ...jalaliPeriod(r),
      lines: r.lines.map((x) => jsonRow(x as unknown as Row, PERSON_STATEMENT_COLUMNS)),
      totals: numbers(r.totals, Object.keys(r.totals)),
    });
  });

  app.get(
    '/reports/stock-card',
    { schema: { ...tag, summary: 'کارت کالا', querystring: Query({ productId: Type.Optional(NumLike()), warehouseCode: Type.Optional(NumLike()) }) } },
    async (req, reply) => {
      const q = req.query as Q;
      const c = common(q);
      const productId = readId(q.productId, 'productId');
      if (productId === 0) throw fail.notFound('product', 'productId', 0);
      const warehouseCode = readId(q.warehouseCode, 'warehouseCode');
      const r = await stockCard(db(req), actorOf(req), { ...c, productId, warehouse: warehouseCode || undefined });
      if (c.csv) return sendCsv(reply, 'stock-card', STOCK_CARD_COLUMNS, r.lines as unknown as Row[]);
      return ok('report', {
        ...numbers(siba(r, 'warehouse', 'warehouseCode'), ['openingQuantity', 'openingValue']),
        ...jalaliPeriod(r),
        lines: r.lines.map((x) => siba(jsonRow(x as unknown as Row, STOCK_CARD_COLUMNS), 'warehouse', 'warehouseCode')),
        totals: numbers(r.totals, Object.keys(r.totals)),
      });
    },
  );

  app.get('/reports/inventory-valuation', { schema: { ...tag, summary: 'ارزش موجودی کالا', querystring: Query() } }, async (req, reply) => {
    const c = common(req.query as Q);
    const r = await inventoryValuation(db(req), actorOf(req), c);
    if (c.csv) return sendCsv(reply, 'inventory-valuation', VALUATION_COLUMNS, r.rows as unknown as Row[]);
    return ok('report', {
      ...r,
      ...jalaliPeriod(r),
      rows: r.rows.map((x) => siba(jsonRow(x as unknown as Row, VALUATION_COLUMNS), 'warehouse', 'warehouseCode')),
      totals: numbers(r.totals, Object.keys(r.totals)),
    });
  });

  app.get('/reports/sales', { schema: { ...tag, summary: 'گزارش فروش', querystring: Query({ groupBy: Type.Optional(Type.String({ maxLength: 20 })) }) } }, async (req, reply) => {
    const q = req.query as Q;
    const c = common(q);
    const groupBy = readSalesGroupBy(readText(q.groupBy, 'groupBy', 20)?.trim());
    const r = await salesReport(db(req), actorOf(req), { ...c, groupBy });
    if (c.csv) return sendCsv(reply, `sales-${groupBy}`, SALES_COLUMNS, r.rows as unknown as Row[]);
    return ok('report', {
      ...r,
      ...jalaliPeriod(r),
      rows: r.rows.map((x) => ({
        ...jsonRow(x as unknown as Row, SALES_COLUMNS),
        ...(groupBy === 'day' ? { dateJalali: toJalali(x.key) } : {}),
        ...(groupBy === 'product' ? { productId: Number(x.key) } : groupBy === 'customer' ? { personId: Number(x.key) } : {}),
      })),
      totals: numbers(r.totals, Object.keys(r.totals)),
    });
  });

  app.get('/reports/profit-loss', { schema: { ...tag, summary: 'صورت سود و زیان', querystring: Query() } }, async (req, reply) => {
    const c = common(req.query as Q);
    const r = await profitAndLoss(db(req), actorOf(req), c);
    if (c.csv) return sendCsv(reply, 'profit-loss', STATEMENT_COLUMNS, r.lines as unknown as Row[]);
    return ok('report', {
      ...r,
      ...jalaliPeriod(r),
      lines: r.lines.map((x) => jsonRow(x as unknown as Row, STATEMENT_COLUMNS)),
      totals: numbers(r.totals, Object.keys(r.totals)),
    });
  });

  app.get('/reports/balance-sheet', { schema: { ...tag, summary: 'ترازنامه', querystring: Query() } }, async (req, reply) => {
    const c = common(req.query as Q);
    const r = await balanceSheet(db(req), actorOf(req), c);
    if (c.csv) return sendCsv(reply, 'balance-sheet', STATEMENT_COLUMNS, r.lines as unknown as Row[]);
    return ok('report', {
      ...r,
      ...jalaliPeriod(r),
      lines: r.lines.map((x) => jsonRow(x as unknown as Row, STATEMENT_COLUMNS)),
      totals: numbers(r.totals, ['assets', 'liabilities', 'equity', 'currentProfit', 'liabilitiesAndEquity']),
    });
  });

  app.get('/reports/reorder', { schema: { ...tag, summary: 'کالاهای رسیده به نقطه سفارش', querystring: Query() } }, async (req, reply) => {
    const c = common(req.query as Q);
    const r = await reorderList(db(req), actorOf(req), c);
    if (c.csv) return sendCsv(reply, 'reorder', REORDER_COLUMNS, r.rows as unknown as Row[]);
    return ok('report', { ...r, rows: r.rows.map((x) => jsonRow(x as unknown as Row, REORDER_COLUMNS)) });
  });

  app.get('/reports/verify', { schema: { ...tag, summary: 'بررسی درستی دفاتر (ناوردایی‌ها)', querystring: Query() } }, async (req, reply) => {
    const c = common(req.query as Q);
    const r = await verifyBooks(db(req), actorOf(req));
    if (c.csv) {
      const rows = r.checks.map((x) => ({ name: x.name, description: x.description, ok: x.ok ? 'PASS' : 'FAIL', offending: JSON.stringify(x.offending) }));
      const cols: Column[] = [
        { key: 'name', title: 'بررسی', kind: 'text' },
        { key: 'description', title: 'شرح', kind: 'text' },
        { key: 'ok', title: 'نتیجه', kind: 'text' },
        { key: 'offending', title: 'ردیف‌های ناسازگار', kind: 'text' },
      ];
      return sendCsv(reply, 'verify', cols, rows);
    }
    return ok('report', r);
  });
}
