import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, Tx } from '../context.js';
import { recordAudit } from '../audit/audit.js';
import { authorize } from '../auth/permissions.js';
import { fail } from '../errors.js';
import { readPaging, readPeriod, type Paging } from '../reports/query.js';
import { parseDate, todayIso, type IsoDate } from '../shared/dates.js';
import { Dec, type Dec as Decimal } from '../shared/money.js';
import { assertCurrencyAmount } from './amounts.js';
import { accountNetBalances, chartRows, parentAccountIds, reversalOf, voucherHead, voucherLineRows, voucherPage } from './repository.js';
import { postVoucher, reverseVoucher, type VoucherLine } from './voucher.js';

/**
 * The chart of accounts and the journal as /daftar/v1 shows them (accounts, vouchers). Manual
 * vouchers are the accountant's own entries; a voucher a document wrote (an invoice, a payment)
 * is corrected only through that document, and nothing posted is ever edited or deleted: a
 * manual voucher is undone by posting its reversal.
 */
export interface Account {
  id: number;
  code: string;
  name: string;
  level: number;
  parentId: number | null;
  nature: 'debit' | 'credit' | null;
  role: string | null;
  active: boolean;
  /** Σ debit − Σ credit of the account and every account under it. */
  balance: string;
  postable: boolean;
}

/** The chart, optionally only the accounts whose code starts with `q` or whose name holds it, or only postable ones. */
export async function listAccounts(db: Kysely<DB>, actor: Actor, filter: { q?: string; postable?: boolean } = {}): Promise<Account[]> {
  const all = await chartWithBalances(db, actor);
  const q = filter.q?.trim();
  return all.filter((a) => (filter.postable === undefined || a.postable === filter.postable) && (!q || a.code.startsWith(q) || a.name.includes(q)));
}

async function chartWithBalances(db: Kysely<DB>, actor: Actor): Promise<Account[]> {
  authorize(actor, 'ledger.read');
  const rows = await chartRows(db, actor.businessId).execute();
  const own = new Map((await accountNetBalances(db, actor.businessId).execute()).map((r) => [Number(r.account_id), new Dec(r.balance)]));
  const total = new Map<number, Decimal>();
  const parentOf = new Map(rows.map((r) => [Number(r.id), r.parent_id === null ? null : Number(r.parent_id)]));
  // Roll each account's own balance up its parent chain (the chart is at most three levels deep).
  for (const [id, b] of own) {
    for (let at: number | null | undefined = id; at !== null && at !== undefined; at = parentOf.get(at)) total.set(at, (total.get(at) ?? new Dec(0)).plus(b));
  }
  const parents = new Set([...parentOf.values()].filter((p): p is number => p !== null));
  return rows.map((r) => ({
    id: Number(r.id),
    code: r.code,
    name: r.name,
    level: r.level,
    parentId: r.parent_id === null ? null : Number(r.parent_id),
    nature: r.nature as Account['nature'],
    role: r.role,
    active: r.active,
    balance: (total.get(Number(r.id)) ?? new Dec(0)).toFixed(),
    postable: r.active && !parents.has(Number(r.id)),
  }));
}

export async function getAccount(db: Kysely<DB>, actor: Actor, id: number): Promise<Account> {
  const a = (await listAccounts(db, actor)).find((x) => x.id === id);
  if (!a) throw fail.notFound('account', 'id', id);
  return a;
}

export interface VoucherSummary {
  id: number;
  /** The temporary number (the voucher's id) until its year is closed. */
  number: number;
  /** Assigned when its fiscal year is closed (1, 2, … in date order); null while the year is open. */
  permanentNumber: number | null;
  date: IsoDate;
  kind: string;
  description: string;
  source: { type: string; id: number } | null;
  reversesId: number | null;
  reversedById: number | null;
  total: string;
}

export interface VoucherView extends VoucherSummary {
  lines: { accountId: number; accountCode: string; accountName: string; partyId: number | null; partyName: string | null; debit: string; credit: string; description: string }[];
}

type HeadRow = { id: number | string; number: number | string; permanent_number: number | string | null; date: unknown; kind: string; description: string; source_type: string | null; source_id: number | string | null; reverses_id: number | string | null };
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
function summary(r: HeadRow, total: string, reversedBy: number | null): VoucherSummary {
  return {
    id: Number(r.id),
    number: Number(r.number),
    permanentNumber: num(r.permanent_number),
    date: String(r.date instanceof Date ? r.date.toISOString() : r.date).slice(0, 10) as IsoDate,
    kind: r.kind,
    description: r.description,
    source: r.source_type && r.source_id !== null ? { type: r.source_type, id: Number(r.source_id) } : null,
    reversesId: num(r.reverses_id),
    reversedById: reversedBy,
    total: new Dec(total).toFixed(),
  };
}

export async function listVouchers(db: Kysely<DB>, actor: Actor, q: { fromDate?: unknown; toDate?: unknown } & Partial<Paging>): Promise<{ items: VoucherSummary[]; total: number }> {
  authorize(actor, 'ledger.read');
  const period = readPeriod(q);
  const { offset, limit } = readPaging(q);
  const rows = (await voucherPage(db, actor.businessId, period, offset, limit).execute(db)).rows;
  return { items: rows.map((r) => summary(r, r.total, num(r.reversed_by))), total: rows[0]?.n ?? 0 };
}

