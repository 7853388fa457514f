import type { Dec } from '../shared/money.js';
import type { IsoDate } from '../shared/dates.js';

/**
 * The invoice contract shared by every surface (Siba factors, Chortke factors, Hesabfa
 * invoices). Amounts and quantities in results are exact decimal strings.
 */
export const INVOICE_TYPE = {
  purchase: 1,
  sale: 2,
  purchaseReturn: 3,
  saleReturn: 4,
  proforma: 5,
} as const;
export type InvoiceType = 1 | 2 | 3 | 4 | 5;

export const INVOICE_TYPE_FA: Record<InvoiceType, string> = {
  1: 'خرید',
  2: 'فروش',
  3: 'برگشت از خرید',
  4: 'برگشت از فروش',
  5: 'پیش‌فاکتور',
};

/** 0 = goods (moves stock), 1 = service. */
export type ItemType = 0 | 1;

/** One line as a client sends it: absent (undefined) = not given. */
export interface InvoiceLineInput {
  productId?: number;
  /** Absent: taken from the product's kind. */
  itemType?: number;
  /** Goods: the warehouse (0 or absent = the default warehouse). Ignored on service lines. */
  warehouseCode?: number | null;
  quantity?: Dec;
  quantity1?: Dec | null;
  quantity2?: Dec | null;
  quantityStr?: string;
  price?: Dec;
  /** A check value: must equal quantity × price after rounding. */
  sumPrice?: Dec;
  discount?: Dec;
  /** Percent; absent = the product's rate, else the effective-dated VAT table. */
  taxPerc?: Dec;
  feePerc?: Dec;
  info?: string;
}

export interface InvoiceInput {
  invoiceType?: number;
  /** Absent: the next number of this type. */
  invoiceNo?: number;
  /** Gregorian YYYY-MM-DD or Jalali YYYY/MM/DD; absent = today. */
  date?: string;
  time?: string;
  partyId?: number;
  /** The user the client names (Siba userId); absent = the actor. */
  userId?: number;
  discount?: Dec;
  discountItem?: Dec;
  servicePerc?: Dec;
  roundPrice?: Dec;
  info?: string;
  /** Sale return: the sale it returns. */
  originalInvoiceId?: number;
  lines?: InvoiceLineInput[];
}

export interface InvoiceLine {
  lineNo: number;
  itemType: ItemType;
  productId: number;
  productCode: string;
  productName: string;
  warehouseId: number | null;
  warehouseCode: number | null;
  quantity: string;
  quantity1: string | null;
  quantity2: string | null;
  quantityStr: string;
  price: string;
  sumPrice: string;
  discount: string;
  net: string;
  taxPerc: string;
  tax: string;
  feePerc: string;
  fee: string;
  total: string;
  /** Goods lines: the stock movement's unit cost and (unsigned) value. */
  unitCost: string | null;
  cost: string | null;
  info: string;
}

export type InvoiceStatus = 'posted' | 'voided';

export interface Invoice {
  id: number;
  invoiceType: InvoiceType;
  invoiceNo: number;
  partyId: number;
  partyName: string;
  date: IsoDate;
  time: string;
  info: string;
  userId: number | null;
  discount: string;
  discountItem: string;
  servicePerc: string;
  roundPrice: string;
  sumPrice: string;
  sumDiscount: string;
  sumNet: string;
  sumTax: string;
  sumFee: string;
  serviceCharge: string;
  payable: string;
  /** Inventory value moved by the invoice (cost of sales for a sale). */
  cogs: string;
  status: InvoiceStatus;
  voucherId: number | null;
  voidVoucherId: number | null;
  originalInvoiceId: number | null;
  createdAt: string;
  lines: InvoiceLine[];
}

export interface InvoiceFilter {
  invoiceType?: number;
  partyId?: number;
  fromDate?: IsoDate;
  toDate?: IsoDate;
  status?: InvoiceStatus;
  invoiceNo?: number;
  offset?: number;
  limit?: number;
}
