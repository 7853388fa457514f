import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';
import { sqlSamples } from '../../db/sql-samples.js';

/**
 * The verifier's SQL (verify.ts): one query per invariant of one business's books, each returning
 * only the offending rows, at most OFFENDING_LIMIT of them, so the verifier never loads the
 * ledger or the stock movements into memory.
 */
type Db = Kysely<DB>;
export type Row = Record<string, unknown>;

export const OFFENDING_LIMIT = 50;
const L = OFFENDING_LIMIT;

// ---- the snapshot and each check's savepoint -------------------------------------------------

export const readOnly = () => sql`set transaction read only`;
export const savepoint = () => sql`savepoint verify_check`;
export const releaseSavepoint = () => sql`release savepoint verify_check`;
export const rollbackToSavepoint = () => sql`rollback to savepoint verify_check`;

export function allBusinesses(db: Db) {
  return db.selectFrom('businesses').select(['id', 'name']).orderBy('id');
}

// ---- ledger and stock ------------------------------------------------------------------------

export function unbalancedVouchers(b: number) {
  return sql<Row>`
    select vl.voucher_id as "voucherId", sum(vl.debit)::text as debit, sum(vl.credit)::text as credit
      from voucher_lines vl where vl.business_id = ${b}
     group by vl.voucher_id having sum(vl.debit) <> sum(vl.credit)
     order by vl.voucher_id limit ${L}`;
}

export function unbalancedLedger(b: number) {
  return sql<Row>`
    select coalesce(sum(debit), 0)::text as debit, coalesce(sum(credit), 0)::text as credit
      from voucher_lines where business_id = ${b}
    having coalesce(sum(debit), 0) <> coalesce(sum(credit), 0)`;
}

/** Every stored amount has the currency's decimals (docs/invoicing.md, "Rounding"). */
export function amountsOffCurrencyDecimals(b: number) {
  return sql<Row>`
    with cur as (select currency_decimals as d from businesses where id = ${b})
    select 'voucher_line' as "table", vl.voucher_id as id, vl.debit::text as debit, vl.credit::text as credit
      from voucher_lines vl, cur
     where vl.business_id = ${b} and (vl.debit <> round(vl.debit, cur.d) or vl.credit <> round(vl.credit, cur.d))
    union all
    select 'invoice', i.id, i.payable::text, i.discount::text
      from invoices i, cur
     where i.business_id = ${b} and (i.payable <> round(i.payable, cur.d) or i.discount <> round(i.discount, cur.d)
        or i.round_price <> round(i.round_price, cur.d) or i.sum_price <> round(i.sum_price, cur.d))
    union all
    select 'invoice_line', il.invoice_id, il.total::text, il.discount::text
      from invoice_lines il, cur
     where il.business_id = ${b} and (il.total <> round(il.total, cur.d) or il.discount <> round(il.discount, cur.d)
        or il.sum_price <> round(il.sum_price, cur.d) or il.net <> round(il.net, cur.d))
    union all
    select 'payment', p.id, p.amount::text, null
      from payments p, cur
     where p.business_id = ${b} and p.amount <> round(p.amount, cur.d)
     limit ${L}`;
}

export function stockBalancesOffMovements(b: number) {
  return sql<Row>`
    with mv as (
      select product_id, warehouse_id, sum(quantity) as q from stock_movements where business_id = ${b} group by product_id, warehouse_id
    )
    select coalesce(sb.product_id, mv.product_id) as "productId", coalesce(sb.warehouse_id, mv.warehouse_id) as "warehouseId",
           coalesce(sb.quantity, 0)::text as "balanceQuantity", coalesce(mv.q, 0)::text as "movementsQuantity"
      from (select * from stock_balances where business_id = ${b}) sb
      full join mv on mv.product_id = sb.product_id and mv.warehouse_id = sb.warehouse_id
     where coalesce(sb.quantity, 0) <> coalesce(mv.q, 0)
     order by 1, 2 limit ${L}`;
}

export function productQuantitiesOffBalances(b: number) {
  return sql<Row>`
    select p.id as "productId", p.code, p.stock_qty::text as "stockQty", coalesce(s.q, 0)::text as "balancesQuantity"
      from products p
      left join (select product_id, sum(quantity) as q from stock_balances where business_id = ${b} group by product_id) s on s.product_id = p.id
     where p.business_id = ${b} and p.stock_qty <> coalesce(s.q, 0)
     order by p.id limit ${L}`;
}

