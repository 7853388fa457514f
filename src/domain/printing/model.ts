import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../context.js';
import { DomainError, fail } from '../errors.js';
import { getSettings } from '../business/settings.js';
import { getInvoice } from '../invoicing/read.js';
import { INVOICE_TYPE_FA } from '../invoicing/words.js';
import type { Invoice } from '../invoicing/types.js';
import { getPayment, invoicePayments, type Payment } from '../money/payments.js';
import { listBankAccounts, listCashRegisters, bankLabel } from '../money/accounts.js';
import { recordedCheque, type Cheque } from '../cheques/cheques.js';
import { toJalali } from '../shared/dates.js';
import { Dec } from '../shared/money.js';
import type { CurrencyDisplay } from './format.js';
import * as repo from './repository.js';

/**
 * A document as paper shows it: the business's heading, the party, the figures (exact decimal
 * strings in Rial, as the books keep them) and what the reader needs beside them — unit names,
 * paid and remaining, the Moadian taxid once sent. html.ts and pdf.ts lay the same model out;
 * neither computes a figure.
 */
export type PaperFormat = 'a4' | 'receipt80';

export interface PrintBusiness {
  name: string;
  economicCode: string;
  nationalId: string;
  postalCode: string;
  address: string;
  phone: string;
  /** data: URL or null */
  logo: string | null;
  currency: CurrencyDisplay;
}

export interface PrintParty {
  name: string;
  code: string;
  economicCode: string;
  nationalId: string;
  postalCode: string;
  address: string;
  phone: string;
}

export interface PrintLine {
  row: number;
  code: string;
  name: string;
  description: string;
  quantity: string;
  unit: string;
  unitPrice: string;
  amount: string;
  discount: string;
  vat: string;
  total: string;
}

export interface InvoicePaper {
  kind: 'invoice';
  title: string;
  number: number;
  date: string;
  dateJalali: string;
  time: string;
  voided: boolean;
  business: PrintBusiness;
  party: PrintParty;
  lines: PrintLine[];
  subtotal: string;
  discounts: string;
  vat: string;
  levy: string;
  serviceCharge: string;
  rounding: string;
  payable: string;
  /** Sales and purchases: what was received or paid against it; null for returns and proformas. */
  paid: string | null;
  remaining: string | null;
  taxid: string | null;
  description: string;
}

export interface PaymentPaper {
  kind: 'payment';
  title: string;
  number: number;
  date: string;
  dateJalali: string;
  voided: boolean;
  business: PrintBusiness;
  party: PrintParty;
  amount: string;
  method: Payment['method'];
  methodFa: string;
  /** The cash register or bank account it went through. */
  account: string;
  cheque: { number: string; sayadId: string; bank: string; dueDateJalali: string } | null;
  invoice: string | null;
  description: string;
}

export type Paper = InvoicePaper | PaymentPaper;

async function businessOf(db: Kysely<DB>, actor: Actor): Promise<PrintBusiness> {
  const s = await getSettings(db, actor);
  return { name: s.name, economicCode: s.economicCode, nationalId: s.nationalId, postalCode: s.postalCode, address: s.address, phone: s.phone, logo: s.logo, currency: s.currencyDisplay };
}

async function partyOf(db: Kysely<DB>, actor: Actor, id: number): Promise<PrintParty> {
  const p = await repo.partyForPrint(db, actor.businessId, id).executeTakeFirst();
  if (!p) return { name: '', code: '', economicCode: '', nationalId: '', postalCode: '', address: '', phone: '' };
  const place = [p.province, p.city].filter(Boolean).join('، ');
  const street = p.address || p.company_address;
  return {
    name: p.full_name || p.company_name,
    code: p.code,
    economicCode: p.economic_code,
    nationalId: p.national_code,
    postalCode: p.postal_code,
    address: [place, street].filter(Boolean).join('، '),
    phone: p.tel ?? '',
  };
}

const sum = (...v: string[]) => v.reduce((a, b) => a.plus(b), new Dec(0)).toFixed();

