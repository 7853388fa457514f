import type { FastifyInstance } from 'fastify';
import { aging, AGING_BUCKETS, AGING_COLUMNS, agingSheetRows, chequesDue, CHEQUES_DUE_COLUMNS, chequesDueSheetRows, moneyBook } from '../../domain/reports/money-reports.js';
import { documentTitle, PARTY_STATEMENT_COLUMNS, statementSheetRows } from '../../domain/reports/party-statement.js';
import { FormatQuery, sendSheet, sheetFormat } from '../common/sheet.js';
import { toJalali } from '../../domain/shared/dates.js';
import { actorOf } from '../common/context.js';
import { DateIn, Id, JalaliOut, nextCursor, problems, readCursor, security, shape } from './common.js';
import { DocumentSchema } from './statement.js';

/**
 * Reports on money owed and moving (issue 22): cheques due by week, receivables and payables
 * aging, and the cash register or bank account book with its running balance.
 */
const tags = ['daftar: reports'];
const period = { from: DateIn, to: DateIn, format: FormatQuery } as const;
const jalali = (d: string | undefined | null) => (d ? toJalali(d) : null);

const DueRow = shape({
  chequeId: 'integer', direction: 'string', state: 'string', number: 'string', dueDate: 'string', dueDateJalali: JalaliOut,
  amount: 'amount', partyId: 'integer', partyName: 'string', bank: 'string', daysToDue: 'integer',
});
const Week = shape({ weekStart: 'string', weekStartJalali: JalaliOut, received: 'amount', issued: 'amount', net: 'amount' });
const ChequesDueSchema = shape({
  from: 'string?', fromJalali: 'string?', to: 'string?', toJalali: 'string?', asOf: 'string', asOfJalali: JalaliOut,
  items: { type: 'array', items: DueRow },
  weeks: { type: 'array', items: Week },
  totals: shape({ received: 'amount', issued: 'amount', net: 'amount' }),
});
const chequesDueExample = {
  from: null, fromJalali: null, to: null, toJalali: null, asOf: '2026-12-05', asOfJalali: '1405/09/14',
  items: [{ chequeId: 4, direction: 'received', state: 'inHand', number: '452310', dueDate: '2026-12-08', dueDateJalali: '1405/09/17', amount: '15000000', partyId: 3, partyName: 'علی رضایی', bank: 'ملت', daysToDue: 3 }],
  weeks: [{ weekStart: '2026-12-05', weekStartJalali: '1405/09/14', received: '15000000', issued: '0', net: '15000000' }],
  totals: { received: '15000000', issued: '0', net: '15000000' },
};

const Buckets = shape(Object.fromEntries(AGING_BUCKETS.map((k) => [k, 'amount'])));
const AgingSchema = shape({
  asOf: 'string', asOfJalali: JalaliOut,
  items: { type: 'array', items: shape({ partyId: 'integer', partyName: 'string', side: 'string', total: 'amount', buckets: Buckets }) },
  totals: shape({ receivable: shape({ total: 'amount', buckets: Buckets }), payable: shape({ total: 'amount', buckets: Buckets }) }),
});
const zero = { days0to30: '0', days31to60: '0', days61to90: '0', over90: '0' };
const agingExample = {
  asOf: '2026-12-05', asOfJalali: '1405/09/14',
  items: [{ partyId: 3, partyName: 'علی رضایی', side: 'receivable', total: '7000000', buckets: { ...zero, days0to30: '2000000', days31to60: '5000000' } }],
  totals: { receivable: { total: '7000000', buckets: { ...zero, days0to30: '2000000', days31to60: '5000000' } }, payable: { total: '0', buckets: zero } },
};

const BookSchema = shape({
  account: shape({ kind: 'string', id: 'integer', name: 'string' }),
  from: 'string?', fromJalali: 'string?', to: 'string?', toJalali: 'string?',
  openingBalance: 'amount', closingBalance: 'amount', totals: shape({ debit: 'amount', credit: 'amount' }),
  items: {
    type: 'array',
    items: shape({ date: 'string', dateJalali: JalaliOut, voucherId: 'integer', voucherNumber: 'integer', document: DocumentSchema, description: 'string', debit: 'amount', credit: 'amount', balance: 'amount' }),
  },
  nextCursor: 'string?',
});
const bookExample = {
  account: { kind: 'cashRegister', id: 1, name: 'صندوق مرکزی' }, from: null, fromJalali: null, to: null, toJalali: null,
  openingBalance: '0', closingBalance: '400000', totals: { debit: '400000', credit: '0' },
  items: [{ date: '2026-12-05', dateJalali: '1405/09/14', voucherId: 33, voucherNumber: 33, document: { kind: 'payment', number: 9, title: 'دریافت', direction: 'in', paymentId: 9 }, description: 'دریافت از علی رضایی', debit: '400000', credit: '0', balance: '400000' }],
  nextCursor: null,
};

