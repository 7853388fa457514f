import type { FastifyInstance } from 'fastify';
import {
  CHEQUE_ACTIONS,
  getCheque,
  listCheques,
  recordedCheque,
  revertChequeTransition,
  transitionCheque,
  type Cheque,
  type ChequeAction,
  type ChequeDetails,
  type ChequeDirection,
  type ChequeState,
} from '../../domain/cheques/cheques.js';
import { postPayment } from '../../domain/money/payments.js';
import { DomainError, fail } from '../../domain/errors.js';
import { parseDate, todayIso } from '../../domain/shared/dates.js';
import { actorOf } from '../common/context.js';
import { Amount, AmountIn, DateIn, DateOut, Id, IdParams, JalaliOut, ListFormat, amountIn, dateOut, listOf, listQuery, page, problems, security, write } from './common.js';
import { CHEQUE_COLUMNS, chequeSheetRow, columnTotals } from '../../domain/reports/lists.js';
import { getPartiesByIds } from '../../domain/parties/parties.js';
import { everything, sendSheet, sheetFormat } from '../common/sheet.js';


/**
 * /daftar/v1/cheques (daftar-api.md, docs/cheques.md): received and issued cheques, their life
 * cycle (deposit, clear, bounce, return, endorse, cancel) and the revert of the last step.
 */
const tags = ['daftar: cheques'];
const STATES: ChequeState[] = ['inHand', 'deposited', 'cleared', 'bounced', 'endorsed', 'returned', 'issued', 'cancelled', 'void'];

const text = (max: number) => ({ type: 'string', maxLength: max }) as const;

/** What is written on a cheque, as a payment's `cheque` or POST /cheques carries it. */
export const ChequeDetailsIn = {
  type: 'object',
  additionalProperties: false,
  required: ['number', 'dueDate'],
  properties: {
    number: { ...text(50), minLength: 1, description: 'the serial printed on the cheque' },
    sayadId: { ...text(16), description: 'شناسه صیادی: 16 digits' },
    bank: text(200),
    branch: text(200),
    drawer: { ...text(200), description: 'the account holder written on it (received cheques)' },
    dueDate: { ...DateIn, description: 'the date on the cheque (سررسید)' },
    bankAccountId: { ...Id, description: 'issued cheques: the bank account whose chequebook it is from (required)' },
    description: text(1000),
  },
} as const;

export type ChequeDetailsBody = { number: string; sayadId?: string; bank?: string; branch?: string; drawer?: string; dueDate: string; bankAccountId?: number; description?: string };

export function chequeDetailsIn(b: ChequeDetailsBody): ChequeDetails {
  return { number: b.number, sayadId: b.sayadId, bank: b.bank, branch: b.branch, drawer: b.drawer, dueDate: b.dueDate, bankAccountId: b.bankAccountId, description: b.description };
}

const EventSchema = {
  type: 'object',
  required: ['id', 'action', 'fromState', 'toState', 'date', 'dateJalali', 'voucherId', 'bankAccountId', 'partyId', 'revertsEventId'],
  properties: {
    id: Id,
    action: { type: 'string', enum: ['record', ...CHEQUE_ACTIONS, 'revert', 'void'] },
    fromState: { type: ['string', 'null'] },
    toState: { type: 'string', enum: STATES },
    date: DateOut,
    dateJalali: JalaliOut,
    voucherId: { type: ['integer', 'null'] },
    bankAccountId: { type: ['integer', 'null'] },
    partyId: { type: ['integer', 'null'] },
    revertsEventId: { type: ['integer', 'null'] },
  },
} as const;

const ChequeSchema = {
  type: 'object',
  required: ['id', 'direction', 'partyId', 'number', 'sayadId', 'bank', 'branch', 'drawer', 'dueDate', 'dueDateJalali', 'amount', 'bankAccountId', 'state', 'description', 'events'],
  properties: {
    id: Id,
    direction: { type: 'string', enum: ['received', 'issued'] },
    partyId: Id,
    number: { type: 'string' },
    sayadId: { type: 'string' },
    bank: { type: 'string' },
    branch: { type: 'string' },
    drawer: { type: 'string' },
    dueDate: DateOut,
    dueDateJalali: JalaliOut,
    amount: Amount,
    bankAccountId: { type: ['integer', 'null'], description: 'issued: its chequebook\'s account; received: the account it was deposited to' },
    state: { type: 'string', enum: STATES },
    description: { type: 'string' },
    events: { type: 'array', items: EventSchema },
  },
} as const;

