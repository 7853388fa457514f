import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../domain/context.js';
import { fail } from '../../domain/errors.js';
import {
  INVOICE_TYPE_CODE,
  INVOICE_TYPES,
  warehouseIdsForCodes,
  type Invoice,
  type InvoiceInput,
  type InvoiceLineInput,
  type InvoiceType,
  type LineKind,
} from '../../domain/invoicing/index.js';
import { toJalali } from '../../domain/shared/dates.js';
import { toWire } from '../../domain/shared/money.js';
import { NumLike, Text, optionalNumbers, readDecimal, readId, readInt, readText } from '../common/wire.js';

/**
 * Siba factor wire names ↔ the domain's invoice. Siba numbers the types (1 purchase … 5
 * proforma), marks a line's kind 0/1 and names warehouses by code; the domain says
 * `type: 'sale'`, `kind: 'goods'` and addresses warehouses by id (resolved here before posting).
 * Errors come back through SIBA_FIELDS (fields.ts), which renames the domain's paths.
 */
const LineSchema = Type.Object({
  itemId: NumLike(),
  quantity: NumLike(),
  price: NumLike(),
  info: Type.Optional(Text(1000)),
  quantityStr: Type.Optional(Text(200)),
  ...optionalNumbers('itemType', 'quantity1', 'quantity2', 'sumPrice', 'warehouseCode', 'discount', 'taxPerc', 'feePerc'),
});

export const FactorSchema = Type.Object({
  invoiceType: NumLike(),
  personId: NumLike(),
  invoiceDate: Type.Optional(Text(40)),
  invoiceTime: Type.Optional(Text(20)),
  info: Type.Optional(Text(2000)),
  ...optionalNumbers('invoiceNo', 'discount', 'userId', 'discountItem', 'servicePerc', 'roundPrice'),
  originalFactorId: Type.Optional(NumLike({ description: 'افزوده: فاکتور فروشی که این برگشت از فروش به آن برمی‌گردد' })),
  details: Type.Array(LineSchema, { minItems: 1, maxItems: 1000 }),
});

type Body = Record<string, unknown>;

/** Siba's type number as the domain's type; undefined when it is not one of 1..5. */
export function typeOfSibaNumber(n: number | undefined): InvoiceType | undefined {
  return INVOICE_TYPES.find((t) => INVOICE_TYPE_CODE[t] === n);
}

function readType(v: unknown): InvoiceType {
  const n = readInt(v, 'type');
  if (n === undefined) throw fail.missing('type');
  const type = typeOfSibaNumber(n);
  if (!type) throw fail.with('INVOICE_TYPE_INVALID', { field: 'type' });
  return type;
}

function readKind(v: unknown, field: string): LineKind | undefined {
  const n = readInt(v, field);
  if (n === undefined) return undefined;
  if (n !== 0 && n !== 1) throw fail.with('INVOICE_KIND_CODE_INVALID', { field });
  return n === 0 ? 'goods' : 'service';
}

/** A factor line; its warehouse code stays aside until resolveFactor turns it into an id. */
function readLine(l: Body, i: number): InvoiceLineInput & { warehouseCode?: number } {
  const f = (n: string) => `details[${i}].${n}`;
  return {
    productId: readId(l.itemId, f('itemId')),
    kind: readKind(l.itemType, `lines[${i}].kind`),
    warehouseCode: readInt(l.warehouseCode, f('warehouseCode')),
    quantity: readDecimal(l.quantity, f('quantity')),
    firstUnitQuantity: readDecimal(l.quantity1, f('quantity1')),
    secondUnitQuantity: readDecimal(l.quantity2, f('quantity2')),
    quantityText: readText(l.quantityStr, f('quantityStr'), 200),
    unitPrice: readDecimal(l.price, f('price')),
    amount: readDecimal(l.sumPrice, f('sumPrice')),
    discount: readDecimal(l.discount, f('discount')),
    vatRate: readDecimal(l.taxPerc, f('taxPerc')),
    levyRate: readDecimal(l.feePerc, f('feePerc')),
    description: readText(l.info, f('info'), 1000),
  };
}

/** A factor as read from the wire: the domain's input, its lines still naming warehouse codes. */
export interface SibaFactor extends InvoiceInput {
  lines: (InvoiceLineInput & { warehouseCode?: number })[];
}

