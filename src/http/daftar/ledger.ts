import type { FastifyInstance } from 'fastify';
import { getAccount, getVoucher, listAccounts, listVouchers, postManualVoucher, reverseManualVoucher, type Account, type VoucherSummary, type VoucherView } from '../../domain/ledger/journal.js';
import { actorOf } from '../common/context.js';
import { Amount, AmountIn, amountIn, DateIn, dateOut, getOne, Id, IdParams, JalaliOut, nextCursor, problems, readCursor, security, shape, write } from './common.js';

/**
 * /daftar/v1/accounts (the chart with balances) and /vouchers (the journal: read, post a manual
 * voucher, reverse one). Admin and accountant only (docs/security.md).
 */
const AccountSchema = shape({
  id: 'integer',
  code: 'string',
  name: 'string',
  level: { type: 'integer', description: '1 group (گروه), 2 ledger (کل), 3 subsidiary (معین)' },
  parentId: 'integer?',
  nature: { type: ['string', 'null'], enum: ['debit', 'credit', null] },
  role: { type: ['string', 'null'], description: 'what the system posts here (receivable, cash, sales, …)' },
  active: 'boolean',
  postable: { type: 'boolean', description: 'an active account with no children: voucher lines post here' },
  balance: { ...Amount, description: 'Σ debit − Σ credit of the account and every account under it' },
});
const accountExample = { id: 12, code: '1104', name: 'حساب‌های دریافتنی تجاری', level: 3, parentId: 4, nature: 'debit', role: 'receivable', active: true, postable: true, balance: '1250000' };
const accountWire = (a: Account) => a;

const voucherFields = {
  id: 'integer',
  number: 'integer',
  permanentNumber: { type: ['integer', 'null'], description: 'شماره دائم: assigned when the fiscal year is closed, in date order; null while it is open' },
  date: 'string',
  dateJalali: JalaliOut,
  kind: { type: 'string', description: 'opening, invoice, payment, stock_adjustment, void, manual, closing' },
  description: 'string',
  source: { type: ['object', 'null'], properties: { type: { type: 'string' }, id: { type: 'integer' } } },
  reversesId: 'integer?',
  reversedById: 'integer?',
  total: 'amount',
};
const VoucherSummarySchema = shape(voucherFields);
const LineOut = shape({ accountId: 'integer', accountCode: 'string', accountName: 'string', partyId: 'integer?', partyName: 'string?', debit: 'amount', credit: 'amount', description: 'string' });
const VoucherSchema = shape({ ...voucherFields, lines: { type: 'array', items: LineOut } });
const voucherSummaryExample = { id: 51, number: 51, permanentNumber: null, date: '2026-12-05', dateJalali: '1405/09/14', kind: 'manual', description: 'هزینه اجاره آذر', source: null, reversesId: null, reversedById: null, total: '30000000' };
const voucherExample = {
  ...voucherSummaryExample,
  lines: [
    { accountId: 40, accountCode: '8201', accountName: 'هزینه اجاره', partyId: null, partyName: null, debit: '30000000', credit: '0', description: '' },
    { accountId: 7, accountCode: '1101', accountName: 'صندوق', partyId: null, partyName: null, debit: '0', credit: '30000000', description: '' },
  ],
};
const summaryWire = (v: VoucherSummary) => ({ ...v, ...dateOut(v.date) });
const voucherWire = (v: VoucherView) => ({ ...v, ...dateOut(v.date) });

const ManualVoucherBody = {
  type: 'object',
  additionalProperties: false,
  required: ['lines'],
  properties: {
    date: { ...DateIn, description: 'absent: today' },
    description: { type: 'string', maxLength: 500 },
    lines: {
      type: 'array',
      minItems: 1,
      maxItems: 500,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['accountId'],
        properties: { accountId: Id, partyId: { type: ['integer', 'null'], minimum: 1, maximum: 9007199254740991 }, debit: AmountIn, credit: AmountIn, description: { type: 'string', maxLength: 500 } },
      },
    },
  },
  examples: [{ date: '1405/09/14', description: 'هزینه اجاره آذر', lines: [{ accountId: 40, debit: '30000000' }, { accountId: 7, credit: '30000000' }] }],
} as const;
type LineIn = { accountId: number; partyId?: number | null; debit?: unknown; credit?: unknown; description?: string };

