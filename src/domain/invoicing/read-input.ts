import { fail } from '../errors.js';
import { assertDocumentDate } from '../ledger/fiscal.js';
import { parseDate, todayIso, type IsoDate } from '../shared/dates.js';
import type { Dec } from '../shared/money.js';
import { toAsciiDigits } from '../shared/text.js';
import { isInvoiceType, type InvoiceInput, type InvoiceLineInput, type InvoiceType } from './types.js';

export const MAX_LINES = 1000;

/** An invoice's input checked and normalised; nothing read from the database yet. */
export interface ReadInvoice {
  type: InvoiceType;
  date: IsoDate;
  /** HH:MM:SS, or '' when none was given. */
  time: string;
  /** The client's own number; absent = the next one. */
  number?: number;
  partyId: number;
  userId?: number;
  warehouseId?: number;
  discount?: Dec;
  lineDiscount?: Dec;
  serviceChargeRate?: Dec;
  rounding?: Dec;
  description: string;
  originalInvoiceId?: number;
  freight?: Dec;
  reference: string;
  tag: string;
  dueDate: IsoDate | null;
  lines: (InvoiceLineInput & { productId: number })[];
}

export const isReturn = (type: InvoiceType): boolean => type === 'saleReturn' || type === 'purchaseReturn';

function readType(v: unknown): InvoiceType {
  if (v === undefined) throw fail.missing('type');
  if (!isInvoiceType(v)) throw fail.with('INVOICE_TYPE_UNKNOWN', { field: 'type' });
  return v;
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

/** The client's own number: 0 (or absent) means "assign one". */
function readNumber(v: number | undefined): number | undefined {
  if (v !== undefined && (!Number.isSafeInteger(v) || v < 0)) throw fail.with('INVOICE_NUMBER_INVALID', { field: 'number' });
  return v ? v : undefined;
}

function readLines(lines: InvoiceLineInput[] | undefined): ReadInvoice['lines'] {
  if (!lines || lines.length === 0) throw fail.missing('lines');
  if (lines.length > MAX_LINES) throw fail.with('INVOICE_TOO_MANY_LINES', { field: 'lines', max: MAX_LINES });
  return lines.map((l, i) => {
    if (l.productId === undefined) throw fail.missing(`lines[${i}].productId`);
    if (l.quantity === undefined) throw fail.missing(`lines[${i}].quantity`);
    if (l.unitPrice === undefined) throw fail.missing(`lines[${i}].unitPrice`);
    if (l.vat !== undefined && l.vatRate !== undefined) throw fail.validation(`lines[${i}].vat`);
    for (const k of ['firstUnitQuantity', 'secondUnitQuantity'] as const) {
      const v = l[k];
      if (v !== undefined && v !== null && (v.decimalPlaces() > 4 || v.abs().gte('1e19'))) throw fail.validation(`lines[${i}].${k}`);
    }
    return { ...l, productId: l.productId };
  });
}

const MAX_TEXT = 1000;

/** A reference: trimmed, at most MAX_TEXT characters. */
function readShortText(v: string | undefined, field: string): string {
  const s = (v ?? '').trim();
  if (s.length > MAX_TEXT) throw fail.with('TEXT_TOO_LONG', { field, max: MAX_TEXT });
  return s;
}

/**
 * Step 1 of posting (pure): the input checked and normalised — type, date (inside the fiscal
 * window unless a proforma, which books nothing), time, number, party and lines present.
 */
export function readInvoiceInput(input: InvoiceInput, now = new Date()): ReadInvoice {
  const type = readType(input.type);
  const date = input.date === undefined || input.date.trim() === '' ? todayIso(now) : parseDate(input.date, 'invoiceDate');
  if (type !== 'proforma') assertDocumentDate(date, 'invoiceDate', now);
  const time = readTime(input.time);
  const number = readNumber(input.number);
  if (input.partyId === undefined) throw fail.missing('partyId');
  return {
    type,
    date,
    time,
    number,
    partyId: input.partyId,
    userId: input.userId,
    warehouseId: input.warehouseId,
    discount: input.discount,
    lineDiscount: input.lineDiscount,
    serviceChargeRate: input.serviceChargeRate,
    rounding: input.rounding,
    description: input.description ?? '',
    originalInvoiceId: input.originalInvoiceId || undefined,
    freight: input.freight,
    reference: readShortText(input.reference, 'reference'),
    tag: input.tag ?? '',
    dueDate: input.dueDate === undefined || input.dueDate.trim() === '' ? null : parseDate(input.dueDate, 'dueDate'),
    lines: readLines(input.lines),
  };
}