export async function invoicePaper(db: Kysely<DB>, actor: Actor, id: number): Promise<InvoicePaper> {
  const inv: Invoice | null = await getInvoice(db, actor, id);
  if (!inv) throw fail.notFound('invoice', 'id', id);
  const [business, party, units, sent] = await Promise.all([
    businessOf(db, actor),
    partyOf(db, actor, inv.partyId),
    repo.unitNamesOf(db, actor.businessId, [...new Set(inv.lines.map((l) => l.productId))]).execute(),
    repo.sentTaxidOf(db, actor.businessId, id).executeTakeFirst(),
  ]);
  const unitOf = new Map(units.map((u) => [Number(u.id), u.name ?? '']));
  const settles = inv.type === 'sale' || inv.type === 'purchase';
  const paid = settles && inv.status === 'posted' ? (await invoicePayments(db, actor, id)).paid : null;
  return {
    kind: 'invoice',
    title: `فاکتور ${INVOICE_TYPE_FA[inv.type]}`,
    number: inv.number,
    date: inv.date,
    dateJalali: toJalali(inv.date),
    time: inv.time,
    voided: inv.status === 'voided',
    business,
    party,
    lines: inv.lines.map((l, i) => ({
      row: i + 1,
      code: l.productCode,
      name: l.productName,
      description: l.description,
      quantity: l.quantity,
      unit: unitOf.get(l.productId) ?? '',
      unitPrice: l.unitPrice,
      amount: l.amount,
      discount: l.discount,
      vat: sum(l.vat, l.levy),
      total: l.total,
    })),
    subtotal: inv.subtotal,
    discounts: sum(inv.lineDiscounts, inv.discount),
    vat: inv.vat,
    levy: inv.levy,
    serviceCharge: inv.serviceCharge,
    rounding: inv.rounding,
    payable: inv.payable,
    paid,
    remaining: paid === null ? null : new Dec(inv.payable).minus(paid).toFixed(),
    taxid: sent?.taxid ?? null,
    description: inv.description,
  };
}

/** A name the role may not read is left off the paper; any other failure is the request's. */
async function ifAllowed<T>(read: Promise<T>, otherwise: T): Promise<T> {
  try {
    return await read;
  } catch (e) {
    if (e instanceof DomainError && e.code === 'FORBIDDEN') return otherwise;
    throw e;
  }
}

const METHOD_FA: Record<Payment['method'], string> = { cash: 'نقد', bank: 'واریز بانکی', card: 'کارت‌خوان', cheque: 'چک' };

export async function paymentPaper(db: Kysely<DB>, actor: Actor, id: number): Promise<PaymentPaper> {
  const p = await getPayment(db, actor, id);
  if (!p) throw fail.notFound('payment', 'id', id);
  const [business, party] = await Promise.all([businessOf(db, actor), partyOf(db, actor, p.partyId)]);
  let account = '';
  if (p.cashRegisterId !== null) account = (await ifAllowed(listCashRegisters(db, actor, { ids: [p.cashRegisterId] }), []))[0]?.name ?? '';
  if (p.bankAccountId !== null) {
    const b = (await ifAllowed(listBankAccounts(db, actor, { ids: [p.bankAccountId] }), []))[0];
    if (b) account = bankLabel(b.bankName, b.accountNo);
  }
  let cheque: Cheque | null = null;
  if (p.chequeId !== null) cheque = await recordedCheque(db, actor, p.chequeId, p.kind === 'receipt' ? 'received' : 'issued');
  let invoice: string | null = null;
  if (p.invoiceId !== null) {
    const inv = await ifAllowed(getInvoice(db, actor, p.invoiceId), null);
    if (inv) invoice = `${INVOICE_TYPE_FA[inv.type]} شماره ${inv.number}`;
  }
  return {
    kind: 'payment',
    title: p.kind === 'receipt' ? 'رسید دریافت' : 'رسید پرداخت',
    number: p.paymentId,
    date: p.date,
    dateJalali: toJalali(p.date),
    voided: p.voidVoucherId !== null,
    business,
    party,
    amount: p.amount,
    method: p.method,
    methodFa: METHOD_FA[p.method],
    account,
    cheque: cheque && { number: cheque.number, sayadId: cheque.sayadId, bank: [cheque.bank, cheque.branch].filter(Boolean).join(' — '), dueDateJalali: toJalali(cheque.dueDate) },
    invoice,
    description: p.description,
  };
}
