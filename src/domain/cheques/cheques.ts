import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, Tx } from '../context.js';
import { recordAudit } from '../audit/audit.js';
import { authorize, paymentPermission } from '../auth/permissions.js';
import { fail } from '../errors.js';
import { normalizeNumeric } from '../ledger/balances.js';
import { accountsByRole, type RoleMap } from '../ledger/chart.js';
import { postVoucher, reverseVoucher, VoucherBuilder } from '../ledger/voucher.js';
import { parseDate, todayIso, type IsoDate } from '../shared/dates.js';
import { Dec, toDb, type Dec as Decimal } from '../shared/money.js';
import { assertMoneyAvailable } from '../money/funds.js';
import * as repo from './repository.js';

/**
 * Cheques (docs/cheques.md). A received cheque (چک دریافتی) is in hand (نزد صندوق) when a
 * receipt records it, then deposited to a bank (واگذار به بانک) → cleared (وصول) or bounced
 * (برگشتی); in hand it may be endorsed to a supplier (خرج شده) or returned to the drawer (عودت).
 * An issued cheque (چک پرداختی) is issued from a bank account's chequebook → cleared (پاس),
 * bounced or cancelled. Each transition posts its own balanced voucher through the accounts
 * bound by role; the last transition can be reverted only by its own reversing voucher.
 */
export type ChequeDirection = 'received' | 'issued';
export type ChequeState = 'inHand' | 'deposited' | 'cleared' | 'bounced' | 'endorsed' | 'returned' | 'issued' | 'cancelled' | 'void';
export type ChequeAction = 'deposit' | 'clear' | 'bounce' | 'return' | 'endorse' | 'cancel';

export const CHEQUE_ACTIONS: readonly ChequeAction[] = ['deposit', 'clear', 'bounce', 'return', 'endorse', 'cancel'];

const STATE_FA: Record<ChequeState, string> = {
  inHand: 'نزد صندوق',
  deposited: 'در جریان وصول',
  cleared: 'وصول‌شده',
  bounced: 'برگشتی',
  endorsed: 'خرج‌شده',
  returned: 'عودت‌شده',
  issued: 'صادرشده',
  cancelled: 'باطل‌شده',
  void: 'باطل‌شده با دریافت/پرداخت',
};
const ACTION_FA: Record<ChequeAction | 'revert', string> = {
  deposit: 'واگذاری به بانک',
  clear: 'وصول/پاس',
  bounce: 'برگشت',
  return: 'عودت',
  endorse: 'خرج کردن',
  cancel: 'ابطال',
  revert: 'برگرداندن آخرین گردش',
};

/** What is written on the cheque, as a receipt or payment by cheque (or POST /cheques) gives it. */
export interface ChequeDetails {
  number: string;
  sayadId?: string;
  bank?: string;
  branch?: string;
  drawer?: string;
  dueDate: unknown;
  /** Issued cheques: the bank account whose chequebook it is from. */
  bankAccountId?: number;
  description?: string;
}

export interface ChequeEvent {
  eventId: number;
  action: ChequeAction | 'record' | 'revert' | 'void';
  fromState: ChequeState | null;
  toState: ChequeState;
  date: IsoDate;
  voucherId: number | null;
  bankAccountId: number | null;
  partyId: number | null;
  revertsEventId: number | null;
}

export interface Cheque {
  chequeId: number;
  direction: ChequeDirection;
  partyId: number;
  number: string;
  sayadId: string;
  bank: string;
  branch: string;
  drawer: string;
  dueDate: IsoDate;
  amount: string;
  bankAccountId: number | null;
  state: ChequeState;
  description: string;
  events: ChequeEvent[];
}

const MAX_TEXT = 200;

function text(v: string | undefined, field: string): string {
  const t = (v ?? '').trim();
  if (t.length > MAX_TEXT) throw fail.outOfRange(field);
  return t;
}

/** Persian or Arabic digits as ASCII: a Sayad id or cheque number is often typed in either. */
const asciiDigits = (s: string) => s.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0)).replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));

