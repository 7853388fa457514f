import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../context.js';
import { fail } from '../errors.js';
import { authorize } from '../auth/permissions.js';
import { selectSettings } from './repository.js';
import { buildFor, planFor } from './submission.js';
import { moadianJson } from './json.js';
import { selectInvoiceForMoadian, selectSubmissions } from './submissions.repository.js';

/** Reads of the send queue: an invoice's Moadian JSON with its taxid and status, and the list of submissions. */
export type SubmissionStatus = 'queued' | 'sent' | 'inProgress' | 'success' | 'failed';
const STATUS: Record<string, SubmissionStatus> = { queued: 'queued', sent: 'sent', in_progress: 'inProgress', success: 'success', failed: 'failed', timeout: 'queued', not_found: 'queued' };

export interface SubmissionError { code: string; detail: string }
export interface SubmissionView {
  id: number; invoiceId: number; invoiceNumber: number; subject: number; taxid: string; serial: number; status: SubmissionStatus;
  attempts: number; errors: SubmissionError[]; referenceNumber: string | null; receipt: string | null; createdAt: Date; updatedAt: Date;
}

type Row = Awaited<ReturnType<ReturnType<typeof selectSubmissions>['execute']>>[number];

export function submissionView(r: Row): SubmissionView {
  const errors = (typeof r.errors === 'string' ? JSON.parse(r.errors) : r.errors) as SubmissionError[];
  return {
    id: Number(r.id), invoiceId: Number(r.invoice_id), invoiceNumber: Number(r.invoice_no), subject: r.subject, taxid: r.taxid, serial: Number(r.serial),
    status: STATUS[r.status] ?? 'queued', attempts: r.attempts, errors: errors.map((e) => ({ code: e.code, detail: e.detail })),
    referenceNumber: r.reference_number, receipt: r.receipt, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

export async function listMoadianSubmissions(db: Kysely<DB>, actor: Actor, filter: { invoiceId?: number; offset: number; limit: number }) {
  authorize(actor, 'moadian.read');
  return { items: (await selectSubmissions(db, actor.businessId, filter).execute()).map(submissionView) };
}

/** Small integers of the Moadian JSON stay numbers; every amount, quantity and rate is an exact decimal string. */
const AMOUNT_KEYS = new Set(['tprdis', 'tdis', 'tadis', 'tvam', 'todam', 'tbill', 'cap', 'insp', 'am', 'fee', 'prdis', 'dis', 'adis', 'vra', 'vam', 'tsstam', 'pv']);

/** Parses the stored JSON without a float: number tokens are read as text first. */
export function exactParse(text: string): unknown {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (/[-\d]/.test(c)) {
      const m = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(text.slice(i))![0];
      out += `"\\u0000${m}"`; // a NUL mark: no description contains one
      i += m.length - 1;
    } else out += c;
  }
  return JSON.parse(out, (key, v) => (typeof v === 'string' && v.startsWith('\u0000') ? (AMOUNT_KEYS.has(key) ? v.slice(1) : Number(v.slice(1))) : v));
}

export interface MoadianInvoiceView { taxid: string; serial: number; status: SubmissionStatus | 'notSent'; submissionId: number | null; invoice: unknown }

/** The invoice's latest submission as sent; before any, a preview with the next serial (provisional: taken only at enqueue). */
export async function moadianInvoiceOf(db: Kysely<DB>, actor: Actor, invoiceId: number, now = new Date()): Promise<MoadianInvoiceView> {
  authorize(actor, 'moadian.read');
  const inv = await selectInvoiceForMoadian(db, actor.businessId, invoiceId).executeTakeFirst();
  if (!inv) throw fail.notFound('invoice', 'id', invoiceId);
  const [latest] = await selectSubmissions(db, actor.businessId, { invoiceId, offset: 0, limit: 1 }).execute();
  if (latest) {
    const v = submissionView(latest);
    return { taxid: v.taxid, serial: v.serial, status: v.status, submissionId: v.id, invoice: exactParse(latest.invoice_json ?? '{}') };
  }
  const s = await selectSettings(db, actor.businessId).executeTakeFirst();
  if (!s) throw fail.with('MOADIAN_NOT_CONFIGURED', {});
  const plan = await planFor(db, actor.businessId, inv);
  const { invoice } = await buildFor(db, actor.businessId, inv, s, plan, Number(s.next_serial), { now });
  return { taxid: invoice.header.taxid, serial: Number(s.next_serial), status: 'notSent', submissionId: null, invoice: exactParse(moadianJson(invoice)) };
}
