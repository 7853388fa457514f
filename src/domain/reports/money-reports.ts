import { authorize } from '../auth/permissions.js';
import type { Actor } from '../context.js';
import { fail } from '../errors.js';
import { parseDate, todayIso, toJalali, type IsoDate } from '../shared/dates.js';
import { Dec } from '../shared/money.js';
import { detailBook, type DetailBook } from './party-statement.js';
import { bankAccountDetail, cashRegisterDetail, openChequesDue, openItemsByDate } from './money-reports.repository.js';
import { readPeriod, type Paging, type Period, type ReadDb } from './query.js';
import type { Column, Row } from './layout.js';
import { CHEQUE_STATE_LABELS, DIRECTION_FA } from './labels.js';
import { amountBySide } from './lists.js';

/** Days between two ISO dates (b − a). */
function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The Saturday that starts the Iranian week of a date (ISO). */
export function weekStart(date: IsoDate): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  const back = (d.getUTCDay() + 1) % 7; // Saturday 6 → 0, Sunday 0 → 1, … Friday 5 → 6
  d.setUTCDate(d.getUTCDate() - back);
  return d.toISOString().slice(0, 10);
}

export interface DueCheque {
  chequeId: number;
  direction: 'received' | 'issued';
  state: string;
  number: string;
  dueDate: IsoDate;
  amount: string;
  partyId: number;
  partyName: string;
  bank: string;
  /** Days until due (negative: overdue) from `asOf`. */
  daysToDue: number;
}

export interface ChequesDue {
  period: Period;
  asOf: IsoDate;
  rows: DueCheque[];
  /** Per week (Saturday to Friday), in order: what comes in and what goes out. */
  weeks: { weekStart: IsoDate; weekStartJalali: string; received: string; issued: string; net: string }[];
  totals: { received: string; issued: string; net: string };
}

/**
 * Open cheques by due date, both directions (received in hand or deposited; issued not yet
 * cleared), with totals per week: what the till and the bank must expect. Without a period every
 * open cheque is listed, overdue ones included.
 */
export async function chequesDue(db: ReadDb, actor: Actor, q: { fromDate?: unknown; toDate?: unknown }): Promise<ChequesDue> {
  authorize(actor, 'report.financial.read');
  const period = readPeriod(q);
  const asOf = todayIso();
  const rows = (await openChequesDue(actor.businessId, period).execute(db)).rows.map((r) => ({
    chequeId: Number(r.id),
    direction: r.direction as DueCheque['direction'],
    state: r.state,
    number: r.number,
    dueDate: r.due_date,
    amount: new Dec(r.amount).toFixed(),
    partyId: Number(r.party_id),
    partyName: r.party_name,
    bank: r.bank,
    daysToDue: daysBetween(asOf, r.due_date),
  }));
  const byWeek = new Map<IsoDate, { received: Dec; issued: Dec }>();
  let received = new Dec(0);
  let issued = new Dec(0);
  for (const r of rows) {
    const w = weekStart(r.dueDate);
    const t = byWeek.get(w) ?? { received: new Dec(0), issued: new Dec(0) };
    t[r.direction] = t[r.direction].plus(r.amount);
    byWeek.set(w, t);
    if (r.direction === 'received') received = received.plus(r.amount);
    else issued = issued.plus(r.amount);
  }
  const weeks = [...byWeek.entries()].map(([w, t]) => ({
    weekStart: w,
    weekStartJalali: toJalali(w),
    received: t.received.toFixed(),
    issued: t.issued.toFixed(),
    net: t.received.minus(t.issued).toFixed(),
  }));
  return { period, asOf, rows, weeks, totals: { received: received.toFixed(), issued: issued.toFixed(), net: received.minus(issued).toFixed() } };
}

export const AGING_BUCKETS = ['days0to30', 'days31to60', 'days61to90', 'over90'] as const;

/** Open cheques as a sheet: the amount under «دریافتی» or «پرداختی», so both add up. */
export const CHEQUES_DUE_COLUMNS: Column[] = [
  { key: 'dueDate', title: 'سررسید', kind: 'date' },
  { key: 'daysToDue', title: 'روز تا سررسید', kind: 'int' },
  { key: 'number', title: 'شماره چک', kind: 'text' },
  { key: 'direction', title: 'نوع', kind: 'text', labels: DIRECTION_FA },
  { key: 'state', title: 'وضعیت', kind: 'text', labels: CHEQUE_STATE_LABELS },
  { key: 'partyName', title: 'طرف حساب', kind: 'text' },
  { key: 'bank', title: 'بانک', kind: 'text' },
  { key: 'received', title: 'دریافتی', kind: 'amount' },
  { key: 'issued', title: 'پرداختی', kind: 'amount' },
];

export function chequesDueSheetRows(r: Pick<ChequesDue, 'rows'>): Row[] {
  return r.rows.map((c) => amountBySide({ ...c }, c.direction === 'received', 'received', 'issued'));
}

/** Aging as a sheet: one row per party and side; receivables and payables do not add up together, so no totals row. */
export const AGING_COLUMNS: Column[] = [
  { key: 'partyName', title: 'طرف حساب', kind: 'text' },
  { key: 'side', title: 'طرف', kind: 'text', labels: { receivable: 'بدهکار (طلب ما)', payable: 'بستانکار (بدهی ما)' } },
  { key: 'total', title: 'مانده', kind: 'amount' },
  { key: 'days0to30', title: '۰ تا ۳۰ روز', kind: 'amount' },
  { key: 'days31to60', title: '۳۱ تا ۶۰ روز', kind: 'amount' },
  { key: 'days61to90', title: '۶۱ تا ۹۰ روز', kind: 'amount' },
  { key: 'over90', title: 'بیش از ۹۰ روز', kind: 'amount' },
];