/**
 * Writes the cheque a receipt or payment by cheque carries, in its first state, with its
 * 'record' event pointing at that payment's voucher. `prefix` is the request path of the
 * cheque's fields (`cheque.`), so a refusal names the field as the caller sent it.
 */
export async function recordCheque(
  tx: Tx,
  actor: Actor,
  input: { direction: ChequeDirection; partyId: number; amount: Decimal; date: IsoDate; voucherId: number; details: ChequeDetails; prefix: string },
): Promise<number> {
  const b = actor.businessId;
  const d = input.details;
  const f = (name: string) => `${input.prefix}${name}`;
  const number = asciiDigits(text(d.number, f('number')));
  if (!number) throw fail.missing(f('number'));
  const sayadId = asciiDigits(text(d.sayadId, f('sayadId')));
  if (sayadId && !/^\d{16}$/.test(sayadId)) throw fail.with('CHEQUE_SAYAD_INVALID', { field: f('sayadId') });
  if (d.dueDate === undefined || d.dueDate === null || d.dueDate === '') throw fail.missing(f('dueDate'));
  const dueDate = parseDate(d.dueDate, f('dueDate'));
  if (sayadId && (await repo.chequeWithSayad(tx, b, input.direction, sayadId).executeTakeFirst())) {
    throw fail.with('DUPLICATE_ENTITY', { entity: 'cheque', field: f('sayadId'), value: sayadId });
  }
  let bankAccountId: number | null = null;
  if (input.direction === 'issued') {
    if (!d.bankAccountId) throw fail.missing(f('bankAccountId'));
    const bank = await repo.bankAccountForCheque(tx, b, d.bankAccountId).executeTakeFirst();
    if (!bank) throw fail.notFound('bankAccount', f('bankAccountId'), d.bankAccountId);
    if (!bank.active) throw fail.with('MONEY_ACCOUNT_INACTIVE', { field: f('bankAccountId'), entity: 'bankAccount' });
    bankAccountId = Number(bank.id);
  }
  const state: ChequeState = input.direction === 'received' ? 'inHand' : 'issued';
  const row = await repo
    .insertCheque(tx, {
      business_id: b,
      direction: input.direction,
      party_id: input.partyId,
      number,
      sayad_id: sayadId,
      bank: text(d.bank, f('bank')),
      branch: text(d.branch, f('branch')),
      drawer: text(d.drawer, f('drawer')),
      due_date: dueDate,
      amount: toDb(input.amount),
      bank_account_id: bankAccountId,
      state,
      description: text(d.description, f('description')),
      created_by: actor.userId,
    })
    .executeTakeFirstOrThrow();
  const chequeId = Number(row.id);
  await repo
    .insertChequeEvent(tx, { business_id: b, cheque_id: chequeId, action: 'record', from_state: null, to_state: state, date: input.date, voucher_id: input.voucherId, created_by: actor.userId })
    .execute();
  return chequeId;
}

export interface TransitionInput {
  date?: unknown;
  /** deposit: the bank account it goes to. */
  bankAccountId?: number;
  /** endorse: the supplier (or anyone) it is given to. */
  partyId?: number;
}

type Row = Awaited<ReturnType<ReturnType<typeof repo.chequeById>['executeTakeFirstOrThrow']>>;

/** Who and what a transition's voucher names, resolved and locked. */
interface Ctx {
  tx: Tx;
  actor: Actor;
  cheque: Row;
  roles: RoleMap;
  amount: Decimal;
  partyDetail: number;
  label: string;
  input: TransitionInput;
  events: ChequeEvent[];
}

interface Step {
  to: ChequeState;
  /** The voucher's lines, and the bank account or party the event records. */
  lines: (c: Ctx) => Promise<{ v: VoucherBuilder; bankAccountId?: number; partyId?: number }>;
}