export function readFactor(b: Body): SibaFactor {
  if (!Array.isArray(b.details)) throw fail.with('INVOICE_LINES_NOT_A_LIST', { field: 'lines' });
  return {
    type: readType(b.invoiceType),
    number: readInt(b.invoiceNo, 'invoiceNo'),
    date: readText(b.invoiceDate, 'invoiceDate', 40),
    time: readText(b.invoiceTime, 'invoiceTime', 20),
    partyId: readId(b.personId, 'personId'),
    userId: readId(b.userId, 'userId') || undefined,
    discount: readDecimal(b.discount, 'discount'),
    lineDiscount: readDecimal(b.discountItem, 'discountItem'),
    serviceChargeRate: readDecimal(b.servicePerc, 'servicePerc'),
    rounding: readDecimal(b.roundPrice, 'roundPrice'),
    description: readText(b.info, 'info', 2000),
    originalInvoiceId: readId(b.originalFactorId, 'originalFactorId') || undefined,
    lines: (b.details as unknown[]).map((l, i) => {
      if (typeof l !== 'object' || l === null) throw fail.validation(`details[${i}]`);
      return readLine(l as Body, i);
    }),
  };
}

/** The factor as the domain's input: warehouse codes become ids (0 or absent = the default warehouse). */
export async function resolveFactor(db: Kysely<DB>, actor: Actor, f: SibaFactor): Promise<InvoiceInput> {
  const wanted = new Map<number, string>();
  f.lines.forEach((l, i) => {
    if (l.warehouseCode && !wanted.has(l.warehouseCode)) wanted.set(l.warehouseCode, `lines[${i}].warehouseId`);
  });
  const ids = await warehouseIdsForCodes(db, actor, wanted);
  return {
    ...f,
    lines: f.lines.map(({ warehouseCode, ...l }) => ({ ...l, warehouseId: warehouseCode ? ids.get(warehouseCode) : undefined })),
  };
}

/** The stored invoice in Siba's names, with every computed figure. */
export function factorToWire(inv: Invoice): Record<string, unknown> {
  return {
    factorId: inv.id,
    invoiceType: INVOICE_TYPE_CODE[inv.type],
    invoiceNo: inv.number,
    invoiceDate: inv.date,
    invoiceDateJalali: toJalali(inv.date),
    invoiceTime: inv.time,
    personId: inv.partyId,
    personName: inv.partyName,
    discount: toWire(inv.discount),
    info: inv.description,
    userId: inv.userId,
    discountItem: toWire(inv.lineDiscount),
    servicePerc: toWire(inv.serviceChargeRate),
    roundPrice: toWire(inv.rounding),
    sumPrice: toWire(inv.subtotal),
    sumDiscount: toWire(inv.lineDiscounts),
    sumNet: toWire(inv.net),
    sumTax: toWire(inv.vat),
    sumFee: toWire(inv.levy),
    serviceCharge: toWire(inv.serviceCharge),
    payable: toWire(inv.payable),
    cogs: toWire(inv.cogs),
    status: inv.status,
    voucherId: inv.voucherId,
    voidVoucherId: inv.voidVoucherId,
    originalFactorId: inv.originalInvoiceId,
    details: inv.lines.map((l) => ({
      lineNo: l.lineNo,
      itemId: l.productId,
      itemCode: l.productCode,
      itemName: l.productName,
      itemType: l.kind === 'goods' ? 0 : 1,
      quantity: toWire(l.quantity),
      quantity1: l.firstUnitQuantity === null ? null : toWire(l.firstUnitQuantity),
      quantity2: l.secondUnitQuantity === null ? null : toWire(l.secondUnitQuantity),
      quantityStr: l.quantityText,
      price: toWire(l.unitPrice),
      sumPrice: toWire(l.amount),
      info: l.description,
      warehouseCode: l.warehouse?.code ?? 0,
      discount: toWire(l.discount),
      net: toWire(l.net),
      taxPerc: toWire(l.vatRate),
      tax: toWire(l.vat),
      feePerc: toWire(l.levyRate),
      fee: toWire(l.levy),
      total: toWire(l.total),
      unitCost: l.unitCost === null ? null : toWire(l.unitCost),
      cost: l.cost === null ? null : toWire(l.cost),
    })),
  };
}
