import type { Dec } from '../shared/money.js';
import type { IsoDate } from '../shared/dates.js';

/**
 * The invoice in the domain's words, shared by every surface (each surface maps its own wire
 * body to this input and the result back). Amounts and quantities in results are exact
 * decimal strings.
 */
export type InvoiceType = 'purchase' | 'sale' | 'purchaseReturn' | 'saleReturn' | 'proforma';

/** What the database stores for each type (invoices.invoice_type). */
export const INVOICE_TYPE_CODE: Record<InvoiceType, 1 | 2 | 3 | 4 | 5> = { purchase: 1, sale: 2, purchaseReturn: 3, saleReturn: 4, proforma: 5 };
export const INVOICE_TYPES = Object.keys(INVOICE_TYPE_CODE) as InvoiceType[];

/** The type stored as `code`. */
export function invoiceTypeOfCode(code: number): InvoiceType {
  const t = INVOICE_TYPES.find((n) => INVOICE_TYPE_CODE[n] === code);
  if (!t) throw new Error(`invoice type code ${code}`);
  return t;
}

export const isInvoiceType = (v: unknown): v is InvoiceType => typeof v === 'string' && Object.hasOwn(INVOICE_TYPE_CODE, v);

/** Goods move stock; services do not. */
export type LineKind = 'goods' | 'service';

/** One line as a client sends it: absent (undefined) = not given. */
export interface InvoiceLineInput {
  productId?: number;
  /** A check: absent = the product's kind; given, it must be the product's kind. */
  kind?: LineKind;
  /** Goods: the warehouse; absent = the invoice's warehouse, else the default one. Ignored on services. */
  warehouseId?: number;
  quantity?: Dec;
  /** Two further measures of the quantity (other units) and its wording, stored as sent. */
  firstUnitQuantity?: Dec | null;
  secondUnitQuantity?: Dec | null;
  quantityText?: string;
  unitPrice?: Dec;
  /** A check: must equal quantity × unitPrice (exact or rounded to the currency). */
  amount?: Dec;
  discount?: Dec;
  /** Percent; absent = the product's rate, else the effective-dated VAT table. */
  vatRate?: Dec;
  /**
   * The line's VAT as an amount (Hesabfa's `Tax`), instead of a rate: stored as is, with the
   * rate it makes (vat / net × 100, to 4 decimals). Not with vatRate.
   */
  vat?: Dec;
  /** Percent of the municipal levy (عوارض). */
  levyRate?: Dec;
  description?: string;
}

export interface InvoiceInput {
  type?: InvoiceType;
  /** Absent (or 0): the next number of this type. */
  number?: number;
  /** Gregorian YYYY-MM-DD or Jalali YYYY/MM/DD; absent = today. */
  date?: string;
  /** HH:MM[:SS]; absent = none. */
  time?: string;
  partyId?: number;
  /** The user the client names as the invoice's author; absent = the actor. */
  userId?: number;
  /** The goods lines' warehouse when a line names none; absent = the default warehouse. */
  warehouseId?: number;
  /** Discount on the whole invoice. */
  discount?: Dec;
  /** A check: Σ of the line discounts as the client stated it. */
  lineDiscount?: Dec;
  /** Percent of the net charged as a service charge. */
  serviceChargeRate?: Dec;
  /** Taken off the payable (negative: added) to round it. */
  rounding?: Dec;
  description?: string;
  /** A return: the sale or purchase it returns. */
  originalInvoiceId?: number;
  /** Carriage (کرایه حمل) added to the payable (Hesabfa's `Freight`); booked with the services. */
  freight?: Dec;
  /** The client's own reference (an order number), kept as text. */
  reference?: string;
  /** The client's own tag, kept byte for byte. */
  tag?: string;
  /** When payment is due: Gregorian or Jalali like `date`; absent = none. */
  dueDate?: string;
  lines?: InvoiceLineInput[];
}

export interface InvoiceLine {
  lineNo: number;
  kind: LineKind;
  productId: number;
  productCode: string;
  productName: string;
  /** Goods lines: the warehouse (its id and its printed code). */
  warehouse: { id: number; code: number } | null;
  quantity: string;
  firstUnitQuantity: string | null;
  secondUnitQuantity: string | null;
  quantityText: string;
  unitPrice: string;
  /** quantity × unitPrice, rounded to the currency. */
  amount: string;
  discount: string;
  net: string;
  vatRate: string;
  vat: string;
  levyRate: string;
  levy: string;
  total: string;
  /** Goods lines: the stock movement's unit cost and (unsigned) value. */
  unitCost: string | null;
  cost: string | null;
  description: string;
}

export type InvoiceStatus = 'posted' | 'voided';

export interface Invoice {
  id: number;
  type: InvoiceType;
  /** The printed number (per type); 0 in a preview. */
  number: number;
  partyId: number;
  partyName: string;
  date: IsoDate;
  time: string;
  description: string;
  userId: number | null;
  discount: string;
  /** The line-discount sum the client stated (0 when it stated none). */
  lineDiscount: string;
  serviceChargeRate: string;
  rounding: string;
  /** Σ line amounts. */
  subtotal: string;
  /** Σ line discounts. */
  lineDiscounts: string;
  net: string;
  vat: string;
  levy: string;
  serviceCharge: string;
  /** Carriage added to the payable. */
  freight: string;
  payable: string;
  /** Inventory value moved by the invoice (cost of sales for a sale). */
  cogs: string;
  status: InvoiceStatus;
  voucherId: number | null;
  voidVoucherId: number | null;
  originalInvoiceId: number | null;
  reference: string;
  tag: string;
  dueDate: IsoDate | null;
  createdAt: string;
  lines: InvoiceLine[];
}

export interface InvoiceFilter {
  type?: InvoiceType;
  partyId?: number;
  fromDate?: IsoDate;
  toDate?: IsoDate;
  status?: InvoiceStatus;
  number?: number;
  /** The client's reference, exactly. */
  reference?: string;
  /** Only these invoices ([] matches none). */
  ids?: number[];
  offset?: number;
  limit?: number;
}