async function bankOf(c: Ctx, id: number | undefined, field: string) {
  if (!id) throw fail.missing(field);
  const bank = await repo.bankAccountForCheque(c.tx, c.actor.businessId, id).executeTakeFirst();
  if (!bank) throw fail.notFound('bankAccount', field, id);
  if (!bank.active) throw fail.with('MONEY_ACCOUNT_INACTIVE', { field, entity: 'bankAccount' });
  return { id: Number(bank.id), detailId: Number(bank.detail_id), label: `${bank.bank_name} ${bank.account_no}`.trim() };
}

/** The bank account a deposited cheque went to (its last deposit event). */
function depositBank(c: Ctx): number {
  const dep = [...c.events].reverse().find((e) => e.action === 'deposit' && e.toState === 'deposited');
  return dep?.bankAccountId ?? Number(c.cheque.bank_account_id);
}

/** The party an endorsed cheque went to (its last endorse event). */
function endorsee(c: Ctx): number {
  return [...c.events].reverse().find((e) => e.action === 'endorse')!.partyId!;
}

async function partyDetail(c: Ctx, id: number, field: string): Promise<number> {
  const p = await repo.partyOfCheque(c.tx, c.actor.businessId, id).executeTakeFirst();
  if (!p) throw fail.notFound('party', field, id);
  return Number(p.detail_id);
}

/**
 * The life cycle: for each direction, action and current state, the next state and the voucher.
 * A state not listed for an action is refused naming the state (CHEQUE_TRANSITION_REFUSED).
 */
const RECEIVED: Partial<Record<ChequeAction, Partial<Record<ChequeState, Step>>>> = {
  deposit: {
    inHand: {
      to: 'deposited',
      lines: async (c) => {
        const bank = await bankOf(c, c.input.bankAccountId, 'bankAccountId');
        const v = new VoucherBuilder()
          .debit(c.roles.cheques_in_collection, c.amount, { detailId: bank.detailId, description: c.label })
          .credit(c.roles.notes_receivable, c.amount, { detailId: c.partyDetail, description: c.label });
        return { v, bankAccountId: bank.id };
      },
    },
  },
  clear: {
    deposited: {
      to: 'cleared',
      lines: async (c) => {
        const bank = await bankOf(c, depositBank(c), 'bankAccountId');
        const v = new VoucherBuilder()
          .debit(c.roles.bank, c.amount, { detailId: bank.detailId, description: c.label })
          .credit(c.roles.cheques_in_collection, c.amount, { detailId: bank.detailId, description: c.label });
        return { v, bankAccountId: bank.id };
      },
    },
  },
  bounce: {
    deposited: {
      to: 'bounced',
      lines: async (c) => {
        const bank = await bankOf(c, depositBank(c), 'bankAccountId');
        const v = new VoucherBuilder()
          .debit(c.roles.receivable, c.amount, { detailId: c.partyDetail, description: c.label })
          .credit(c.roles.cheques_in_collection, c.amount, { detailId: bank.detailId, description: c.label });
        return { v, bankAccountId: bank.id };
      },
    },
    // The endorsee brings it back: our debt to them returns, the drawer owes us again.
    endorsed: {
      to: 'bounced',
      lines: async (c) => {
        const to = endorsee(c);
        const v = new VoucherBuilder()
          .debit(c.roles.receivable, c.amount, { detailId: c.partyDetail, description: c.label })
          .credit(c.roles.payable, c.amount, { detailId: await partyDetail(c, to, 'partyId'), description: c.label });
        return { v, partyId: to };
      },
    },
  },
  return: {
    inHand: {
      to: 'returned',
      lines: async (c) => ({
        v: new VoucherBuilder()
          .debit(c.roles.receivable, c.amount, { detailId: c.partyDetail, description: c.label })
          .credit(c.roles.notes_receivable, c.amount, { detailId: c.partyDetail, description: c.label }),
      }),
    },
  },
  endorse: {
    inHand: {
      to: 'endorsed',
      lines: async (c) => {
        const to = c.input.partyId;
        if (!to) throw fail.missing('partyId');
        if (to === Number(c.cheque.party_id)) throw fail.with('CHEQUE_ENDORSE_SAME_PARTY', { field: 'partyId' });
        const v = new VoucherBuilder()
          .debit(c.roles.payable, c.amount, { detailId: await partyDetail(c, to, 'partyId'), description: c.label })
          .credit(c.roles.notes_receivable, c.amount, { detailId: c.partyDetail, description: c.label });
        return { v, partyId: to };
      },
    },
  },
};