// ---- stock value -----------------------------------------------------------------------------

export function productCountOff(b: number) {
  return sql<Row>`
    select coalesce((select value from counters where business_id = ${b} and name = 'products:count'), 0)::text as "kept",
           (select count(*) from products where business_id = ${b})::text as "actual"
     where coalesce((select value from counters where business_id = ${b} and name = 'products:count'), 0)
           <> (select count(*) from products where business_id = ${b})`;
}

export function productValuesOffMovements(b: number) {
  return sql<Row>`
    select p.id as "productId", p.code, p.stock_value::text as "stockValue", coalesce(s.v, 0)::text as "movementsValue"
      from products p
      left join (select product_id, sum(value) as v from stock_movements where business_id = ${b} group by product_id) s on s.product_id = p.id
     where p.business_id = ${b} and p.stock_value <> coalesce(s.v, 0)
     order by p.id limit ${L}`;
}

export function inventoryAccountOffValuation(b: number) {
  return sql<Row>`
    select l.b::text as "ledgerBalance", s.v::text as "stockValue", (l.b - s.v)::text as difference
      from (select coalesce(sum(vl.debit - vl.credit), 0) as b
              from voucher_lines vl join accounts a on a.business_id = vl.business_id and a.id = vl.account_id and a.role = 'inventory'
             where vl.business_id = ${b}) l,
           (select coalesce(sum(stock_value), 0) as v from products where business_id = ${b}) s
     where l.b <> s.v`;
}

// ---- the replay (issue 18) -------------------------------------------------------------------

/** The live movements (neither reversed nor a reversal or correction) with their corrections folded in: CTEs `corr`, `live`. */
function liveMovements(b: number): RawBuilder<unknown> {
  return sql`
    corr as (
      select corrects_id as id, sum(value) as v from stock_movements where business_id = ${b} and corrects_id is not null group by corrects_id
    ),
    live as (
      select m.id, m.product_id, m.warehouse_id, m.date, m.quantity, m.doc_id, m.value + coalesce(c.v, 0) as value,
             i.invoice_type::int as invoice_type, i.original_invoice_id
        from stock_movements m
        left join corr c on c.id = m.id
        left join invoices i on m.doc_type = 'invoice' and i.business_id = m.business_id and i.id = m.doc_id
       where m.business_id = ${b} and m.reverses_id is null and m.corrects_id is null
         and not exists (select 1 from stock_movements r where r.business_id = m.business_id and r.reverses_id = m.id)
    )`;
}

/**
 * Each live movement's value (with its corrections) must be what the moving average gives at its
 * position from the values before it; by induction the whole history then equals the replay.
 */
export function movementsOffReplay(b: number) {
  return sql<Row>`
    with ${liveMovements(b)},
    run as (
      select l.*, coalesce(sum(l.quantity) over w, 0) as q0, coalesce(sum(l.value) over w, 0) as v0
        from live l
      window w as (partition by l.product_id order by l.date, l.id rows between unbounded preceding and 1 preceding)
    ),
    sold as (
      select doc_id as sale_id, product_id, sum(-quantity) as q, sum(-value) as c from live where invoice_type = 2 group by doc_id, product_id
    ),
    dec as (select currency_decimals::int as d from businesses where id = ${b}),
    due as (
      select r.product_id, r.id, r.date, r.value,
             case when r.quantity < 0 then
                    case when -r.quantity = r.q0 then -r.v0
                         when r.v0 > 0 and r.q0 > 0 then -round(-r.quantity * r.v0 / r.q0, (select d from dec))
                         else 0 end
                  when r.invoice_type = 4 and r.original_invoice_id is not null then
                    case when s.q is null then r.value when s.q = 0 then 0 else round(r.quantity * s.c / s.q, (select d from dec)) end
                  when r.invoice_type = 4 then
                    case when r.q0 > 0 then round(r.quantity * r.v0 / r.q0, (select d from dec)) else 0 end
                  else r.value end as due
        from run r left join sold s on s.sale_id = r.original_invoice_id and s.product_id = r.product_id
    )
    select product_id as "productId", id as "movementId", date::text as date, value::text as "booksValue", due::text as "replayValue", null as "stockValue"
      from due where value <> due
    union all
    select p.id, null, null, coalesce(t.v, 0)::text, null, p.stock_value::text
      from products p left join (select product_id, sum(value) as v, sum(quantity) as q from live group by product_id) t on t.product_id = p.id
     where p.business_id = ${b} and (p.stock_value <> coalesce(t.v, 0) or p.stock_qty <> coalesce(t.q, 0))
     order by 1, 2 limit ${L}`;
}

