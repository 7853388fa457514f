import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { transact } from '../../db/transact.js';
import type { Actor, Tx } from '../context.js';
import { fail } from '../errors.js';
import type { Dec } from '../shared/money.js';
import { postInvoice } from './post.js';
import { warehouseCodesById } from './repository.js';
import { INVOICE_TYPE, type Invoice, type InvoiceInput, type InvoiceType } from './types.js';

/** The invoice types by their domain names (the numbers are what the database stores). */
export type InvoiceTypeName = keyof typeof INVOICE_TYPE;
export const INVOICE_TYPE_NAME: Record<InvoiceType, InvoiceTypeName> = { 1: 'purchase', 2: 'sale', 3: 'purchaseReturn', 4: 'saleReturn', 5: 'proforma' };

export interface NewInvoiceLine {
  productId?: number;
  /** Absent: the invoice's warehouse, else the default one. */
  warehouseId?: number;
  quantity?: Dec;
  unitPrice?: Dec;
  discount?: Dec;
  /** Percent; absent = the product's rate, else the VAT table in force on the date. */
  vatRate?: Dec;
  description?: string;
}

/** An invoice in the domain's words (Daftar's API sends exactly this). */
export interface NewInvoice {
  type?: string;
  number?: number;
  date?: string;
  partyId?: number;
  warehouseId?: number;
  discount?: Dec;
  description?: string;
  originalInvoiceId?: number;
  lines?: NewInvoiceLine[];
}

function typeNumber(name: string | undefined): number | undefined {
  if (name === undefined) return undefined;
  if (!Object.hasOwn(INVOICE_TYPE, name)) throw fail.validation('type');
  return INVOICE_TYPE[name as InvoiceTypeName];
}

/**
 * The warehouses an invoice names by id, as the codes posting resolves (0 = the default).
 * An id of another business, or no such id, is NOT_FOUND naming the field that sent it.
 */
async function warehouseCodes(tx: Tx, actor: Actor, input: NewInvoice): Promise<Map<number, number>> {
  const wanted = new Map<number, string>();
  if (input.warehouseId !== undefined) wanted.set(input.warehouseId, 'warehouseId');
  (input.lines ?? []).forEach((l, i) => {
    if (l.warehouseId !== undefined && !wanted.has(l.warehouseId)) wanted.set(l.warehouseId, `lines[${i}].warehouseId`);
  });
  const codes = new Map<number, number>();
  if (wanted.size === 0) return codes;
  for (const r of await warehouseCodesById(tx, actor.businessId, [...wanted.keys()]).execute()) codes.set(Number(r.id), Number(r.code));
  for (const [id, field] of wanted) if (!codes.has(id)) throw fail.notFound('warehouse', field, id);
  return codes;
}

/** Reads an invoice in the domain's words into posting's input. */
export async function readNewInvoice(tx: Tx, actor: Actor, input: NewInvoice): Promise<InvoiceInput> {
  const codes = await warehouseCodes(tx, actor, input);
  const codeOf = (id: number | undefined) => (id === undefined ? undefined : codes.get(id));
  return {
    invoiceType: typeNumber(input.type),
    invoiceNo: input.number,
    date: input.date,
    partyId: input.partyId,
    discount: input.discount,
    info: input.description,
    originalInvoiceId: input.originalInvoiceId,
    lines: input.lines?.map((l) => ({
      productId: l.productId,
      warehouseCode: codeOf(l.warehouseId ?? input.warehouseId),
      quantity: l.quantity,
      price: l.unitPrice,
      discount: l.discount,
      taxPerc: l.vatRate,
      info: l.description,
    })),
  };
}

/** Posts an invoice given in the domain's words (Daftar's API). */
export async function createInvoice(tx: Tx, actor: Actor, input: NewInvoice): Promise<Invoice> {
  return postInvoice(tx, actor, await readNewInvoice(tx, actor, input));
}

/** Carries a previewed invoice out of the transaction that computed it, rolling that transaction back. */
class Previewed extends Error {
  constructor(readonly invoice: Invoice) {
    super('invoice preview');
  }
}

/**
 * Every figure of an invoice as posting would store it, writing nothing: the invoice is posted
 * by the one `postInvoice` inside a transaction that is then rolled back, so the arithmetic
 * (VAT by date, rounding, cost of sales) is posting's own, and stock sufficiency is checked as
 * posting checks it (a sale beyond the stock is refused here too). Only sequences advance.
 */
export async function previewInvoice(db: Kysely<DB>, actor: Actor, input: NewInvoice): Promise<Invoice> {
  try {
    await transact(db, async (tx) => {
      throw new Previewed(await createInvoice(tx, actor, input));
    });
  } catch (err) {
    if (err instanceof Previewed) return err.invoice;
    throw err;
  }
  throw new Error('a preview always rolls back');
}
