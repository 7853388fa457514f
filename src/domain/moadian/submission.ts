import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, Tx } from '../context.js';
import { DomainError, fail } from '../errors.js';
import { recordAudit } from '../audit/audit.js';
import { authorize } from '../auth/permissions.js';
import { Dec } from '../shared/money.js';
import { buildMoadianInvoice, type BuyerKind, type MoadianInvoice, type MoadianInvoiceInput, type MoadianLineInput, type MoadianSubject, type Settlement } from './invoice-json.js';
import { moadianJson } from './json.js';
import { nextMoadianSerial } from './settings.js';
import { selectSettings } from './repository.js';
import {
  insertSubmission, selectChainSubmissions, selectInvoiceForMoadian, selectInvoiceLinesForMoadian, selectReceiptsTotal, selectReturnedQuantities,
} from './submissions.repository.js';

/**
 * What Daftar sends to Moadian for one invoice (spec §5.1): a posted sale → subject 1; a voided sale that
 * was accepted → 3 (the original resent with a new taxid); a sale return → 4 with the sale's REMAINING
 * lines, or 3 when nothing remains (a full return is a cancellation). The taxid, uid and JSON are fixed at
 * enqueue; the serial is taken in the same transaction and never handed out again.
 */
type InvoiceRow = NonNullable<Awaited<ReturnType<ReturnType<typeof selectInvoiceForMoadian>['executeTakeFirst']>>>;
type SettingsRow = NonNullable<Awaited<ReturnType<ReturnType<typeof selectSettings>['executeTakeFirst']>>>;
type ChainRow = Awaited<ReturnType<ReturnType<typeof selectChainSubmissions>['execute']>>[number];

export interface Plan { subject: MoadianSubject; referenceTaxid?: string; referenceIssuedAt?: Date; linesOf: number; reduceBy?: number }

const BUYER_KIND: Record<number, BuyerKind> = { 1: 'natural', 2: 'legal', 3: 'partnership', 4: 'foreign' };
const TEHRAN_OFFSET_MS = 210 * 60_000; // Iran has kept +03:30 all year since 2022

async function settingsOf(db: Kysely<DB>, businessId: number): Promise<SettingsRow> {
  const s = await selectSettings(db, businessId).executeTakeFirst();
  if (!s) throw fail.with('MOADIAN_NOT_CONFIGURED', {});
  return s;
}

async function invoiceOf(db: Kysely<DB>, businessId: number, id: number, field = 'id'): Promise<InvoiceRow> {
  const inv = await selectInvoiceForMoadian(db, businessId, id).executeTakeFirst();
  if (!inv) throw fail.notFound('invoice', field, id);
  return inv;
}

const accepted = (chain: ChainRow[], invoiceId: number) => chain.find((s) => s.status === 'success' && Number(s.invoice_id) === invoiceId);

/** Which subject to send and what it references (spec §5.1). */
export async function planFor(db: Kysely<DB>, businessId: number, inv: InvoiceRow): Promise<Plan> {
  const number = Number(inv.invoice_no);
  const type = Number(inv.invoice_type);
  if (type !== 2 && type !== 4) throw fail.with('MOADIAN_INVOICE_NOT_A_SALE', { number });
  const saleId = type === 2 ? Number(inv.id) : Number(inv.original_invoice_id);
  const chain = await selectChainSubmissions(db, businessId, saleId).execute();
  const original = chain.find((s) => s.status === 'success' && Number(s.invoice_id) === saleId && s.subject === 1);
  if (type === 2 && inv.status === 'posted') {
    if (original) throw fail.with('MOADIAN_ALREADY_SENT', { number });
    return { subject: 'original', linesOf: saleId };
  }
  if (accepted(chain, Number(inv.id)) && (type === 4 || chain.some((s) => s.status === 'success' && s.subject === 3))) {
    throw fail.with('MOADIAN_ALREADY_SENT', { number });
  }
  if (!original) throw fail.with('MOADIAN_REFERENCE_NOT_SENT', { number });
  if (type === 2) return { subject: 'void', referenceTaxid: original.taxid, referenceIssuedAt: original.issued_at ?? undefined, linesOf: saleId };
  // a return references the newest accepted invoice of the chain (the original or the previous return)
  const latest = chain.find((s) => s.status === 'success')!;
  return { subject: 'return', referenceTaxid: latest.taxid, referenceIssuedAt: latest.issued_at ?? undefined, linesOf: saleId, reduceBy: Number(inv.id) };
}