export async function getVoucher(db: Kysely<DB>, actor: Actor, id: number): Promise<VoucherView> {
  authorize(actor, 'ledger.read');
  const head = await voucherHead(db, actor.businessId, id).executeTakeFirst();
  if (!head) throw fail.notFound('voucher', 'id', id);
  const lines = await voucherLineRows(db, actor.businessId, id).execute();
  const reversal = await reversalOf(db, actor.businessId, id).executeTakeFirst();
  const total = lines.reduce((s, l) => s.plus(l.debit), new Dec(0)).toFixed();
  return {
    ...summary(head, total, reversal ? Number(reversal.id) : null),
    lines: lines.map((l) => ({
      accountId: Number(l.account_id),
      accountCode: l.code,
      accountName: l.name,
      partyId: num(l.party_id),
      partyName: l.party_name ?? null,
      debit: new Dec(l.debit).toFixed(),
      credit: new Dec(l.credit).toFixed(),
      description: l.description,
    })),
  };
}

export interface ManualVoucherInput {
  date?: unknown;
  description?: string;
  lines: { accountId: number; partyId?: number | null; debit?: Decimal; credit?: Decimal; description?: string }[];
}

/** Each line: one positive side, an amount the currency can hold, an active leaf account, a party's detail. */
async function manualLines(tx: Tx, actor: Actor, input: ManualVoucherInput): Promise<VoucherLine[]> {
  if (input.lines.length < 2) throw fail.with('VOUCHER_TOO_FEW_LINES', { field: 'lines' });
  const accounts = new Map((await listAccounts(tx, actor)).map((a) => [a.id, a]));
  const out: VoucherLine[] = [];
  for (const [i, l] of input.lines.entries()) {
    const debit = l.debit ?? new Dec(0);
    const credit = l.credit ?? new Dec(0);
    if (debit.isNegative() || credit.isNegative() || debit.isZero() === credit.isZero()) throw fail.with('VOUCHER_LINE_ONE_SIDE', { field: `lines[${i}]` });
    const side = debit.isZero() ? 'credit' : 'debit';
    await assertCurrencyAmount(tx, actor.businessId, debit.plus(credit), `lines[${i}].${side}`);
    const a = accounts.get(l.accountId);
    if (!a) throw fail.notFound('account', `lines[${i}].accountId`, l.accountId);
    if (!a.postable) throw fail.with('VOUCHER_ACCOUNT_NOT_POSTABLE', { field: `lines[${i}].accountId`, code: a.code, name: a.name });
    let detailId: number | null = null;
    if (l.partyId !== undefined && l.partyId !== null) {
      const p = await tx.selectFrom('parties').select('detail_id').where('business_id', '=', actor.businessId).where('id', '=', l.partyId).executeTakeFirst();
      if (!p) throw fail.notFound('party', `lines[${i}].partyId`, l.partyId);
      detailId = Number(p.detail_id);
    }
    out.push({ accountId: a.id, detailId, debit, credit, description: l.description ?? '' });
  }
  const debit = out.reduce((s, l) => s.plus(l.debit), new Dec(0));
  const credit = out.reduce((s, l) => s.plus(l.credit), new Dec(0));
  if (!debit.eq(credit)) throw fail.with('VOUCHER_UNBALANCED', { field: 'lines', debit, credit });
  return out;
}

/** Posts an accountant's own voucher (سند دستی): balanced, on leaf accounts, in an open fiscal year. */
export async function postManualVoucher(tx: Tx, actor: Actor, input: ManualVoucherInput): Promise<VoucherView> {
  authorize(actor, 'ledger.write');
  const date = input.date === undefined ? todayIso() : parseDate(input.date, 'date');
  const lines = await manualLines(tx, actor, input);
  const id = await postVoucher(tx, actor, { date, kind: 'manual', description: input.description ?? '', lines });
  const v = await getVoucher(tx, actor, id);
  await recordAudit(tx, actor, { action: 'post', entity: 'voucher', entityId: id, after: v });
  return v;
}

/**
 * Reverses a manual voucher by posting its mirror image (dated `date`, default today). Only
 * manual vouchers: a document's voucher is undone by voiding the document, which also undoes
 * its stock and settlements. Once only: the head is locked, so two reversals cannot race.
 */
export async function reverseManualVoucher(tx: Tx, actor: Actor, id: number, input: { date?: unknown; description?: string }): Promise<VoucherView> {
  authorize(actor, 'ledger.write');
  const head = await voucherHead(tx, actor.businessId, id).forUpdate().executeTakeFirst();
  if (!head) throw fail.notFound('voucher', 'id', id);
  if (head.kind !== 'manual' || head.reverses_id !== null) {
    throw fail.with('VOUCHER_NOT_MANUAL', { number: head.number, document: head.reverses_id !== null ? 'reversal' : (head.source_type ?? head.kind) });
  }
  const done = await reversalOf(tx, actor.businessId, id).executeTakeFirst();
  if (done) throw fail.with('VOUCHER_ALREADY_REVERSED', { number: head.number, reversalNumber: done.number });
  const date = input.date === undefined ? todayIso() : parseDate(input.date, 'date');
  const reversalId = await reverseVoucher(tx, actor, id, { date, kind: 'manual', description: input.description ?? `برگشت سند ${head.number}` });
  const v = await getVoucher(tx, actor, reversalId);
  await recordAudit(tx, actor, { action: 'reverse', entity: 'voucher', entityId: id, after: v });
  return v;
}