/** Live stock of a product under stock control below zero at some date, unless the business allows negative stock. */
export function negativeStockDates(b: number) {
  return sql<Row>`
    with ${liveMovements(b)},
    run as (
      select l.product_id, l.warehouse_id, l.id, l.date,
             sum(l.quantity) over (partition by l.product_id, l.warehouse_id order by l.date, l.id) as running
        from live l
    )
    select r.product_id as "productId", r.warehouse_id as "warehouseId", r.id as "movementId", r.date::text as date, r.running::text as running
      from run r
      join products p on p.business_id = ${b} and p.id = r.product_id and p.stock_control
      join businesses bz on bz.id = ${b} and not bz.allow_negative_stock
     where r.running < 0
     order by 1, 2, 3 limit ${L}`;
}

// ---- accounts --------------------------------------------------------------------------------

export function partiesWithoutDetailAccounts(b: number) {
  return sql<Row>`
    select p.id as "partyId", p.code, p.detail_id as "detailId", d.kind as "detailKind"
      from parties p left join detail_accounts d on d.business_id = p.business_id and d.id = p.detail_id
     where p.business_id = ${b} and (d.id is null or d.kind <> 'party')
     order by p.id limit ${L}`;
}

export function partyAccountLinesWithoutParty(b: number) {
  return sql<Row>`
    select vl.voucher_id as "voucherId", vl.line_no as "lineNo", a.code as "accountCode", vl.detail_id as "detailId", d.kind as "detailKind"
      from voucher_lines vl
      join accounts a on a.business_id = vl.business_id and a.id = vl.account_id and a.role in ('receivable', 'payable')
      left join detail_accounts d on d.business_id = vl.business_id and d.id = vl.detail_id
      left join parties p on p.business_id = vl.business_id and p.detail_id = vl.detail_id
     where vl.business_id = ${b} and vl.detail_id is not null and p.id is null
     order by vl.voucher_id, vl.line_no limit ${L}`;
}

export function moneyAccountsWithoutDetailAccounts(b: number) {
  return sql<Row>`
    select 'cash' as kind, c.id, c.detail_id as "detailId", d.kind as "detailKind"
      from cash_registers c left join detail_accounts d on d.business_id = c.business_id and d.id = c.detail_id
     where c.business_id = ${b} and (d.id is null or d.kind <> 'cash')
    union all
    select 'bank', k.id, k.detail_id, d.kind
      from bank_accounts k left join detail_accounts d on d.business_id = k.business_id and d.id = k.detail_id
     where k.business_id = ${b} and (d.id is null or d.kind <> 'bank')
     limit ${L}`;
}

export function reversalsOffOriginals(b: number) {
  return sql<Row>`
    with o as (
      select v.id as reversal_id, v.reverses_id as original_id from vouchers v where v.business_id = ${b} and v.reverses_id is not null
    ),
    diff as (
      select o.reversal_id, o.original_id, vl.account_id, vl.detail_id,
             sum(vl.debit - vl.credit) as d
        from o join voucher_lines vl on vl.business_id = ${b} and vl.voucher_id in (o.original_id, o.reversal_id)
       group by o.reversal_id, o.original_id, vl.account_id, vl.detail_id
    )
    select reversal_id as "voucherId", original_id as "reversesId", account_id as "accountId", detail_id as "detailId", d::text as difference
      from diff where d <> 0 order by reversal_id limit ${L}`;
}

// ---- documents -------------------------------------------------------------------------------

/** The posting documents: each has its own voucher. */
export type PostingTable = 'stock_adjustments' | 'payments' | 'invoices';

/**
 * Posting documents without a voucher of their own: none, a missing one, a reversal, or one
 * shared with another document (a document's voucher is reversed at most once: a unique index).
 */
