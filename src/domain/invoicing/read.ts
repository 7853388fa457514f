import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { Dec } from '../shared/money.js';
import { INVOICE_TYPE_CODE, invoiceTypeOfCode, type Invoice, type InvoiceFilter, type InvoiceLine, type InvoiceStatus } from './types.js';
import type { Actor } from '../context.js';
import { allows, authorize, invoicePermission } from '../auth/permissions.js';

type Db = Kysely<DB>;

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

const num = (v: string | number) => new Dec(v).toFixed();
const numOrNull = (v: string | number | null) => (v === null ? null : new Dec(v).toFixed());

function headerQuery(db: Db, businessId: number) {
  return db
    .selectFrom('invoices as i')
    .innerJoin('parties as p', (j) => j.onRef('p.business_id', '=', 'i.business_id').onRef('p.id', '=', 'i.party_id'))
    .selectAll('i')
    .select('p.full_name as party_name')
    .where('i.business_id', '=', businessId);
}

type HeaderRow = Awaited<ReturnType<ReturnType<typeof headerQuery>['executeTakeFirstOrThrow']>>;

async function linesOf(db: Db, businessId: number, invoiceIds: number[]): Promise<Map<number, InvoiceLine[]>> {
  const out = new Map<number, InvoiceLine[]>();
  if (invoiceIds.length === 0) return out;
  const rows = await db
    .selectFrom('invoice_lines as l')
    .innerJoin('products as pr', (j) => j.onRef('pr.business_id', '=', 'l.business_id').onRef('pr.id', '=', 'l.product_id'))
    .leftJoin('warehouses as w', (j) => j.onRef('w.business_id', '=', 'l.business_id').onRef('w.id', '=', 'l.warehouse_id'))
    .selectAll('l')
    .select(['pr.code as product_code', 'pr.name as product_name', 'w.code as warehouse_code'])
    .where('l.business_id', '=', businessId)
    .where('l.invoice_id', 'in', invoiceIds)
    .orderBy('l.invoice_id')
    .orderBy('l.line_no')
    .execute();
  for (const r of rows) {
    const id = Number(r.invoice_id);
    if (!out.has(id)) out.set(id, []);
    out.get(id)!.push({
      lineNo: r.line_no,
      kind: Number(r.item_type) === 0 ? 'goods' : 'service',
      productId: Number(r.product_id),
      productCode: r.product_code,
      productName: r.product_name,
      warehouse: r.warehouse_id === null || r.warehouse_code === null ? null : { id: Number(r.warehouse_id), code: Number(r.warehouse_code) },
      quantity: num(r.quantity),
      firstUnitQuantity: numOrNull(r.first_unit_quantity),
      secondUnitQuantity: numOrNull(r.second_unit_quantity),
      quantityText: r.quantity_str,
      unitPrice: num(r.price),
      amount: num(r.sum_price),
      discount: num(r.discount),
      net: num(r.net),
      vatRate: num(r.tax_perc),
      vat: num(r.tax),
      levyRate: num(r.fee_perc),
      levy: num(r.fee),
      total: num(r.total),
      unitCost: numOrNull(r.unit_cost),
      cost: numOrNull(r.cost),
      description: r.info,
    });
  }
  return out;
}

function toInvoice(r: HeaderRow, lines: InvoiceLine[]): Invoice {
  return {
    id: Number(r.id),
    type: invoiceTypeOfCode(Number(r.invoice_type)),
    number: Number(r.invoice_no),
    partyId: Number(r.party_id),
    partyName: r.party_name,
    date: String(r.date).slice(0, 10),
    time: r.time,
    description: r.info,
    userId: r.user_id === null ? null : Number(r.user_id),
    discount: num(r.discount),
    lineDiscount: num(r.discount_item),
    serviceChargeRate: num(r.service_perc),
    rounding: num(r.round_price),
    subtotal: num(r.sum_price),
    lineDiscounts: num(r.sum_discount),
    net: num(r.sum_net),
    vat: num(r.sum_tax),
    levy: num(r.sum_fee),
    serviceCharge: num(r.service_charge),
    freight: num(r.freight),
    payable: num(r.payable),
    cogs: num(r.cogs),
    status: r.status as InvoiceStatus,
    voucherId: r.voucher_id === null ? null : Number(r.voucher_id),
    voidVoucherId: r.void_voucher_id === null ? null : Number(r.void_voucher_id),
    originalInvoiceId: r.original_invoice_id === null ? null : Number(r.original_invoice_id),
    reference: r.reference,
    tag: r.tag,
    dueDate: r.due_date === null ? null : String(r.due_date).slice(0, 10),
    createdAt: new Date(r.created_at).toISOString(),
    lines,
  };
}

export async function getInvoice(db: Db, actor: Actor, id: number): Promise<Invoice | null> {
  const businessId = actor.businessId;
  const r = await headerQuery(db, businessId).where('i.id', '=', id).executeTakeFirst();
  if (!r) return null;
  authorize(actor, invoicePermission(Number(r.invoice_type), 'read'));
  const lines = await linesOf(db, businessId, [id]);
  return toInvoice(r, lines.get(id) ?? []);
}

/** A clerk lists sale invoices only: no type means sales, another type is refused. */
function salesOnlyFor(actor: Actor, filter: InvoiceFilter): InvoiceFilter {
  if (allows(actor.role, 'invoice.read')) return filter;
  authorize(actor, invoicePermission(INVOICE_TYPE_CODE[filter.type ?? 'sale'], 'read'));
  return { ...filter, type: 'sale' };
}

/** Invoices newest first (date, then id), with their lines. */
export async function listInvoices(db: Db, actor: Actor, filter: InvoiceFilter = {}): Promise<{ total: number; items: Invoice[] }> {
  const businessId = actor.businessId;
  filter = salesOnlyFor(actor, filter);
  let q = headerQuery(db, businessId);
  if (filter.type !== undefined) q = q.where('i.invoice_type', '=', INVOICE_TYPE_CODE[filter.type]);
  if (filter.partyId !== undefined) q = q.where('i.party_id', '=', filter.partyId);
  if (filter.fromDate !== undefined) q = q.where('i.date', '>=', filter.fromDate);
  if (filter.toDate !== undefined) q = q.where('i.date', '<=', filter.toDate);
  if (filter.status !== undefined) q = q.where('i.status', '=', filter.status);
  if (filter.number !== undefined) q = q.where('i.invoice_no', '=', filter.number);
  if (filter.reference !== undefined) q = q.where('i.reference', '=', filter.reference);
  if (filter.ids !== undefined) q = filter.ids.length ? q.where('i.id', 'in', filter.ids) : q.where(sql<boolean>`false`);
  const count = await q
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const limit = Math.min(Math.max(filter.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT);
  const offset = Math.max(filter.offset ?? 0, 0);
  const rows = await q.orderBy('i.date', 'desc').orderBy('i.id', 'desc').limit(limit).offset(offset).execute();
  const lines = await linesOf(db, businessId, rows.map((r) => Number(r.id)));
  return { total: Number(count.n), items: rows.map((r) => toInvoice(r, lines.get(Number(r.id)) ?? [])) };
}
