import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, Tx } from '../context.js';
import { recordAudit } from '../audit/audit.js';
import { authorize } from '../auth/permissions.js';
import { fail } from '../errors.js';
import { onChangesCommitted } from './signal.js';
import * as repo from './repository.js';

/**
 * The change hook (Hesabfa's setting/SetChangeHook) and its deliverer: with a hook set, every
 * change (changes.ts) queues a delivery in its own transaction (the outbox, change_deliveries);
 * after the commit the deliverer POSTs {Password, Action, ObjectType, ObjectIdList} to the hook,
 * one change at a time per business in change order, retrying a failure with a doubling wait
 * (never giving up: a change is delivered once the listener answers 2xx). No HTTP call is ever
 * made inside a request's transaction, and no write waits for one.
 */
export interface ChangeHook {
  url: string;
  updatedAt: string;
}

const MAX_URL = 2000;

function hookUrl(v: string, field: string): string {
  const s = v.trim();
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw fail.with('HOOK_URL_INVALID', { field });
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || s.length > MAX_URL) throw fail.with('HOOK_URL_INVALID', { field });
  return s;
}

/**
 * Sets (or, with an empty url, removes) the business's change hook. Changes from now on are
 * delivered to it, and so are the ones still pending (to the new URL). Removing it drops the
 * pending deliveries (the delivered ones stay listed).
 */
export async function setChangeHook(tx: Tx, actor: Actor, input: { url: string; password: string }, fields = { url: 'url', password: 'password' }): Promise<ChangeHook | null> {
  authorize(actor, 'webhook.manage');
  if (input.password.length > 500) throw fail.with('TEXT_TOO_LONG', { field: fields.password, max: 500 });
  if (input.url.trim() === '') {
    await repo.deleteHook(tx, actor.businessId).execute();
    await repo.deletePendingDeliveries(tx, actor.businessId).execute();
    await recordAudit(tx, actor, { action: 'delete', entity: 'change_hook', entityId: actor.businessId });
    return null;
  }
  const url = hookUrl(input.url, fields.url);
  const at = new Date();
  await repo.upsertHook(tx, actor.businessId, url, input.password, at).execute();
  await recordAudit(tx, actor, { action: 'update', entity: 'change_hook', entityId: actor.businessId, after: { url } });
  return { url, updatedAt: at.toISOString() };
}

export async function getChangeHook(db: Kysely<DB>, actor: Actor): Promise<ChangeHook | null> {
  authorize(actor, 'webhook.manage');
  const h = await repo.hookOf(db, actor.businessId).executeTakeFirst();
  return h ? { url: h.url, updatedAt: new Date(h.updated_at).toISOString() } : null;
}

export interface Delivery {
  changeId: number;
  objectType: string;
  objectId: number;
  action: number;
  url: string;
  status: 'pending' | 'delivered';
  attempts: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** The deliveries (newest change first): what was sent, what is waiting, and why the last attempt failed. */
export async function listDeliveries(
  db: Kysely<DB>,
  actor: Actor,
  filter: { status?: 'pending' | 'delivered'; offset?: number; limit?: number },
): Promise<{ total: number; items: Delivery[] }> {
  authorize(actor, 'webhook.manage');
  const f = { status: filter.status };
  const total = await repo.deliveryCount(db, actor.businessId, f).executeTakeFirstOrThrow();
  const page = { limit: Math.min(Math.max(filter.limit ?? 100, 1), 1000), offset: Math.max(filter.offset ?? 0, 0) };
  const rows = await repo.deliveryPage(db, actor.businessId, f, page).execute();
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      changeId: Number(r.change_id),
      objectType: r.object_type,
      objectId: Number(r.object_id),
      action: Number(r.action),
      url: r.url,
      status: r.status as Delivery['status'],
      attempts: Number(r.attempts),
      nextAttemptAt: r.status === 'pending' ? iso(r.next_attempt_at) : null,
      lastAttemptAt: iso(r.last_attempt_at),
      lastStatus: r.last_status === null ? null : Number(r.last_status),
      lastError: r.last_error,
      deliveredAt: iso(r.delivered_at),
      createdAt: iso(r.created_at)!,
    })),
  };
}

export interface DelivererOptions {
  /** First retry wait; doubled after each further failure of the same delivery, up to retryMaxMs. */
  retryMs: number;
  retryMaxMs: number;
  /** One POST's time limit. */
  timeoutMs: number;
  onError?: (e: Error) => void;
  fetch?: typeof fetch;
}