const ISSUED: Partial<Record<ChequeAction, Partial<Record<ChequeState, Step>>>> = {
  clear: {
    issued: {
      to: 'cleared',
      lines: async (c) => {
        const bank = await bankOf(c, Number(c.cheque.bank_account_id), 'bankAccountId');
        await assertMoneyAvailable(c.tx, c.actor.businessId, { detailId: bank.detailId, role: 'bank', label: bank.label, field: 'bankAccountId' }, c.amount);
        const v = new VoucherBuilder()
          .debit(c.roles.notes_payable, c.amount, { detailId: c.partyDetail, description: c.label })
          .credit(c.roles.bank, c.amount, { detailId: bank.detailId, description: c.label });
        return { v, bankAccountId: bank.id };
      },
    },
  },
  // Bounced or cancelled, the cheque no longer pays: the debt to the party returns.
  bounce: { issued: { to: 'bounced', lines: async (c) => ({ v: debtBack(c) }) } },
  cancel: { issued: { to: 'cancelled', lines: async (c) => ({ v: debtBack(c) }) } },
};

function debtBack(c: Ctx): VoucherBuilder {
  return new VoucherBuilder()
    .debit(c.roles.notes_payable, c.amount, { detailId: c.partyDetail, description: c.label })
    .credit(c.roles.payable, c.amount, { detailId: c.partyDetail, description: c.label });
}

function refused(cheque: Row, action: ChequeAction | 'revert') {
  const state = cheque.state as ChequeState;
  return fail.with('CHEQUE_TRANSITION_REFUSED', { number: cheque.number, state, stateFa: STATE_FA[state], action, actionFa: ACTION_FA[action] });
}

async function lockedCheque(tx: Tx, actor: Actor, id: number): Promise<Row> {
  const cheque = await repo.chequeForUpdate(tx, actor.businessId, id).executeTakeFirst();
  if (!cheque) throw fail.notFound('cheque', 'id', id);
  return cheque;
}

/** Moves a cheque one step of its life cycle, posting that step's voucher. */
export async function transitionCheque(tx: Tx, actor: Actor, id: number, action: ChequeAction, input: TransitionInput): Promise<Cheque> {
  authorize(actor, 'cheque.write');
  const b = actor.businessId;
  const cheque = await lockedCheque(tx, actor, id);
  const table = cheque.direction === 'received' ? RECEIVED : ISSUED;
  const step = table[action]?.[cheque.state as ChequeState];
  if (!step) throw refused(cheque, action);
  const date = input.date === undefined || input.date === null || input.date === '' ? todayIso() : parseDate(input.date, 'date');
  const party = await repo.partyOfCheque(tx, b, Number(cheque.party_id)).executeTakeFirstOrThrow();
  const label = `${ACTION_FA[action]} چک ${cheque.number} (${party.full_name})`;
  const events = (await chequeEventsOf(tx, b, [id])).get(id) ?? [];
  const ctx: Ctx = { tx, actor, cheque, roles: await accountsByRole(tx, b), amount: new Dec(cheque.amount), partyDetail: Number(party.detail_id), label, input, events };
  const { v, bankAccountId, partyId } = await step.lines(ctx);
  // Each transition is its own source document (the event), so every voucher has exactly one.
  const eventId = Number((await repo.nextChequeEventId().execute(tx)).rows[0].id);
  const voucherId = await postVoucher(tx, actor, { date, kind: 'manual', description: label, sourceType: 'cheque_event', sourceId: eventId, lines: v });
  await repo.setChequeState(tx, b, id, step.to, action === 'deposit' ? bankAccountId : undefined).execute();
  await repo
    .insertChequeEvent(tx, {
      id: eventId, business_id: b, cheque_id: id, action, from_state: cheque.state, to_state: step.to, date, voucher_id: voucherId,
      bank_account_id: bankAccountId ?? null, party_id: partyId ?? null, created_by: actor.userId,
    })
    .execute();
  const after = (await getCheque(tx, actor, id))!;
  await recordAudit(tx, actor, { action, entity: 'cheque', entityId: id, before: { state: cheque.state }, after: { state: after.state } });
  return after;
}

