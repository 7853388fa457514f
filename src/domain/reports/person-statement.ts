import { fail } from '../errors.js';
import { Dec } from '../shared/money.js';
import type { Column } from './layout.js';
import { DOCUMENT_TYPE_FA } from './labels.js';
import { readPaging, type Paging, type Period, type ReadDb, readPeriod } from './query.js';
import { detailOpeningBalance, detailStatementLines, detailStatementTotals, partyBrief } from './repository.js';
import { authorize } from '../auth/permissions.js';
import type { Actor } from '../context.js';

export interface PersonStatementLine {
  date: string;
  voucherId: number;
  voucherNumber: number;
  voucherKind: string;
  sourceType: string | null;
  sourceId: number | null;
  accountCode: string;
  accountName: string;
  description: string;
  debit: string;
  credit: string;
  /** Running balance after this line: debit − credit, positive = the party owes the business. */
  balance: string;
}

export interface PersonStatement {
  partyId: number;
  personCode: string;
  personName: string;
  detailId: number;
  fromDate: string | null;
  toDate: string | null;
  /** Balance before fromDate (0 without a fromDate). */
  openingBalance: string;
  total: number;
  lines: PersonStatementLine[];
  totals: { debit: string; credit: string; closingBalance: string };
}

export const PERSON_STATEMENT_COLUMNS: Column[] = [
  { key: 'date', title: 'تاریخ', kind: 'date' },
  { key: 'voucherNumber', title: 'شماره سند', kind: 'int' },
  { key: 'sourceType', title: 'نوع مدرک', kind: 'text', labels: DOCUMENT_TYPE_FA },
  { key: 'sourceId', title: 'شماره مدرک', kind: 'int' },
  { key: 'accountName', title: 'حساب', kind: 'text' },
  { key: 'description', title: 'شرح', kind: 'text' },
  { key: 'debit', title: 'بدهکار', kind: 'amount' },
  { key: 'credit', title: 'بستانکار', kind: 'amount' },
  { key: 'balance', title: 'مانده', kind: 'amount' },
];

/**
 * A party's statement (صورت‌حساب شخص): every voucher line on the party's detail account in the
 * period, oldest first, with a running balance that starts at the balance before fromDate.
 * The running sum is a window over the whole period, computed before paging.
 */
export async function personStatement(db: ReadDb, actor: Actor, q: Period & { partyId?: number } & Partial<Paging>): Promise<PersonStatement> {
  authorize(actor, 'report.financial.read');
  const businessId = actor.businessId;
  q = { ...q, ...readPeriod(q) }; // Gregorian or Jalali, checked, in any caller
  if (q.partyId === undefined) throw fail.missing('partyId');
  const { offset, limit } = readPaging(q);
  const party = await partyBrief(db, businessId, q.partyId).executeTakeFirst();
  if (!party) throw fail.notFound('party', 'partyId', q.partyId);
  const detailId = Number(party.detail_id);
  const openingBalance = (await detailOpeningBalance(businessId, detailId, q).execute(db)).rows[0]?.b ?? '0';
  const r = await detailStatementLines(businessId, detailId, q, openingBalance, { offset, limit }).execute(db);
  let totals = { n: 0, d: '0', c: '0' };
  if (r.rows[0]) totals = { n: Number(r.rows[0].n), d: String(r.rows[0].t_d), c: String(r.rows[0].t_c) };
  else if (offset > 0) {
    const t = (await detailStatementTotals(businessId, detailId, q).execute(db)).rows[0];
    totals = { n: Number(t.n), d: t.d, c: t.c };
  }
  return {
    partyId: Number(party.id),
    personCode: party.code,
    personName: party.full_name,
    detailId,
    fromDate: q.fromDate ?? null,
    toDate: q.toDate ?? null,
    openingBalance,
    total: totals.n,
    lines: r.rows.map((x) => ({
      date: String(x.date),
      voucherId: Number(x.voucher_id),
      voucherNumber: Number(x.number),
      voucherKind: String(x.kind),
      sourceType: (x.source_type as string | null) ?? null,
      sourceId: x.source_id === null ? null : Number(x.source_id),
      accountCode: String(x.code),
      accountName: String(x.name),
      description: String(x.description ?? ''),
      debit: String(x.debit),
      credit: String(x.credit),
      balance: String(x.balance),
    })),
    totals: { debit: totals.d, credit: totals.c, closingBalance: new Dec(openingBalance).plus(totals.d).minus(totals.c).toFixed() },
  };
}
