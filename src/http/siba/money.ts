import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { fail, type Entity } from '../../domain/errors.js';
import * as accounts from '../../domain/money/accounts.js';
import type { BankAccount, BankAccountInput, CashRegister, CashRegisterInput } from '../../domain/money/accounts.js';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, Tx } from '../../domain/context.js';
import { getPayment, listPayments, postPayment, type Payment, type PaymentKind } from '../../domain/money/payments.js';
import type { ChequeDetails } from '../../domain/cheques/cheques.js';
import { parseDate, todayIso, toJalali } from '../../domain/shared/dates.js';
import { toWire } from '../../domain/shared/money.js';
import { actorOf } from '../common/context.js';
import { BoolLike, NumLike, PagingQuery, QueryText, Text, isAbsent, readBool, readDecimal, readId, readInt, readText } from '../common/wire.js';
import { runWrite } from '../common/write.js';
import { ok } from './envelope.js';

const cashWire = (c: CashRegister) => ({
  cashRegisterId: c.id,
  name: c.name,
  initialBalance: toWire(c.openingBalance),
  balance: toWire(c.balance),
  active: c.active,
});

const bankWire = (b: BankAccount) => ({
  bankId: b.id,
  bankName: b.bankName,
  branch: b.branch,
  accountNo: b.accountNo,
  cardNo: b.cardNumber,
  shaba: b.sheba,
  initialBalance: toWire(b.openingBalance),
  balance: toWire(b.balance),
  active: b.active,
});

const paymentWire = (p: Payment) => ({
  paymentId: p.paymentId,
  kind: p.kind,
  personId: p.partyId,
  amount: toWire(p.amount),
  date: p.date,
  dateJalali: toJalali(p.date),
  cashRegisterId: p.cashRegisterId ?? 0,
  bankId: p.bankAccountId ?? 0,
  factorId: p.invoiceId ?? 0,
  chequeId: p.chequeId ?? 0,
  voucherId: p.voucherId,
  voided: p.voidVoucherId !== null,
  description: p.description,
});

/**
 * A payment's `cheque` (our addition, as `/daftar/v1`'s): {number, sayadId, bank, branch, drawer,
 * dueDate, bankId (an issued cheque's chequebook)}; present, it makes the payment one by cheque.
 */
function chequeIn(v: unknown): ChequeDetails | undefined {
  if (isAbsent(v)) return undefined;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw fail.validation('cheque');
  const c = v as Record<string, unknown>;
  return {
    number: readText(c.number, 'cheque.number', 50) ?? '',
    sayadId: readText(c.sayadId, 'cheque.sayadId', 16),
    bank: readText(c.bank, 'cheque.bank', 200),
    branch: readText(c.branch, 'cheque.branch', 200),
    drawer: readText(c.drawer, 'cheque.drawer', 200),
    dueDate: readText(c.dueDate, 'cheque.dueDate', 40),
    bankAccountId: readId(c.bankId, 'cheque.bankId') || undefined,
  };
}

function requiredId(v: unknown, field: string, entity: Entity): number {
  if (isAbsent(v)) throw fail.missing(field);
  const id = readId(v, field)!;
  if (id === 0) throw fail.notFound(entity, field, 0);
  return id;
}

function readCash(b: Record<string, unknown>): CashRegisterInput {
  return {
    name: readText(b.name ?? b.cashRegisterName, 'name', 200),
    openingBalance: readDecimal(b.initialBalance, 'initialBalance'),
    active: readBool(b.active, 'active'),
  };
}

function readBank(b: Record<string, unknown>): BankAccountInput {
  return {
    bankName: readText(b.bankName, 'bankName', 200),
    branch: readText(b.branch, 'branch', 200),
    accountNo: readText(b.accountNo, 'accountNo', 100),
    cardNumber: readText(b.cardNo, 'cardNo', 100),
    sheba: readText(b.shaba ?? b.sheba, 'shaba', 100),
    openingBalance: readDecimal(b.initialBalance, 'initialBalance'),
    active: readBool(b.active, 'active'),
  };
}

const CashBody = Type.Object(
  {
    cashRegisterId: Type.Optional(NumLike()),
    name: Type.Optional(Text(200)),
    initialBalance: Type.Optional(NumLike({ description: 'موجودی اولیه (سند افتتاحیه)' })),
    active: Type.Optional(BoolLike()),
  },
  { additionalProperties: true },
);

const BankBody = Type.Object(
  {
    bankId: Type.Optional(NumLike()),
    bankName: Type.Optional(Text(200)),
    branch: Type.Optional(Text(200)),
    accountNo: Type.Optional(Text(100)),
    cardNo: Type.Optional(Text(100, { description: '۱۶ رقم، الگوریتم Luhn' })),
    shaba: Type.Optional(Text(100, { description: 'IR + ۲۴ رقم' })),
    initialBalance: Type.Optional(NumLike({ description: 'موجودی اولیه (سند افتتاحیه)' })),
    active: Type.Optional(BoolLike()),
  },
  { additionalProperties: true },
);

const PaymentBody = Type.Object(
  {
    kind: Type.String({ maxLength: 20, description: 'receipt (دریافت) یا payment (پرداخت)' }),
    personId: NumLike({ description: 'شناسه مشتری/شخص' }),
    amount: NumLike(),
    date: Type.Optional(Text(40, { description: 'YYYY-MM-DD یا شمسی YYYY/MM/DD؛ پیش‌فرض امروز' })),
    cashRegisterId: Type.Optional(NumLike()),
    bankId: Type.Optional(NumLike()),
    factorId: Type.Optional(NumLike()),
    description: Type.Optional(Text()),
    cheque: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'دریافت/پرداخت با چک: {number, sayadId, bank, branch, drawer, dueDate, bankId (چک پرداختی)}' })),
  },
  { additionalProperties: true },
);

