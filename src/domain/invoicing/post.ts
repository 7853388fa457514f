import { sql, type RawBuilder } from 'kysely';
import type { Actor, Tx } from '../context.js';
import { auditInsert } from '../audit/audit.js';
import { DomainError, fail, isDomainError } from '../errors.js';
import { toRoleMap } from '../ledger/chart.js';
import { assertDocumentDate, fiscalYearFor } from '../ledger/fiscal.js';
import { voucherCtes } from '../ledger/voucher.js';
import { jalaliYearOf, parseDate, toJalali, todayIso, type IsoDate } from '../shared/dates.js';
import { Dec, ZERO, toDb, type Dec as Decimal } from '../shared/money.js';
import { toAsciiDigits } from '../shared/text.js';
import { prepareStockMovements, type PlannedMovement, type StockLineInput, type StockSettings } from '../stock/movements.js';
import { invoiceRounding } from '../moadian/rounding.js';
import { computeInvoice, type ComputedInvoice } from './compute.js';
import { assertInvoiceNoFree, claimInvoiceNoCte } from './numbering.js';
import { authorize, invoicePermission } from '../auth/permissions.js';
import { INVOICE_TYPE_FA, type Invoice, type InvoiceInput, type InvoiceType, type ItemType } from './types.js';
import { defaultVatRate } from './vat.js';
import { invoiceVoucher } from './voucher.js';

const MAX_LINES = 1000;

/** Stock direction of each type's goods lines: + in, − out, 0 none. */
export const STOCK_SIGN: Record<InvoiceType, 1 | -1 | 0> = { 1: 1, 2: -1, 3: -1, 4: 1, 5: 0 };

interface ResolvedLine {
  itemType: ItemType;
  productId: number;
  warehouseId: number | null;
}

function readInvoiceType(v: number | undefined): InvoiceType {
  if (v === undefined) throw fail.missing('type');
  if (!Number.isInteger(v) || v < 1 || v > 5) {
    throw fail.with('INVOICE_TYPE_INVALID', { field: 'type' });
  }
  return v as InvoiceType;
}

function readTime(v: string | undefined): string {
  if (v === undefined || v.trim() === '') return '';
  const s = toAsciiDigits(v.trim());
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3] ?? 0) > 59) {
    throw fail.with('INVOICE_TIME_INVALID', { field: 'time' });
  }
  return `${m[1].padStart(2, '0')}:${m[2]}:${m[3] ?? '00'}`;
}

/** The goods of a sale return come back at the cost they left with on the named sale. */
interface OriginalSale {
  id: number;
  date: IsoDate;
  /** per product: quantity sold, quantity already returned, Σ cost of what was sold */
  byProduct: Map<number, { sold: Decimal; returned: Decimal; cost: Decimal }>;
}

async function loadOriginal(tx: Tx, actor: Actor, type: InvoiceType, id: number, partyId: number): Promise<OriginalSale> {
  const businessId = actor.businessId;
  // Locks the named invoice: returns against it and its void queue behind each other.
  const inv = await tx
    .selectFrom('invoices')
    .select(['id', 'invoice_type', 'status', 'party_id', sql<string>`date::text`.as('date')])
    .where('business_id', '=', businessId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!inv) throw fail.notFound('فاکتور', 'originalInvoiceId', id, 'invoice');
  const wantType = type === 4 ? 2 : 1;
  if (Number(inv.invoice_type) !== wantType) {
    throw fail.validation('originalInvoiceId', `فاکتور ${id} ${INVOICE_TYPE_FA[wantType]} نیست`, `invoice ${id} is not a ${wantType === 2 ? 'sale' : 'purchase'}`);
  }
  if (inv.status !== 'posted') throw fail.conflict(`فاکتور ${id} باطل شده است`, `invoice ${id} is voided`, 'originalInvoiceId');
  if (Number(inv.party_id) !== partyId) {
    throw fail.validation('originalInvoiceId', `فاکتور ${id} به شخص دیگری تعلق دارد`, `invoice ${id} belongs to another party`);
  }
  const byProduct: OriginalSale['byProduct'] = new Map();
  // What the sale's goods cost in the books now: its movements' values with their corrections
  // (re-costing may have changed them since it was posted).
  const sold = await sql<{ product_id: string | number; quantity: string; cost: string }>`
    select m.product_id, sum(abs(m.quantity))::text as quantity,
           abs(sum(m.value + coalesce((select sum(c.value) from stock_movements c
                                        where c.business_id = m.business_id and c.corrects_id = m.id), 0)))::text as cost
      from stock_movements m
     where m.business_id = ${businessId} and m.doc_type = 'invoice' and m.doc_id = ${id} and m.reverses_id is null
     group by m.product_id`.execute(tx);
  for (const l of sold.rows) {
    const p = byProduct.get(Number(l.product_id)) ?? { sold: ZERO, returned: ZERO, cost: ZERO };
    p.sold = p.sold.plus(l.quantity);
    p.cost = p.cost.plus(l.cost);
    byProduct.set(Number(l.product_id), p);
  }
  const returned = await tx
    .selectFrom('invoice_lines as l')
    .innerJoin('invoices as i', (j) => j.onRef('i.business_id', '=', 'l.business_id').onRef('i.id', '=', 'l.invoice_id'))
    .select(['l.product_id', 'l.quantity'])
    .where('l.business_id', '=', businessId)
    .where('i.original_invoice_id', '=', id)
    .where('i.status', '=', 'posted')
    .where('l.item_type', '=', 0)
    .execute();
  for (const l of returned) {
    const p = byProduct.get(Number(l.product_id));
    if (p) p.returned = p.returned.plus(l.quantity);
  }
  return { id, date: String(inv.date).slice(0, 10), byProduct };
}