/** The lines to send: the sale's lines, less what its returns took back (for subject 4). */
async function linesFor(db: Kysely<DB>, businessId: number, plan: Plan): Promise<MoadianLineInput[]> {
  const rows = await selectInvoiceLinesForMoadian(db, businessId, plan.linesOf).execute();
  const returned = new Map<number, Dec>();
  if (plan.reduceBy !== undefined) {
    for (const r of await selectReturnedQuantities(db, businessId, plan.linesOf, plan.reduceBy).execute()) returned.set(Number(r.product_id), new Dec(r.quantity));
  }
  const out: MoadianLineInput[] = [];
  rows.forEach((r, i) => {
    if (!r.sstid) throw fail.with('MOADIAN_PRODUCT_NO_SSTID', { name: r.name, field: `lines[${i}].productId` });
    if (!new Dec(r.fee).isZero()) throw fail.with('MOADIAN_UNSUPPORTED_FIGURE', { number: plan.linesOf, field: `lines[${i}].levy` });
    const sold = new Dec(r.quantity);
    const back = Dec.min(returned.get(Number(r.product_id)) ?? new Dec(0), sold);
    returned.set(Number(r.product_id), (returned.get(Number(r.product_id)) ?? new Dec(0)).sub(back));
    const quantity = sold.sub(back);
    if (quantity.lte(0)) return;
    // the line discount follows the remaining quantity (truncated, as every Moadian amount)
    const discount = new Dec(r.discount).mul(quantity).div(sold).toDecimalPlaces(0, Dec.ROUND_DOWN);
    out.push({ sstid: r.sstid, description: r.name, unitCode: r.moadian_unit_code ?? undefined, quantity, unitPrice: new Dec(r.price), discount, vatRate: new Dec(r.tax_perc) });
  });
  return out;
}

function buyerOf(inv: InvoiceRow, type: 1 | 2): MoadianInvoiceInput['buyer'] {
  if (type === 2) return undefined;
  const tob = inv.buyer_type ?? (inv.is_legal ? 2 : 1);
  const economicCode = /^(\d{11}|\d{14})$/.test(inv.economic_code) ? inv.economic_code : undefined;
  const nationalId = /^\d{10,12}$/.test(inv.national_code) ? inv.national_code : undefined;
  const postalCode = /^\d{10}$/.test(inv.postal_code) ? inv.postal_code : undefined;
  // spec §5.3: tob 2/3 need the economic number; tob 1/4 the economic number or national id + postal code
  const ok = tob === 2 || tob === 3 ? economicCode !== undefined : economicCode !== undefined || (nationalId !== undefined && postalCode !== undefined);
  if (!ok) throw fail.with('MOADIAN_BUYER_INCOMPLETE', { name: inv.full_name, field: tob === 2 || tob === 3 ? 'economicCode' : 'postalCode' });
  return { kind: BUYER_KIND[tob]!, economicCode, nationalId, postalCode };
}

/** The issue instant: the creation instant when created on the invoice's (Tehran) date, else noon of that date; never in the future. */
export function issueInstant(date: string, createdAt: Date, now: Date): Date {
  const createdDay = new Date(createdAt.getTime() + TEHRAN_OFFSET_MS).toISOString().slice(0, 10);
  const at = createdDay === date ? createdAt : new Date(Date.parse(`${date}T12:00:00Z`) - TEHRAN_OFFSET_MS);
  return at.getTime() > now.getTime() ? now : at;
}

function instantFor(inv: InvoiceRow, plan: Plan, now: Date): Date {
  let at = plan.subject === 'void' ? (inv.voided_at ?? now) : issueInstant(inv.date, inv.created_at, now);
  if (plan.referenceIssuedAt && at < plan.referenceIssuedAt) at = plan.referenceIssuedAt; // indatim ≥ the reference's
  return at.getTime() > now.getTime() ? now : at;
}

async function settlementOf(db: Kysely<DB>, businessId: number, inv: InvoiceRow): Promise<{ settlement: Settlement; paid: Dec }> {
  const paid = new Dec((await selectReceiptsTotal(db, businessId, Number(inv.id)).executeTakeFirst())?.paid ?? 0);
  if (paid.gte(inv.payable)) return { settlement: 'cash', paid };
  return { settlement: paid.isZero() ? 'credit' : 'mixed', paid };
}

export interface BuildOptions { type?: 1 | 2; now: Date }

