import { sql, type RawBuilder } from 'kysely';
import { columnExists, tableExists, type ReadDb } from './query.js';
import { authorize } from '../auth/permissions.js';
import type { Actor } from '../context.js';

/** The result of one invariant check; `offending` holds at most OFFENDING_LIMIT rows. */
export interface Check {
  name: string;
  description: string;
  ok: boolean;
  /** true when the check could not run yet (its tables do not exist at this stage). */
  skipped?: boolean;
  offending: Record<string, unknown>[];
}

export interface Verification {
  businessId: number;
  ok: boolean;
  checks: Check[];
}

export const OFFENDING_LIMIT = 50;

type Row = Record<string, unknown>;

async function rows(db: ReadDb, q: RawBuilder<Row>): Promise<Row[]> {
  return (await q.execute(db)).rows;
}

function check(name: string, description: string, offending: Row[]): Check {
  return { name, description, ok: offending.length === 0, offending };
}

function skipped(name: string, description: string): Check {
  return { name, description, ok: true, skipped: true, offending: [] };
}

/**
 * Checks every invariant of the books of one business (accounting.md "Ledger", "Stock and
 * cost"). Each check is one SQL statement that returns only the offending rows (capped), so the
 * verifier never loads the ledger or the stock movements into memory. Checks whose tables do not
 * exist yet are reported as skipped. Run it inside one repeatable-read transaction for a
 * consistent snapshot (verifyBooks does).
 */