export function documentsWithoutOwnVoucher(b: number, table: PostingTable) {
  // A proforma (type 5) posts nothing.
  const needs = table === 'invoices' ? sql`d.invoice_type::text <> '5'` : sql`true`;
  const t = sql.table(table);
  return sql<Row>`
    select d.id as "documentId", d.voucher_id as "voucherId",
           case when d.voucher_id is null then 'no voucher'
                when v.id is null then 'voucher missing'
                when v.reverses_id is not null then 'points at a reversal'
                else 'voucher shared with another document' end as problem
      from ${t} d
      left join vouchers v on v.business_id = d.business_id and v.id = d.voucher_id
     where d.business_id = ${b} and ${needs}
       and (d.voucher_id is null or v.id is null or v.reverses_id is not null
            or exists (select 1 from ${t} o where o.business_id = d.business_id and o.voucher_id = d.voucher_id and o.id <> d.id))
     order by d.id limit ${L}`;
}

/** A voided invoice whose voucher or one of whose stock movements has no reversal. */
export function voidedInvoicesNotReversed(b: number) {
  return sql<Row>`
    select i.id as "invoiceId", 'voucher not reversed' as problem, i.voucher_id as "rowId"
      from invoices i
     where i.business_id = ${b} and i.status = 'voided' and i.voucher_id is not null
       and not exists (select 1 from vouchers r where r.business_id = i.business_id and r.reverses_id = i.voucher_id)
    union all
    select i.id, 'movement not reversed', m.id
      from invoices i
      join stock_movements m on m.business_id = i.business_id and m.doc_type = 'invoice' and m.doc_id = i.id and m.reverses_id is null
     where i.business_id = ${b} and i.status = 'voided'
       and not exists (select 1 from stock_movements r where r.business_id = m.business_id and r.reverses_id = m.id)
     order by 1, 3 limit ${L}`;
}

/** Source documents with more than one original (not reversing) voucher. */
export function sourcesWithSeveralVouchers(b: number) {
  return sql<Row>`
    select source_type as "sourceType", source_id as "sourceId", count(*)::int as vouchers, string_agg(id::text, ',' order by id) as "voucherIds"
      from vouchers
     where business_id = ${b} and source_type in ('invoice', 'payment', 'stock_adjustment') and source_id is not null
       and reverses_id is null and kind <> 'void'
     group by source_type, source_id having count(*) > 1
     order by 1, 2 limit ${L}`;
}

// ---- history and references ------------------------------------------------------------------

/** Products, parties and invoices without a single audit entry. */
export function entitiesWithoutHistory(b: number) {
  const audited = [
    { table: 'products', entity: 'product' },
    { table: 'parties', entity: 'party' },
    { table: 'invoices', entity: 'invoice' },
  ];
  const union = audited
    .map((a) => sql`
      select ${a.entity}::text as entity, x.id from ${sql.table(a.table)} x
       where x.business_id = ${b}
         and not exists (select 1 from audit_entries e where e.business_id = ${b} and e.entity = ${a.entity} and e.entity_id = x.id::text)`)
    .reduce((acc, q) => sql`${acc} union all ${q}`);
  return sql<Row>`
    select entity, id as "entityId" from (${union}) g order by entity, id limit ${L}`;
}

/** Where each kind of document lives: `doc_type` of stock movements, `source_type` of vouchers. */
const MOVEMENT_DOCS: Record<string, string> = {
  invoice: 'invoices',
  invoice_void: 'invoices',
  stock_adjustment: 'stock_adjustments',
  opening_reversal: 'stock_adjustments',
  // A value-only re-costing row names the correcting voucher (src/domain/stock/recost.ts).
  recost: 'vouchers',
};
const BASE_VOUCHER_SOURCES: Record<string, string> = {
  invoice: 'invoices',
  invoice_void: 'invoices',
  invoice_void_variance: 'invoices',
  payment: 'payments',
  cheque_event: 'cheque_events',
  fiscal_year_result: 'fiscal_years',
  fiscal_year_close: 'fiscal_years',
  fiscal_year_open: 'fiscal_years',
  stock_adjustment: 'stock_adjustments',
  opening_variance: 'stock_adjustments',
  party: 'parties',
  cash_register: 'cash_registers',
  bank_account: 'bank_accounts',
};
/** A re-costing voucher's source is its cause's, suffixed `_recost`. */
const VOUCHER_SOURCES: Record<string, string> = Object.fromEntries(
  Object.entries({ ...BASE_VOUCHER_SOURCES, opening_reversal: 'stock_adjustments' }).flatMap(([k, t]) => [[k, t], [`${k}_recost`, t]]),
);