/**
 * Returns (3, 4) correct documents that exist: they take back what an earlier invoice moved, so
 * they stay possible after its product or warehouse was deactivated (docs/invoicing.md). Sales,
 * purchases and proformas of inactive products or from/into inactive warehouses are refused.
 */
const isReturn = (type: InvoiceType): boolean => type === 3 || type === 4;

/** What posting reads before it locks anything: one statement (see loadPostingContext). */
interface PostingContext {
  party: { id: number; detailId: number; name: string } | null;
  decimals: number;
  allowNegative: boolean;
  products: Map<number, { id: number; code: string; name: string; kind: string; vatRate: string | null; active: boolean }>;
  /** by code; code 0 = the default warehouse */
  warehouses: Map<number, { id: number; code: number; active: boolean }>;
  roles: Record<string, number>;
  fiscalYearId: number | null;
  /** the business's own VAT row in force on the date, if any */
  vatRate: string | null;
  invoiceId: number;
  voucherId: number | null;
}

/**
 * Everything posting needs to read before it takes a lock, in one round trip: the party, the
 * business's settings, the lines' products and warehouses, the accounts by role, the fiscal
 * year, the VAT row in force, and the ids of the invoice and its voucher (from their sequences,
 * so the whole write can be one statement).
 */
async function loadPostingContext(
  tx: Tx,
  businessId: number,
  p: { partyId: number; productIds: number[]; warehouseCodes: number[]; date: IsoDate; type: InvoiceType },
): Promise<PostingContext> {
  const r = await sql<{
    party: { id: number; detailId: number; name: string } | null;
    business: { decimals: number; allowNegative: boolean };
    products: { id: number; code: string; name: string; kind: string; vatRate: string | null; active: boolean }[];
    warehouses: { id: number; code: number; active: boolean }[];
    default_warehouse: { id: number; code: number; active: boolean } | null;
    roles: Record<string, number> | null;
    fiscal_year_id: string | number | null;
    vat_rate: string | null;
    invoice_id: string | number;
    voucher_id: string | number | null;
  }>`
    select
      (select json_build_object('id', id, 'detailId', detail_id, 'name', full_name)
         from parties where business_id = ${businessId} and id = ${p.partyId}) as party,
      (select json_build_object('decimals', currency_decimals, 'allowNegative', allow_negative_stock)
         from businesses where id = ${businessId}) as business,
      (select coalesce(json_agg(json_build_object('id', id, 'code', code, 'name', name, 'kind', kind, 'vatRate', cast(vat_rate as text), 'active', active)), '[]')
         from products where business_id = ${businessId} and id = any(cast(${p.productIds} as bigint[]))) as products,
      (select coalesce(json_agg(json_build_object('id', id, 'code', code, 'active', active)), '[]')
         from warehouses where business_id = ${businessId} and code = any(cast(${p.warehouseCodes} as bigint[]))) as warehouses,
      (select json_build_object('id', id, 'code', code, 'active', active)
         from warehouses where business_id = ${businessId} order by is_default desc, code limit 1) as default_warehouse,
      (select json_object_agg(role, id) from accounts where business_id = ${businessId} and role is not null) as roles,
      (select id from fiscal_years where business_id = ${businessId} and jalali_year = ${jalaliYearOf(p.date)} and not closed) as fiscal_year_id,
      (select cast(rate as text) from vat_rates where business_id = ${businessId} and valid_from <= cast(${p.date} as date)
        order by valid_from desc limit 1) as vat_rate,
      nextval(pg_get_serial_sequence('invoices', 'id')) as invoice_id,
      case when cast(${p.type} as integer) <> 5 then nextval(pg_get_serial_sequence('vouchers', 'id')) end as voucher_id`.execute(tx);
  const row = r.rows[0];
  const warehouses = new Map(row.warehouses.map((w) => [Number(w.code), { id: Number(w.id), code: Number(w.code), active: Boolean(w.active) }]));
  const dw = row.default_warehouse;
  if (dw) warehouses.set(0, { id: Number(dw.id), code: Number(dw.code), active: Boolean(dw.active) });
  return {
    party: row.party && { id: Number(row.party.id), detailId: Number(row.party.detailId), name: row.party.name },
    decimals: Number(row.business.decimals),
    allowNegative: Boolean(row.business.allowNegative),
    products: new Map(row.products.map((x) => [Number(x.id), { ...x, id: Number(x.id) }])),
    warehouses,
    roles: row.roles ?? {},
    fiscalYearId: row.fiscal_year_id === null ? null : Number(row.fiscal_year_id),
    vatRate: row.vat_rate,
    invoiceId: Number(row.invoice_id),
    voucherId: row.voucher_id === null ? null : Number(row.voucher_id),
  };
}