export async function verifyBusiness(db: ReadDb, businessId: number): Promise<Verification> {
  const b = businessId;
  const L = OFFENDING_LIMIT;
  const checks: Check[] = [];

  checks.push(check('vouchers_balance', 'هر سند حسابداری تراز است (جمع بدهکار = جمع بستانکار)', await rows(db, sql`
    select vl.voucher_id as "voucherId", sum(vl.debit)::text as debit, sum(vl.credit)::text as credit
      from voucher_lines vl where vl.business_id = ${b}
     group by vl.voucher_id having sum(vl.debit) <> sum(vl.credit)
     order by vl.voucher_id limit ${L}`)));

  checks.push(check('trial_balance_zero', 'تراز آزمایشی صفر است (جمع کل بدهکار = جمع کل بستانکار)', await rows(db, sql`
    select coalesce(sum(debit), 0)::text as debit, coalesce(sum(credit), 0)::text as credit
      from voucher_lines where business_id = ${b}
    having coalesce(sum(debit), 0) <> coalesce(sum(credit), 0)`)));

  checks.push(check('stock_balance_equals_movements', 'موجودی هر کالا در هر انبار = جمع گردش‌های آن', await rows(db, sql`
    with mv as (
      select product_id, warehouse_id, sum(quantity) as q from stock_movements where business_id = ${b} group by product_id, warehouse_id
    )
    select coalesce(sb.product_id, mv.product_id) as "productId", coalesce(sb.warehouse_id, mv.warehouse_id) as "warehouseId",
           coalesce(sb.quantity, 0)::text as "balanceQuantity", coalesce(mv.q, 0)::text as "movementsQuantity"
      from (select * from stock_balances where business_id = ${b}) sb
      full join mv on mv.product_id = sb.product_id and mv.warehouse_id = sb.warehouse_id
     where coalesce(sb.quantity, 0) <> coalesce(mv.q, 0)
     order by 1, 2 limit ${L}`)));

  checks.push(check('product_quantity_equals_balances', 'موجودی کل هر کالا = جمع موجودی انبارها', await rows(db, sql`
    select p.id as "productId", p.code, p.stock_qty::text as "stockQty", coalesce(s.q, 0)::text as "balancesQuantity"
      from products p
      left join (select product_id, sum(quantity) as q from stock_balances where business_id = ${b} group by product_id) s on s.product_id = p.id
     where p.business_id = ${b} and p.stock_qty <> coalesce(s.q, 0)
     order by p.id limit ${L}`)));

  checks.push(check('product_count_kept', 'شمار کالاهای نگه‌داشته‌شده = شمار واقعی کالاها', await rows(db, sql`
    select coalesce((select value from counters where business_id = ${b} and name = 'products:count'), 0)::text as "kept",
           (select count(*) from products where business_id = ${b})::text as "actual"
     where coalesce((select value from counters where business_id = ${b} and name = 'products:count'), 0)
           <> (select count(*) from products where business_id = ${b})`)));

  checks.push(check('product_value_equals_movements', 'ارزش موجودی هر کالا = جمع مبلغ گردش‌های آن', await rows(db, sql`
    select p.id as "productId", p.code, p.stock_value::text as "stockValue", coalesce(s.v, 0)::text as "movementsValue"
      from products p
      left join (select product_id, sum(value) as v from stock_movements where business_id = ${b} group by product_id) s on s.product_id = p.id
     where p.business_id = ${b} and p.stock_value <> coalesce(s.v, 0)
     order by p.id limit ${L}`)));

  checks.push(check('inventory_account_equals_valuation', 'مانده حساب موجودی کالا = ارزش موجودی کالاها', await rows(db, sql`
    select l.b::text as "ledgerBalance", s.v::text as "stockValue", (l.b - s.v)::text as difference
      from (select coalesce(sum(vl.debit - vl.credit), 0) as b
              from voucher_lines vl join accounts a on a.business_id = vl.business_id and a.id = vl.account_id and a.role = 'inventory'
             where vl.business_id = ${b}) l,
           (select coalesce(sum(stock_value), 0) as v from products where business_id = ${b}) s
     where l.b <> s.v`)));

  checks.push(check('parties_have_detail_accounts', 'هر شخص یک حساب تفصیلی از نوع شخص دارد', await rows(db, sql`
    select p.id as "partyId", p.code, p.detail_id as "detailId", d.kind as "detailKind"
      from parties p left join detail_accounts d on d.business_id = p.business_id and d.id = p.detail_id
     where p.business_id = ${b} and (d.id is null or d.kind <> 'party')
     order by p.id limit ${L}`)));

  checks.push(check('party_accounts_use_party_details', 'تفصیلی ردیف‌های حساب‌های دریافتنی و پرداختنی همیشه یک شخص است', await rows(db, sql`
    select vl.voucher_id as "voucherId", vl.line_no as "lineNo", a.code as "accountCode", vl.detail_id as "detailId", d.kind as "detailKind"
      from voucher_lines vl
      join accounts a on a.business_id = vl.business_id and a.id = vl.account_id and a.role in ('receivable', 'payable')
      left join detail_accounts d on d.business_id = vl.business_id and d.id = vl.detail_id
      left join parties p on p.business_id = vl.business_id and p.detail_id = vl.detail_id
     where vl.business_id = ${b} and vl.detail_id is not null and p.id is null
     order by vl.voucher_id, vl.line_no limit ${L}`)));

  checks.push(check('money_accounts_have_detail_accounts', 'هر صندوق و حساب بانکی یک حساب تفصیلی از نوع خود دارد', await rows(db, sql`
    select 'cash' as kind, c.id, c.detail_id as "detailId", d.kind as "detailKind"
      from cash_registers c left join detail_accounts d on d.business_id = c.business_id and d.id = c.detail_id
     where c.business_id = ${b} and (d.id is null or d.kind <> 'cash')
    union all
    select 'bank', k.id, k.detail_id, d.kind
      from bank_accounts k left join detail_accounts d on d.business_id = k.business_id and d.id = k.detail_id
     where k.business_id = ${b} and (d.id is null or d.kind <> 'bank')
     limit ${L}`)));

  checks.push(check('reversals_mirror_originals', 'هر سند برگشتی دقیقاً قرینه سند اصلی است', await rows(db, sql`
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
      from diff where d <> 0 order by reversal_id limit ${L}`)));

  // Posting documents: each has its voucher (voucher_id), no two documents share one, and a
  // document's voucher is reversed at most once (the unique index also guarantees that).
  for (const doc of [
    { table: 'stock_adjustments', fa: 'تعدیل موجودی', needsVoucher: sql`true` },
    { table: 'payments', fa: 'دریافت و پرداخت', needsVoucher: sql`true` },
    { table: 'invoices', fa: 'فاکتور', needsVoucher: sql`true` },
  ]) {
    const name = `${doc.table}_have_one_voucher`;
    const description = `هر ${doc.fa} سند حسابداری خود را دارد که با مدرک دیگری مشترک نیست`;
    if (!(await tableExists(db, doc.table)) || !(await columnExists(db, doc.table, 'voucher_id'))) {
      checks.push(skipped(name, description));
      continue;
    }
    let needs = doc.needsVoucher;
    if (doc.table === 'invoices' && (await columnExists(db, 'invoices', 'invoice_type'))) {
      // A proforma (type 5) posts nothing.
      needs = sql`d.invoice_type::text <> '5'`;
    }
    const t = sql.table(doc.table);
    checks.push(check(name, description, await rows(db, sql`
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
       order by d.id limit ${L}`)));
  }

  // A voided invoice: its voucher and each of its stock movements have their reversal.
  const voidName = 'voided_invoices_reversed';
  const voidDescription = 'هر فاکتور باطل‌شده سند حسابداری و گردش‌های کالای برگشتی دارد';
  if ((await tableExists(db, 'invoices')) && (await columnExists(db, 'invoices', 'status'))) {
    checks.push(check(voidName, voidDescription, await rows(db, sql`
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
       order by 1, 3 limit ${L}`)));
  } else checks.push(skipped(voidName, voidDescription));

  // Vouchers that name a source document: one original per document.
  checks.push(check('one_voucher_per_source', 'هر مدرک منبع حداکثر یک سند حسابداری اصلی (غیربرگشتی) دارد', await rows(db, sql`
    select source_type as "sourceType", source_id as "sourceId", count(*)::int as vouchers, string_agg(id::text, ',' order by id) as "voucherIds"
      from vouchers
     where business_id = ${b} and source_type in ('invoice', 'payment', 'stock_adjustment') and source_id is not null
       and reverses_id is null and kind <> 'void'
     group by source_type, source_id having count(*) > 1
     order by 1, 2 limit ${L}`)));

  // History: every product, party (and invoice, when they exist) has at least one audit entry.
  const audited: { table: string; entity: string }[] = [
    { table: 'products', entity: 'product' },
    { table: 'parties', entity: 'party' },
  ];
  if (await tableExists(db, 'invoices')) audited.push({ table: 'invoices', entity: 'invoice' });
  const union = audited
    .map((a) => sql`
      select ${a.entity}::text as entity, x.id from ${sql.table(a.table)} x
       where x.business_id = ${b}
         and not exists (select 1 from audit_entries e where e.business_id = ${b} and e.entity = ${a.entity} and e.entity_id = x.id::text)`)
    .reduce((acc, q) => sql`${acc} union all ${q}`);
  checks.push(check('history_has_no_gap', 'هر کالا، شخص و فاکتور دست‌کم یک رکورد تاریخچه دارد', await rows(db, sql`
    select entity, id as "entityId" from (${union}) g order by entity, id limit ${L}`)));

  return { businessId, ok: checks.every((c) => c.ok), checks };
}

/** Verifies one business in a read-only, repeatable-read snapshot (a consistent picture). */
export async function verifyBooks(db: ReadDb, actor: Actor): Promise<Verification> {
  authorize(actor, 'report.financial.read');
  const businessId = actor.businessId;
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      await sql`set transaction read only`.execute(tx);
      return verifyBusiness(tx, businessId);
    });
}

/** Every business in the database, for the CLI. */
export async function allBusinesses(db: ReadDb): Promise<{ id: number; name: string }[]> {
  const r = await db.selectFrom('businesses').select(['id', 'name']).orderBy('id').execute();
  return r.map((x) => ({ id: Number(x.id), name: x.name }));
}