/**
 * Undoes a cheque's last transition with the reversing voucher of that transition's own voucher
 * (never an edit): the cheque is back in the state it left. The first state (the receipt or
 * payment that recorded it) is undone by voiding that payment instead.
 */
export async function revertChequeTransition(tx: Tx, actor: Actor, id: number, input: { date?: unknown }): Promise<Cheque> {
  authorize(actor, 'cheque.write');
  const b = actor.businessId;
  const cheque = await lockedCheque(tx, actor, id);
  const events = (await chequeEventsOf(tx, b, [id])).get(id) ?? [];
  const reverted = new Set(events.map((e) => e.revertsEventId).filter((x) => x !== null));
  const last = [...events].reverse().find((e) => e.action !== 'revert' && !reverted.has(e.eventId));
  if (!last || last.action === 'record' || last.action === 'void' || last.fromState === null) {
    throw fail.with('CHEQUE_NOTHING_TO_REVERT', { number: cheque.number });
  }
  const date = input.date === undefined || input.date === null || input.date === '' ? todayIso() : parseDate(input.date, 'date');
  const eventId = Number((await repo.nextChequeEventId().execute(tx)).rows[0].id);
  const voucherId = await reverseVoucher(tx, actor, last.voucherId!, { date, description: `برگشت ${ACTION_FA[last.action as ChequeAction]} چک ${cheque.number}`, sourceType: 'cheque_event', sourceId: eventId });
  // A deposit undone takes the cheque back from that bank: the account it was deposited to goes.
  const bankBefore = last.action === 'deposit' ? (cheque.direction === 'issued' ? cheque.bank_account_id : null) : undefined;
  await repo.setChequeState(tx, b, id, last.fromState, bankBefore).execute();
  await repo
    .insertChequeEvent(tx, {
      id: eventId, business_id: b, cheque_id: id, action: 'revert', from_state: cheque.state, to_state: last.fromState, date, voucher_id: voucherId,
      reverts_event_id: last.eventId, created_by: actor.userId,
    })
    .execute();
  await recordAudit(tx, actor, { action: 'revert', entity: 'cheque', entityId: id, before: { state: cheque.state }, after: { state: last.fromState } });
  return (await getCheque(tx, actor, id))!;
}

/** A payment by cheque is voided: the cheque, still in its first state, goes with it. */
export async function voidChequeOfPayment(tx: Tx, actor: Actor, chequeId: number, voidVoucherId: number, date: IsoDate, payment: { kindFa: string; kind: string }): Promise<void> {
  const b = actor.businessId;
  const cheque = await lockedCheque(tx, actor, chequeId);
  if (cheque.state !== 'inHand' && cheque.state !== 'issued') {
    const state = cheque.state as ChequeState;
    throw fail.with('PAYMENT_CHEQUE_MOVED', { number: cheque.number, state, stateFa: STATE_FA[state], kind: payment.kind, kindFa: payment.kindFa });
  }
  await repo.setChequeState(tx, b, chequeId, 'void').execute();
  await repo
    .insertChequeEvent(tx, { business_id: b, cheque_id: chequeId, action: 'void', from_state: cheque.state, to_state: 'void', date, voucher_id: voidVoucherId, created_by: actor.userId })
    .execute();
}

