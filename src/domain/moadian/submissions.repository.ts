import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { sqlSamples } from '../../db/sql-samples.js';

/** SQL of the Moadian send queue (moadian_submissions) and the invoice figures it sends. */
export const LIVE_STATUSES = ['queued', 'sent', 'in_progress'] as const;

export function selectInvoiceForMoadian(db: Kysely<DB>, businessId: number, invoiceId: number) {
  return db.selectFrom('invoices as i').innerJoin('parties as p', (j) => j.onRef('p.business_id', '=', 'i.business_id').onRef('p.id', '=', 'i.party_id'))
    .select([
      'i.id', 'i.invoice_type', 'i.invoice_no', 'i.date', 'i.status', 'i.created_at', 'i.voided_at', 'i.original_invoice_id', 'i.discount',
      'i.service_charge', 'i.round_price', 'i.payable', 'i.sum_fee',
      'p.full_name', 'p.is_legal', 'p.buyer_type', 'p.economic_code', 'p.national_code', 'p.postal_code',
    ])
    .where('i.business_id', '=', businessId).where('i.id', '=', invoiceId);
}

export function selectInvoiceLinesForMoadian(db: Kysely<DB>, businessId: number, invoiceId: number) {
  return db.selectFrom('invoice_lines as l')
    .innerJoin('products as pr', (j) => j.onRef('pr.business_id', '=', 'l.business_id').onRef('pr.id', '=', 'l.product_id'))
    .leftJoin('units as u', (j) => j.onRef('u.business_id', '=', 'pr.business_id').onRef('u.id', '=', 'pr.unit_id'))
    .select(['l.line_no', 'l.product_id', 'l.quantity', 'l.price', 'l.discount', 'l.tax_perc', 'l.fee', 'pr.name', 'pr.sstid', 'u.moadian_unit_code'])
    .where('l.business_id', '=', businessId).where('l.invoice_id', '=', invoiceId).orderBy('l.line_no');
}

/** Quantities returned per product by the posted returns of a sale, up to (and including) one return. */
export function selectReturnedQuantities(db: Kysely<DB>, businessId: number, saleId: number, upToReturnId: number) {
  return db.selectFrom('invoice_lines as l')
    .innerJoin('invoices as r', (j) => j.onRef('r.business_id', '=', 'l.business_id').onRef('r.id', '=', 'l.invoice_id'))
    .select(['l.product_id', (eb) => eb.fn.sum<string>('l.quantity').as('quantity')])
    .where('r.business_id', '=', businessId).where('r.original_invoice_id', '=', saleId).where('r.status', '=', 'posted')
    .where('r.id', '<=', upToReturnId).groupBy('l.product_id');
}

export function selectReceiptsTotal(db: Kysely<DB>, businessId: number, invoiceId: number) {
  return db.selectFrom('payments').select((eb) => eb.fn.coalesce(eb.fn.sum<string>('amount'), sql<string>`0`).as('paid'))
    .where('business_id', '=', businessId).where('invoice_id', '=', invoiceId).where('kind', '=', 'receipt').where('void_voucher_id', 'is', null);
}

/** Submissions of a sale and of its returns (the chain a void or return references), newest first. */
export function selectChainSubmissions(db: Kysely<DB>, businessId: number, saleId: number) {
  return db.selectFrom('moadian_submissions as s')
    .innerJoin('invoices as i', (j) => j.onRef('i.business_id', '=', 's.business_id').onRef('i.id', '=', 's.invoice_id'))
    .select(['s.id', 's.invoice_id', 's.subject', 's.status', 's.taxid', 's.issued_at', 's.invoice_json'])
    .where('s.business_id', '=', businessId)
    .where((eb) => eb.or([eb('i.id', '=', saleId), eb('i.original_invoice_id', '=', saleId)]))
    .orderBy('s.id', 'desc');
}

export interface NewSubmissionRow {
  business_id: number; invoice_id: number; subject: number; fiscal_id: string; serial: number; taxid: string;
  reference_taxid: string | null; request_trace_id: string; invoice_json: string; issued_at: Date; next_attempt_at: Date;
}

/** Inserts a queued submission; nothing when the invoice already has a live one (partial unique index). */
export function insertSubmission(db: Kysely<DB>, row: NewSubmissionRow) {
  return db.insertInto('moadian_submissions').values({ ...row, status: 'queued' })
    .onConflict((oc) => oc.columns(['business_id', 'invoice_id']).where('status', 'in', [...LIVE_STATUSES]).doNothing())
    .returning(['id']);
}

