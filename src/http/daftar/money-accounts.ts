import type { FastifyInstance } from 'fastify';
import {
  createBankAccount,
  createCashRegister,
  deleteBankAccount,
  deleteCashRegister,
  listBankAccounts,
  listCashRegisters,
  updateBankAccount,
  updateCashRegister,
  type BankAccount,
  type CashRegister,
} from '../../domain/money/accounts.js';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, Tx } from '../../domain/context.js';
import { actorOf } from '../common/context.js';
import { Amount, AmountIn, Id, IdParams, amountIn, listOf, problems, write } from './common.js';

// The bearer scheme only until the session scheme is declared in /openapi.json (H5); then common.ts's `security`.
const security: { [scheme: string]: string[] }[] = [{ bearer: [] }, { session: [] }];

/**
 * Cash registers (صندوق) and bank accounts (حساب بانکی): list with their ledger balance, create,
 * edit, and remove one that never moved money (one with postings is IN_USE: deactivate it with
 * `active: false` instead; the domain keeps its history).
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
  id: 1, bankName: 'ملی', branch: 'ونک', accountNo: '0101', cardNo: '6037991234567893', sheba: 'IR820540102680020817909002',
  openingBalance: '10000000', balance: '10000000', active: true,
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

/** What differs between the cash-register and the bank-account routes (list, create, edit). */
interface AccountRoutes<T, B, I> {
  path: string;
  tag: string;
  summaries: [list: string, create: string, edit: string, remove: string];
  schema: object;
  example: object;
  body: (required: string[]) => object;
  createRequired: string[];
  read: (b: B) => I;
  out: (t: T) => object;
  list: (db: Kysely<DB>, actor: Actor) => Promise<T[]>;
  create: (tx: Tx, actor: Actor, input: I) => Promise<T>;
  update: (tx: Tx, actor: Actor, id: number, input: I) => Promise<T>;
  remove: (tx: Tx, actor: Actor, id: number) => Promise<void>;
}

function accountRoutes<T, B, I>(app: FastifyInstance, r: AccountRoutes<T, B, I>): void {
  const tags = [r.tag];
  const [listSummary, createSummary, editSummary] = r.summaries;
  const one = { ...r.schema, examples: [r.example] };
  app.get(
    r.path,
    { schema: { tags, security, summary: listSummary, response: { 200: listOf(r.schema, r.example), ...problems } } },
    async (req) => ({ items: (await r.list(app.deps.database.db, actorOf(req))).map(r.out), nextCursor: null }),
  );
  app.post(r.path, { schema: { tags, security, summary: createSummary, body: r.body(r.createRequired), response: { 201: one, ...problems } } }, async (req, reply) => {
    const input = r.read(req.body as B);
    return write(req, reply, 201, async (tx, actor) => r.out(await r.create(tx, actor, input)));
  });
  app.patch(`${r.path}/:id`, { schema: { tags, security, summary: editSummary, params: IdParams, body: r.body([]), response: { 200: one, ...problems } } }, async (req, reply) => {
    const input = r.read(req.body as B);
    const id = (req.params as { id: number }).id;
    return write(req, reply, 200, async (tx, actor) => r.out(await r.update(tx, actor, id, input)));
  });
  app.delete(
    `${r.path}/:id`,
    { schema: { tags, security, summary: r.summaries[3], params: IdParams, response: { 204: { type: 'null', description: 'removed' }, ...problems } } },
    async (req, reply) => {
      const id = (req.params as { id: number }).id;
      return write(req, reply, 204, async (tx, actor) => (await r.remove(tx, actor, id), null));
    },
  );
}

export async function moneyAccountRoutes(app: FastifyInstance): Promise<void> {
  accountRoutes(app, {
    path: '/cashRegisters',
    tag: 'daftar: cashRegisters',
    summaries: ['صندوق‌ها با مانده', 'تعریف صندوق', 'ویرایش صندوق', 'حذف صندوق بی‌گردش (صندوق دارای گردش: ۴۰۹ IN_USE؛ غیرفعالش کنید)'],
    schema: CashSchema,
    example: cashExample,
    body: CashBody,
    createRequired: ['name'],
    read: cashIn,
    out: cashOut,
    list: listCashRegisters,
    create: createCashRegister,
    update: updateCashRegister,
    remove: deleteCashRegister,
  });
  accountRoutes(app, {
    path: '/bankAccounts',
    tag: 'daftar: bankAccounts',
    summaries: ['حساب‌های بانکی با مانده', 'تعریف حساب بانکی', 'ویرایش حساب بانکی', 'حذف حساب بانکی بی‌گردش (حساب دارای گردش یا چک: ۴۰۹ IN_USE؛ غیرفعالش کنید)'],
    schema: BankSchema,
    example: bankExample,
    body: BankBody,
    createRequired: ['bankName'],
    read: bankIn,
    out: bankOut,
    list: listBankAccounts,
    create: createBankAccount,
    update: updateBankAccount,
    remove: deleteBankAccount,
  });
}
