import type { FastifyInstance } from 'fastify';
import {
  createBankAccount,
  createCashRegister,
  listBankAccounts,
  listCashRegisters,
  updateBankAccount,
  updateCashRegister,
  type BankAccount,
  type CashRegister,
} from '../../domain/money/accounts.js';
import { actorOf } from '../common/context.js';
import { Amount, AmountIn, Id, IdParams, amountIn, listOf, problems, write } from './common.js';

// The bearer scheme only until the session scheme is declared in /openapi.json (H5); then common.ts's `security`.
const security = [{ bearer: [] as string[] }];

/**
 * Cash registers (صندوق) and bank accounts (حساب بانکی): list with their ledger balance, create,
 * edit. There is no DELETE: the domain keeps a money account for its history; deactivate it
 * with `active: false` instead.
 */

const CashSchema = {
  type: 'object',
  required: ['id', 'name', 'openingBalance', 'balance', 'active'],
  properties: { id: Id, name: { type: 'string' }, openingBalance: Amount, balance: Amount, active: { type: 'boolean' } },
} as const;
const cashExample = { id: 1, name: 'صندوق مرکزی', openingBalance: '5000000', balance: '7500000', active: true };

const BankSchema = {
  type: 'object',
  required: ['id', 'bankName', 'branch', 'accountNo', 'cardNo', 'sheba', 'openingBalance', 'balance', 'active'],
  properties: {
    id: Id,
    bankName: { type: 'string' },
    branch: { type: 'string' },
    accountNo: { type: 'string' },
    cardNo: { type: 'string' },
    sheba: { type: 'string' },
    openingBalance: Amount,
    balance: Amount,
    active: { type: 'boolean' },
  },
} as const;
const bankExample = {
  id: 1,
  bankName: 'ملی',
  branch: 'ونک',
  accountNo: '0101',
  cardNo: '6037991234567893',
  sheba: 'IR820540102680020817909002',
  openingBalance: '10000000',
  balance: '10000000',
  active: true,
};

const text = (max: number) => ({ type: 'string', maxLength: max }) as const;

const CashBody = (required: string[]) =>
  ({
    type: 'object',
    additionalProperties: false,
    required,
    properties: { name: text(200), openingBalance: { ...AmountIn, description: 'posted as an opening voucher against opening equity' }, active: { type: 'boolean' } },
    examples: [{ name: 'صندوق فروشگاه', openingBalance: '5000000' }],
  }) as const;

const BankBody = (required: string[]) =>
  ({
    type: 'object',
    additionalProperties: false,
    required,
    properties: {
      bankName: text(200),
      branch: text(200),
      accountNo: text(100),
      cardNo: { ...text(100), description: '16 digits, Luhn-checked' },
      sheba: { ...text(100), description: 'IR + 24 digits' },
      openingBalance: AmountIn,
      active: { type: 'boolean' },
    },
    examples: [{ bankName: 'ملی', branch: 'ونک', accountNo: '0101', openingBalance: '10000000' }],
  }) as const;

const cashOut = (c: CashRegister) => ({ id: c.id, name: c.name, openingBalance: c.openingBalance, balance: c.balance, active: c.active });
const bankOut = (b: BankAccount) => ({
  id: b.id,
  bankName: b.bankName,
  branch: b.branch,
  accountNo: b.accountNo,
  cardNo: b.cardNumber,
  sheba: b.sheba,
  openingBalance: b.openingBalance,
  balance: b.balance,
  active: b.active,
});

type CashIn = { name?: string; openingBalance?: unknown; active?: boolean };
type BankIn = { bankName?: string; branch?: string; accountNo?: string; cardNo?: string; sheba?: string; openingBalance?: unknown; active?: boolean };

const cashIn = (b: CashIn) => ({ name: b.name, active: b.active, openingBalance: amountIn(b.openingBalance, 'openingBalance') });
const bankIn = ({ cardNo, ...b }: BankIn) => ({ ...b, cardNumber: cardNo, openingBalance: amountIn(b.openingBalance, 'openingBalance') });

export async function moneyAccountRoutes(app: FastifyInstance): Promise<void> {
  const db = app.deps.database.db;
  const cashTags = ['daftar: cashRegisters'];
  const bankTags = ['daftar: bankAccounts'];

  app.get(
    '/cashRegisters',
    { schema: { tags: cashTags, security, summary: 'صندوق‌ها با مانده', response: { 200: listOf(CashSchema, cashExample), ...problems } } },
    async (req) => ({ items: (await listCashRegisters(db, actorOf(req))).map(cashOut), nextCursor: null }),
  );
  app.post(
    '/cashRegisters',
    { schema: { tags: cashTags, security, summary: 'تعریف صندوق', body: CashBody(['name']), response: { 201: { ...CashSchema, examples: [cashExample] }, ...problems } } },
    async (req, reply) => {
      const input = cashIn(req.body as CashIn);
      return write(req, reply, 201, async (tx, actor) => cashOut(await createCashRegister(tx, actor, input)));
    },
  );
  app.patch(
    '/cashRegisters/:id',
    { schema: { tags: cashTags, security, summary: 'ویرایش صندوق', params: IdParams, body: CashBody([]), response: { 200: { ...CashSchema, examples: [cashExample] }, ...problems } } },
    async (req, reply) => {
      const input = cashIn(req.body as CashIn);
      const id = (req.params as { id: number }).id;
      return write(req, reply, 200, async (tx, actor) => cashOut(await updateCashRegister(tx, actor, id, input)));
    },
  );

  app.get(
    '/bankAccounts',
    { schema: { tags: bankTags, security, summary: 'حساب‌های بانکی با مانده', response: { 200: listOf(BankSchema, bankExample), ...problems } } },
    async (req) => ({ items: (await listBankAccounts(db, actorOf(req))).map(bankOut), nextCursor: null }),
  );
  app.post(
    '/bankAccounts',
    { schema: { tags: bankTags, security, summary: 'تعریف حساب بانکی', body: BankBody(['bankName']), response: { 201: { ...BankSchema, examples: [bankExample] }, ...problems } } },
    async (req, reply) => {
      const input = bankIn(req.body as BankIn);
      return write(req, reply, 201, async (tx, actor) => bankOut(await createBankAccount(tx, actor, input)));
    },
  );
  app.patch(
    '/bankAccounts/:id',
    { schema: { tags: bankTags, security, summary: 'ویرایش حساب بانکی', params: IdParams, body: BankBody([]), response: { 200: { ...BankSchema, examples: [bankExample] }, ...problems } } },
    async (req, reply) => {
      const input = bankIn(req.body as BankIn);
      const id = (req.params as { id: number }).id;
      return write(req, reply, 200, async (tx, actor) => bankOut(await updateBankAccount(tx, actor, id, input)));
    },
  );
}
