import type { FastifyInstance } from 'fastify';
import { documentTitle, partyStatement, PARTY_STATEMENT_COLUMNS, statementSheetRows, type PartyStatement } from '../../domain/reports/party-statement.js';
import { FormatQuery, sendSheet, sheetFormat } from '../common/sheet.js';
import { toJalali } from '../../domain/shared/dates.js';
import { actorOf } from '../common/context.js';
import { IdParams, JalaliOut, nextCursor, problems, readCursor, security, shape } from './common.js';

/**
 * GET /daftar/v1/parties/{id}/statement: one row per document with its printed number and the
 * running balance (> 0: the party owes the business); `?format=csv|xlsx` for a spreadsheet
 * (its totals and the closing balance as the last row).
 * Cheques show in their state: a payment by cheque names the cheque, each step of it is a row.
 */
export const DocumentSchema = {
  type: 'object',
  required: ['kind', 'number'],
  properties: {
    kind: { type: 'string', enum: ['invoice', 'invoiceVoid', 'payment', 'paymentVoid', 'cheque', 'opening', 'voucher'] },
    number: { type: 'integer', description: 'the number printed on the document (an invoice\'s number, a payment\'s id, else the voucher\'s number)' },
    cheque: { type: 'object', properties: { number: { type: 'string' }, state: { type: 'string' } }, description: 'a payment by cheque: the cheque\'s number and its state now' },
    action: { type: 'string', description: 'kind cheque: the step (deposit, clear, bounce, return, endorse, cancel, revert)' },
    chequeId: { type: 'integer' },
    chequeNumber: { type: 'string' },
    chequeState: { type: 'string', description: 'the cheque\'s state now' },
    title: { type: 'string', description: 'the document\'s Persian name' },
    invoiceType: { type: 'string', enum: ['sale', 'purchase', 'saleReturn', 'purchaseReturn', 'proforma'] },
    invoiceId: { type: 'integer' },
    direction: { type: 'string', enum: ['in', 'out'] },
    paymentId: { type: 'integer' },
  },
} as const;
const RowSchema = shape({
  date: 'string', dateJalali: JalaliOut, voucherId: 'integer', voucherNumber: 'integer', document: DocumentSchema,
  description: 'string', debit: 'amount', credit: 'amount', balance: 'amount',
});
const StatementSchema = shape({
  partyId: 'integer', partyCode: 'string', partyName: 'string',
  from: 'string?', fromJalali: 'string?', to: 'string?', toJalali: 'string?',
  openingBalance: 'amount', closingBalance: 'amount',
  totals: shape({ debit: 'amount', credit: 'amount' }),
  items: { type: 'array', items: RowSchema },
  nextCursor: 'string?',
});
const example = {
  partyId: 12, partyCode: '000003', partyName: 'علی رضایی', from: '2026-03-21', fromJalali: '1405/01/01', to: null, toJalali: null,
  openingBalance: '0', closingBalance: '700000', totals: { debit: '1100000', credit: '400000' },
  items: [
    { date: '2026-12-04', dateJalali: '1405/09/13', voucherId: 31, voucherNumber: 31, document: { kind: 'invoice', number: 17, title: 'فاکتور فروش', invoiceType: 'sale', invoiceId: 40 }, description: 'فاکتور فروش ۱۷', debit: '1100000', credit: '0', balance: '1100000' },
    { date: '2026-12-05', dateJalali: '1405/09/14', voucherId: 33, voucherNumber: 33, document: { kind: 'payment', number: 9, title: 'دریافت', direction: 'in', paymentId: 9 }, description: 'دریافت نقدی', debit: '0', credit: '400000', balance: '700000' },
  ],
  nextCursor: null,
};

type Q = { from?: string; to?: string; limit?: number; cursor?: string; format?: 'json' | 'csv' | 'xlsx' };

function wire(s: PartyStatement, next: string | null) {
  const from = s.period.fromDate ?? null;
  const to = s.period.toDate ?? null;
  return {
    partyId: s.partyId, partyCode: s.partyCode, partyName: s.partyName,
    from, fromJalali: from && toJalali(from), to, toJalali: to && toJalali(to),
    openingBalance: s.openingBalance, closingBalance: s.closingBalance, totals: s.totals,
    items: s.rows.map((r) => ({ ...r, dateJalali: toJalali(r.date), document: { ...r.document, title: documentTitle(r.document) } })),
    nextCursor: next,
  };
}

export async function statementRoutes(app: FastifyInstance): Promise<void> {
  const db = app.deps.database.db;
  app.get(
    '/parties/:id/statement',
    {
      schema: {
        tags: ['daftar: parties'],
        security,
        summary: 'صورت‌حساب شخص: هر مدرک یک ردیف با شماره چاپی و مانده جاری',
        params: IdParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            from: { type: 'string', maxLength: 10, description: 'YYYY-MM-DD or YYYY/MM/DD (Jalali)' },
            to: { type: 'string', maxLength: 10, description: 'YYYY-MM-DD or YYYY/MM/DD (Jalali)' },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 200 },
            cursor: { type: 'string', maxLength: 200 },
            format: FormatQuery,
          },
        },
        response: { 200: { ...StatementSchema, examples: [example] }, ...problems },
      },
    },
    async (req, reply) => {
      const q = req.query as Q;
      const partyId = (req.params as { id: number }).id;
      const sheet = sheetFormat(q);
      const offset = sheet ? 0 : readCursor(q.cursor);
      const limit = sheet ? 10_000 : (q.limit ?? 200);
      const s = await partyStatement(db, actorOf(req), { partyId, fromDate: q.from, toDate: q.to, offset, limit });
      if (sheet) return sendSheet(reply, sheet, `statement-${s.partyCode}`, PARTY_STATEMENT_COLUMNS, statementSheetRows(s), { ...s.totals, balance: s.closingBalance });
      return wire(s, nextCursor(offset, s.rows.length, limit, s.total));
    },
  );
}
