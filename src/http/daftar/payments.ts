import type { FastifyInstance } from 'fastify';
import { getPayment, listPayments, postPayment, voidPayment, type Payment } from '../../domain/money/payments.js';
import { ChequeDetailsIn, chequeDetailsIn, type ChequeDetailsBody } from './cheques.js';
import { parseDate, todayIso } from '../../domain/shared/dates.js';
import { fail } from '../../domain/errors.js';
import { actorOf } from '../common/context.js';
import { Amount, AmountIn, DateIn, DateOut, Id, IdParams, JalaliOut, ListFormat, amountIn, dateOut, listOf, listQuery, page, problems, write } from './common.js';
import { columnTotals, PAYMENT_COLUMNS, paymentSheetRow } from '../../domain/reports/lists.js';
import { everything, sendSheet, sheetFormat } from '../common/sheet.js';


// The bearer scheme only until the session scheme is declared in /openapi.json (H5); then common.ts's `security`.
const security: { [scheme: string]: string[] }[] = [{ bearer: [] }, { session: [] }];

const tags = ['daftar: payments'];

const PaymentSchema = {
  type: 'object',
  required: ['id', 'direction', 'partyId', 'date', 'dateJalali', 'amount', 'method', 'cashRegisterId', 'bankAccountId', 'chequeId', 'invoiceId', 'voucherId', 'status', 'voidVoucherId', 'description'],
  properties: {
    id: Id,
    direction: { type: 'string', enum: ['in', 'out'], description: 'in: a receipt (دریافت) from the party; out: a payment (پرداخت) to the party' },
    partyId: Id,
    partyName: { type: 'string', description: 'the party\'s name as printed' },
    date: DateOut,
    dateJalali: JalaliOut,
    amount: Amount,
    method: { type: 'string', enum: ['cash', 'bank', 'card', 'cheque'] },
    cashRegisterId: { type: ['integer', 'null'] },
    bankAccountId: { type: ['integer', 'null'] },
    chequeId: { type: ['integer', 'null'], description: 'method cheque: the cheque (GET /cheques/{id})' },
    invoiceId: { type: ['integer', 'null'] },
    voucherId: Id,
    status: { type: 'string', enum: ['posted', 'void'] },
    voidVoucherId: { type: ['integer', 'null'], description: 'the reversing voucher of a voided payment' },
    description: { type: 'string' },
  },
} as const;

const example = {
  id: 12, direction: 'in', partyId: 3, partyName: 'علی رضایی', date: '2026-12-04', dateJalali: '1405/09/13', amount: '2500000', method: 'cash',
  cashRegisterId: 1, bankAccountId: null, chequeId: null, invoiceId: 41, voucherId: 88, status: 'posted', voidVoucherId: null, description: 'دریافت از علی رضایی',
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
    method: { type: 'string', enum: ['cash', 'bank', 'cheque', 'card'], description: 'cash (a register); bank (a transfer) or card (a POS terminal) with bankAccountId; cheque with cheque' },
    cashRegisterId: { ...Id, description: 'method cash: the register (default: the first active one)' },
    bankAccountId: { ...Id, description: 'method bank or card: the account (required; a card payment\'s is its POS terminal\'s account)' },
    cheque: { ...ChequeDetailsIn, description: 'method cheque: the cheque received (direction in) or issued from bankAccountId\'s chequebook (direction out); its amount is the payment\'s' },
    invoiceId: Id,
    description: { type: 'string', maxLength: 1000 },
  },
  examples: [
    { direction: 'in', partyId: 3, date: '1405/09/13', amount: '2500000', method: 'cash', cashRegisterId: 1, invoiceId: 41 },
    { direction: 'in', partyId: 3, amount: '15000000', method: 'cheque', cheque: { number: '452310', sayadId: '1234567890123456', bank: 'ملت', dueDate: '1405/10/30', drawer: 'علی رضایی' } },
  ],
} as const;

const ListQuery = listQuery({ partyId: Id, invoiceId: Id, format: ListFormat } as const);

interface Body {
  direction: 'in' | 'out';
  partyId: number;
  date?: string;
  amount: unknown;
  method: string;
  cashRegisterId?: number;
  bankAccountId?: number;
  cheque?: ChequeDetailsBody;
  invoiceId?: number;
  description?: string;
}

export function paymentOut(p: Payment) {
  return {
    id: p.paymentId,
    direction: p.kind === 'receipt' ? 'in' : 'out',
    partyId: p.partyId,
    partyName: p.partyName,
    ...dateOut(p.date),
    amount: p.amount,
    method: p.method,
    cashRegisterId: p.cashRegisterId,
    bankAccountId: p.bankAccountId,
    chequeId: p.chequeId,
    invoiceId: p.invoiceId,
    voucherId: p.voucherId,
    status: p.voidVoucherId === null ? 'posted' : 'void',
    voidVoucherId: p.voidVoucherId,
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
    cheque: b.cheque && chequeDetailsIn(b.cheque),
    invoiceId: b.invoiceId,
    description: b.description,
  };
}

/** Receipts and payments (daftar-api.md): cash, bank or cheque; a clerk records and reads receipts only. */
export async function paymentRoutes(app: FastifyInstance): Promise<void> {
  const db = app.deps.database.db;

  app.get(
    '/payments',
    { schema: { tags, security, summary: 'دریافت‌ها و پرداخت‌ها، جدیدترین اول', querystring: ListQuery, response: { 200: listOf(PaymentSchema, example), ...problems } } },
    async (req, reply) => {
      const q = req.query as { limit?: number; cursor?: string; partyId?: number; invoiceId?: number; format?: string };
      const sheet = sheetFormat(q);
      if (sheet) {
        const rows = (await everything((offset, limit) => listPayments(db, actorOf(req), { partyId: q.partyId, invoiceId: q.invoiceId, offset, limit }))).map((p) => paymentSheetRow(paymentOut(p)));
        return sendSheet(reply, sheet, 'payments', PAYMENT_COLUMNS, rows, columnTotals(PAYMENT_COLUMNS, rows.filter((r) => r.status === 'posted')));
      }
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
    { schema: { tags, security, summary: 'ثبت دریافت یا پرداخت (نقد، بانک یا چک)', body: PaymentBody, response: { 201: { ...PaymentSchema, examples: [example] }, ...problems } } },
    async (req, reply) => {
      const input = paymentIn(req.body as Body);
      return write(req, reply, 201, async (tx, actor) => {
        const r = await postPayment(tx, actor, input);
        return paymentOut((await getPayment(tx, actor, r.paymentId))!);
      }, { posting: true });
    },
  );

  app.post(
    '/payments/:id/void',
    {
      schema: {
        tags,
        security,
        summary: 'ابطال دریافت یا پرداخت با سند برگشتی (چکی که گردش خورده باشد مانع ابطال است)',
        params: IdParams,
        body: { type: 'object', additionalProperties: false, properties: { date: { ...DateIn, description: 'the reversing voucher\'s date; today (Tehran) when absent' } }, examples: [{}, { date: '1405/09/20' }] },
        response: { 200: { ...PaymentSchema, examples: [{ ...example, status: 'void', voidVoucherId: 95 }] }, ...problems },
      },
    },
    async (req, reply) => {
      const id = (req.params as { id: number }).id;
      const { date } = (req.body ?? {}) as { date?: string };
      return write(req, reply, 200, async (tx, actor) => paymentOut(await voidPayment(tx, actor, id, { date })), { posting: true });
    },
  );
}
