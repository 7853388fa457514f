import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { fail, type Entity } from '../../domain/errors.js';
import {
  createBankAccount,
  createCashRegister,
  listBankAccounts,
  listCashRegisters,
  updateBankAccount,
  updateCashRegister,
  type BankAccount,
  type BankAccountInput,
  type CashRegister,
  type CashRegisterInput,
} from '../../domain/money/accounts.js';
import { getPayment, listPayments, postPayment, type Payment, type PaymentKind } from '../../domain/money/payments.js';
import { parseDate, todayIso, toJalali } from '../../domain/shared/dates.js';
import { toWire } from '../../domain/shared/money.js';
import { actorOf } from '../common/context.js';
import { BoolLike, NumLike, Text, isAbsent, readBool, readDecimal, readId, readInt, readText } from '../common/wire.js';
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
  voucherId: p.voucherId,
  description: p.description,
});

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
  },
  { additionalProperties: true },
);

const KINDS: Record<string, PaymentKind> = { receipt: 'receipt', payment: 'payment', دریافت: 'receipt', پرداخت: 'payment' };

/** Cash registers, banks (siba.md) and the payments addition. */
export async function moneyRoutes(app: FastifyInstance): Promise<void> {
  const db = app.deps.database.db;

  app.get('/cashRegister', { schema: { tags: ['siba: money'], summary: 'لیست صندوق‌ها' } }, async (req) => {
    return ok('cashRegister', (await listCashRegisters(db, actorOf(req))).map(cashWire));
  });

  app.post('/cashRegister', { schema: { tags: ['siba: money'], summary: 'ایجاد صندوق (افزوده)', body: CashBody } }, async (req, reply) => {
    const input = readCash(req.body as Record<string, unknown>);
    const res = await runWrite(req, async (tx, actor) => ({ statusCode: 200, body: ok('cashRegister', cashWire(await createCashRegister(tx, actor, input))) }));
    return reply.code(res.statusCode).send(res.body);
  });

  app.put('/cashRegister', { schema: { tags: ['siba: money'], summary: 'ویرایش صندوق (افزوده)', body: CashBody } }, async (req, reply) => {
    const b = req.body as Record<string, unknown>;
    const id = requiredId(b.cashRegisterId, 'cashRegisterId', 'cashRegister');
    const input = readCash(b);
    const res = await runWrite(req, async (tx, actor) => ({ statusCode: 200, body: ok('cashRegister', cashWire(await updateCashRegister(tx, actor, id, input))) }));
    return reply.code(res.statusCode).send(res.body);
  });

  app.get('/banks', { schema: { tags: ['siba: money'], summary: 'لیست حساب‌های بانکی' } }, async (req) => {
    return ok('bank', (await listBankAccounts(db, actorOf(req))).map(bankWire));
  });

  app.post('/banks', { schema: { tags: ['siba: money'], summary: 'ایجاد حساب بانکی (افزوده)', body: BankBody } }, async (req, reply) => {
    const input = readBank(req.body as Record<string, unknown>);
    const res = await runWrite(req, async (tx, actor) => ({ statusCode: 200, body: ok('bank', bankWire(await createBankAccount(tx, actor, input))) }));
    return reply.code(res.statusCode).send(res.body);
  });

  app.put('/banks', { schema: { tags: ['siba: money'], summary: 'ویرایش حساب بانکی (افزوده)', body: BankBody } }, async (req, reply) => {
    const b = req.body as Record<string, unknown>;
    const id = requiredId(b.bankId, 'bankAccountId', 'bankAccount');
    const input = readBank(b);
    const res = await runWrite(req, async (tx, actor) => ({ statusCode: 200, body: ok('bank', bankWire(await updateBankAccount(tx, actor, id, input))) }));
    return reply.code(res.statusCode).send(res.body);
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
    };
    const res = await runWrite(req, async (tx, actor) => {
      const r = await postPayment(tx, actor, input);
      return { statusCode: 200, body: ok('payment', paymentWire((await getPayment(tx, actor, r.paymentId))!)) };
    });
    return reply.code(res.statusCode).send(res.body);
  });

  app.get(
    '/payments',
    {
      schema: {
        tags: ['siba: money'],
        summary: 'لیست دریافت‌ها و پرداخت‌ها (افزوده)',
        querystring: Type.Object({
          personId: Type.Optional(Type.String({ maxLength: 20 })),
          factorId: Type.Optional(Type.String({ maxLength: 20 })),
          offset: Type.Optional(Type.String({ maxLength: 12 })),
          limit: Type.Optional(Type.String({ maxLength: 12 })),
        }),
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
