import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Database } from '../../../src/db/connection.js';
import { transact } from '../../../src/db/transact.js';
import type { Actor, Role } from '../../../src/domain/context.js';
import { getInvoice, postInvoice, voidInvoice } from '../../../src/domain/invoicing/index.js';
import type { Invoice, InvoiceInput, InvoiceLineInput } from '../../../src/domain/invoicing/index.js';
import { createParty } from '../../../src/domain/parties/parties.js';
import { createWarehouse } from '../../../src/domain/stock/warehouses.js';
import { normalizeText } from '../../../src/domain/shared/text.js';
import { Dec } from '../../../src/domain/shared/money.js';
import { snapshotCounts } from '../../helpers/app.js';

/** Test fixtures for invoicing: products inserted as rows (explicit ids where a test needs the
 * seed's ids 101/102), parties and warehouses through their domain functions. */
export function actorFor(businessId: number, userId: number, role: Role = 'admin'): Actor {
  return { businessId, userId, role, surface: 'system' };
}

let seq = 0;
export async function addProduct(
  database: Database,
  businessId: number,
  p: { id?: number; name?: string; kind?: 'goods' | 'service'; vatRate?: string | null; stockControl?: boolean } = {},
): Promise<number> {
  seq++;
  const name = p.name ?? `کالای آزمایشی ${seq}`;
  const code = `T${seq}-${p.id ?? 'x'}-${Math.random().toString(36).slice(2, 8)}`;
  const cols = {
    business_id: businessId,
    code,
    code_key: code.toLowerCase(),
    name,
    name_norm: normalizeText(name),
    kind: p.kind ?? 'goods',
    vat_rate: p.vatRate ?? null,
    stock_control: p.stockControl ?? true,
  };
  const r = await database.db
    .insertInto('products')
    .values(p.id === undefined ? cols : { ...cols, id: p.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function addParty(database: Database, actor: Actor, lastName = 'مشتری آزمایشی'): Promise<{ id: number; detailId: number }> {
  const p = await transact(database.db, (tx) => createParty(tx, actor, { firstName: 'علی', lastName }));
  return { id: p.id, detailId: p.detailId };
}

export async function addWarehouse(database: Database, actor: Actor, code: number): Promise<number> {
  const w = await transact(database.db, (tx) => createWarehouse(tx, actor, { name: `انبار ${code}`, code }));
  return w.id;
}

export const D = (v: string | number) => new Dec(v);

export function goods(productId: number, quantity: string | number, price: string | number, more: Partial<InvoiceLineInput> = {}): InvoiceLineInput {
  return { productId, kind: 'goods', quantity: D(quantity), unitPrice: D(price), vatRate: D(0), ...more };
}

/**
 * Posts through the domain and checks the invoice postInvoice returns (built from what it
 * wrote, not re-read) is exactly the one getInvoice reads back.
 */
export async function post(database: Database, actor: Actor, input: InvoiceInput): Promise<Invoice> {
  const posted = await transact(database.db, (tx) => postInvoice(tx, actor, input));
  assert.deepEqual(posted, await getInvoice(database.db, actor, posted.id), 'posted invoice = read back');
  // The number, claimed inside the write statement, reaches the history entry and the voucher.
  const audit = await database.db
    .selectFrom('audit_entries')
    .select('after')
    .where('business_id', '=', actor.businessId)
    .where('entity', '=', 'invoice')
    .where('entity_id', '=', String(posted.id))
    .executeTakeFirstOrThrow();
  const after = (typeof audit.after === 'string' ? JSON.parse(audit.after) : audit.after) as { number: number; cogs: string };
  assert.equal(after.number, posted.number);
  assert.equal(after.cogs, posted.cogs);
  if (posted.voucherId !== null) {
    const v = await database.db.selectFrom('vouchers').select('description').where('business_id', '=', actor.businessId).where('id', '=', posted.voucherId).executeTakeFirstOrThrow();
    assert.ok(v.description.endsWith(` شماره ${posted.number}`), v.description);
  }
  return posted;
}

export function voidIt(database: Database, actor: Actor, id: number): Promise<Invoice> {
  return transact(database.db, (tx) => voidInvoice(tx, actor, id));
}

/** Every table's row count, invoices included ("nothing written"). */
export async function snapshot(database: Database): Promise<Record<string, number>> {
  const base = await snapshotCounts(database);
  for (const t of ['invoices', 'invoice_lines', 'counters', 'fiscal_years', 'detail_accounts']) {
    const r = await sql<{ n: string }>`select count(*)::text as n from ${sql.table(t)}`.execute(database.db);
    base[t] = Number(r.rows[0].n);
  }
  const v = await sql<{ n: string }>`select count(*)::text as n from invoices where status = 'voided'`.execute(database.db);
  base['invoices_voided'] = Number(v.rows[0].n);
  return base;
}

/** Trial balance, the inventory account and the valuation it must equal. */
export async function ledger(database: Database, businessId: number): Promise<{ trial: string; inventory: string; valuation: string }> {
  const r = await sql<{ trial: string; inventory: string; valuation: string }>`
    select (select coalesce(sum(debit - credit), 0) from voucher_lines where business_id = ${businessId})::text as trial,
           (select coalesce(sum(l.debit - l.credit), 0) from voucher_lines l
              join accounts a on a.business_id = l.business_id and a.id = l.account_id
             where l.business_id = ${businessId} and a.role = 'inventory')::text as inventory,
           (select coalesce(sum(stock_value), 0) from products where business_id = ${businessId})::text as valuation`.execute(database.db);
  const n = (v: string) => new Dec(v).toFixed();
  return { trial: n(r.rows[0].trial), inventory: n(r.rows[0].inventory), valuation: n(r.rows[0].valuation) };
}

/** Balance (debit − credit) of the account bound to `role`, optionally for one detail account. */
export async function roleBalance(database: Database, businessId: number, role: string, detailId?: number): Promise<string> {
  const r = await sql<{ b: string }>`
    select coalesce(sum(l.debit - l.credit), 0)::text as b from voucher_lines l
      join accounts a on a.business_id = l.business_id and a.id = l.account_id
     where l.business_id = ${businessId} and a.role = ${role}
       and (${detailId ?? null}::bigint is null or l.detail_id = ${detailId ?? null}::bigint)`.execute(database.db);
  return new Dec(r.rows[0].b).toFixed();
}

/** Lines of one voucher as "role:debit-credit" strings, sorted, for exact comparison. */
export async function voucherByRole(database: Database, businessId: number, voucherId: number): Promise<Record<string, string>> {
  const r = await sql<{ role: string | null; code: string; amount: string }>`
    select a.role, a.code, sum(l.debit - l.credit)::text as amount from voucher_lines l
      join accounts a on a.business_id = l.business_id and a.id = l.account_id
     where l.business_id = ${businessId} and l.voucher_id = ${voucherId}
     group by a.role, a.code`.execute(database.db);
  const out: Record<string, string> = {};
  for (const row of r.rows) out[row.role ?? row.code] = new Dec(row.amount).toFixed();
  return out;
}

export async function stockOf(database: Database, businessId: number, productId: number): Promise<{ qty: string; value: string }> {
  const p = await database.db
    .selectFrom('products')
    .select(['stock_qty', 'stock_value'])
    .where('business_id', '=', businessId)
    .where('id', '=', productId)
    .executeTakeFirstOrThrow();
  return { qty: new Dec(p.stock_qty).toFixed(), value: new Dec(p.stock_value).toFixed() };
}

export async function balanceIn(database: Database, businessId: number, productId: number, warehouseId: number): Promise<string> {
  const b = await database.db
    .selectFrom('stock_balances')
    .select('quantity')
    .where('business_id', '=', businessId)
    .where('product_id', '=', productId)
    .where('warehouse_id', '=', warehouseId)
    .executeTakeFirst();
  return new Dec(b?.quantity ?? 0).toFixed();
}
