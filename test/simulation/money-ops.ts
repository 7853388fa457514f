import type { Op, World } from './operations.js';
import type { MCheque, Model } from './model.js';
import type { SurfaceClient } from '../reliability/helpers/client.js';
import { jalaliYearOf } from '../../src/domain/shared/dates.js';

/**
 * Issue 22's operations in the simulation: receipts and payments by cheque, every cheque step
 * (right or wrong for the cheque's state), reverting the last step, payment voids, and closing
 * and reopening last year while documents keep coming. The model predicts each outcome from the
 * cheque life cycle (docs/cheques.md) and the bank's balance.
 */
const lockQ = (id: number) => ({ key: `q:${id}`, excl: true });
const BANK = { key: 'bank', excl: true };
const CASH = { key: 'cash', excl: true };
const YEAR_SHARED = { key: 'year', excl: false };

/** For a cheque's direction, action and state: the next state, or nothing when the step is refused. */
const NEXT: Record<'received' | 'issued', Record<string, Record<string, string>>> = {
  received: {
    deposit: { inHand: 'deposited' },
    clear: { deposited: 'cleared' },
    bounce: { deposited: 'bounced', endorsed: 'bounced' },
    return: { inHand: 'returned' },
    endorse: { inHand: 'endorsed' },
    cancel: {},
  },
  issued: { deposit: {}, clear: { issued: 'cleared' }, bounce: { issued: 'bounced' }, cancel: { issued: 'cancelled' }, return: {}, endorse: {} },
};

/** The bank's change when a step is taken (+1) or reverted (−1). */
function bankEffect(ch: MCheque, action: string): number {
  if (action !== 'clear') return 0;
  return ch.direction === 'received' ? ch.amount : -ch.amount;
}

function chequeFromReply(m: Model, body: any, direction: MCheque['direction'], partyId: number, amount: number): void {
  const p = body.data.payment;
  m.payments++;
  m.paymentList.set(p.paymentId, { id: p.paymentId, kind: direction === 'received' ? 'receipt' : 'payment', amount, chequeId: p.chequeId, voided: false });
  m.cheques.set(p.chequeId, { id: p.chequeId, direction, partyId, amount, state: direction === 'received' ? 'inHand' : 'issued', steps: [], paymentId: p.paymentId });
}

/** A receipt or payment by cheque through Siba's payments (its `cheque` addition). */
const chequePayment: Op = async (w, c, r, n) => {
  const m = w.model;
  const party = r.pick([...m.parties.values()]);
  if (!party) return;
  const release = await w.locks.acquire([{ key: `c:${party.id}`, excl: false }]);
  try {
    if (!m.parties.has(party.id)) return;
    const direction = r.pick(['received', 'issued'] as const)!;
    const amount = r.int(1, 300) * 1000;
    const cheque = { number: `Q${m.uniqueCode()}`, dueDate: m.today, ...(direction === 'issued' ? { bankId: m.bankId } : {}) };
    const out = await c.siba('POST', '/api/payments', { kind: direction === 'received' ? 'receipt' : 'payment', personId: party.id, amount, cheque });
    if (w.judge(n, `siba.payment(cheque ${direction})`, out, 'ok')) {
      chequeFromReply(m, out.body, direction, party.id, amount);
      party.used = true;
    }
  } finally {
    release();
  }
};

/** Any of the six steps on any cheque: the model says whether the state allows it. */
const chequeStep: Op = async (w, c, r, n) => {
  const m = w.model;
  const ch = r.pick([...m.cheques.values()]);
  if (!ch) return;
  const action = r.pick(['deposit', 'clear', 'bounce', 'return', 'endorse', 'cancel'])!;
  const endorsee = action === 'endorse' ? r.pick([...m.parties.values()].filter((p) => p.id !== ch.partyId)) : undefined;
  if (action === 'endorse' && !endorsee) return;
  const release = await w.locks.acquire([lockQ(ch.id), BANK, ...(endorsee ? [{ key: `c:${endorsee.id}`, excl: false }] : [])]);
  try {
    if (endorsee && !m.parties.has(endorsee.id)) return;
    const to = NEXT[ch.direction][action][ch.state];
    const short = to !== undefined && bankEffect(ch, action) < 0 && m.bank + bankEffect(ch, action) < 0;
    const expect = to === undefined || short ? 'refused' : 'ok';
    const body = action === 'deposit' ? { bankAccountId: m.bankId } : endorsee ? { partyId: endorsee.id } : {};
    const out = await c.daftar('POST', `/cheques/${ch.id}/${action}`, body);
    const name = `daftar.cheque.${action}(${ch.direction} ${ch.state}${short ? ', short' : ''})`;
    if (w.judge(n, name, out, expect, to === undefined ? 'CONFLICT' : short ? 'INSUFFICIENT_FUNDS' : undefined)) {
      ch.steps.push([action, ch.state]);
      ch.state = to!;
      m.bank += bankEffect(ch, action);
      if (endorsee) endorsee.used = true;
    }
  } finally {
    release();
  }
};

/** Reverting a cheque's last step: refused when it has none (its first state). */
const chequeRevert: Op = async (w, c, r, n) => {
  const m = w.model;
  const ch = r.pick([...m.cheques.values()]);
  if (!ch) return;
  const release = await w.locks.acquire([lockQ(ch.id), BANK]);
  try {
    const last = ch.steps.at(-1);
    const out = await c.daftar('POST', `/cheques/${ch.id}/revert`, {});
    if (w.judge(n, `daftar.cheque.revert(${last ? last[0] : 'none'})`, out, last ? 'ok' : 'refused', last ? undefined : 'CONFLICT')) {
      ch.steps.pop();
      ch.state = last![1];
      m.bank -= bankEffect(ch, last![0]);
    }
  } finally {
    release();
  }
};