export async function moneyReportRoutes(app: FastifyInstance): Promise<void> {
  const db = app.deps.database.db;

  app.get(
    '/reports/cheques-due',
    {
      schema: {
        tags, security,
        summary: 'چک‌های باز به ترتیب سررسید (دریافتی و پرداختی) با جمع هر هفته؛ بی‌بازه: همه چک‌های باز، سررسیدگذشته‌ها هم',
        querystring: { type: 'object', additionalProperties: false, properties: period },
        response: { 200: { ...ChequesDueSchema, examples: [chequesDueExample] }, ...problems },
      },
    },
    async (req, reply) => {
      const q = req.query as { from?: string; to?: string; format?: string };
      const r = await chequesDue(db, actorOf(req), { fromDate: q.from, toDate: q.to });
      const sheet = sheetFormat(q);
      if (sheet) return sendSheet(reply, sheet, 'cheques-due', CHEQUES_DUE_COLUMNS, chequesDueSheetRows(r), r.totals);
      return {
        from: r.period.fromDate ?? null, fromJalali: jalali(r.period.fromDate), to: r.period.toDate ?? null, toJalali: jalali(r.period.toDate),
        asOf: r.asOf, asOfJalali: toJalali(r.asOf),
        items: r.rows.map((x) => ({ ...x, dueDateJalali: toJalali(x.dueDate) })),
        weeks: r.weeks,
        totals: r.totals,
      };
    },
  );

  app.get(
    '/reports/aging',
    {
      schema: {
        tags, security,
        summary: 'گزارش سنی بدهکاران و بستانکاران: مانده هر شخص بر حسب عمر (۰ تا ۳۰، ۳۱ تا ۶۰، ۶۱ تا ۹۰ و بیش از ۹۰ روز)',
        querystring: { type: 'object', additionalProperties: false, properties: { asOf: { ...DateIn, description: 'the day the ages are counted to; today (Tehran) when absent' }, format: FormatQuery } },
        response: { 200: { ...AgingSchema, examples: [agingExample] }, ...problems },
      },
    },
    async (req, reply) => {
      const q = req.query as { asOf?: string; format?: string };
      const r = await aging(db, actorOf(req), { asOf: q.asOf });
      const sheet = sheetFormat(q);
      if (sheet) return sendSheet(reply, sheet, `aging-${r.asOf}`, AGING_COLUMNS, agingSheetRows(r));
      return { asOf: r.asOf, asOfJalali: toJalali(r.asOf), items: r.rows, totals: r.totals };
    },
  );

  app.get(
    '/reports/money-book',
    {
      schema: {
        tags, security,
        summary: 'دفتر صندوق یا دفتر بانک: هر مدرک یک ردیف با مانده جاری (cashRegisterId یا bankAccountId)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { ...period, cashRegisterId: Id, bankAccountId: Id, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 200 }, cursor: { type: 'string', maxLength: 200 } },
        },
        response: { 200: { ...BookSchema, examples: [bookExample] }, ...problems },
      },
    },
    async (req, reply) => {
      const q = req.query as { from?: string; to?: string; cashRegisterId?: number; bankAccountId?: number; limit?: number; cursor?: string; format?: string };
      const sheet = sheetFormat(q);
      const offset = sheet ? 0 : readCursor(q.cursor);
      const limit = sheet ? 10_000 : (q.limit ?? 200);
      const r = await moneyBook(db, actorOf(req), { cashRegisterId: q.cashRegisterId, bankAccountId: q.bankAccountId, fromDate: q.from, toDate: q.to, offset, limit });
      if (sheet) return sendSheet(reply, sheet, `money-book-${r.account.kind}-${r.account.id}`, PARTY_STATEMENT_COLUMNS, statementSheetRows(r), { ...r.totals, balance: r.closingBalance });
      return {
        account: r.account,
        from: r.period.fromDate ?? null, fromJalali: jalali(r.period.fromDate), to: r.period.toDate ?? null, toJalali: jalali(r.period.toDate),
        openingBalance: r.openingBalance, closingBalance: r.closingBalance, totals: r.totals,
        items: r.rows.map((x) => ({ ...x, dateJalali: toJalali(x.date), document: { ...x.document, title: documentTitle(x.document) } })),
        nextCursor: nextCursor(offset, r.rows.length, limit, r.total),
      };
    },
  );
}
