import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.js';
import type { Tx } from '../domain/context.js';
import { isRetryable } from './connection.js';
import { transact } from './transact.js';
import { changesMark, changesRollback, deferChanges, flushChanges } from '../domain/changes/changes.js';
import { changesCommitted } from '../domain/changes/signal.js';

/**
 * Group commit for postings (docs/performance.md "Group commit"): concurrent postings queue in
 * the process and run together in ONE transaction, each inside its own savepoint, so one commit
 * (one WAL flush, one claim of the change feed's counter) serves the batch.
 *
 * - One batch runs at a time per database; postings arriving meanwhile form the next batch. A
 *   posting on an idle batcher starts at once (a lone request never waits for company); the
 *   batch takes its postings when its transaction has the connection, so postings that arrive
 *   while it waits for one (PGlite's single session, a busy pool) join it.
 * - A batch closes at `maxBatch` postings, or `windowMicros` after its first posting queued
 *   (0 = as soon as the running batch has committed).
 * - Each posting: `savepoint` → its work → the deferred balance check fired for it (`set
 *   constraints all immediate`, then back to deferred) → `release`. A posting that throws rolls
 *   back to its savepoint (its rows, its locks and its recorded changes go) and gets its own
 *   error; the others go on. A deadlock or serialization failure inside one posting runs that
 *   posting again on its own after the batch.
 * - No reply is sent before the commit. If the batch fails before its COMMIT is sent (a failed
 *   savepoint command, a lost connection), nothing of it was written: every posting of it runs
 *   again on its own transaction. So it does when the COMMIT is refused by a deferred check
 *   (class 23): on a Citus cluster `set constraints` does not reach the workers, so an
 *   unbalanced voucher is refused only at the COMMIT, which rolls the batch back
 *   (docs/scale-out.md). Any other failure of the COMMIT is reported to every posting (the
 *   outcome is unknown, as for any transaction whose commit fails).
 * - The postings of a batch run one after another on one connection, so their locks are taken in
 *   the order of the batch, never interleaved with each other's; within a posting the domain's
 *   order holds (products by id, then balances, then the number counter).
 */
export interface GroupCommitOptions {
  enabled: boolean;
  maxBatch: number;
  windowMicros: number;
}

interface Item {
  fn: (tx: Tx) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  queuedAt: number;
}

/** What the batcher has done, for tests and the benchmark. */
export interface GroupCommitStats {
  batches: number;
  postings: number;
  largest: number;
  rolledBack: number;
  rerunAlone: number;
}

class Batcher {
  private queue: Item[] = [];
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  readonly stats: GroupCommitStats = { batches: 0, postings: 0, largest: 0, rolledBack: 0, rerunAlone: 0 };

  constructor(
    private readonly db: Kysely<DB>,
    private readonly opts: GroupCommitOptions,
  ) {}

  submit<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject, queuedAt: performance.now() });
      this.next();
    });
  }

  /** Starts the next batch when none runs and the forming one is full or has waited its window. */
  private next(): void {
    if (this.running || this.queue.length === 0) return;
    const waited = (performance.now() - this.queue[0].queuedAt) * 1000;
    const full = this.queue.length >= this.opts.maxBatch;
    if (!full && waited < this.opts.windowMicros && this.formedWhileRunning) {
      if (!this.timer) this.timer = setTimeout(() => ((this.timer = null), this.next()), Math.ceil((this.opts.windowMicros - waited) / 1000));
      return;
    }
    if (this.timer) clearTimeout(this.timer), (this.timer = null);
    this.formedWhileRunning = false;
    this.running = true;
    void this.run().finally(() => {
      this.running = false;
      this.formedWhileRunning = this.queue.length > 0;
      this.next();
    });
  }

  /** True when the queued postings arrived while a batch ran (only those may wait for company). */
  private formedWhileRunning = false;

  /**
   * One batch. Its postings are taken when the transaction has its connection, not before: on
   * PGlite (one session) and on a busy pool, postings that arrive while the batch waits for the
   * connection join it.
   */
  private async run(): Promise<void> {
    let batch: Item[] = [];
    const done: Array<() => void> = [];
    const alone: Item[] = [];
    let queued = false;
    let beforeCommit = true;
    try {
      // One turn of the event loop first: on PGlite a whole transaction can run in microtasks
      // (the WASM call answers at once), so requests parsed meanwhile would never see it running.
      await new Promise((r) => setImmediate(r));
      await this.db.transaction().execute(async (tx) => {
        batch = this.queue.splice(0, this.opts.maxBatch);
        this.count(batch.length);
        deferChanges(tx);
        for (const item of batch) await this.runOne(tx, item, done, alone);
        queued = await flushChanges(tx);
        beforeCommit = false;
      });
    } catch (err) {
      // A COMMIT refused by a deferred check (class 23: on Citus the voucher balance, which
      // `set constraints` cannot fire early on a worker) rolled the whole batch back: its outcome
      // is known, nothing of it was written, so each posting runs again on its own as below.
      if (beforeCommit || refusedAtCommit(err)) {
        // Nothing of the batch was written: each posting runs again on its own. When the
        // transaction never started (no connection), the waiting postings go the same way, each
        // to its own answer, instead of this batcher retrying a database that is down.
        if (batch.length === 0) batch = this.queue.splice(0, this.opts.maxBatch);
        for (const item of batch) this.runAlone(item);
      } else for (const item of batch) item.reject(err);
      return;
    }
    if (queued) changesCommitted(this.db);
    for (const settle of done) settle();
    for (const item of alone) this.runAlone(item);
  }

  private count(n: number): void {
    this.stats.batches++;
    this.stats.postings += n;
    this.stats.largest = Math.max(this.stats.largest, n);
  }

  private async runOne(tx: Tx, item: Item, done: Array<() => void>, alone: Item[]): Promise<void> {
    const mark = changesMark(tx);
    await sql.raw('savepoint posting').execute(tx);
    try {
      const result = await item.fn(tx);
      // The voucher balance check (deferred to the commit) fires now, inside this posting's savepoint.
      await sql.raw('set constraints all immediate; set constraints all deferred; release savepoint posting').execute(tx);
      done.push(() => item.resolve(result));
    } catch (err) {
      await sql.raw('rollback to savepoint posting; release savepoint posting').execute(tx);
      changesRollback(tx, mark);
      this.stats.rolledBack++;
      if (isRetryable(err)) alone.push(item);
      else done.push(() => item.reject(err));
    }
  }

  private runAlone(item: Item): void {
    this.stats.rerunAlone++;
    transact(this.db, item.fn).then(item.resolve, item.reject);
  }
}

/** An integrity violation raised by the COMMIT itself: the transaction was rolled back. */
function refusedAtCommit(err: unknown): boolean {
  return /^23/.test(String((err as { code?: unknown })?.code ?? ''));
}

const batchers = new WeakMap<Kysely<DB>, Batcher>();

/** Turns group commit on for postings on this database (buildApp calls it with the configuration). */
export function configureGroupCommit(db: Kysely<DB>, opts: GroupCommitOptions): void {
  if (opts.enabled) batchers.set(db, new Batcher(db, opts));
  else batchers.delete(db);
}

/**
 * Runs a posting: in the database's current batch when group commit is on, else in a
 * transaction of its own (transact). Either way `fn` sees one transaction and its result is
 * returned only after that transaction committed.
 */
export function transactPosting<T>(db: Kysely<DB>, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const b = batchers.get(db);
  return b ? b.submit(fn) : transact(db, fn);
}

export function groupCommitStats(db: Kysely<DB>): GroupCommitStats | undefined {
  return batchers.get(db)?.stats;
}
