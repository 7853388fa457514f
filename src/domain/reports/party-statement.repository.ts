import { sql } from 'kysely';
import { sqlSamples } from '../../db/sql-samples.js';
import { beforePeriod, inPeriod } from './repository.js';
import type { Period } from './query.js';

/** Lines on the accounts bound to `roles` only (a cash or bank book); every account when absent. */
function onRoles(businessId: number, roles?: string[]) {
  return roles?.length
    ? sql<boolean>`vl.account_id in (select a.id from accounts a where a.business_id = ${businessId} and a.role in (${sql.join(roles)}))`
    : sql<boolean>`true`;
}

/** The party's balance on its detail account before the period (0 when the period has no start). */
export function partyBalanceBefore(businessId: number, detailId: number, p: Period, roles?: string[]) {
  return sql<{ balance: string }>`
    select coalesce(sum(vl.debit - vl.credit), 0)::text as balance
      from voucher_lines vl join vouchers v on v.business_id = vl.business_id and v.id = vl.voucher_id
     where vl.business_id = ${businessId} and vl.detail_id = ${detailId} and ${onRoles(businessId, roles)} and ${beforePeriod(sql.ref('v.date'), p)}`;
}

/**
 * One row per document (voucher) touching the party's detail account in the period, oldest
 * first, with the running balance from `opening`, the invoice's printed number and type or the
 * payment's direction, and the period's totals on every row (so a page needs one query).
 */
export function partyDocuments(businessId: number, detailId: number, p: Period, opening: string, offset: number, limit: number, roles?: string[]) {
  return sql<{
    voucher_id: string; date: string; voucher_number: string; kind: string; source_type: string | null; source_id: string | null;
    description: string; debit: string; credit: string; balance: string; invoice_type: number | null; invoice_no: string | null;
    payment_kind: string | null; n: number; total_debit: string; total_credit: string;
    cheque_id: string | null; cheque_number: string | null; cheque_state: string | null; cheque_action: string | null;
  }>`
    with docs as (
      select v.id as voucher_id, v.date, v.number as voucher_number, v.kind, v.source_type, v.source_id, v.description,
             sum(vl.debit) as debit, sum(vl.credit) as credit
        from voucher_lines vl join vouchers v on v.business_id = vl.business_id and v.id = vl.voucher_id
       where vl.business_id = ${businessId} and vl.detail_id = ${detailId} and ${onRoles(businessId, roles)} and ${inPeriod(sql.ref('v.date'), p)}
       group by v.id, v.date, v.number, v.kind, v.source_type, v.source_id, v.description
    ), running as (
      select d.*, cast(${opening} as numeric) + sum(d.debit - d.credit) over (order by d.date, d.voucher_id) as balance,
             count(*) over () as n, sum(d.debit) over () as total_debit, sum(d.credit) over () as total_credit
        from docs d
    )
    select r.voucher_id::text, r.date::text, r.voucher_number::text, r.kind, r.source_type, r.source_id::text, r.description,
           r.debit::text, r.credit::text, r.balance::text, i.invoice_type, i.invoice_no::text, p.kind as payment_kind,
           r.n::int as n, r.total_debit::text, r.total_credit::text,
           c.id::text as cheque_id, c.number as cheque_number, c.state as cheque_state, ce.action as cheque_action
      from running r
      left join invoices i on i.business_id = ${businessId} and r.source_type in ('invoice', 'invoice_void', 'invoice_void_variance') and i.id = r.source_id
      left join payments p on p.business_id = ${businessId} and r.source_type = 'payment' and p.id = r.source_id
      left join cheque_events ce on ce.business_id = ${businessId} and r.source_type = 'cheque_event' and ce.id = r.source_id
      left join cheques c on c.business_id = ${businessId} and c.id = coalesce(p.cheque_id, ce.cheque_id)
     order by r.date, r.voucher_id
     limit ${limit} offset ${offset}`;
}

export const SQL_SAMPLES = sqlSamples({
  partyBalanceBefore: () => partyBalanceBefore(1, 2, { fromDate: '2026-03-21' }),
  partyDocuments: () => partyDocuments(1, 2, { fromDate: '2026-03-21', toDate: '2027-03-20' }, '0', 0, 50),
  bankBookDocuments: () => partyDocuments(1, 2, { fromDate: '2026-03-21' }, '0', 0, 50, ['bank']),
});