export function agingSheetRows(r: Pick<Aging, 'rows'>): Row[] {
  return r.rows.map((x) => ({ partyName: x.partyName, side: x.side, total: x.total, ...x.buckets }));
}
export type AgingBucket = (typeof AGING_BUCKETS)[number];

export interface AgingRow {
  partyId: number;
  partyName: string;
  /** receivable: the party owes the business; payable: the business owes the party. */
  side: 'receivable' | 'payable';
  total: string;
  buckets: Record<AgingBucket, string>;
}

export interface Aging {
  asOf: IsoDate;
  rows: AgingRow[];
  totals: Record<'receivable' | 'payable', { total: string; buckets: Record<AgingBucket, string> }>;
}

function bucketOf(days: number): AgingBucket {
  if (days <= 30) return 'days0to30';
  if (days <= 60) return 'days31to60';
  if (days <= 90) return 'days61to90';
  return 'over90';
}

const zeroBuckets = () => Object.fromEntries(AGING_BUCKETS.map((k) => [k, new Dec(0)])) as Record<AgingBucket, Dec>;
const fixed = (b: Record<AgingBucket, Dec>) => Object.fromEntries(AGING_BUCKETS.map((k) => [k, b[k].toFixed()])) as Record<AgingBucket, string>;

/**
 * Receivables and payables aging (گزارش سنی): each party's balance on its receivable and
 * payable accounts at `asOf`, laid on its most recent postings (payments settle the oldest
 * first) and bucketed by their age: 0–30, 31–60, 61–90 and over 90 days. Cheques in hand are
 * not in it (they are in the cheques-due report).
 */
export async function aging(db: ReadDb, actor: Actor, q: { asOf?: unknown }): Promise<Aging> {
  authorize(actor, 'report.financial.read');
  const asOf = q.asOf === undefined || q.asOf === null || q.asOf === '' ? todayIso() : parseDate(q.asOf, 'asOf');
  const items = (await openItemsByDate(actor.businessId, asOf).execute(db)).rows;
  const byParty = new Map<string, { partyId: number; partyName: string; side: AgingRow['side']; total: Dec; buckets: Record<AgingBucket, Dec> }>();
  const totals = { receivable: { total: new Dec(0), buckets: zeroBuckets() }, payable: { total: new Dec(0), buckets: zeroBuckets() } };
  for (const it of items) {
    const row = byParty.get(it.party_id) ?? { partyId: Number(it.party_id), partyName: it.party_name, side: it.side, total: new Dec(0), buckets: zeroBuckets() };
    const bucket = bucketOf(daysBetween(it.date, asOf));
    row.total = row.total.plus(it.open);
    row.buckets[bucket] = row.buckets[bucket].plus(it.open);
    totals[it.side].total = totals[it.side].total.plus(it.open);
    totals[it.side].buckets[bucket] = totals[it.side].buckets[bucket].plus(it.open);
    byParty.set(it.party_id, row);
  }
  const rows = [...byParty.values()]
    .map((r) => ({ partyId: r.partyId, partyName: r.partyName, side: r.side, total: r.total.toFixed(), buckets: fixed(r.buckets) }))
    .sort((a, b) => (a.side === b.side ? new Dec(b.total).comparedTo(a.total) || a.partyId - b.partyId : a.side === 'receivable' ? -1 : 1));
  return {
    asOf,
    rows,
    totals: {
      receivable: { total: totals.receivable.total.toFixed(), buckets: fixed(totals.receivable.buckets) },
      payable: { total: totals.payable.total.toFixed(), buckets: fixed(totals.payable.buckets) },
    },
  };
}

/**
 * A cash register's or bank account's book (دفتر صندوق / دفتر بانک): one row per document with
 * the running balance (> 0: money in the account), from the balance before the period. Only the
 * cash (bank) account's lines: a cheque in collection at this bank is not money in it yet.
 */
export async function moneyBook(
  db: ReadDb,
  actor: Actor,
  q: { cashRegisterId?: number; bankAccountId?: number; fromDate?: unknown; toDate?: unknown } & Partial<Paging>,
): Promise<DetailBook & { account: { kind: 'cashRegister' | 'bankAccount'; id: number; name: string } }> {
  authorize(actor, 'report.financial.read');
  const b = actor.businessId;
  if (!!q.cashRegisterId === !!q.bankAccountId) throw fail.with('MONEY_ACCOUNT_EITHER', { field: 'cashRegisterId', otherField: 'bankAccountId' });
  if (q.cashRegisterId) {
    const c = await cashRegisterDetail(db, b, q.cashRegisterId).executeTakeFirst();
    if (!c) throw fail.notFound('cashRegister', 'cashRegisterId', q.cashRegisterId);
    return { account: { kind: 'cashRegister', id: Number(c.id), name: c.name }, ...(await detailBook(db, b, Number(c.detail_id), q, ['cash'])) };
  }
  const a = await bankAccountDetail(db, b, q.bankAccountId!).executeTakeFirst();
  if (!a) throw fail.notFound('bankAccount', 'bankAccountId', q.bankAccountId);
  return { account: { kind: 'bankAccount', id: Number(a.id), name: `${a.bank_name} ${a.account_no}`.trim() }, ...(await detailBook(db, b, Number(a.detail_id), q, ['bank'])) };
}