/** A value as its numeric(p, s) column stores it (half away from zero), then as read back. */
const stored = (v: Decimal, scale = 4) => v.toDecimalPlaces(scale, Dec.ROUND_HALF_UP).toFixed();
const storedOrNull = (v: Decimal | null | undefined, scale = 4) => (v === null || v === undefined ? null : stored(v, scale));

const INVOICE_NO_KEY = 'invoices_business_id_invoice_type_invoice_no_key';

/**
 * Posts an invoice: validates it whole, stores it with every computed figure, and in the same
 * transaction posts its stock movements, its one balanced voucher and its audit entry.
 * A proforma (type 5) is stored and numbered but posts nothing.
 *
 * Round trips (docs/performance.md): one read of everything posting needs, the stock locks
 * (products, then balances), then ONE write statement whose data-modifying CTEs claim the
 * invoice number and insert the movements, balances, product totals, voucher, header, lines
 * and the audit entry. The number counter — the one row every posting of the type shares —
 * is therefore locked only for that last statement and the commit.
 */
export async function postInvoice(tx: Tx, actor: Actor, input: InvoiceInput): Promise<Invoice> {
  const businessId = actor.businessId;
  const type = readInvoiceType(input.invoiceType);
  authorize(actor, invoicePermission(type, 'create'));
  const date: IsoDate = input.date === undefined || input.date.trim() === '' ? todayIso() : parseDate(input.date, 'invoiceDate');
  // A proforma books nothing, so only a booked invoice needs a date inside the fiscal window.
  if (type !== 5) assertDocumentDate(date, 'invoiceDate');
  const time = readTime(input.time);
  if (input.invoiceNo !== undefined && (!Number.isSafeInteger(input.invoiceNo) || input.invoiceNo < 0)) {
    throw fail.validation('number', '«number» باید عدد صحیح مثبت باشد', 'number must be a positive integer');
  }
  const wantedNo = input.invoiceNo ? input.invoiceNo : undefined; // 0 = "assign one"

  if (!input.partyId) throw input.partyId === 0 ? fail.notFound('شخص', 'partyId', 0, 'person') : fail.missing('partyId');
  const lines = input.lines ?? [];
  const ctx = await loadPostingContext(tx, businessId, {
    partyId: input.partyId,
    productIds: [...new Set(lines.slice(0, MAX_LINES).flatMap((l) => (Number.isSafeInteger(l.productId) ? [l.productId!] : [])))],
    warehouseCodes: [...new Set(lines.slice(0, MAX_LINES).flatMap((l) => (Number.isSafeInteger(l.warehouseCode) && l.warehouseCode! > 0 ? [l.warehouseCode!] : [])))],
    date,
    type,
  });
  const party = ctx.party;
  if (!party) throw fail.notFound('شخص', 'partyId', input.partyId, 'person');

  if (lines.length === 0) throw fail.missing('lines');
  if (lines.length > MAX_LINES) throw fail.outOfRange('lines', `فاکتور حداکثر ${MAX_LINES} سطر می‌پذیرد`, `at most ${MAX_LINES} lines`);
  const decimals = ctx.decimals;

  lines.forEach((l, i) => {
    if (l.productId === undefined) throw fail.missing(`lines[${i}].productId`);
  });
  const products = ctx.products;

  let tableVat: Decimal | undefined;
  const resolved: (ResolvedLine & { warehouseCode: number | null })[] = [];
  const computeLines = [];
  for (const [i, l] of lines.entries()) {
    const f = (name: string) => `lines[${i}].${name}`;
    const product = products.get(l.productId!);
    if (!product) throw fail.notFound('کالا یا خدمت', f('productId'), l.productId, 'product');
    if (!product.active && !isReturn(type)) {
      throw fail.validation(f('productId'), `«${f('productId')}»: کالا یا خدمت «${product.name}» غیرفعال است`, `${f('productId')}: product ${product.id} is inactive`);
    }
    const kindType: ItemType = product.kind === 'service' ? 1 : 0;
    if (l.itemType !== undefined && l.itemType !== 0 && l.itemType !== 1) {
      throw fail.validation(f('kind'), `«${f('kind')}» باید ۰ (کالا) یا ۱ (خدمت) باشد`, `${f('kind')} must be 0 (goods) or 1 (service)`);
    }
    const itemType = (l.itemType ?? kindType) as ItemType;
    if (itemType !== kindType) {
      throw fail.validation(
        f('kind'),
        itemType === 1
          ? `«${f('kind')}»: «${product.name}» کالاست، نه خدمت (itemType باید ۰ باشد)`
          : `«${f('kind')}»: «${product.name}» خدمت است، نه کالا (itemType باید ۱ باشد)`,
        itemType === 1 ? `${f('kind')}: product ${product.id} is goods, not a service` : `${f('kind')}: product ${product.id} is a service`,
      );
    }
    let warehouse: { id: number; code: number; active: boolean } | null = null;
    if (itemType === 0) {
      const code = l.warehouseCode ?? 0;
      warehouse = ctx.warehouses.get(code) ?? null;
      if (!warehouse) {
        if (code === 0) throw fail.conflict('هیچ انباری تعریف نشده است', 'the business has no warehouse');
        throw fail.notFound('انبار', f('warehouseId'), code, 'warehouse');
      }
      if (!warehouse.active && !isReturn(type)) {
        throw fail.validation(f('warehouseId'), `«${f('warehouseId')}»: انبار ${warehouse.code} غیرفعال است`, `${f('warehouseId')}: warehouse ${warehouse.code} is inactive`);
      }
    }
    if (l.quantity === undefined) throw fail.missing(f('quantity'));
    if (l.price === undefined) throw fail.missing(f('unitPrice'));
    let taxPerc = l.taxPerc;
    if (taxPerc === undefined) {
      if (product.vatRate !== null) taxPerc = new Dec(product.vatRate);
      else taxPerc = tableVat ??= ctx.vatRate !== null ? new Dec(ctx.vatRate) : defaultVatRate(date);
    }
    resolved.push({ itemType, productId: product.id, warehouseId: warehouse?.id ?? null, warehouseCode: warehouse?.code ?? null });
    computeLines.push({ quantity: l.quantity, price: l.price, sumPrice: l.sumPrice, discount: l.discount, taxPerc, feePerc: l.feePerc });
  }
  for (const [i, l] of lines.entries()) {
    for (const k of ['quantity1', 'quantity2'] as const) {
      const v = l[k];
      if (v !== undefined && v !== null && (v.decimalPlaces() > 4 || v.abs().gte('1e19'))) throw fail.validation(`lines[${i}].${k}`);
    }
  }
  const computed = computeInvoice({
    lines: computeLines,
    discount: input.discount,
    discountItem: input.discountItem,
    servicePerc: input.servicePerc,
    roundPrice: input.roundPrice,
    decimals,
    rounding: await invoiceRounding(tx, businessId, date), // i8: truncation from the Moadian start date
  });

  // A return may name the invoice it returns (a sale return takes back that sale's cost).
  let original: OriginalSale | undefined;
  if (input.originalInvoiceId) {
    if (type !== 3 && type !== 4) {
      throw fail.with('INVOICE_ORIGINAL_NOT_A_RETURN', { field: 'originalInvoiceId' });
    }
    original = await loadOriginal(tx, actor, type, input.originalInvoiceId, party.id);
    if (date < original.date) {
      // Goods cannot come back before they left (or go back before they came): the books at a
      // date in between would be wrong (issue 18, point 7).
      throw fail.validation(
        'invoiceDate',
        `تاریخ فاکتور برگشتی (${toJalali(date)}) پیش از تاریخ فاکتور ${original.id} (${toJalali(original.date)}) است`,
        `a return cannot be dated before the invoice it returns (${original.date})`,
      );
    }
    const returning = new Map<number, Decimal>();
    resolved.forEach((r, i) => {
      if (r.itemType !== 0) return;
      const o = original!.byProduct.get(r.productId);
      if (!o) {
        throw fail.validation(`lines[${i}].productId`, `کالای ${r.productId} در فاکتور ${original!.id} نیست`, `product ${r.productId} is not on invoice ${original!.id}`);
      }
      const q = (returning.get(r.productId) ?? ZERO).plus(computed.lines[i].quantity);
      returning.set(r.productId, q);
      if (q.plus(o.returned).gt(o.sold)) {
        throw fail.validation(
          `lines[${i}].quantity`,
          `مقدار برگشتی کالای ${r.productId} از مقدار فاکتور ${original!.id} (${o.sold.toFixed()}، برگشت‌شده ${o.returned.toFixed()}) بیشتر است`,
          `returned quantity exceeds what invoice ${original!.id} holds`,
        );
      }
    });
  }
  if (wantedNo !== undefined) await assertInvoiceNoFree(tx, businessId, type, wantedNo);

  const invoiceId = ctx.invoiceId;
  const stock = await postInvoiceStock(tx, actor, { decimals, allowNegative: ctx.allowNegative }, { type, invoiceId, date, resolved, computed, original });
  let stockValue = ZERO;
  for (const m of stock.moves.values()) stockValue = stockValue.plus(m.value.abs());

  const c = computed;
  const numberSql = sql<number>`(select value from claimed_no)`;
  const ctes: RawBuilder<unknown>[] = [claimInvoiceNoCte(businessId, type, wantedNo)];
  if (stock.ctes) ctes.push(stock.ctes);
  let voucherId: number | null = null;
  if (type !== 5) {
    voucherId = ctx.voucherId!;
    const fiscalYearId = ctx.fiscalYearId ?? (await fiscalYearFor(tx, businessId, date, 'invoiceDate')).id;
    const builder = invoiceVoucher({
      invoiceType: type,
      roles: toRoleMap(businessId, ctx.roles),
      partyDetailId: party.detailId,
      computed,
      itemTypes: resolved.map((r) => r.itemType),
      stockValue,
    });
    ctes.push(
      voucherCtes(tx, actor, {
        id: voucherId,
        fiscalYearId,
        date,
        kind: 'invoice',
        description: sql<string>`cast(${`فاکتور ${INVOICE_TYPE_FA[type]} شماره `} as text) || ${numberSql}`,
        sourceType: 'invoice',
        sourceId: invoiceId,
        lines: builder,
      }),
    );
  }
  const userId = input.userId ?? actor.userId;
  const header = tx.insertInto('invoices').values({
    business_id: businessId,
    id: invoiceId,
    invoice_type: type,
    invoice_no: numberSql,
    party_id: party.id,
    date,
    time,
    info: input.info ?? '',
    user_id: userId,
    discount: toDb(c.discount),
    discount_item: toDb(c.discountItem),
    service_perc: toDb(c.servicePerc),
    round_price: toDb(c.roundPrice),
    sum_price: toDb(c.sumPrice),
    sum_discount: toDb(c.sumDiscount),
    sum_net: toDb(c.sumNet),
    sum_tax: toDb(c.sumTax),
    sum_fee: toDb(c.sumFee),
    service_charge: toDb(c.serviceCharge),
    payable: toDb(c.payable),
    cogs: toDb(stockValue),
    voucher_id: voucherId,
    original_invoice_id: original?.id ?? null,
    created_by: actor.userId,
  });
  ctes.push(sql`invoice_head as (${header.returning('created_at')})`);
  const lineRows = lines.map((l, i) => {
    const cl = c.lines[i];
    const m = stock.moves.get(i);
    return {
      business_id: businessId,
      invoice_id: invoiceId,
      line_no: i + 1,
      item_type: resolved[i].itemType,
      product_id: resolved[i].productId,
      warehouse_id: resolved[i].warehouseId,
      quantity: toDb(cl.quantity),
      quantity1: l.quantity1 == null ? null : toDb(l.quantity1),
      quantity2: l.quantity2 == null ? null : toDb(l.quantity2),
      quantity_str: l.quantityStr ?? '',
      price: toDb(cl.price),
      sum_price: toDb(cl.sumPrice),
      discount: toDb(cl.discount),
      net: toDb(cl.net),
      tax_perc: toDb(cl.taxPerc),
      tax: toDb(cl.tax),
      fee_perc: toDb(cl.feePerc),
      fee: toDb(cl.fee),
      total: toDb(cl.total),
      unit_cost: m ? toDb(m.unitCost.toDecimalPlaces(10)) : null,
      cost: m ? toDb(m.value.abs()) : null,
      info: l.info ?? '',
    };
  });
  ctes.push(sql`invoice_body as (${tx.insertInto('invoice_lines').values(lineRows)})`);

  // The invoice as getInvoice reads it back, built from what is being written.
  const invoice: Invoice = {
    id: invoiceId,
    invoiceType: type,
    invoiceNo: 0,
    partyId: party.id,
    partyName: party.name,
    date,
    time,
    info: input.info ?? '',
    userId: userId ?? null,
    discount: stored(c.discount),
    discountItem: stored(c.discountItem),
    servicePerc: stored(c.servicePerc),
    roundPrice: stored(c.roundPrice),
    sumPrice: stored(c.sumPrice),
    sumDiscount: stored(c.sumDiscount),
    sumNet: stored(c.sumNet),
    sumTax: stored(c.sumTax),
    sumFee: stored(c.sumFee),
    serviceCharge: stored(c.serviceCharge),
    payable: stored(c.payable),
    cogs: stored(stockValue),
    status: 'posted',
    voucherId,
    voidVoucherId: null,
    originalInvoiceId: original?.id ?? null,
    createdAt: '',
    lines: lines.map((l, i) => {
      const cl = c.lines[i];
      const m = stock.moves.get(i);
      const product = products.get(resolved[i].productId)!;
      return {
        lineNo: i + 1,
        itemType: resolved[i].itemType,
        productId: resolved[i].productId,
        productCode: product.code,
        productName: product.name,
        warehouseId: resolved[i].warehouseId,
        warehouseCode: resolved[i].warehouseCode,
        quantity: stored(cl.quantity),
        quantity1: storedOrNull(l.quantity1),
        quantity2: storedOrNull(l.quantity2),
        quantityStr: l.quantityStr ?? '',
        price: stored(cl.price),
        sumPrice: stored(cl.sumPrice),
        discount: stored(cl.discount),
        net: stored(cl.net),
        taxPerc: stored(cl.taxPerc),
        tax: stored(cl.tax),
        feePerc: stored(cl.feePerc),
        fee: stored(cl.fee),
        total: stored(cl.total),
        unitCost: m ? stored(m.unitCost.toDecimalPlaces(10), 10) : null,
        cost: m ? stored(m.value.abs()) : null,
        info: l.info ?? '',
      };
    }),
  };
  const after = {
    invoiceType: type,
    invoiceNo: 0,
    partyId: invoice.partyId,
    date,
    payable: invoice.payable,
    cogs: invoice.cogs,
    voucherId,
    originalInvoiceId: invoice.originalInvoiceId,
    lines: invoice.lines.map((l) => ({ productId: l.productId, warehouseCode: l.warehouseCode, quantity: l.quantity, price: l.price, total: l.total })),
  };
  const audit = auditInsert(
    tx,
    actor,
    { action: 'create', entity: 'invoice', entityId: invoiceId },
    sql<string>`jsonb_set(cast(${JSON.stringify(after)} as jsonb), '{invoiceNo}', to_jsonb(${numberSql}))`,
  );
  ctes.push(sql`invoice_audit as (${audit})`);

  let written;
  try {
    written = await sql<{ invoice_no: string | number; created_at: Date | string }>`
      with ${sql.join(ctes)}
      select ${numberSql} as invoice_no, (select created_at from invoice_head) as created_at`.execute(tx);
  } catch (err) {
    const e = err as { code?: string; constraint?: string };
    if (wantedNo !== undefined && e?.code === '23505' && e.constraint === INVOICE_NO_KEY) throw fail.duplicate('number', wantedNo, 'فاکتور');
    throw err;
  }
  if (stock.recost) {
    // A back-dated document: later movements of its products are re-costed (and checked).
    try {
      await stock.recost();
    } catch (err) {
      throw relabel(err, stock.index);
    }
  }
  invoice.invoiceNo = Number(written.rows[0].invoice_no);
  invoice.createdAt = new Date(written.rows[0].created_at).toISOString();
  return invoice;
}