/** `(kind, id)` pairs whose document is not in its table (or whose kind is unknown). */
function orphans(b: number, from: RawBuilder<unknown>, kinds: Record<string, string>, kindCol: string, idCol: string) {
  const known = Object.keys(kinds);
  const missing = Object.entries(kinds).map(([kind, table]) => sql`
    (r.${sql.ref(kindCol)} = ${kind} and not exists (select 1 from ${sql.table(table)} d where d.business_id = ${b} and d.id = r.${sql.ref(idCol)}))`);
  const unknown = sql`r.${sql.ref(kindCol)} not in (${sql.join(known)})`;
  return sql<Row>`
    select r.id as "rowId", r.${sql.ref(kindCol)} as "documentType", r.${sql.ref(idCol)} as "documentId",
           case when ${unknown} then 'unknown document type' else 'document missing' end as problem
      from (${from}) r
     where r.${sql.ref(idCol)} is not null and (${unknown} or ${sql.join(missing, sql` or `)})
     order by r.id limit ${L}`;
}

export function movementsWithoutDocuments(b: number) {
  return orphans(b, sql`select id, doc_type, doc_id from stock_movements where business_id = ${b}`, MOVEMENT_DOCS, 'doc_type', 'doc_id');
}

export function vouchersWithoutDocuments(b: number) {
  return orphans(b, sql`select id, source_type, source_id from vouchers where business_id = ${b} and source_type is not null`, VOUCHER_SOURCES, 'source_type', 'source_id');
}

/** Voucher lines, invoice lines, payments and invoices whose voucher, invoice or party is gone; documents with an amount and no lines. */
export function rowsPointingAtNothing(b: number) {
  return sql<Row>`
    select 'voucher_line' as kind, l.voucher_id as "rowId", 'voucher missing' as problem
      from (select distinct voucher_id from voucher_lines where business_id = ${b}) l
     where not exists (select 1 from vouchers v where v.business_id = ${b} and v.id = l.voucher_id)
    union all
    select 'voucher', d.voucher_id, 'no lines for a document with an amount'
      from (select voucher_id from invoices where business_id = ${b} and payable <> 0 and voucher_id is not null
            union all select voucher_id from payments where business_id = ${b} and amount <> 0) d
     where not exists (select 1 from voucher_lines l where l.business_id = ${b} and l.voucher_id = d.voucher_id)
    union all
    select 'invoice_line', l.invoice_id, 'invoice missing'
      from (select distinct invoice_id from invoice_lines where business_id = ${b}) l
     where not exists (select 1 from invoices i where i.business_id = ${b} and i.id = l.invoice_id)
    union all
    select 'payment', p.id, case when v.id is null then 'voucher missing' when p.invoice_id is not null and i.id is null then 'invoice missing' else 'party missing' end
      from payments p
      left join vouchers v on v.business_id = p.business_id and v.id = p.voucher_id
      left join invoices i on i.business_id = p.business_id and i.id = p.invoice_id
      left join parties pa on pa.business_id = p.business_id and pa.id = p.party_id
     where p.business_id = ${b} and (v.id is null or (p.invoice_id is not null and i.id is null) or pa.id is null)
    union all
    select 'invoice', i.id, 'party missing'
      from invoices i where i.business_id = ${b}
       and not exists (select 1 from parties pa where pa.business_id = ${b} and pa.id = i.party_id)
    order by 1, 2 limit ${L}`;
}

/**
 * The three cheque accounts against the cheques (docs/cheques.md): notes receivable = received
 * cheques in hand, in collection = received cheques deposited, notes payable = issued cheques
 * not yet cleared, bounced or cancelled (a credit balance).
 */
export function chequeAccountsOffCheques(b: number) {
  return sql<Row>`
    with led as (
      select a.role, coalesce(sum(l.debit - l.credit), 0) as bal
        from accounts a
        left join voucher_lines l on l.business_id = a.business_id and l.account_id = a.id
       where a.business_id = ${b} and a.role in ('notes_receivable', 'cheques_in_collection', 'notes_payable')
       group by a.role
    ), ch as (
      select case when direction = 'issued' then 'notes_payable' when state = 'inHand' then 'notes_receivable' else 'cheques_in_collection' end as role,
             sum(case when direction = 'issued' then -amount else amount end) as total
        from cheques
       where business_id = ${b} and ((direction = 'received' and state in ('inHand', 'deposited')) or (direction = 'issued' and state = 'issued'))
       group by 1
    )
    select led.role as "role", led.bal::text as "ledgerBalance", coalesce(ch.total, 0)::text as "chequesTotal"
      from led left join ch on ch.role = led.role
     where led.bal <> coalesce(ch.total, 0)
     order by 1 limit ${L}`;
}

