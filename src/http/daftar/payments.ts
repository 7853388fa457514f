import type { FastifyInstance } from 'fastify';
import { getPayment, listPayments, postPayment, type Payment } from '../../domain/money/payments.js';
import { parseDate, todayIso } from '../../domain/shared/dates.js';
import { fail } from '../../domain/errors.js';
import { actorOf } from '../common/context.js';
import { Amount, AmountIn, DateIn, DateOut, Id, IdParams, JalaliOut, amountIn, dateOut, listOf, listQuery, page, problems, write } from './common.js';

// The bearer scheme only until the session scheme is declared in /openapi.json (H5); then common.ts's `security`.
const security: { [scheme: string]: string[] }[] = [{ bearer: [] }, { session: [] }];

const tags = ['daftar: payments'];

const PaymentSchema = {
  type: 'object',
  required: ['id', 'direction', 'partyId', 'date', 'dateJalali', 'amount', 'method', 'cashRegisterId', 'bankAccountId', 'invoiceId', 'voucherId', 'description'],
  properties: {
    id: Id,
    direction: { type: 'string', enum: ['in', 'out'], description: 'in: a receipt (دریافت) from the party; out: a payment (پرداخت) to the party' },
    partyId: Id,
    date: DateOut,
    dateJalali: JalaliOut,
    amount: Amount,
    method: { type: 'string', enum: ['cash', 'bank'] },
    cashRegisterId: { type: ['integer', 'null'] },
    bankAccountId: { type: ['integer', 'null'] },
    invoiceId: { type: ['integer', 'null'] },
    voucherId: Id,
    description: { type: 'string' },
  },
} as const;

const example = {
  id: 12, direction: 'in', partyId: 3, date: '2026-12-04', dateJalali: '1405/09/13', amount: '2500000', method: 'cash',
  cashRegisterId: 1, bankAccountId: null, invoiceId: 41, voucherId: 88, description: 'دریافت از علی رضایی',
};

const PaymentBody = {
  type: 'object',
  additionalProperties: false,
  required: ['direction', 'partyId', 'amount', 'method'],
  properties: {
    direction: { type: 'string', enum: ['in', 'out'] },
    partyId: Id,
    date: { ...DateIn, description: 'YYYY-MM-DD or YYYY/MM/DD; today (Tehran) when absent' },
    amount: AmountIn,
    method: { type: 'string', enum: ['cash', 'bank', 'cheque', 'card'], description: 'cash or bank; cheque and card are refused until they are supported' },
    cashRegisterId: { ...Id, description: 'method cash: the register (default: the first active one)' },
    bankAccountId: { ...Id, description: 'method bank: the account (required)' },
    invoiceId: Id,
    description: { type: 'string', maxLength: 1000 },
  },
  examples: [{ direction: 'in', partyId: 3, date: '1405/09/13', amount: '2500000', method: 'cash', cashRegisterId: 1, invoiceId: 41 }],
} as const;

const ListQuery = listQuery({ partyId: Id, invoiceId: Id } as const);

interface Body {
  direction: 'in' | 'out';
  partyId: number;
  date?: string;
  amount: unknown;
  method: string;
  cashRegisterId?: number;
  bankAccountId?: number;
  invoiceId?: number;
  description?: string;
}

export function paymentOut(p: Payment) {
  return {
    id: p.paymentId,
    direction: p.kind === 'receipt' ? 'in' : 'out',
    partyId: p.partyId,
    ...dateOut(p.date),
    amount: p.amount,
    method: p.bankAccountId === null ? 'cash' : 'bank',
    cashRegisterId: p.cashRegisterId,
    bankAccountId: p.bankAccountId,
    invoiceId: p.invoiceId,
    voucherId: p.voucherId,
    description: p.description,
  };
}

function paymentIn(b: Body) {
  const amount = amountIn(b.amount, 'amount');
  if (amount === undefined) throw fail.missing('amount');
  return {
    kind: b.direction === 'in' ? ('receipt' as const) : ('payment' as const),
    partyId: b.partyId,
    amount,
    date: b.date === undefined || b.date.trim() === '' ? todayIso() : parseDate(b.date, 'date'),
    method: b.method,
    cashRegisterId: b.cashRegisterId,
    bankAccountId: b.bankAccountId,
    invoiceId: b.invoiceId,
    description: b.description,
  };
}

/** Receipts and payments (daftar-api.md): cash or bank today; a clerk records and reads receipts only. */
export async function paymentRoutes(app: FastifyInstance): Promise<void> {
  const db = app.deps.database.db;

  app.get(
    '/payments',
    { schema: { tags, security, summary: 'دریافت‌ها و پرداخت‌ها، جدیدترین اول', querystring: ListQuery, response: { 200: listOf(PaymentSchema, example), ...problems } } },
    async (req) => {
      const q = req.query as { limit?: number; cursor?: string; partyId?: number; invoiceId?: number };
      return page(q, (offset, limit) => listPayments(db, actorOf(req), { partyId: q.partyId, invoiceId: q.invoiceId, offset, limit }), paymentOut);
    },
  );

  app.get(
    '/payments/:id',
    { schema: { tags, security, summary: 'یک دریافت یا پرداخت', params: IdParams, response: { 200: { ...PaymentSchema, examples: [example] }, ...problems } } },
    async (req) => {
      const id = (req.params as { id: number }).id;
      const p = await getPayment(db, actorOf(req), id);
      if (!p) throw fail.notFound('payment', 'id', id);
      return paymentOut(p);
    },
  );

  app.post(
    '/payments',
    { schema: { tags, security, summary: 'ثبت دریافت یا پرداخت (نقد یا بانک)', body: PaymentBody, response: { 201: { ...PaymentSchema, examples: [example] }, ...problems } } },
    async (req, reply) => {
      const input = paymentIn(req.body as Body);
      return write(req, reply, 201, async (tx, actor) => {
        const r = await postPayment(tx, actor, input);
        return paymentOut((await getPayment(tx, actor, r.paymentId))!);
      });
    },
  );
}
