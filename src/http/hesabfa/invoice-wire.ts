import { fail } from '../../domain/errors.js';
import type { Invoice, InvoiceInput, InvoiceLineInput, InvoiceType } from '../../domain/invoicing/types.js';
import { parseDate } from '../../domain/shared/dates.js';
import { Dec, toWire } from '../../domain/shared/money.js';
import { padCode, toAsciiDigits } from '../../domain/shared/text.js';
import { isAbsent, readDecimal, readInt, readText } from '../common/wire.js';
import { field, isObject } from './body.js';
import { readCode } from './item-wire.js';
import { wireDateTime } from './schema.js';

/** Hesabfa's InvoiceType numbers ↔ the domain's types. */
const TYPE_OF: Record<number, InvoiceType> = { 0: 'sale', 1: 'purchase', 2: 'saleReturn', 3: 'purchaseReturn' };
const NUMBER_OF: Partial<Record<InvoiceType, number>> = { sale: 0, purchase: 1, saleReturn: 2, purchaseReturn: 3 };

/** An invoice type by Hesabfa's number (absent: `fallback`). */
export function readInvoiceType(v: unknown, name: string, fallback: InvoiceType | undefined = 'sale'): InvoiceType {
  const n = readInt(v, name);
  if (n === undefined) {
    if (fallback === undefined) throw fail.missing(name);
    return fallback;
  }
  const t = TYPE_OF[n];
  if (!t) throw fail.with('INVOICE_TYPE_NUMBER_INVALID', { field: name });
  return t;
}

/** An invoice number: an integer or its text; null, "", 0 and false = none. */
export function readNumber(v: unknown, name: string): number | undefined {
  if (isAbsent(v) || v === false) return undefined;
  const n = readInt(typeof v === 'string' ? toAsciiDigits(v.trim()) : v, name);
  if (n !== undefined && n < 0) throw fail.with('INVOICE_NUMBER_INVALID', { field: name });
  return n || undefined;
}

/** `Y-m-d H:i:s` (or `Y-m-dTH:i:s`, or a day alone; Jalali Y/m/d too) → the day and the time. */
export function readDateTime(v: unknown, name: string): { date: string; time?: string } | undefined {
  const s = readText(v, name, 40)?.trim();
  if (!s) return undefined;
  const m = /^(\S+?)(?:[T ](\d{1,2}:\d{2}(?::\d{2})?)(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(toAsciiDigits(s));
  if (!m) throw fail.with('DATE_TIME_INVALID', { field: name });
  return { date: parseDate(m[1], name), time: m[2] };
}

export interface WireInvoice {
  type: InvoiceType;
  number?: number;
  contactCode: string;
  input: Omit<InvoiceInput, 'partyId' | 'lines'>;
  lines: { itemCode: string; line: Omit<InvoiceLineInput, 'productId'> }[];
}

/**
 * A wire invoice (invoice/save's `invoice`) → the domain's input, items by code (resolved by
 * the route). Status 0 (a draft) is refused: Daftar posts every invoice it keeps. Project,
 * Salesman*, ContactTitle, FreightPersonCode and RowNumber are not kept.
 */
export function readWireInvoice(raw: unknown, at: string): WireInvoice {
  if (!isObject(raw)) throw fail.with('PRODUCT_NOT_AN_OBJECT', { field: at });
  const f = (name: string) => `${at}.${name}`;
  const type = readInvoiceType(field(raw, 'InvoiceType'), f('InvoiceType'));
  const status = readInt(field(raw, 'Status'), f('Status'));
  if (status === 0) throw fail.with('INVOICE_DRAFT_UNSUPPORTED', { field: f('Status') });
  const contactCode = readCode(field(raw, 'ContactCode'), f('ContactCode'));
  if (contactCode === undefined) throw fail.missing(f('ContactCode'));
  const date = readDateTime(field(raw, 'Date'), f('Date'));
  const due = readDateTime(field(raw, 'DueDate'), f('DueDate'));
  const items = field(raw, 'InvoiceItems');
  if (isAbsent(items)) throw fail.missing(f('InvoiceItems'));
  if (!Array.isArray(items)) throw fail.with('PRODUCT_NOT_AN_ARRAY', { field: f('InvoiceItems') });
  const lines = items.map((it, i) => {
    const g = (name: string) => `${at}.InvoiceItems[${i}].${name}`;
    if (!isObject(it)) throw fail.with('PRODUCT_NOT_AN_OBJECT', { field: `${at}.InvoiceItems[${i}]` });
    const itemCode = readCode(field(it, 'ItemCode'), g('ItemCode'));
    if (itemCode === undefined) throw fail.missing(g('ItemCode'));
    const quantity = readDecimal(field(it, 'Quantity'), g('Quantity'));
    if (quantity === undefined) throw fail.missing(g('Quantity'));
    const unitPrice = readDecimal(field(it, 'UnitPrice'), g('UnitPrice'));
    if (unitPrice === undefined) throw fail.missing(g('UnitPrice'));
    return {
      itemCode,
      line: {
        quantity,
        unitPrice,
        discount: readDecimal(field(it, 'Discount'), g('Discount')),
        vat: readDecimal(field(it, 'Tax'), g('Tax')) ?? new Dec(0),
        description: readText(field(it, 'Description'), g('Description'), 1000),
      },
    };
  });
  return {
    type,
    number: readNumber(field(raw, 'Number'), f('Number')),
    contactCode,
    input: {
      type,
      date: date?.date,
      time: date?.time,
      dueDate: due?.date,
      reference: readText(field(raw, 'Reference'), f('Reference'), 1000),
      tag: readText(field(raw, 'Tag'), f('Tag'), 1000),
      description: readText(field(raw, 'Note'), f('Note'), 1000),
      freight: readDecimal(field(raw, 'Freight'), f('Freight')),
    },
    lines,
  };
}

/** The wire invoice (docs/hesabfa.md "Invoices"); Paid and Rest from its receipts (or payments). */
export function toWireInvoice(inv: Invoice, partyCode: string, paid: string) {
  const voided = inv.status === 'voided';
  const rest = voided ? new Dec(0) : Dec.max(new Dec(inv.payable).minus(paid), 0);
  return {
    Id: inv.id,
    Number: inv.number,
    InvoiceType: NUMBER_OF[inv.type] ?? -1,
    ContactCode: padCode(partyCode),
    ContactTitle: inv.partyName,
    Date: wireDateTime(inv.date, inv.time),
    DueDate: wireDateTime(inv.dueDate ?? inv.date),
    Reference: inv.reference,
    Status: voided ? 0 : 1,
    Voided: voided,
    Tag: inv.tag,
    Note: inv.description,
    Currency: 'IRR',
    Sum: toWire(inv.net),
    Tax: toWire(new Dec(inv.vat).plus(inv.levy)),
    Discount: toWire(new Dec(inv.lineDiscounts).plus(inv.discount)),
    Freight: toWire(inv.freight),
    Payable: toWire(inv.payable),
    Paid: toWire(paid),
    Rest: toWire(rest),
    InvoiceItems: inv.lines.map((l) => ({
      RowNumber: l.lineNo,
      ItemCode: padCode(l.productCode),
      ItemName: l.productName,
      Description: l.description,
      Quantity: toWire(l.quantity),
      UnitPrice: toWire(l.unitPrice),
      Discount: toWire(l.discount),
      Tax: toWire(new Dec(l.vat).plus(l.levy)),
      Sum: toWire(l.amount),
      TotalAmount: toWire(l.total),
      WarehouseCode: l.warehouse?.code ?? null,
    })),
  };
}
