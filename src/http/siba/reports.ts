import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendSheet } from '../common/sheet.js';
import { Type } from 'typebox';
import * as reports from '../../domain/reports/index.js';
import type { Column, Period, Row } from '../../domain/reports/index.js';
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
  return { ...reports.readPeriod(q), offset: readInt(q.offset, 'offset'), limit: limit ?? (csv ? reports.MAX_LIMIT : undefined), csv };
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

const db = (req: FastifyRequest) => req.server.deps.database.db;

interface Listed {
  totals: object;
  fromDate?: string | null;
  toDate?: string | null;
}

/**
 * A report's reply: its list (`rows` or `lines`) as CSV, or JSON with the period in both
 * calendars and the totals as JSON numbers. `head` replaces the report's own fields (renamed ones).
 */
function answer(
  reply: FastifyReply,
  csv: boolean,
  name: string,
  columns: Column[],
  r: Listed,
  list: 'rows' | 'lines',
  opts: { row?: (x: Row) => unknown; head?: Record<string, unknown>; totals?: string[] } = {},
) {
  const items = (r as unknown as Record<string, Row[]>)[list];
  if (csv) return sendSheet(reply, 'csv', name, columns, items);
  const row = opts.row ?? ((x: Row) => reports.jsonRow(x, columns));
  const totals = numbers(r.totals, opts.totals ?? Object.keys(r.totals));
  return ok('report', { ...(opts.head ?? r), ...jalaliPeriod(r), [list]: items.map(row), totals });
}

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
    const r = await reports.trialBalance(db(req), actorOf(req), { ...c, level: reports.readTrialBalanceLevel(readText(q.level, 'level', 20)?.trim()) });
    return answer(reply, c.csv, 'trial-balance', reports.TRIAL_BALANCE_COLUMNS, r, 'rows');
  });

  app.get('/reports/person-statement', { schema: { ...tag, summary: 'صورت‌حساب شخص', querystring: Query({ personId: Type.Optional(NumLike()) }) } }, async (req, reply) => {
    const q = req.query as Q;
    const c = common(q);
    const personId = readId(q.personId ?? q.customerId, 'personId');
    if (personId === 0) throw fail.notFound('party', 'partyId', 0);
    const r = await reports.personStatement(db(req), actorOf(req), { ...c, partyId: personId });
    return answer(reply, c.csv, 'person-statement', reports.PERSON_STATEMENT_COLUMNS, r, 'lines', { head: numbers(siba(r, 'partyId', 'personId'), ['openingBalance']) });
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
      const r = await reports.stockCard(db(req), actorOf(req), { ...c, productId, warehouse: warehouseCode || undefined });
      return answer(reply, c.csv, 'stock-card', reports.STOCK_CARD_COLUMNS, r, 'lines', {
        head: numbers(siba(r, 'warehouse', 'warehouseCode'), ['openingQuantity', 'openingValue']),
        row: (x) => siba(reports.jsonRow(x, reports.STOCK_CARD_COLUMNS), 'warehouse', 'warehouseCode'),
      });
    },
  );

  app.get('/reports/inventory-valuation', { schema: { ...tag, summary: 'ارزش موجودی کالا', querystring: Query() } }, async (req, reply) => {
    const c = common(req.query as Q);
    const r = await reports.inventoryValuation(db(req), actorOf(req), c);
    return answer(reply, c.csv, 'inventory-valuation', reports.VALUATION_COLUMNS, r, 'rows', { row: (x) => siba(reports.jsonRow(x, reports.VALUATION_COLUMNS), 'warehouse', 'warehouseCode') });
  });

  app.get('/reports/sales', { schema: { ...tag, summary: 'گزارش فروش', querystring: Query({ groupBy: Type.Optional(Type.String({ maxLength: 20 })) }) } }, async (req, reply) => {
    const q = req.query as Q;
    const c = common(q);
    const groupBy = reports.readSalesGroupBy(readText(q.groupBy, 'groupBy', 20)?.trim());
    const r = await reports.salesReport(db(req), actorOf(req), { ...c, groupBy });
    const row = (x: Row) => ({
      ...reports.jsonRow(x, reports.SALES_COLUMNS),
      ...(groupBy === 'day' ? { dateJalali: toJalali(x.key as string) } : {}),
      ...(groupBy === 'product' ? { productId: Number(x.key) } : groupBy === 'customer' ? { personId: Number(x.key) } : {}),
    });
    return answer(reply, c.csv, `sales-${groupBy}`, reports.SALES_COLUMNS, r, 'rows', { row });
  });

  app.get('/reports/profit-loss', { schema: { ...tag, summary: 'صورت سود و زیان', querystring: Query() } }, async (req, reply) => {
    const c = common(req.query as Q);
    const r = await reports.profitAndLoss(db(req), actorOf(req), c);
    return answer(reply, c.csv, 'profit-loss', reports.STATEMENT_COLUMNS, r, 'lines');
  });

  app.get('/reports/balance-sheet', { schema: { ...tag, summary: 'ترازنامه', querystring: Query() } }, async (req, reply) => {
    const c = common(req.query as Q);
    const r = await reports.balanceSheet(db(req), actorOf(req), c);
    return answer(reply, c.csv, 'balance-sheet', reports.STATEMENT_COLUMNS, r, 'lines', { totals: ['assets', 'liabilities', 'equity', 'currentProfit', 'liabilitiesAndEquity'] });
  });

  app.get('/reports/reorder', { schema: { ...tag, summary: 'کالاهای رسیده به نقطه سفارش', querystring: Query() } }, async (req, reply) => {
    const c = common(req.query as Q);
    const r = await reports.reorderList(db(req), actorOf(req), c);
    if (c.csv) return sendSheet(reply, 'csv', 'reorder', reports.REORDER_COLUMNS, r.rows as unknown as Row[]);
    return ok('report', { ...r, rows: r.rows.map((x) => reports.jsonRow(x as unknown as Row, reports.REORDER_COLUMNS)) });
  });

  app.get('/reports/verify', { schema: { ...tag, summary: 'بررسی درستی دفاتر (ناوردایی‌ها)', querystring: Query() } }, async (req, reply) => {
    const c = common(req.query as Q);
    const r = await reports.verifyBooks(db(req), actorOf(req));
    if (c.csv) {
      const rows = r.checks.map((x) => ({ name: x.name, description: x.description, ok: x.ok ? 'PASS' : 'FAIL', offending: JSON.stringify(x.offending) }));
      const cols: Column[] = [
        { key: 'name', title: 'بررسی', kind: 'text' },
        { key: 'description', title: 'شرح', kind: 'text' },
        { key: 'ok', title: 'نتیجه', kind: 'text' },
        { key: 'offending', title: 'ردیف‌های ناسازگار', kind: 'text' },
      ];
      return sendSheet(reply, 'csv', 'verify', cols, rows);
    }
    return ok('report', r);
  });
}
