import type { Actor, Tx } from '../context.js';
import { recordAudit } from '../audit/audit.js';
import { DomainError, fail, isDomainError } from '../errors.js';
import { accountsByRole } from '../ledger/chart.js';
import { postVoucher } from '../ledger/voucher.js';
import { parseDate, todayIso, type IsoDate } from '../shared/dates.js';
import { Dec, ZERO, toDb, type Dec as Decimal } from '../shared/money.js';
import { toAsciiDigits } from '../shared/text.js';
import { defaultWarehouse, warehouseByCode } from '../stock/warehouses.js';
import { postStockMovements, type StockLineInput, type StockLineResult } from '../stock/movements.js';
import { computeInvoice, type ComputedInvoice } from './compute.js';
import { claimInvoiceNo } from './numbering.js';
import { getInvoice } from './read.js';
import { INVOICE_TYPE_FA, type Invoice, type InvoiceInput, type InvoiceType, type ItemType } from './types.js';
import { vatRateOn } from './vat.js';
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
  if (v === undefined) throw fail.missing('invoiceType');
  if (!Number.isInteger(v) || v < 1 || v > 5) {
    throw fail.validation('invoiceType', '«invoiceType» باید یکی از ۱ (خرید)، ۲ (فروش)، ۳ (برگشت از خرید)، ۴ (برگشت از فروش) یا ۵ (پیش‌فاکتور) باشد', 'invoiceType must be 1..5');
  }
  return v as InvoiceType;
}

function readTime(v: string | undefined): string {
  if (v === undefined || v.trim() === '') return '';
  const s = toAsciiDigits(v.trim());
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3] ?? 0) > 59) {
    throw fail.validation('invoiceTime', '«invoiceTime» باید به شکل HH:MM:SS باشد', 'invoiceTime must be HH:MM:SS');
  }
  return `${m[1].padStart(2, '0')}:${m[2]}:${m[3] ?? '00'}`;
}

/** The goods of a sale return come back at the cost they left with on the named sale. */
interface OriginalSale {
  id: number;
  /** per product: quantity sold, quantity already returned, Σ cost of what was sold */
  byProduct: Map<number, { sold: Decimal; returned: Decimal; cost: Decimal }>;
}