const KINDS: Record<string, PaymentKind> = { receipt: 'receipt', payment: 'payment', دریافت: 'receipt', پرداخت: 'payment' };

/** What differs between the cash-register and the bank-account calls (list, create, update by id in the body). */
interface AccountRoutes<T, I> {
  path: string;
  key: string;
  summaries: [list: string, create: string, update: string];
  body: ReturnType<typeof Type.Object>;
  idField: string;
  domainIdField: string;
  entity: Entity;
  read: (b: Record<string, unknown>) => I;
  wire: (t: T) => unknown;
  list: (db: Kysely<DB>, actor: Actor) => Promise<T[]>;
  create: (tx: Tx, actor: Actor, input: I) => Promise<T>;
  update: (tx: Tx, actor: Actor, id: number, input: I) => Promise<T>;
}

function registerAccountRoutes<T, I>(app: FastifyInstance, r: AccountRoutes<T, I>): void {
  const tags = ['siba: money'];
  const [listSummary, createSummary, updateSummary] = r.summaries;
  const save = async (req: FastifyRequest, reply: FastifyReply, run: (tx: Tx, actor: Actor) => Promise<T>) => {
    const res = await runWrite(req, async (tx, actor) => ({ statusCode: 200, body: ok(r.key, r.wire(await run(tx, actor))) }));
    return reply.code(res.statusCode).send(res.body);
  };
  app.get(r.path, { schema: { tags, summary: listSummary } }, async (req) => ok(r.key, (await r.list(app.deps.database.db, actorOf(req))).map(r.wire)));
  app.post(r.path, { schema: { tags, summary: createSummary, body: r.body } }, async (req, reply) => {
    const input = r.read(req.body as Record<string, unknown>);
    return save(req, reply, (tx, actor) => r.create(tx, actor, input));
  });
  app.put(r.path, { schema: { tags, summary: updateSummary, body: r.body } }, async (req, reply) => {
    const b = req.body as Record<string, unknown>;
    const id = requiredId(b[r.idField], r.domainIdField, r.entity);
    const input = r.read(b);
    return save(req, reply, (tx, actor) => r.update(tx, actor, id, input));
  });
}

/** Cash registers, banks (siba.md) and the payments addition. */
export async function moneyRoutes(app: FastifyInstance): Promise<void> {
  const db = app.deps.database.db;

  registerAccountRoutes(app, {
    path: '/cashRegister',
    key: 'cashRegister',
    summaries: ['لیست صندوق‌ها', 'ایجاد صندوق (افزوده)', 'ویرایش صندوق (افزوده)'],
    body: CashBody,
    idField: 'cashRegisterId',
    domainIdField: 'cashRegisterId',
    entity: 'cashRegister',
    read: readCash,
    wire: cashWire,
    list: accounts.listCashRegisters,
    create: accounts.createCashRegister,
    update: accounts.updateCashRegister,
  });
  registerAccountRoutes(app, {
    path: '/banks',
    key: 'bank',
    summaries: ['لیست حساب‌های بانکی', 'ایجاد حساب بانکی (افزوده)', 'ویرایش حساب بانکی (افزوده)'],
    body: BankBody,
    idField: 'bankId',
    domainIdField: 'bankAccountId',
    entity: 'bankAccount',
    read: readBank,
    wire: bankWire,
    list: accounts.listBankAccounts,
    create: accounts.createBankAccount,
    update: accounts.updateBankAccount,
  });

  app.post('/payments', { schema: { tags: ['siba: money'], summary: 'ثبت دریافت یا پرداخت (افزوده)', body: PaymentBody } }, async (req, reply) => {
    const b = req.body as Record<string, unknown>;
    const kind = KINDS[String(b.kind ?? '').trim().toLowerCase()];
    if (!kind) throw fail.with('PAYMENT_KIND_INVALID', { field: 'kind' });
    const partyId = requiredId(b.personId, 'partyId', 'party');
    const amount = readDecimal(b.amount, 'amount');
    if (amount === undefined) throw fail.missing('amount');
    const dateText = readText(b.date, 'date', 40);
    const date = dateText === undefined || dateText.trim() === '' ? todayIso() : parseDate(dateText, 'date');
    const input = {
      kind,
      partyId,
      amount,
      date,
      cashRegisterId: readId(b.cashRegisterId, 'cashRegisterId') || undefined,
      bankAccountId: readId(b.bankId, 'bankId') || undefined,
      invoiceId: readId(b.factorId, 'factorId') || undefined,
      description: readText(b.description, 'description'),
      ...(() => {
        const cheque = chequeIn(b.cheque);
        return cheque ? { method: 'cheque', cheque } : {};
      })(),
    };
    const res = await runWrite(req, async (tx, actor) => {
      const r = await postPayment(tx, actor, input);
      return { statusCode: 200, body: ok('payment', paymentWire((await getPayment(tx, actor, r.paymentId))!)) };
    }, { posting: true });
    return reply.code(res.statusCode).send(res.body);
  });

  app.get(
    '/payments',
    {
      schema: {
        tags: ['siba: money'],
        summary: 'لیست دریافت‌ها و پرداخت‌ها (افزوده)',
        querystring: Type.Object({ personId: QueryText(20), factorId: QueryText(20), ...PagingQuery }),
      },
    },
    async (req) => {
      const q = req.query as Record<string, string | undefined>;
      const r = await listPayments(db, actorOf(req), {
        partyId: readId(q.personId, 'personId'),
        invoiceId: readId(q.factorId, 'factorId'),
        offset: readInt(q.offset, 'offset'),
        limit: readInt(q.limit, 'limit'),
      });
      return ok('payment', r.items.map(paymentWire));
    },
  );
}