const example = {
  id: 4, direction: 'received', partyId: 3, number: '452310', sayadId: '1234567890123456', bank: 'ملت', branch: 'ونک', drawer: 'علی رضایی',
  dueDate: '2027-01-20', dueDateJalali: '1405/10/30', amount: '15000000', bankAccountId: 1, state: 'deposited', description: '',
  events: [
    { id: 7, action: 'record', fromState: null, toState: 'inHand', date: '2026-12-04', dateJalali: '1405/09/13', voucherId: 90, bankAccountId: null, partyId: null, revertsEventId: null },
    { id: 9, action: 'deposit', fromState: 'inHand', toState: 'deposited', date: '2026-12-10', dateJalali: '1405/09/19', voucherId: 97, bankAccountId: 1, partyId: null, revertsEventId: null },
  ],
};

export function chequeOut(c: Cheque) {
  const due = dateOut(c.dueDate);
  return {
    id: c.chequeId,
    direction: c.direction,
    partyId: c.partyId,
    number: c.number,
    sayadId: c.sayadId,
    bank: c.bank,
    branch: c.branch,
    drawer: c.drawer,
    dueDate: due.date,
    dueDateJalali: due.dateJalali,
    amount: c.amount,
    bankAccountId: c.bankAccountId,
    state: c.state,
    description: c.description,
    events: c.events.map((e) => ({
      id: e.eventId, action: e.action, fromState: e.fromState, toState: e.toState, ...dateOut(e.date), voucherId: e.voucherId,
      bankAccountId: e.bankAccountId, partyId: e.partyId, revertsEventId: e.revertsEventId,
    })),
  };
}

const CreateBody = {
  type: 'object',
  additionalProperties: false,
  required: ['direction', 'partyId', 'amount', 'number', 'dueDate'],
  properties: {
    direction: { type: 'string', enum: ['received', 'issued'], description: 'received: a receipt by cheque from the party; issued: a payment by cheque to the party' },
    partyId: Id,
    amount: AmountIn,
    date: { ...DateIn, description: 'the receipt or payment\'s date; today (Tehran) when absent' },
    invoiceId: { ...Id, description: 'the invoice it settles' },
    ...ChequeDetailsIn.properties,
  },
  examples: [
    { direction: 'received', partyId: 3, amount: '15000000', number: '452310', sayadId: '1234567890123456', bank: 'ملت', branch: 'ونک', dueDate: '1405/10/30', drawer: 'علی رضایی' },
    { direction: 'issued', partyId: 5, amount: '8000000', number: '100231', dueDate: '1405/11/15', bankAccountId: 1 },
  ],
} as const;

const TransitionBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    date: { ...DateIn, description: 'the transition\'s voucher date; today (Tehran) when absent' },
    bankAccountId: { ...Id, description: 'deposit: the bank account it is deposited to' },
    partyId: { ...Id, description: 'endorse: who it is given to' },
  },
  examples: [{ date: '1405/09/20', bankAccountId: 1 }],
} as const;

const ListQuery = listQuery({
  format: ListFormat,
  direction: { type: 'string', enum: ['received', 'issued'] },
  state: { type: 'string', enum: STATES },
  partyId: Id,
  from: { ...DateIn, description: 'due date from' },
  to: { ...DateIn, description: 'due date to' },
} as const);

