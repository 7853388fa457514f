import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { transact } from '../../db/transact.js';
import { MoadianClient, MoadianTransportError, type InquiryResult, type SendResult } from './client.js';
import { moadianCodeText } from './error-codes.js';
import { encryptJwe, signJws, type Packet, type ServerKey, type Signer } from './jose.js';
import { loadMoadianSigner } from './settings.js';
import { selectSettings } from './repository.js';
import { claimDue, leaseRows, selectDue, updateSubmission, type SubmissionUpdate } from './submissions.repository.js';

/**
 * The send queue's worker (docs/moadian.md "Sending"). One `runMoadianOnce` pass:
 *  1. claims due `queued` rows (≤ 1000, `for update skip locked` one business at a time), counts an
 *     attempt and leases them;
 *  2. rows tried before (a crash may have sent them) are first inquired by their uid: a packet the
 *     server has is never sent twice;
 *  3. sends the rest in one request per business (signed, encrypted; the uid and taxid fixed at enqueue);
 *  4. claims due `sent`/`in_progress` rows and inquires them by reference number: SUCCESS keeps the
 *     signed receipt, FAILED the server's codes with Persian texts, IN_PROGRESS polls again later.
 * A retryable failure (5xx, timeout, network) puts the row back with back-off; other failures end it.
 */
export interface MoadianApi {
  serverInformation(): Promise<{ publicKeys: ServerKey[] }>;
  send(packets: Packet[]): Promise<SendResult[]>;
  inquiryByReference(ids: string[]): Promise<InquiryResult[]>;
  inquiryByUid(uids: string[], fiscalId: string): Promise<InquiryResult[]>;
}

export interface WorkerDeps {
  db: Kysely<DB>;
  secretKey: Buffer;
  now?: () => Date;
  /** The protocol client of a business (tests pass a transport with hooks). */
  clientFor?: (opts: { baseUrl: string; clientId: string; signer: Signer }) => MoadianApi;
  /** Wait after sending before the first inquiry (the server needs ≥ 10 s in practice). */
  pollDelayMs?: number;
  /** How long a claimed row stays leased to this worker. */
  leaseMs?: number;
  batchSize?: number;
}

type Claimed = Awaited<ReturnType<ReturnType<typeof claimDue>['execute']>>[number];
const MINUTE = 60_000;

/** 30 s, 1 min, 2 min … capped at 1 hour. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 60 * MINUTE);
}

const nowOf = (deps: WorkerDeps) => (deps.now ?? (() => new Date()))();
const later = (deps: WorkerDeps, ms: number) => new Date(nowOf(deps).getTime() + ms);

function byBusiness(rows: Claimed[]): Map<number, Claimed[]> {
  const m = new Map<number, Claimed[]>();
  for (const r of rows) m.set(Number(r.business_id), [...(m.get(Number(r.business_id)) ?? []), r]);
  return m;
}

/**
 * Claims due rows of some statuses (≤ batchSize, oldest due first) and leases them, in a short
 * transaction of its own: the due rows are listed without a lock, then locked and leased one
 * business at a time (`for update skip locked` within one business: on Citus, one shard).
 */
async function claim(deps: WorkerDeps, statuses: string[], countAttempt: boolean): Promise<Claimed[]> {
  return transact(deps.db, async (tx) => {
    const now = nowOf(deps);
    const due = new Map<number, number[]>();
    const place = new Map<string, number>(); // business:id → its place in the due order
    for (const r of await selectDue(tx, statuses, now, deps.batchSize ?? 1000).execute()) {
      const b = Number(r.business_id);
      place.set(`${b}:${r.id}`, place.size);
      due.set(b, [...(due.get(b) ?? []), Number(r.id)]);
    }
    const rows: Claimed[] = [];
    for (const [businessId, ids] of due) {
      const group = await claimDue(tx, businessId, ids, statuses, now).execute();
      if (group.length) await leaseRows(tx, businessId, group.map((r) => Number(r.id)), later(deps, deps.leaseMs ?? 5 * MINUTE), countAttempt).execute();
      rows.push(...group);
    }
    // oldest due first across businesses, as one claim over all of them would return them
    const at = (r: Claimed) => place.get(`${Number(r.business_id)}:${r.id}`)!;
    rows.sort((a, b) => at(a) - at(b));
    return rows.map((r) => (countAttempt ? { ...r, attempts: r.attempts + 1 } : r));
  });
}

const save = (deps: WorkerDeps, r: Claimed, set: SubmissionUpdate) => updateSubmission(deps.db, Number(r.business_id), Number(r.id), set).execute();

function errorsOf(codes: { code: string; message?: string }[]): string {
  return JSON.stringify(codes.map((c) => ({ code: c.code, detail: moadianCodeText(c.code, c.message).fa, message: c.message ?? null })));
}

/** A transport failure: back to the queue with back-off when retryable, else failed with the server's codes. */
async function transportFailed(deps: WorkerDeps, rows: Claimed[], e: unknown): Promise<void> {
  const t = e instanceof MoadianTransportError ? e : new MoadianTransportError(String((e as Error)?.message ?? e), true);
  for (const r of rows) {
    if (t.retryable) await save(deps, r, { status: 'queued', next_attempt_at: later(deps, backoffMs(r.attempts)) });
    else await save(deps, r, { status: 'failed', errors: errorsOf(t.codes.length ? t.codes.map((code) => ({ code })) : [{ code: String(t.status ?? 'HTTP'), message: t.message }]) });
  }
}