async function loadOriginal(tx: Tx, actor: Actor, type: InvoiceType, id: number, partyId: number): Promise<OriginalSale> {
  const businessId = actor.businessId;
  // Locks the named invoice: returns against it and its void queue behind each other.
  const inv = await tx
    .selectFrom('invoices')
    .select(['id', 'invoice_type', 'status', 'party_id'])
    .where('business_id', '=', businessId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!inv) throw fail.notFound('فاکتور', 'originalFactorId', id, 'invoice');
  const wantType = type === 4 ? 2 : 1;
  if (Number(inv.invoice_type) !== wantType) {
    throw fail.validation('originalFactorId', `فاکتور ${id} ${INVOICE_TYPE_FA[wantType]} نیست`, `invoice ${id} is not a ${wantType === 2 ? 'sale' : 'purchase'}`);
  }
  if (inv.status !== 'posted') throw fail.conflict(`فاکتور ${id} باطل شده است`, `invoice ${id} is voided`, 'originalFactorId');
  if (Number(inv.party_id) !== partyId) {
    throw fail.validation('originalFactorId', `فاکتور ${id} به شخص دیگری تعلق دارد`, `invoice ${id} belongs to another party`);
  }
  const byProduct: OriginalSale['byProduct'] = new Map();
  const sold = await tx
    .selectFrom('invoice_lines')
    .select(['product_id', 'quantity', 'cost'])
    .where('business_id', '=', businessId)
    .where('invoice_id', '=', id)
    .where('item_type', '=', 0)
    .execute();
  for (const l of sold) {
    const p = byProduct.get(Number(l.product_id)) ?? { sold: ZERO, returned: ZERO, cost: ZERO };
    p.sold = p.sold.plus(l.quantity);
    p.cost = p.cost.plus(l.cost ?? 0);
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
  return { id, byProduct };
}

/**
 * Posts an invoice: validates it whole, stores it with every computed figure, and in the same
 * transaction posts its stock movements, its one balanced voucher and its audit entry.
 * A proforma (type 5) is stored and numbered but posts nothing.
 */
export async function postInvoice(tx: Tx, actor: Actor, input: InvoiceInput): Promise<Invoice> {
  const businessId = actor.businessId;
  const type = readInvoiceType(input.invoiceType);
  const date: IsoDate = input.date === undefined || input.date.trim() === '' ? todayIso() : parseDate(input.date, 'invoiceDate');
  const time = readTime(input.time);
  if (input.invoiceNo !== undefined && (!Number.isSafeInteger(input.invoiceNo) || input.invoiceNo < 0)) {
    throw fail.validation('invoiceNo', '«invoiceNo» باید عدد صحیح مثبت باشد', 'invoiceNo must be a positive integer');
  }
  const wantedNo = input.invoiceNo ? input.invoiceNo : undefined; // 0 = "assign one"

  if (!input.partyId) throw input.partyId === 0 ? fail.notFound('شخص', 'personId', 0, 'person') : fail.missing('personId');
  const party = await tx
    .selectFrom('parties')
    .select(['id', 'detail_id'])
    .where('business_id', '=', businessId)
    .where('id', '=', input.partyId)
    .executeTakeFirst();
  if (!party) throw fail.notFound('شخص', 'personId', input.partyId, 'person');

  const lines = input.lines ?? [];
  if (lines.length === 0) throw fail.missing('details');
  if (lines.length > MAX_LINES) throw fail.outOfRange('details', `فاکتور حداکثر ${MAX_LINES} سطر می‌پذیرد`, `at most ${MAX_LINES} lines`);

  const business = await tx.selectFrom('businesses').select('currency_decimals').where('id', '=', businessId).executeTakeFirstOrThrow();
  const decimals = Number(business.currency_decimals);

  // Products named by the lines, read once.
  lines.forEach((l, i) => {
    if (l.productId === undefined) throw fail.missing(`details[${i}].itemId`);
  });
  const ids = [...new Set(lines.map((l) => l.productId!))];
  const prows = await tx
    .selectFrom('products')
    .select(['id', 'kind', 'name', 'vat_rate'])
    .where('business_id', '=', businessId)
    .where('id', 'in', ids)
    .execute();
  const products = new Map(prows.map((p) => [Number(p.id), p]));

  let tableVat: Decimal | undefined;
  const warehouseIds = new Map<number, number>();
  const resolved: ResolvedLine[] = [];
  const computeLines = [];
  for (const [i, l] of lines.entries()) {
    const f = (name: string) => `details[${i}].${name}`;
    const product = products.get(l.productId!);
    if (!product) throw fail.notFound('کالا یا خدمت', f('itemId'), l.productId, 'product');
    const kindType: ItemType = product.kind === 'service' ? 1 : 0;
    if (l.itemType !== undefined && l.itemType !== 0 && l.itemType !== 1) {
      throw fail.validation(f('itemType'), `«${f('itemType')}» باید ۰ (کالا) یا ۱ (خدمت) باشد`, `${f('itemType')} must be 0 (goods) or 1 (service)`);
    }
    const itemType = (l.itemType ?? kindType) as ItemType;
    if (itemType !== kindType) {
      throw fail.validation(
        f('itemType'),
        itemType === 1
          ? `«${f('itemType')}»: «${product.name}» کالاست، نه خدمت (itemType باید ۰ باشد)`
          : `«${f('itemType')}»: «${product.name}» خدمت است، نه کالا (itemType باید ۱ باشد)`,
        itemType === 1 ? `${f('itemType')}: product ${product.id} is goods, not a service` : `${f('itemType')}: product ${product.id} is a service`,
      );
    }
    let warehouseId: number | null = null;
    if (itemType === 0) {
      const code = l.warehouseCode ?? 0;
      if (!warehouseIds.has(code)) {
        const w = code === 0 ? await defaultWarehouse(tx, businessId) : await warehouseByCode(tx, businessId, code);
        if (!w) throw fail.notFound('انبار', f('warehouseCode'), code, 'warehouse');
        warehouseIds.set(code, w.id);
      }
      warehouseId = warehouseIds.get(code)!;
    }
    if (l.quantity === undefined) throw fail.missing(f('quantity'));
    if (l.price === undefined) throw fail.missing(f('price'));
    let taxPerc = l.taxPerc;
    if (taxPerc === undefined) {
      if (product.vat_rate !== null) taxPerc = new Dec(product.vat_rate);
      else taxPerc = tableVat ??= await vatRateOn(tx, businessId, date);
    }
    resolved.push({ itemType, productId: Number(product.id), warehouseId });
    computeLines.push({ quantity: l.quantity, price: l.price, sumPrice: l.sumPrice, discount: l.discount, taxPerc, feePerc: l.feePerc });
  }
  for (const [i, l] of lines.entries()) {
    for (const k of ['quantity1', 'quantity2'] as const) {
      const v = l[k];
      if (v !== undefined && v !== null && (v.decimalPlaces() > 4 || v.abs().gte('1e19'))) throw fail.validation(`details[${i}].${k}`);
    }
  }
  const computed = computeInvoice({
    lines: computeLines,
    discount: input.discount,
    discountItem: input.discountItem,
    servicePerc: input.servicePerc,
    roundPrice: input.roundPrice,
    decimals,
  });

  // A return may name the invoice it returns (a sale return takes back that sale's cost).
  let original: OriginalSale | undefined;
  if (input.originalInvoiceId) {
    if (type !== 3 && type !== 4) {
      throw fail.validation('originalFactorId', '«originalFactorId» فقط برای فاکتور برگشتی معنا دارد', 'originalFactorId applies to returns only');
    }
    original = await loadOriginal(tx, actor, type, input.originalInvoiceId, Number(party.id));
    const returning = new Map<number, Decimal>();
    resolved.forEach((r, i) => {
      if (r.itemType !== 0) return;
      const o = original!.byProduct.get(r.productId);
      if (!o) {
        throw fail.validation(`details[${i}].itemId`, `کالای ${r.productId} در فاکتور ${original!.id} نیست`, `product ${r.productId} is not on invoice ${original!.id}`);
      }
      const q = (returning.get(r.productId) ?? ZERO).plus(computed.lines[i].quantity);
      returning.set(r.productId, q);
      if (q.plus(o.returned).gt(o.sold)) {
        throw fail.validation(
          `details[${i}].quantity`,
          `مقدار برگشتی کالای ${r.productId} از مقدار فاکتور ${original!.id} (${o.sold.toFixed()}، برگشت‌شده ${o.returned.toFixed()}) بیشتر است`,
          `returned quantity exceeds what invoice ${original!.id} holds`,
        );
      }
    });
  }

  const invoiceNo = await claimInvoiceNo(tx, businessId, type, wantedNo);
  const c = computed;
  const header = await tx
    .insertInto('invoices')
    .values({
      business_id: businessId,
      invoice_type: type,
      invoice_no: invoiceNo,
      party_id: Number(party.id),
      date,
      time,
      info: input.info ?? '',
      user_id: input.userId ?? actor.userId,
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
      original_invoice_id: original?.id ?? null,
      created_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const invoiceId = Number(header.id);

  const stock = await postInvoiceStock(tx, actor, { type, invoiceId, date, resolved, computed, original });

  await tx
    .insertInto('invoice_lines')
    .values(
      lines.map((l, i) => {
        const cl = c.lines[i];
        const m = stock.get(i);
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
      }),
    )
    .execute();

  let voucherId: number | null = null;
  let stockValue = ZERO;
  for (const m of stock.values()) stockValue = stockValue.plus(m.value.abs());
  if (type !== 5) {
    const roles = await accountsByRole(tx, businessId);
    const builder = invoiceVoucher({
      invoiceType: type,
      roles,
      partyDetailId: Number(party.detail_id),
      computed,
      itemTypes: resolved.map((r) => r.itemType),
      stockValue,
    });
    voucherId = await postVoucher(tx, actor, {
      date,
      kind: 'invoice',
      description: `فاکتور ${INVOICE_TYPE_FA[type]} شماره ${invoiceNo}`,
      sourceType: 'invoice',
      sourceId: invoiceId,
      lines: builder,
    });
    await tx
      .updateTable('invoices')
      .set({ voucher_id: voucherId, cogs: toDb(stockValue) })
      .where('business_id', '=', businessId)
      .where('id', '=', invoiceId)
      .execute();
  }

  const invoice = (await getInvoice(tx, businessId, invoiceId))!;
  await recordAudit(tx, actor, {
    action: 'create',
    entity: 'invoice',
    entityId: invoiceId,
    after: {
      invoiceType: type,
      invoiceNo,
      partyId: invoice.partyId,
      date,
      payable: invoice.payable,
      cogs: invoice.cogs,
      voucherId,
      originalInvoiceId: invoice.originalInvoiceId,
      lines: invoice.lines.map((l) => ({ productId: l.productId, warehouseCode: l.warehouseCode, quantity: l.quantity, price: l.price, total: l.total })),
    },
  });
  return invoice;
}

/**
 * The invoice's stock movements, keyed by line index. Purchases come in at their net unit cost;
 * sales and purchase returns leave at the average; a sale return naming its sale comes back at
 * that sale's unit cost. Insufficient stock is reported against the invoice's own line.
 */
async function postInvoiceStock(
  tx: Tx,
  actor: Actor,
  p: { type: InvoiceType; invoiceId: number; date: IsoDate; resolved: ResolvedLine[]; computed: ComputedInvoice; original?: OriginalSale },
): Promise<Map<number, StockLineResult>> {
  const out = new Map<number, StockLineResult>();
  const sign = STOCK_SIGN[p.type];
  if (sign === 0) return out;
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
  if (stockLines.length === 0) return out;
  let results: StockLineResult[];
  try {
    results = await postStockMovements(tx, actor, { docType: 'invoice', docId: p.invoiceId, date: p.date, lines: stockLines });
  } catch (err) {
    throw relabel(err, index);
  }
  results.forEach((m, k) => out.set(index[k], m));
  return out;
}

/** `lines[k]` of the stock call → `details[i]` of the invoice. */
export function relabel(err: unknown, index: number[]): unknown {
  if (!isDomainError(err) || !err.field) return err;
  const m = /^lines\[(\d+)\](.*)$/.exec(err.field);
  if (!m || index[Number(m[1])] === undefined) return err;
  const field = `details[${index[Number(m[1])]}]`;
  const fa = err.messageFa.split(`lines[${m[1]}]`).join(field);
  return new DomainError(err.code, { field, fa, en: err.messageEn, details: err.details });
}
