import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, Tx } from '../context.js';
import { recordAudit } from '../audit/audit.js';
import { authorize } from '../auth/permissions.js';
import { fail } from '../errors.js';
import { groupClass } from '../reports/financial.js';
import { jalaliYearOf, jalaliYearRange, todayIso, toJalali, type IsoDate } from '../shared/dates.js';
import { Dec } from '../shared/money.js';
import { accountsByRole } from './chart.js';
import { fiscalYearFor } from './fiscal.js';
import { postVoucher, reverseVoucher, VoucherBuilder } from './voucher.js';
import * as repo from './fiscal-years.repository.js';

/**
 * Jalali fiscal years (docs/fiscal-years.md): 1 Farvardin to 29/30 Esfand, created on first use.
 * Closing one writes three vouchers — the year's result into retained earnings, the closing
 * voucher (سند اختتامیه) and the next year's opening voucher (سند افتتاحیه) — numbers its vouchers
 * for good, and refuses any later posting dated inside it (CLOSED_PERIOD). Reopening reverses the
 * three vouchers and clears the permanent numbers.
 */
export interface FiscalYear {
  fiscalYearId: number;
  jalaliYear: number;
  title: string;
  startDate: IsoDate;
  endDate: IsoDate;
  closed: boolean;
  resultVoucherId: number | null;
  closingVoucherId: number | null;
  openingVoucherId: number | null;
}

type FyRow = Awaited<ReturnType<ReturnType<typeof repo.fiscalYears>['execute']>>[number];

function toFiscalYear(r: FyRow): FiscalYear {
  const id = (v: number | null) => (v === null ? null : Number(v));
  return {
    fiscalYearId: Number(r.id),
    jalaliYear: r.jalali_year,
    title: r.title,
    startDate: String(r.start_date),
    endDate: String(r.end_date),
    closed: r.closed,
    resultVoucherId: id(r.result_voucher_id),
    closingVoucherId: id(r.closing_voucher_id),
    openingVoucherId: id(r.opening_voucher_id),
  };
}

export async function listFiscalYears(db: Kysely<DB>, actor: Actor): Promise<FiscalYear[]> {
  authorize(actor, 'ledger.read');
  return (await repo.fiscalYears(db, actor.businessId).execute()).map(toFiscalYear);
}

/**
 * The Jalali fiscal year containing today, as stored (closed or not) or as it will be opened by
 * its first document. The calendar is no secret: every role reads it.
 */
export async function currentFiscalYear(db: Kysely<DB>, actor: Actor, now = new Date()): Promise<{ jalaliYear: number; title: string; startDate: IsoDate; endDate: IsoDate; closed: boolean }> {
  const jy = jalaliYearOf(todayIso(now));
  const stored = (await repo.fiscalYears(db, actor.businessId).execute()).find((r) => r.jalali_year === jy);
  const { start, end } = jalaliYearRange(jy);
  return { jalaliYear: jy, title: stored?.title ?? `سال مالی ${jy}`, startDate: start, endDate: end, closed: stored?.closed ?? false };
}

/** Revenue, cost of sales and expenses close into the year's result; everything else carries. */
const TEMPORARY = new Set(['revenue', 'cost_of_sales', 'expense']);

async function lockedYear(tx: Tx, actor: Actor, id: number): Promise<FyRow> {
  const fy = await repo.fiscalYearForUpdate(tx, actor.businessId, id).executeTakeFirst();
  if (!fy) throw fail.notFound('fiscalYear', 'id', id);
  return fy;
}

