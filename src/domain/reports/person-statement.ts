import { sql } from 'kysely';
import { fail } from '../errors.js';
import { Dec } from '../shared/money.js';
import type { Column } from './layout.js';
import { beforePeriod, inPeriod, readPaging, type Paging, type Period, type ReadDb, readPeriod } from './query.js';
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
  { key: 'sourceType', title: 'نوع مدرک', kind: 'text' },
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
  const party = await db
    .selectFrom('parties')
    .select(['id', 'code', 'full_name', 'detail_id'])
    .where('business_id', '=', businessId)
    .where('id', '=', q.partyId)
    .executeTakeFirst();
  if (!party) throw fail.notFound('party', 'partyId', q.partyId);
  const detailId = Number(party.detail_id);
  const date = sql.ref('v.date');
  const opening = await sql<{ b: string }>`
    select coalesce(sum(vl.debit - vl.credit), 0)::text as b
      from voucher_lines vl join vouchers v on v.business_id = vl.business_id and v.id = vl.voucher_id
     where vl.business_id = ${businessId} and vl.detail_id = ${detailId} and ${beforePeriod(date, q)}`.execute(db);
  const openingBalance = opening.rows[0]?.b ?? '0';
  const r = await sql<Record<string, string | number | null>>`
    with lines as (
      select v.date, v.id as voucher_id, v.number, v.kind, v.source_type, v.source_id, vl.line_no,
             a.code, a.name, coalesce(nullif(vl.description, ''), v.description) as description, vl.debit, vl.credit,
             ${openingBalance}::numeric + sum(vl.debit - vl.credit) over (order by v.date, v.id, vl.line_no) as balance,
             count(*) over () as n,
             sum(vl.debit) over () as t_d, sum(vl.credit) over () as t_c
        from voucher_lines vl
        join vouchers v on v.business_id = vl.business_id and v.id = vl.voucher_id
        join accounts a on a.business_id = vl.business_id and a.id = vl.account_id
       where vl.business_id = ${businessId} and vl.detail_id = ${detailId} and ${inPeriod(date, q)}
    )
    select date, voucher_id, number, kind, source_type, source_id, code, name, description,
           debit::text as debit, credit::text as credit, balance::text as balance, n::int as n, t_d::text as t_d, t_c::text as t_c
      from lines
     order by date, voucher_id, line_no
     limit ${limit} offset ${offset}`.execute(db);
  let totals = { n: 0, d: '0', c: '0' };
  if (r.rows[0]) totals = { n: Number(r.rows[0].n), d: String(r.rows[0].t_d), c: String(r.rows[0].t_c) };
  else if (offset > 0) {
    const t = await sql<{ n: number; d: string; c: string }>`
      select count(*)::int as n, coalesce(sum(vl.debit), 0)::text as d, coalesce(sum(vl.credit), 0)::text as c
        from voucher_lines vl join vouchers v on v.business_id = vl.business_id and v.id = vl.voucher_id
       where vl.business_id = ${businessId} and vl.detail_id = ${detailId} and ${inPeriod(date, q)}`.execute(db);
    totals = { n: Number(t.rows[0].n), d: t.rows[0].d, c: t.rows[0].c };
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