async function clientOf(deps: WorkerDeps, businessId: number): Promise<{ api: MoadianApi; signer: Signer; fiscalId: string } | null> {
  const s = await selectSettings(deps.db, businessId).executeTakeFirst();
  const signer = await loadMoadianSigner(deps.db, businessId, deps.secretKey);
  if (!s || !signer) return null;
  const make = deps.clientFor ?? ((o) => new MoadianClient(o));
  return { api: make({ baseUrl: s.base_url, clientId: s.fiscal_id, signer }), signer, fiscalId: s.fiscal_id };
}

/** Applies an inquiry result to its row. */
async function settle(deps: WorkerDeps, r: Claimed, res: InquiryResult): Promise<void> {
  if (res.status === 'SUCCESS') return void (await save(deps, r, { status: 'success', receipt: res.sign ?? null, errors: '[]' }));
  if (res.status === 'FAILED') return void (await save(deps, r, { status: 'failed', errors: errorsOf(res.data?.error ?? []) }));
  if (res.status === 'IN_PROGRESS') return void (await save(deps, r, { status: 'in_progress', next_attempt_at: later(deps, deps.pollDelayMs ?? 15_000) }));
  // NOT_FOUND / TIMEOUT: the server has no result for the packet: send it again (same uid and taxid)
  await save(deps, r, { status: 'queued', next_attempt_at: later(deps, backoffMs(r.attempts)) });
}

/** Rows tried before: asks the server by uid first; returns those it does not have (to be sent). */
async function recoverSent(deps: WorkerDeps, api: MoadianApi, fiscalId: string, rows: Claimed[]): Promise<Claimed[]> {
  const tried = rows.filter((r) => r.attempts > 1);
  if (tried.length === 0) return rows;
  const found = new Map((await api.inquiryByUid(tried.map((r) => r.request_trace_id!), fiscalId)).filter((x) => x.status !== 'NOT_FOUND').map((x) => [x.uid, x]));
  for (const r of tried) {
    const res = found.get(r.request_trace_id!);
    if (!res) continue;
    await save(deps, r, { reference_number: res.referenceNumber, sent_at: nowOf(deps) });
    await settle(deps, r, res);
  }
  return rows.filter((r) => !found.has(r.request_trace_id!));
}

async function sendGroup(deps: WorkerDeps, businessId: number, rows: Claimed[]): Promise<number> {
  const c = await clientOf(deps, businessId);
  if (!c) return 0;
  try {
    const todo = await recoverSent(deps, c.api, c.fiscalId, rows);
    if (todo.length === 0) return 0;
    const key = (await c.api.serverInformation()).publicKeys[0]!;
    const packets = await Promise.all(todo.map(async (r) => ({
      payload: await encryptJwe(await signJws(r.invoice_json!, c.signer), key),
      header: { requestTraceId: r.request_trace_id!, fiscalId: c.fiscalId },
    })));
    const results = new Map((await c.api.send(packets)).map((x) => [x.uid, x.referenceNumber]));
    for (const r of todo) {
      await save(deps, r, { status: 'sent', reference_number: results.get(r.request_trace_id!) ?? null, sent_at: nowOf(deps), next_attempt_at: later(deps, deps.pollDelayMs ?? 15_000) });
    }
    return todo.length;
  } catch (e) {
    await transportFailed(deps, rows, e);
    return 0;
  }
}

async function inquireGroup(deps: WorkerDeps, businessId: number, rows: Claimed[]): Promise<void> {
  const c = await clientOf(deps, businessId);
  if (!c) return;
  try {
    const withRef = rows.filter((r) => r.reference_number);
    const results = new Map((await c.api.inquiryByReference(withRef.map((r) => r.reference_number!))).map((x) => [x.referenceNumber, x]));
    for (const r of withRef) {
      const res = results.get(r.reference_number!);
      await settle(deps, r, res ?? { status: 'NOT_FOUND', referenceNumber: r.reference_number!, uid: r.request_trace_id!, data: null });
    }
  } catch (e) {
    // an inquiry that fails says nothing about the invoice: keep the row's state, ask again later
    const t = e instanceof MoadianTransportError ? e : null;
    for (const r of rows) await save(deps, r, { next_attempt_at: later(deps, backoffMs(r.attempts + 1)), errors: t && !t.retryable ? errorsOf(t.codes.map((code) => ({ code }))) : undefined });
  }
}

export interface PassResult { sent: number; inquired: number }

/** One pass of the worker; call again to make progress (the runner loops it). */
export async function runMoadianOnce(deps: WorkerDeps): Promise<PassResult> {
  let sent = 0;
  for (const [businessId, rows] of byBusiness(await claim(deps, ['queued'], true))) sent += await sendGroup(deps, businessId, rows);
  const due = await claim(deps, ['sent', 'in_progress'], false);
  for (const [businessId, rows] of byBusiness(due)) await inquireGroup(deps, businessId, rows);
  return { sent, inquired: due.length };
}