export async function closeFiscalYear(tx: Tx, actor: Actor, id: number): Promise<FiscalYear> {
  authorize(actor, 'fiscalYear.close');
  const b = actor.businessId;
  const fy = await lockedYear(tx, actor, id);
  if (fy.closed) throw fail.with('FISCAL_YEAR_ALREADY_CLOSED', { year: fy.jalali_year });
  // A year is closed after it ends (Tehran's today): closing early would refuse the rest of its days.
  if (String(fy.end_date) >= todayIso()) throw fail.with('FISCAL_YEAR_NOT_ENDED', { year: fy.jalali_year, endJalali: toJalali(String(fy.end_date)) });
  const earlier = await repo.earlierOpenYearWithVouchers(tx, b, fy.jalali_year).executeTakeFirst();
  if (earlier) throw fail.with('FISCAL_YEAR_EARLIER_OPEN', { earlier: earlier.jalali_year, year: fy.jalali_year });
  const endDate = String(fy.end_date);
  const nextStart = jalaliYearRange(fy.jalali_year + 1).start;
  const roles = await accountsByRole(tx, b);

  // Balances at the year's end, split into what closes (the result) and what carries.
  const rows = (await repo.balancesUpTo(b, endDate).execute(tx)).rows;
  const key = (accountId: number, detailId: number | null) => `${accountId}:${detailId ?? ''}`;
  const carried = new Map<string, { accountId: number; detailId: number | null; net: Dec }>();
  const result = new VoucherBuilder();
  let resultNet = new Dec(0); // debit − credit of the temporary accounts: < 0 is a profit
  for (const r of rows) {
    const line = { accountId: Number(r.account_id), detailId: r.detail_id === null ? null : Number(r.detail_id), net: new Dec(r.net) };
    if (TEMPORARY.has(groupClass(r.group_code, r.roles))) {
      result.credit(line.accountId, line.net, { detailId: line.detailId, description: 'بستن حساب‌های موقت' });
      resultNet = resultNet.plus(line.net);
    } else carried.set(key(line.accountId, line.detailId), line);
  }
  const title = `سال مالی ${fy.jalali_year}`;
  let resultVoucherId: number | null = null;
  if (result.lines.length) {
    // The year's profit (a credit) or loss (a debit) lands in retained earnings.
    result.debit(roles.retained_earnings, resultNet, { description: `سود (زیان) ${title}` });
    resultVoucherId = await postVoucher(tx, actor, { date: endDate, kind: 'closing', description: `بستن حساب‌های موقت ${title}`, sourceType: 'fiscal_year_result', sourceId: id, lines: result });
    const re = key(roles.retained_earnings, null);
    const prev = carried.get(re);
    const net = (prev?.net ?? new Dec(0)).plus(resultNet);
    if (net.isZero()) carried.delete(re);
    else carried.set(re, { accountId: roles.retained_earnings, detailId: null, net });
  }

  // The closing voucher zeroes every carried balance; the opening voucher puts it back next year.
  const closing = new VoucherBuilder();
  const opening = new VoucherBuilder();
  for (const c of carried.values()) {
    closing.credit(c.accountId, c.net, { detailId: c.detailId, description: `اختتامیه ${title}` });
    opening.debit(c.accountId, c.net, { detailId: c.detailId, description: `افتتاحیه سال مالی ${fy.jalali_year + 1}` });
  }
  const closingVoucherId = await postVoucher(tx, actor, { date: endDate, kind: 'closing', description: `سند اختتامیه ${title}`, sourceType: 'fiscal_year_close', sourceId: id, lines: closing });
  await fiscalYearFor(tx, b, nextStart); // the next year, created if missing
  const openingVoucherId = await postVoucher(tx, actor, {
    date: nextStart, kind: 'opening', description: `سند افتتاحیه سال مالی ${fy.jalali_year + 1}`, sourceType: 'fiscal_year_open', sourceId: id, lines: opening,
  });

  await repo.assignPermanentNumbers(b, id).execute(tx);
  await repo.markClosed(tx, b, id, { result: resultVoucherId, closing: closingVoucherId, opening: openingVoucherId }).execute();
  const after = toFiscalYear((await repo.fiscalYearForUpdate(tx, b, id).executeTakeFirstOrThrow()));
  await recordAudit(tx, actor, { action: 'close', entity: 'fiscal_year', entityId: id, after });
  return after;
}

export async function reopenFiscalYear(tx: Tx, actor: Actor, id: number): Promise<FiscalYear> {
  authorize(actor, 'fiscalYear.reopen');
  const b = actor.businessId;
  const fy = await lockedYear(tx, actor, id);
  if (!fy.closed) throw fail.with('FISCAL_YEAR_NOT_CLOSED', { year: fy.jalali_year });
  const next = await repo.fiscalYearByJalali(tx, b, fy.jalali_year + 1).executeTakeFirst();
  if (next?.closed) throw fail.with('FISCAL_YEAR_LATER_CLOSED', { later: next.jalali_year, year: fy.jalali_year });
  // Open first: the reversals are dated inside the year (its last day) and the next one's first.
  await repo.markOpen(tx, b, id).execute();
  await repo.clearPermanentNumbers(tx, b, id).execute();
  const title = `سال مالی ${fy.jalali_year}`;
  const endDate = String(fy.end_date);
  const nextStart = jalaliYearRange(fy.jalali_year + 1).start;
  if (fy.opening_voucher_id !== null) await reverseVoucher(tx, actor, Number(fy.opening_voucher_id), { date: nextStart, description: `برگشت افتتاحیه (بازگشایی ${title})`, sourceType: 'fiscal_year_open', sourceId: id });
  if (fy.closing_voucher_id !== null) await reverseVoucher(tx, actor, Number(fy.closing_voucher_id), { date: endDate, description: `برگشت اختتامیه (بازگشایی ${title})`, sourceType: 'fiscal_year_close', sourceId: id });
  if (fy.result_voucher_id !== null) await reverseVoucher(tx, actor, Number(fy.result_voucher_id), { date: endDate, description: `برگشت بستن حساب‌های موقت (بازگشایی ${title})`, sourceType: 'fiscal_year_result', sourceId: id });
  const after = toFiscalYear((await repo.fiscalYearForUpdate(tx, b, id).executeTakeFirstOrThrow()));
  await recordAudit(tx, actor, { action: 'reopen', entity: 'fiscal_year', entityId: id, after });
  return after;
}