/** Builds the JSON for an invoice with a given serial (the preview passes the next one without taking it). */
export async function buildFor(db: Kysely<DB>, businessId: number, inv: InvoiceRow, s: SettingsRow, plan: Plan, serial: number, opts: BuildOptions) {
  const number = Number(inv.invoice_no);
  for (const [field, v] of [['discount', inv.discount], ['serviceCharge', inv.service_charge], ['rounding', inv.round_price]] as const) {
    if (!new Dec(v).isZero()) throw fail.with('MOADIAN_UNSUPPORTED_FIGURE', { number, field });
  }
  const type = opts.type ?? (s.default_invoice_type as 1 | 2);
  const sale = plan.linesOf === Number(inv.id) ? inv : await invoiceOf(db, businessId, plan.linesOf);
  const issuedAt = instantFor(inv, plan, opts.now);
  const { settlement, paid } = await settlementOf(db, businessId, sale);
  const input: MoadianInvoiceInput = {
    fiscalId: s.fiscal_id, serial, issuedAtMs: issuedAt.getTime(), subject: plan.subject, referenceTaxid: plan.referenceTaxid, type,
    sellerEconomicCode: s.economic_code, buyer: buyerOf(sale, type), settlement: plan.subject === 'original' ? settlement : 'credit',
    lines: await linesFor(db, businessId, plan),
  };
  let invoice = buildMoadianInvoice(input);
  if (input.settlement === 'mixed') {
    // cap is the cash part without VAT (IITP §8-23): the paid share of (tbill − tvam), truncated
    const h = invoice.header;
    const cap = paid.mul(h.tbill.sub(h.tvam)).div(h.tbill).toDecimalPlaces(0, Dec.ROUND_DOWN);
    invoice = buildMoadianInvoice({ ...input, cashAmount: cap });
  }
  return { invoice, issuedAt };
}

export interface EnqueueOptions { type?: 1 | 2; now?: Date }

/** Enqueues an invoice for sending (POST /invoices/{id}/moadian/send, the CLI); returns the new submission's id. */
export async function enqueueMoadian(tx: Tx, actor: Actor, invoiceId: number, opts: EnqueueOptions = {}): Promise<number> {
  authorize(actor, 'moadian.send');
  return enqueueInvoice(tx, actor.businessId, invoiceId, opts);
}

/** The enqueue itself, in the caller's transaction: the subject, the JSON, the serial and the queued row. */
async function enqueueInvoice(tx: Tx, businessId: number, invoiceId: number, opts: EnqueueOptions): Promise<number> {
  const s = await settingsOf(tx, businessId);
  const inv = await invoiceOf(tx, businessId, invoiceId);
  const number = Number(inv.invoice_no);
  if (inv.date < s.starts_on) throw fail.with('MOADIAN_BEFORE_START', { number, startsOn: s.starts_on });
  const plan = await planFor(tx, businessId, inv);
  const now = opts.now ?? new Date();
  const serial = Number(await nextMoadianSerial(tx, businessId));
  const { invoice, issuedAt } = await buildFor(tx, businessId, inv, s, plan, serial, { type: opts.type, now });
  const row = await insertSubmission(tx, {
    business_id: businessId, invoice_id: invoiceId, subject: invoice.header.ins, fiscal_id: s.fiscal_id, serial, taxid: invoice.header.taxid,
    reference_taxid: plan.referenceTaxid ?? null, request_trace_id: randomUUID(), invoice_json: moadianJson(invoice), issued_at: issuedAt, next_attempt_at: now,
  }).executeTakeFirst();
  if (!row) throw fail.with('MOADIAN_ALREADY_LIVE', { number });
  return Number(row.id);
}

/**
 * Sending on posting (docs/moadian.md "Sending on posting"): called by posting and voiding, in their
 * transaction, when the business opted in. Enqueues exactly as `enqueueMoadian` (no `moadian.send`
 * permission needed: the business chose it). An invoice Moadian cannot take yet (a product without
 * sstid, a buyer without the fields of spec §5.3, a return or void whose reference is not accepted
 * yet, settings gone …) never fails the posting: it is left unqueued, behind a savepoint so no serial
 * is spent, and an audit entry `moadianSkipped` says why. Returns the submission id or null.
 */
export async function enqueueOnPosting(tx: Tx, actor: Actor, invoiceId: number): Promise<number | null> {
  await sql`savepoint moadian_on_posting`.execute(tx);
  try {
    const id = await enqueueInvoice(tx, actor.businessId, invoiceId, {});
    await sql`release savepoint moadian_on_posting`.execute(tx);
    return id;
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    await sql`rollback to savepoint moadian_on_posting`.execute(tx);
    await recordAudit(tx, actor, { action: 'moadianSkipped', entity: 'invoice', entityId: invoiceId, after: { code: e.code, key: e.key ?? null, field: e.field ?? null, message: e.message } });
    return null;
  }
}

/** Whether posting on this date queues for Moadian (the void's check; posting reads it with its context). */
export async function sendsOnPosting(db: Kysely<DB>, businessId: number, date: string): Promise<boolean> {
  const s = await selectSettings(db, businessId).executeTakeFirst();
  return Boolean(s?.send_on_posting) && s!.starts_on <= date;
}

export type { MoadianInvoice };