/** A payment voided: refused twice, and refused while its cheque has moved on. */
const paymentVoid: Op = async (w, c, r, n) => {
  const m = w.model;
  const p = r.pick([...m.paymentList.values()]);
  if (!p) return;
  const release = await w.locks.acquire([CASH, ...(p.chequeId ? [lockQ(p.chequeId)] : [])]);
  try {
    const ch = p.chequeId ? m.cheques.get(p.chequeId) : undefined;
    const expect = p.voided || (ch && ch.steps.length > 0) ? 'refused' : 'ok';
    const out = await c.daftar('POST', `/payments/${p.id}/void`, {});
    if (w.judge(n, `daftar.payment.void(${p.voided ? 'again' : ch ? `cheque ${ch.state}` : p.kind})`, out, expect, expect === 'refused' ? 'CONFLICT' : undefined)) {
      p.voided = true;
      if (ch) ch.state = 'void';
      else m.cash += p.kind === 'receipt' ? -p.amount : p.amount;
    }
  } finally {
    release();
  }
};

/**
 * Last year closed, a receipt dated in it refused (Siba 1001: CLOSED_PERIOD), and the year
 * reopened — while this year's documents keep coming from the other clients. Every posting dated
 * in last year (openings, opening balances, last year's receipts) holds the year's shared lock,
 * so the model knows the year is open whenever they run.
 */
const yearCloseCycle: Op = async (w, c, r, n) => {
  const m = w.model;
  const party = r.pick([...m.parties.values()]);
  const release = await w.locks.acquire([{ key: 'year', excl: true }, CASH]);
  try {
    const closed = await c.daftar('POST', `/fiscalYears/${m.lastYearId}/close`, {});
    if (!w.judge(n, 'daftar.fiscalYear.close', closed, 'ok')) return;
    m.lastYearClosed = true;
    if (party && m.parties.has(party.id)) {
      const out = await c.siba('POST', '/api/payments', { kind: 'receipt', personId: party.id, amount: 1000, date: lastYearDate(m), cashRegisterId: m.cashRegisterId });
      w.judge(n, 'siba.payment(last year, closed)', out, 'refused', 1001);
    }
    const reopened = await c.daftar('POST', `/fiscalYears/${m.lastYearId}/reopen`, {});
    if (w.judge(n, 'daftar.fiscalYear.reopen', reopened, 'ok')) m.lastYearClosed = false;
  } finally {
    release();
  }
};

/** A receipt dated in last year: refused (CLOSED_PERIOD, Siba 1001) while it is closed. */
const lastYearReceipt: Op = async (w, c, r, n) => {
  const m = w.model;
  const party = r.pick([...m.parties.values()]);
  if (!party) return;
  const release = await w.locks.acquire([YEAR_SHARED, CASH, { key: `c:${party.id}`, excl: false }]);
  try {
    if (!m.parties.has(party.id)) return;
    const amount = r.int(1, 50) * 1000;
    const out = await c.siba('POST', '/api/payments', { kind: 'receipt', personId: party.id, amount, date: lastYearDate(m), cashRegisterId: m.cashRegisterId });
    const expect = m.lastYearClosed ? 'refused' : 'ok';
    if (w.judge(n, `siba.payment(last year${m.lastYearClosed ? ', closed' : ''})`, out, expect, expect === 'refused' ? 1001 : undefined)) {
      recordCashPayment(m, out.body, 'receipt', amount);
      party.used = true;
    }
  } finally {
    release();
  }
};

/** The last month of last year, in Jalali (Siba reads it). */
export function lastYearDate(m: Model): string {
  return `${jalaliYearOf(m.today) - 1}/12/01`;
}

/** A cash payment acknowledged: counted, voidable, and in the register's balance. */
export function recordCashPayment(m: Model, body: any, kind: 'receipt' | 'payment', amount: number): void {
  const p = body.data.payment;
  m.payments++;
  m.cash += kind === 'receipt' ? amount : -amount;
  m.paymentList.set(p.paymentId, { id: p.paymentId, kind, amount, voided: false });
}

/** Setup: a bank account for cheques, a receipt in last year (so the year exists), its id. */
export async function setupMoney(c: SurfaceClient, m: Model): Promise<void> {
  const bank = await c.daftar('POST', '/bankAccounts', { bankName: 'بانک شبیه‌سازی' });
  if (bank.kind !== 'ok') throw new Error(`setup bank: ${bank.message}`);
  m.bankId = bank.body.id;
  const party = [...m.parties.values()][0];
  const receipt = await c.siba('POST', '/api/payments', { kind: 'receipt', personId: party.id, amount: 5000, date: lastYearDate(m), cashRegisterId: m.cashRegisterId });
  if (receipt.kind !== 'ok') throw new Error(`setup last-year receipt: ${receipt.message}`);
  recordCashPayment(m, receipt.body, 'receipt', 5000);
  // The receipt names the party: it can no longer be deleted (a voucher line carries it).
  party.used = true;
  const years = await c.daftar('GET', '/fiscalYears');
  const jy = Number(lastYearDate(m).slice(0, 4));
  const last = (years.body.items as { id: number; jalaliYear: number; startDate: string }[]).find((y) => y.jalaliYear === jy)!;
  m.lastYearId = last.id;
  // Hesabfa openings are dated at the first fiscal year's start: last year's now.
  m.openingDate = last.startDate;
}

export const MONEY_OPERATIONS: readonly (readonly [number, Op])[] = [
  [4, chequePayment],
  [6, chequeStep],
  [2, chequeRevert],
  [3, paymentVoid],
  [1, yearCloseCycle],
  [2, lastYearReceipt],
];

export type { World };
