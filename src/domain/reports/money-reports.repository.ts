import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { sqlSamples } from '../../db/sql-samples.js';
import { inPeriod } from './repository.js';
import type { Period } from './query.js';

/**
 * Open cheques due in the period, nearest first: received ones in hand or deposited, issued
 * ones not yet cleared (docs/cheques.md), with the party's name.
 */
export function openChequesDue(businessId: number, p: Period) {
  return sql<{ id: string; direction: string; state: string; number: string; due_date: string; amount: string; party_id: string; party_name: string; bank: string }>`
    select c.id::text, c.direction, c.state, c.number, c.due_date::text, c.amount::text, c.party_id::text, pa.full_name as party_name, c.bank
      from cheques c join parties pa on pa.business_id = c.business_id and pa.id = c.party_id
     where c.business_id = ${businessId}
       and ((c.direction = 'received' and c.state in ('inHand', 'deposited')) or (c.direction = 'issued' and c.state = 'issued'))
       and ${inPeriod(sql.ref('c.due_date'), p)}
     order by c.due_date, c.id`;
}

/**
 * What each party owes (or is owed) on its receivable and payable accounts up to `asOf`, laid
 * on its most recent postings on the side of its balance (first in, first out: payments settle
 * the oldest): one row per (party, posting date) with the part of the balance from that date.
 */
export function openItemsByDate(businessId: number, asOf: string) {
  return sql<{ party_id: string; party_name: string; date: string; open: string; side: 'receivable' | 'payable' }>`
    with lines as (
      select vl.detail_id, v.date, vl.debit, vl.credit, v.id as voucher_id, vl.line_no
        from voucher_lines vl
        join vouchers v on v.business_id = vl.business_id and v.id = vl.voucher_id
        join accounts a on a.business_id = vl.business_id and a.id = vl.account_id
       where vl.business_id = ${businessId} and a.role in ('receivable', 'payable') and v.date <= ${asOf}::date and vl.detail_id is not null
    ), bal as (
      select detail_id, sum(debit - credit) as net from lines group by detail_id having sum(debit - credit) <> 0
    ), side as (
      select l.detail_id, l.date, l.voucher_id, l.line_no, b.net, case when b.net > 0 then l.debit else l.credit end as amt
        from lines l join bal b on b.detail_id = l.detail_id
       where (b.net > 0 and l.debit > 0) or (b.net < 0 and l.credit > 0)
    ), alloc as (
      select s.*, sum(s.amt) over (partition by s.detail_id order by s.date desc, s.voucher_id desc, s.line_no desc rows between unbounded preceding and current row) as cum
        from side s
    )
    select pa.id::text as party_id, pa.full_name as party_name, a.date::text,
           least(a.amt, abs(a.net) - (a.cum - a.amt))::text as open,
           case when a.net > 0 then 'receivable' else 'payable' end as side
      from alloc a join parties pa on pa.business_id = ${businessId} and pa.detail_id = a.detail_id
     where a.cum - a.amt < abs(a.net)
     order by pa.id, a.date`;
}

export function cashRegisterDetail(db: Kysely<DB>, businessId: number, id: number) {
  return db.selectFrom('cash_registers').select(['id', 'name', 'detail_id']).where('business_id', '=', businessId).where('id', '=', id);
}

export function bankAccountDetail(db: Kysely<DB>, businessId: number, id: number) {
  return db.selectFrom('bank_accounts').select(['id', 'bank_name', 'account_no', 'detail_id']).where('business_id', '=', businessId).where('id', '=', id);
}

export const SQL_SAMPLES = sqlSamples({
  cashRegisterDetail: (db) => cashRegisterDetail(db, 1, 1),
  bankAccountDetail: (db) => bankAccountDetail(db, 1, 1),
  openChequesDue: () => openChequesDue(1, { fromDate: '2026-12-01', toDate: '2026-12-31' }),
  openItemsByDate: () => openItemsByDate(1, '2026-12-04'),
});