export async function chequeRoutes(app: FastifyInstance): Promise<void> {
  const db = app.deps.database.db;

  app.get(
    '/cheques',
    { schema: { tags, security, summary: 'چک‌ها به ترتیب سررسید', querystring: ListQuery, response: { 200: listOf(ChequeSchema, example), ...problems } } },
    async (req, reply) => {
      const q = req.query as { limit?: number; cursor?: string; direction?: ChequeDirection; state?: ChequeState; partyId?: number; from?: string; to?: string; format?: string };
      const sheet = sheetFormat(q);
      if (sheet) {
        const actor = actorOf(req);
        const all = (await everything((offset, limit) => listCheques(db, actor, { direction: q.direction, state: q.state, partyId: q.partyId, dueFrom: q.from, dueTo: q.to, offset, limit }))).map(chequeOut);
        const names = new Map((await getPartiesByIds(db, actor, all.map((c) => c.partyId))).map((p) => [p.id, p.fullName]));
        const rows = all.map((c) => chequeSheetRow(c, names.get(c.partyId) ?? null));
        return sendSheet(reply, sheet, 'cheques', CHEQUE_COLUMNS, rows, columnTotals(CHEQUE_COLUMNS, rows));
      }
      return page(q, (offset, limit) => listCheques(db, actorOf(req), { direction: q.direction, state: q.state, partyId: q.partyId, dueFrom: q.from, dueTo: q.to, offset, limit }), chequeOut);
    },
  );

  app.get(
    '/cheques/:id',
    { schema: { tags, security, summary: 'یک چک با گردش آن', params: IdParams, response: { 200: { ...ChequeSchema, examples: [example] }, ...problems } } },
    async (req) => {
      const id = (req.params as { id: number }).id;
      const c = await getCheque(db, actorOf(req), id);
      if (!c) throw fail.notFound('cheque', 'id', id);
      return chequeOut(c);
    },
  );

  app.post(
    '/cheques',
    { schema: { tags, security, summary: 'ثبت چک دریافتی (دریافت با چک) یا پرداختی (پرداخت با چک)', body: CreateBody, response: { 201: { ...ChequeSchema, examples: [example] }, ...problems } } },
    async (req, reply) => {
      const b = req.body as ChequeDetailsBody & { direction: ChequeDirection; partyId: number; amount: unknown; date?: string; invoiceId?: number };
      const amount = amountIn(b.amount, 'amount');
      if (amount === undefined) throw fail.missing('amount');
      const date = b.date === undefined || b.date.trim() === '' ? todayIso() : parseDate(b.date, 'date');
      return write(req, reply, 201, async (tx, actor) => {
        // The cheque's fields are this body's own (not under `cheque.` as on /payments).
        const r = await postPayment(tx, actor, {
          kind: b.direction === 'received' ? 'receipt' : 'payment',
          partyId: b.partyId,
          amount,
          date,
          method: 'cheque',
          invoiceId: b.invoiceId,
          description: b.description,
          cheque: chequeDetailsIn(b),
        }).catch((e: unknown) => {
          throw e instanceof DomainError ? e.renamed((p) => p.replace(/^cheque\./, '')) : e;
        });
        return chequeOut(await recordedCheque(tx, actor, r.chequeId!, b.direction));
      }, { posting: true });
    },
  );

  for (const action of CHEQUE_ACTIONS) {
    app.post(
      `/cheques/:id/${action}`,
      {
        schema: {
          tags,
          security,
          summary: SUMMARY[action],
          params: IdParams,
          body: { ...TransitionBody, required: action === 'deposit' ? ['bankAccountId'] : action === 'endorse' ? ['partyId'] : [], examples: [EXAMPLE_BODY[action]] },
          response: { 200: { ...ChequeSchema, examples: [example] }, ...problems },
        },
      },
      async (req, reply) => {
        const id = (req.params as { id: number }).id;
        const body = (req.body ?? {}) as { date?: string; bankAccountId?: number; partyId?: number };
        return write(req, reply, 200, async (tx, actor) => chequeOut(await transitionCheque(tx, actor, id, action as ChequeAction, body)), { posting: true });
      },
    );
  }

  app.post(
    '/cheques/:id/revert',
    {
      schema: {
        tags,
        security,
        summary: 'برگرداندن آخرین گردش چک با سند برگشتی همان گردش',
        params: IdParams,
        body: { type: 'object', additionalProperties: false, properties: { date: DateIn }, examples: [{}] },
        response: { 200: { ...ChequeSchema, examples: [example] }, ...problems },
      },
    },
    async (req, reply) => {
      const id = (req.params as { id: number }).id;
      const body = (req.body ?? {}) as { date?: string };
      return write(req, reply, 200, async (tx, actor) => chequeOut(await revertChequeTransition(tx, actor, id, body)), { posting: true });
    },
  );
}

const SUMMARY: Record<ChequeAction, string> = {
  deposit: 'واگذاری چک دریافتی به بانک (نزد صندوق → در جریان وصول)',
  clear: 'وصول چک دریافتی (در جریان وصول → وصول‌شده) یا پاس شدن چک پرداختی',
  bounce: 'برگشت خوردن چک: بدهی طرف حساب برمی‌گردد',
  return: 'عودت چک دریافتی نزد صندوق به صادرکننده',
  endorse: 'خرج کردن چک دریافتی نزد صندوق به شخص دیگر (partyId)',
  cancel: 'ابطال چک پرداختی صادرشده',
};

const EXAMPLE_BODY: Record<ChequeAction, object> = {
  deposit: { date: '1405/09/20', bankAccountId: 1 },
  clear: { date: '1405/10/30' },
  bounce: { date: '1405/10/30' },
  return: {},
  endorse: { partyId: 5 },
  cancel: {},
};
