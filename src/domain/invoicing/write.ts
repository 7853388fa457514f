import { sql, type RawBuilder } from 'kysely';
import type { Actor, Tx } from '../context.js';
import { auditInsert } from '../audit/audit.js';
import { recordChange } from '../changes/changes.js';
import { fail } from '../errors.js';
import type { VoucherBuilder } from '../ledger/voucher.js';
import { voucherCtes } from '../ledger/voucher.js';
import { claimInvoiceNumber } from './numbering.js';
import { relabel } from './stock-lines.js';
import type { StockPlan } from './stock-plan.js';
import { INVOICE_TYPE_CODE, type Invoice, type InvoiceLine } from './types.js';
import { INVOICE_TYPE_FA, typeSlots } from './words.js';

// Migration 0280: a number is unique among the posted invoices of its type (a voided one keeps its own).
const INVOICE_NO_KEY = 'invoices_posted_number';

/** What writeInvoice writes: the drafted invoice, its stock plan and (unless a proforma) its voucher. */
export interface InvoiceWrite {
  invoice: Invoice;
  /** the number the client chose; absent = claim the next one */
  wantedNumber?: number;
  stock: Pick<StockPlan, 'ctes' | 'recost' | 'index'>;
  voucher: { id: number; fiscalYearId: number; lines: VoucherBuilder } | null;
}

/** The claimed number, a parameter of the write statement (Citus refuses a subquery inside an INSERT). */
const numberSql = (n: number) => sql<number>`cast(${n} as bigint)`;

/** One stored line's columns (the figures are already as stored). */
function lineColumns(businessId: number, invoiceId: number, l: InvoiceLine) {
  return {
    business_id: businessId,
    invoice_id: invoiceId,
    line_no: l.lineNo,
    item_type: l.kind === 'goods' ? 0 : 1,
    product_id: l.productId,
    warehouse_id: l.warehouse?.id ?? null,
    quantity: l.quantity,
    first_unit_quantity: l.firstUnitQuantity,
    second_unit_quantity: l.secondUnitQuantity,
    quantity_str: l.quantityText,
    price: l.unitPrice,
    sum_price: l.amount,
    discount: l.discount,
    net: l.net,
    tax_perc: l.vatRate,
    tax: l.vat,
    fee_perc: l.levyRate,
    fee: l.levy,
    total: l.total,
    unit_cost: l.unitCost,
    cost: l.cost,
    info: l.description,
  };
}

function headerInsert(tx: Tx, actor: Actor, inv: Invoice, no: number) {
  return tx.insertInto('invoices').values({
    business_id: actor.businessId,
    id: inv.id,
    invoice_type: INVOICE_TYPE_CODE[inv.type],
    invoice_no: numberSql(no),
    party_id: inv.partyId,
    date: inv.date,
    time: inv.time,
    info: inv.description,
    user_id: inv.userId,
    discount: inv.discount,
    discount_item: inv.lineDiscount,
    service_perc: inv.serviceChargeRate,
    round_price: inv.rounding,
    sum_price: inv.subtotal,
    sum_discount: inv.lineDiscounts,
    sum_net: inv.net,
    sum_tax: inv.vat,
    sum_fee: inv.levy,
    service_charge: inv.serviceCharge,
    payable: inv.payable,
    cogs: inv.cogs,
    voucher_id: inv.voucherId,
    original_invoice_id: inv.originalInvoiceId,
    created_by: actor.userId,
    freight: inv.freight,
    reference: inv.reference,
    tag: inv.tag,
    due_date: inv.dueDate,
  });
}

/** The history entry: the invoice's essentials, its number filled in by the statement. */
function auditCte(tx: Tx, actor: Actor, inv: Invoice, no: number) {
  const after = {
    type: inv.type,
    number: 0,
    partyId: inv.partyId,
    date: inv.date,
    payable: inv.payable,
    cogs: inv.cogs,
    voucherId: inv.voucherId,
    originalInvoiceId: inv.originalInvoiceId,
    lines: inv.lines.map((l) => ({ productId: l.productId, warehouseId: l.warehouse?.id ?? null, quantity: l.quantity, unitPrice: l.unitPrice, total: l.total })),
  };
  const expr = sql<string>`jsonb_set(cast(${JSON.stringify(after)} as jsonb), '{number}', to_jsonb(${numberSql(no)}))`;
  return auditInsert(tx, actor, { action: 'create', entity: 'invoice', entityId: inv.id }, expr);
}

/**
 * Step 6 of posting: the invoice number claimed in a statement of its own (the number counter —
 * the one row every posting of the type shares — is locked from there to the commit), then ONE
 * statement whose data-modifying CTEs insert the movements, balances, product totals, voucher,
 * header, lines and the audit entry; then a back-dated invoice re-costs its products' later movements.
 * Returns the invoice with its number and creation time.
 */
export async function writeInvoice(tx: Tx, actor: Actor, w: InvoiceWrite): Promise<Invoice> {
  const inv = w.invoice;
  const no = await claimInvoiceNumber(tx, actor.businessId, INVOICE_TYPE_CODE[inv.type], w.wantedNumber);
  const ctes: RawBuilder<unknown>[] = [];
  if (w.stock.ctes) ctes.push(w.stock.ctes);
  if (w.voucher) {
    const description = sql<string>`cast(${`فاکتور ${INVOICE_TYPE_FA[inv.type]} شماره `} as text) || ${numberSql(no)}`;
    ctes.push(voucherCtes(tx, actor, { ...w.voucher, date: inv.date, kind: 'invoice', description, sourceType: 'invoice', sourceId: inv.id }));
  }
  ctes.push(sql`invoice_head as (${headerInsert(tx, actor, inv, no).returning('created_at')})`);
  ctes.push(sql`invoice_body as (${tx.insertInto('invoice_lines').values(inv.lines.map((l) => lineColumns(actor.businessId, inv.id, l)))})`);
  ctes.push(sql`invoice_audit as (${auditCte(tx, actor, inv, no)})`);
  let written;
  try {
    written = await sql<{ number: string | number; created_at: Date | string }>`
      with ${sql.join(ctes)}
      select ${numberSql(no)} as number, (select created_at from invoice_head) as created_at`.execute(tx);
  } catch (err) {
    const e = err as { code?: string; constraint?: string };
    if (w.wantedNumber !== undefined && e?.code === '23505' && e.constraint === INVOICE_NO_KEY) {
      throw fail.with('INVOICE_NUMBER_TAKEN', { field: 'number', value: w.wantedNumber, ...typeSlots(inv.type) });
    }
    throw err;
  }
  if (w.stock.recost) {
    // A back-dated document: later movements of its products are re-costed (and checked).
    try {
      await w.stock.recost();
    } catch (err) {
      throw relabel(err, w.stock.index);
    }
  }
  // The change feed (changes/changes.ts): written with the transaction's last statement.
  await recordChange(tx, actor, { objectType: 'Invoice', objectId: inv.id, kind: 'create' });
  return { ...inv, number: Number(written.rows[0].number), createdAt: new Date(written.rows[0].created_at).toISOString() };
}