export async function ledgerRoutes(app: FastifyInstance): Promise<void> {
  const db = app.deps.database.db;
  const tags = ['daftar: accounts'];
  app.get(
    '/accounts',
    {
      schema: {
        tags, security, summary: 'سرفصل حساب‌ها با مانده',
        querystring: { type: 'object', additionalProperties: false, properties: { q: { type: 'string', maxLength: 200 }, postable: { type: 'boolean' } } },
        response: { 200: { type: 'object', required: ['items', 'nextCursor'], properties: { items: { type: 'array', items: AccountSchema }, nextCursor: { type: ['string', 'null'] } }, examples: [{ items: [accountExample], nextCursor: null }] }, ...problems },
      },
    },
    async (req) => {
      const items = await listAccounts(db, actorOf(req), req.query as { q?: string; postable?: boolean });
      return { items: items.map(accountWire), nextCursor: null };
    },
  );
  getOne(app, '/accounts', { tags, summary: 'یک حساب با مانده', schema: AccountSchema, example: accountExample }, async (req, id) => accountWire(await getAccount(db, actorOf(req), id)));

  const vtags = ['daftar: vouchers'];
  app.get(
    '/vouchers',
    {
      schema: {
        tags: vtags, security, summary: 'اسناد حسابداری (جدیدترین اول)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { from: DateIn, to: DateIn, limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 }, cursor: { type: 'string', maxLength: 200 } },
        },
        response: { 200: { type: 'object', required: ['items', 'nextCursor'], properties: { items: { type: 'array', items: VoucherSummarySchema }, nextCursor: { type: ['string', 'null'] } }, examples: [{ items: [voucherSummaryExample], nextCursor: null }] }, ...problems },
      },
    },
    async (req) => {
      const q = req.query as { from?: string; to?: string; limit?: number; cursor?: string };
      const offset = readCursor(q.cursor);
      const limit = q.limit ?? 50;
      const r = await listVouchers(db, actorOf(req), { fromDate: q.from, toDate: q.to, offset, limit });
      return { items: r.items.map(summaryWire), nextCursor: nextCursor(offset, r.items.length, limit, r.total) };
    },
  );
  getOne(app, '/vouchers', { tags: vtags, summary: 'یک سند با ردیف‌هایش', schema: VoucherSchema, example: voucherExample }, async (req, id) => voucherWire(await getVoucher(db, actorOf(req), id)));
  app.post(
    '/vouchers',
    { schema: { tags: vtags, security, summary: 'ثبت سند حسابداری دستی (تراز، روی حساب‌های جزء)', body: ManualVoucherBody, response: { 201: { ...VoucherSchema, examples: [voucherExample] }, ...problems } } },
    async (req, reply) => {
      const b = req.body as { date?: string; description?: string; lines: LineIn[] };
      const lines = b.lines.map((l, i) => ({ accountId: l.accountId, partyId: l.partyId, description: l.description, debit: amountIn(l.debit, `lines[${i}].debit`), credit: amountIn(l.credit, `lines[${i}].credit`) }));
      return write(req, reply, 201, async (tx, actor) => voucherWire(await postManualVoucher(tx, actor, { date: b.date, description: b.description, lines })), { posting: true });
    },
  );
  app.post(
    '/vouchers/:id/reverse',
    {
      // The body is optional (date and description default): no body reads as `{}`.
      preValidation: async (req) => {
        if (req.body === undefined || req.body === null) req.body = {};
      },
      schema: {
        tags: vtags, security, summary: 'برگشت سند دستی با سند قرینه (سند ثبت‌شده ویرایش یا حذف نمی‌شود)',
        params: IdParams,
        body: { type: 'object', additionalProperties: false, properties: { date: { ...DateIn, description: 'absent: today' }, description: { type: 'string', maxLength: 500 } }, examples: [{ date: '1405/09/15' }] },
        response: { 201: { ...VoucherSchema, examples: [{ ...voucherExample, id: 52, number: 52, reversesId: 51 }] }, ...problems },
      },
    },
    async (req, reply) => {
      const b = (req.body ?? {}) as { date?: string; description?: string };
      return write(req, reply, 201, async (tx, actor) => voucherWire(await reverseManualVoucher(tx, actor, (req.params as { id: number }).id, b)), { posting: true });
    },
  );
}