/**
 * Each cheque's own vouchers (those of its events: the receipt or payment that recorded it, each
 * step, each revert, the void) leave on the three cheque accounts exactly what its state says:
 * its amount in notes receivable while in hand, in collection while deposited, in notes payable
 * (a credit) while issued, nothing once it has left them.
 */
export function chequesOffTheirVouchers(b: number) {
  return sql<Row>`
    with ev as (
      select distinct cheque_id, voucher_id from cheque_events where business_id = ${b} and voucher_id is not null
    ), mv as (
      select ev.cheque_id,
             sum(case when a.role = 'notes_receivable' then vl.debit - vl.credit else 0 end) as nr,
             sum(case when a.role = 'cheques_in_collection' then vl.debit - vl.credit else 0 end) as cc,
             sum(case when a.role = 'notes_payable' then vl.debit - vl.credit else 0 end) as np
        from ev
        join voucher_lines vl on vl.business_id = ${b} and vl.voucher_id = ev.voucher_id
        join accounts a on a.business_id = ${b} and a.id = vl.account_id
       group by ev.cheque_id
    )
    select c.id as "chequeId", c.direction, c.state, c.amount::text as amount,
           coalesce(mv.nr, 0)::text as "notesReceivable", coalesce(mv.cc, 0)::text as "inCollection", coalesce(mv.np, 0)::text as "notesPayable"
      from cheques c left join mv on mv.cheque_id = c.id
     where c.business_id = ${b}
       and (coalesce(mv.nr, 0) <> case when c.direction = 'received' and c.state = 'inHand' then c.amount else 0 end
         or coalesce(mv.cc, 0) <> case when c.direction = 'received' and c.state = 'deposited' then c.amount else 0 end
         or coalesce(mv.np, 0) <> case when c.direction = 'issued' and c.state = 'issued' then -c.amount else 0 end)
     order by c.id limit ${L}`;
}

/**
 * A closed year has exactly one live closing voucher and one live opening voucher (live: not
 * reversed), an open year none, and the opening voucher is the closing one's mirror, account by
 * account and detail by detail (docs/fiscal-years.md).
 */
export function yearEndVouchersOff(b: number) {
  return sql<Row>`
    with ye as (
      select v.id, v.source_type, v.source_id from vouchers v
       where v.business_id = ${b} and v.source_type in ('fiscal_year_close', 'fiscal_year_open') and v.reverses_id is null
         and not exists (select 1 from vouchers r where r.business_id = ${b} and r.reverses_id = v.id)
    ), counts as (
      select f.id, f.jalali_year, f.closed,
             (select count(*) from ye where ye.source_type = 'fiscal_year_close' and ye.source_id = f.id) as closes,
             (select count(*) from ye where ye.source_type = 'fiscal_year_open' and ye.source_id = f.id) as opens
        from fiscal_years f where f.business_id = ${b}
    ), mirror as (
      select ye.source_id as fiscal_year_id, vl.account_id, vl.detail_id, sum(vl.debit - vl.credit) as diff
        from ye join voucher_lines vl on vl.business_id = ${b} and vl.voucher_id = ye.id
       group by 1, 2, 3 having sum(vl.debit - vl.credit) <> 0
    )
    select 'closing and opening vouchers' as problem, c.jalali_year::text as "year", c.closes::text as "closing", c.opens::text as "opening"
      from counts c
     where (c.closed and (c.closes <> 1 or c.opens <> 1)) or (not c.closed and (c.closes <> 0 or c.opens <> 0))
    union all
    select 'opening differs from closing', f.jalali_year::text, m.account_id::text, m.diff::text
      from mirror m join fiscal_years f on f.business_id = ${b} and f.id = m.fiscal_year_id
     order by 1, 2 limit ${L}`;
}