async function chequeEventsOf(db: Kysely<DB>, businessId: number, ids: number[]): Promise<Map<number, ChequeEvent[]>> {
  const out = new Map<number, ChequeEvent[]>();
  if (!ids.length) return out;
  for (const e of await repo.chequeEvents(db, businessId, ids).execute()) {
    const list = out.get(Number(e.cheque_id)) ?? [];
    list.push({
      eventId: Number(e.id),
      action: e.action as ChequeEvent['action'],
      fromState: e.from_state as ChequeState | null,
      toState: e.to_state as ChequeState,
      date: String(e.date),
      voucherId: e.voucher_id === null ? null : Number(e.voucher_id),
      bankAccountId: e.bank_account_id === null ? null : Number(e.bank_account_id),
      partyId: e.party_id === null ? null : Number(e.party_id),
      revertsEventId: e.reverts_event_id === null ? null : Number(e.reverts_event_id),
    });
    out.set(Number(e.cheque_id), list);
  }
  return out;
}

function toCheque(r: Row, events: ChequeEvent[]): Cheque {
  return {
    chequeId: Number(r.id),
    direction: r.direction as ChequeDirection,
    partyId: Number(r.party_id),
    number: r.number,
    sayadId: r.sayad_id,
    bank: r.bank,
    branch: r.branch,
    drawer: r.drawer,
    dueDate: String(r.due_date),
    amount: normalizeNumeric(r.amount),
    bankAccountId: r.bank_account_id === null ? null : Number(r.bank_account_id),
    state: r.state as ChequeState,
    description: r.description,
    events,
  };
}

export async function getCheque(db: Kysely<DB>, actor: Actor, id: number): Promise<Cheque | null> {
  authorize(actor, 'cheque.read');
  return loadCheque(db, actor, id);
}

/**
 * The cheque a receipt or payment just recorded, for the reply to whoever recorded it: a clerk
 * who takes a cheque at the till sees it as they see their receipt (not the cheques register).
 */
export async function recordedCheque(db: Kysely<DB>, actor: Actor, id: number, direction: ChequeDirection): Promise<Cheque> {
  authorize(actor, paymentPermission(direction === 'received' ? 'receipt' : 'payment', 'read'));
  return (await loadCheque(db, actor, id))!;
}

async function loadCheque(db: Kysely<DB>, actor: Actor, id: number): Promise<Cheque | null> {
  const r = await repo.chequeById(db, actor.businessId, id).executeTakeFirst();
  if (!r) return null;
  return toCheque(r, (await chequeEventsOf(db, actor.businessId, [id])).get(id) ?? []);
}

export interface ChequeQuery {
  direction?: ChequeDirection;
  state?: ChequeState;
  partyId?: number;
  dueFrom?: unknown;
  dueTo?: unknown;
  offset?: number;
  limit?: number;
}

export async function listCheques(db: Kysely<DB>, actor: Actor, q: ChequeQuery): Promise<{ total: number; items: Cheque[] }> {
  authorize(actor, 'cheque.read');
  const b = actor.businessId;
  const f: repo.ChequeFilter = {
    direction: q.direction,
    state: q.state,
    partyId: q.partyId,
    dueFrom: q.dueFrom ? parseDate(q.dueFrom, 'from') : undefined,
    dueTo: q.dueTo ? parseDate(q.dueTo, 'to') : undefined,
  };
  const total = await repo.chequeCount(db, b, f).executeTakeFirstOrThrow();
  const rows = await repo.chequePage(db, b, f, { offset: Math.max(q.offset ?? 0, 0), limit: Math.min(Math.max(q.limit ?? 100, 1), 1000) }).execute();
  const events = await chequeEventsOf(db, b, rows.map((r) => Number(r.id)));
  return { total: Number(total.n), items: rows.map((r) => toCheque(r, events.get(Number(r.id)) ?? [])) };
}

/** Persian names of the states and actions, for reports and the console's labels. */
export { STATE_FA as CHEQUE_STATE_FA, ACTION_FA as CHEQUE_ACTION_FA };