export interface ChangeDeliverer {
  /** Look for due deliveries now (transact() calls it after a commit that queued one). */
  kick(): void;
  /** Resolves when no pass is running (tests). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** Claims a business's oldest pending delivery when it is due (a lease: another deliverer skips it meanwhile). */
async function claimDelivery(db: Kysely<DB>, businessId: number, leaseMs: number) {
  return db.transaction().execute(async (tx) => {
    const d = await repo.oldestPending(tx, businessId).executeTakeFirst();
    if (!d || new Date(d.next_attempt_at).getTime() > Date.now()) return null;
    const hook = await repo.hookOf(tx, businessId).executeTakeFirst();
    await tx
      .updateTable('change_deliveries')
      .set({ next_attempt_at: new Date(Date.now() + leaseMs) })
      .where('business_id', '=', businessId)
      .where('change_id', '=', d.change_id)
      .execute();
    return { ...d, hookUrl: hook?.url ?? d.url, password: hook?.password ?? '' };
  });
}

/** One POST to the hook: ok on a 2xx answer; a refused connection, another status or no answer in time is a failure. */
async function postToHook(
  post: typeof fetch,
  inFlight: Set<AbortController>,
  url: string,
  body: unknown,
  timeoutMs: number,
): Promise<{ ok: boolean; status: number | null; error: string }> {
  const ctl = new AbortController();
  inFlight.add(ctl);
  const timeout = setTimeout(() => ctl.abort(), timeoutMs);
  try {
    const res = await post(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: ctl.signal });
    await res.arrayBuffer().catch(() => undefined);
    const ok = res.status >= 200 && res.status < 300;
    return { ok, status: res.status, error: ok ? '' : `HTTP ${res.status}` };
  } catch (err) {
    return { ok: false, status: null, error: ctl.signal.aborted ? `timed out after ${timeoutMs} ms` : String((err as Error)?.message ?? err).slice(0, 500) };
  } finally {
    clearTimeout(timeout);
    inFlight.delete(ctl);
  }
}

/**
 * The deliverer of one database: a pass per kick (after a commit that queued a delivery), at
 * start-up (deliveries left from before a restart), and when the earliest retry falls due. Each
 * business's deliveries go one at a time in change order: a failing one holds the later ones back
 * (they are delivered in order once it succeeds); businesses do not wait for each other.
 */
export function startChangeDeliverer(db: Kysely<DB>, opts: DelivererOptions): ChangeDeliverer {
  const post = opts.fetch ?? fetch;
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  const inFlight = new Set<AbortController>();

  const retryWait = (attempts: number) => Math.min(opts.retryMaxMs, opts.retryMs * 2 ** Math.min(attempts, 30));

  async function deliverBusiness(businessId: number): Promise<void> {
    while (!stopped) {
      const d = await claimDelivery(db, businessId, opts.timeoutMs * 2 + 1000);
      if (!d) return;
      const r = await postToHook(post, inFlight, d.hookUrl, { Password: d.password, Action: Number(d.action), ObjectType: d.object_type, ObjectIdList: [Number(d.object_id)] }, opts.timeoutMs);
      const at = new Date();
      if (r.ok) await repo.markDelivered(db, businessId, Number(d.change_id), at, r.status!).execute();
      else {
        await repo.markFailed(db, businessId, Number(d.change_id), at, new Date(at.getTime() + retryWait(Number(d.attempts))), r.status, r.error).execute();
        return; // the later ones wait for this one
      }
    }
  }

  async function pass(): Promise<void> {
    do {
      again = false;
      const due = await repo.businessesDue(db, new Date()).execute();
      await Promise.all(due.map((r) => deliverBusiness(Number(r.business_id))));
    } while (again && !stopped);
    if (stopped) return;
    const next = await repo.nextDue(db).executeTakeFirst();
    if (next?.at) schedule(new Date(next.at).getTime() - Date.now());
  }

  function schedule(ms: number) {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      kick();
    }, Math.max(0, Math.min(ms, 2 ** 31 - 1)) + 5);
    timer.unref();
  }

  function kick(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = pass()
      .catch((e: Error) => {
        opts.onError?.(e);
        // the deliveries are still in the outbox: look again later rather than at the next commit only
        if (!stopped) schedule(opts.retryMs);
      })
      .finally(() => {
        running = null;
        // A commit that kicked while the pass was past its loop (reading nextDue, whose snapshot
        // may predate that commit) would otherwise be lost until the next one: run again.
        if (again) kick();
      });
  }

  const unlisten = onChangesCommitted(db, kick);
  kick();
  return {
    kick,
    idle: async () => {
      while (running) await running;
    },
    stop: async () => {
      stopped = true;
      unlisten();
      if (timer) clearTimeout(timer);
      for (const c of inFlight) c.abort();
      while (running) await running;
    },
  };
}