/** Ids above their sequence and invoice numbers above their type's counter (either would be handed out twice). */
export function documentsBeyondNumbering(b: number) {
  const serial = ['invoices', 'vouchers', 'payments', 'stock_movements', 'stock_adjustments', 'products', 'parties'];
  const ids = serial.map((t) => sql`
    select ${t}::text as "table", (select max(id) from ${sql.table(t)} where business_id = ${b}) as "maxId",
           (select v from seqs where name = ${t}) as "sequence"`);
  // The sequences are read in a CTE of their own: on Citus it runs on the coordinator, whose
  // sequences these are (inside a single-shard query it would run on a worker).
  return sql<Row>`
    with seqs as materialized (
      select t.name, coalesce(s.last_value, 0) as v from unnest(cast(${serial} as text[])) as t(name)
        left join pg_sequences s on s.schemaname = current_schema() and s.sequencename = split_part(pg_get_serial_sequence(t.name, 'id'), '.', 2))
    select "table", null::int as "invoiceType", "maxId"::text as "largest", "sequence"::text as "issued"
      from (${sql.join(ids, sql` union all `)}) x where "maxId" > "sequence"
    union all
    select 'invoices', i.invoice_type, max(i.invoice_no)::text, max(c.value)::text
      from invoices i left join counters c on c.business_id = i.business_id and c.name = 'invoice_no:' || i.invoice_type::text
     where i.business_id = ${b}
     group by i.invoice_type having max(c.value) is null or max(i.invoice_no) > max(c.value)
     limit ${L}`;
}

/**
 * Every table of the schema (all of them, whatever migrations later add): the verifier reads each
 * one whole. A listing, not a check that some table exists.
 */
export function baseTables() {
  return sql<{ t: string }>`
    select table_name as t from information_schema.tables
     where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`;
}

/** Reads every row of a table (a count and a hash of each row); returns no row unless it fails. */
export function tableReadWhole(table: string) {
  return sql<Row>`
    select count(*) as n, sum(hashtext(x::text)::bigint) as h from ${sql.table(table)} x having count(*) < 0`;
}

export const SQL_SAMPLES = sqlSamples({
  readOnly: () => readOnly(),
  savepoint: () => savepoint(),
  releaseSavepoint: () => releaseSavepoint(),
  rollbackToSavepoint: () => rollbackToSavepoint(),
  allBusinesses: (db) => allBusinesses(db),
  unbalancedVouchers: () => unbalancedVouchers(1),
  unbalancedLedger: () => unbalancedLedger(1),
  amountsOffCurrencyDecimals: () => amountsOffCurrencyDecimals(1),
  stockBalancesOffMovements: () => stockBalancesOffMovements(1),
  productQuantitiesOffBalances: () => productQuantitiesOffBalances(1),
  productCountOff: () => productCountOff(1),
  productValuesOffMovements: () => productValuesOffMovements(1),
  inventoryAccountOffValuation: () => inventoryAccountOffValuation(1),
  movementsOffReplay: () => movementsOffReplay(1),
  negativeStockDates: () => negativeStockDates(1),
  partiesWithoutDetailAccounts: () => partiesWithoutDetailAccounts(1),
  partyAccountLinesWithoutParty: () => partyAccountLinesWithoutParty(1),
  moneyAccountsWithoutDetailAccounts: () => moneyAccountsWithoutDetailAccounts(1),
  reversalsOffOriginals: () => reversalsOffOriginals(1),
  documentsWithoutOwnVoucher: () => documentsWithoutOwnVoucher(1, 'invoices'),
  voidedInvoicesNotReversed: () => voidedInvoicesNotReversed(1),
  sourcesWithSeveralVouchers: () => sourcesWithSeveralVouchers(1),
  entitiesWithoutHistory: () => entitiesWithoutHistory(1),
  movementsWithoutDocuments: () => movementsWithoutDocuments(1),
  vouchersWithoutDocuments: () => vouchersWithoutDocuments(1),
  rowsPointingAtNothing: () => rowsPointingAtNothing(1),
  documentsBeyondNumbering: () => documentsBeyondNumbering(1),
  chequeAccountsOffCheques: () => chequeAccountsOffCheques(1),
  yearEndVouchersOff: () => yearEndVouchersOff(1),
  chequesOffTheirVouchers: () => chequesOffTheirVouchers(1),
  baseTables: () => baseTables(),
  tableReadWhole: () => tableReadWhole('products'),
});