const SUBMISSION_COLUMNS = [
  's.id', 's.business_id', 's.invoice_id', 'i.invoice_no', 's.subject', 's.serial', 's.taxid', 's.reference_taxid', 's.status', 's.request_trace_id',
  's.reference_number', 's.errors', 's.attempts', 's.invoice_json', 's.issued_at', 's.receipt', 's.created_at', 's.updated_at',
] as const;

export function selectSubmissions(db: Kysely<DB>, businessId: number, filter: { invoiceId?: number; offset: number; limit: number }) {
  let q = db.selectFrom('moadian_submissions as s')
    .innerJoin('invoices as i', (j) => j.onRef('i.business_id', '=', 's.business_id').onRef('i.id', '=', 's.invoice_id'))
    .select(SUBMISSION_COLUMNS).where('s.business_id', '=', businessId);
  if (filter.invoiceId !== undefined) q = q.where('s.invoice_id', '=', filter.invoiceId);
  return q.orderBy('s.id', 'desc').offset(filter.offset).limit(filter.limit);
}

/**
 * The due rows of some statuses (all businesses), oldest due first, at most `limit`: read without a
 * lock (on Citus a row lock cannot span businesses, which live on different shards); `claimDue`
 * then locks them one business at a time.
 */
export function selectDue(db: Kysely<DB>, statuses: string[], now: Date, limit: number) {
  return db.selectFrom('moadian_submissions').select(['business_id', 'id'])
    .where('status', 'in', statuses).where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at').orderBy('id').limit(limit);
}

/**
 * Claims some due rows of one business: locked with `for update skip locked` so two workers never
 * take the same row, and checked again under the lock (still of these statuses and due); the
 * caller moves next_attempt_at forward (a lease) in the same tx. One business: one shard on Citus.
 */
export function claimDue(db: Kysely<DB>, businessId: number, ids: number[], statuses: string[], now: Date) {
  return db.selectFrom('moadian_submissions as s')
    .innerJoin('invoices as i', (j) => j.onRef('i.business_id', '=', 's.business_id').onRef('i.id', '=', 's.invoice_id'))
    .select(SUBMISSION_COLUMNS)
    .where('s.business_id', '=', businessId).where('s.id', 'in', ids)
    .where('s.status', 'in', statuses).where('s.next_attempt_at', '<=', now)
    .orderBy('s.next_attempt_at').orderBy('s.id')
    .forUpdate('s').skipLocked();
}

export function leaseRows(db: Kysely<DB>, businessId: number, ids: number[], until: Date, countAttempt: boolean) {
  return db.updateTable('moadian_submissions')
    .set((eb) => ({ next_attempt_at: until, attempts: countAttempt ? eb('attempts', '+', 1) : eb.ref('attempts') }))
    .where('business_id', '=', businessId).where('id', 'in', ids);
}

export interface SubmissionUpdate {
  status?: string; reference_number?: string | null; errors?: string; receipt?: string | null; next_attempt_at?: Date; sent_at?: Date;
}

export function updateSubmission(db: Kysely<DB>, businessId: number, id: number, set: SubmissionUpdate) {
  return db.updateTable('moadian_submissions').set({ ...set, updated_at: new Date() }).where('business_id', '=', businessId).where('id', '=', id);
}

export const SQL_SAMPLES = sqlSamples({
  selectInvoiceForMoadian: (db) => selectInvoiceForMoadian(db, 1, 1),
  selectInvoiceLinesForMoadian: (db) => selectInvoiceLinesForMoadian(db, 1, 1),
  selectReturnedQuantities: (db) => selectReturnedQuantities(db, 1, 1, 2),
  selectReceiptsTotal: (db) => selectReceiptsTotal(db, 1, 1),
  selectChainSubmissions: (db) => selectChainSubmissions(db, 1, 1),
  insertSubmission: (db) => insertSubmission(db, {
    business_id: 1, invoice_id: 1, subject: 1, fiscal_id: 'A11216', serial: 1, taxid: 'A1121604C220002F095011', reference_taxid: null,
    request_trace_id: '00000000-0000-4000-8000-000000000000', invoice_json: '{}', issued_at: new Date(0), next_attempt_at: new Date(0),
  }),
  selectSubmissions: (db) => selectSubmissions(db, 1, { offset: 0, limit: 50 }),
  selectDue: (db) => selectDue(db, ['queued'], new Date(0), 1000),
  claimDue: (db) => claimDue(db, 1, [1], ['queued'], new Date(0)),
  leaseRows: (db) => leaseRows(db, 1, [1], new Date(0), true),
  updateSubmission: (db) => updateSubmission(db, 1, 1, { status: 'sent' }),
});