/**
 * The invoice's stock movements, keyed by line index, locked and costed but not yet written
 * (their writes are CTEs of the posting's one statement). Purchases come in at their net unit
 * cost; sales and purchase returns leave at the average; a sale return naming its sale comes
 * back at that sale's unit cost. Insufficient stock is reported against the invoice's own line.
 */
async function postInvoiceStock(
  tx: Tx,
  actor: Actor,
  settings: StockSettings,
  p: { type: InvoiceType; invoiceId: number; date: IsoDate; resolved: ResolvedLine[]; computed: ComputedInvoice; original?: OriginalSale },
): Promise<{ moves: Map<number, PlannedMovement>; ctes: RawBuilder<unknown> | null; recost: (() => Promise<void>) | null; index: number[] }> {
  const moves = new Map<number, PlannedMovement>();
  const sign = STOCK_SIGN[p.type];
  if (sign === 0) return { moves, ctes: null, recost: null, index: [] };
  const index: number[] = [];
  const stockLines: StockLineInput[] = [];
  p.resolved.forEach((r, i) => {
    if (r.itemType !== 0) return;
    const cl = p.computed.lines[i];
    let unitCost: Decimal | undefined;
    if (p.type === 1) unitCost = cl.net.div(cl.quantity);
    else if (p.type === 4 && p.original) {
      const o = p.original.byProduct.get(r.productId)!;
      unitCost = o.sold.isZero() ? ZERO : o.cost.div(o.sold);
    }
    index.push(i);
    stockLines.push({ productId: r.productId, warehouseId: r.warehouseId!, quantity: sign > 0 ? cl.quantity : cl.quantity.neg(), unitCost });
  });
  if (stockLines.length === 0) return { moves, ctes: null, recost: null, index };
  let prepared;
  try {
    // A return's sale cost was read before the stock lock; a concurrent re-costing may have
    // changed it since, so its products are re-costed after the write (returns are rare).
    prepared = await prepareStockMovements(tx, actor, settings, { docType: 'invoice', docId: p.invoiceId, date: p.date }, stockLines, p.type === 4 && p.original !== undefined);
  } catch (err) {
    throw relabel(err, index);
  }
  prepared.planned.forEach((m, k) => moves.set(index[k], m));
  return { moves, ctes: prepared.ctes, recost: prepared.recost, index };
}

/** `lines[k]` of the stock call (goods lines only) → `lines[i]` of the invoice. */
export function relabel(err: unknown, index: number[]): unknown {
  if (!isDomainError(err) || !err.field) return err;
  const m = /^lines\[(\d+)\](.*)$/.exec(err.field);
  if (!m || index[Number(m[1])] === undefined) return err;
  const field = `lines[${index[Number(m[1])]}]`;
  const fa = err.messageFa.split(`lines[${m[1]}]`).join(field);
  return new DomainError(err.code, { field, fa, en: err.messageEn, details: err.details });
}
