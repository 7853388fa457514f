import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { runMoadianOnce, type WorkerDeps } from './worker.js';

/**
 * Runs the Moadian worker in the server process: a pass every `intervalMs` (sooner while passes
 * find work). `stop()` waits for the pass in flight, so a shutdown never cuts a transaction;
 * a kill -9 mid-pass loses nothing either (the queue is in the database: see worker.ts).
 */
export interface MoadianRunner { stop(): Promise<void> }

export function startMoadianWorker(db: Kysely<DB>, opts: Omit<WorkerDeps, 'db'> & { intervalMs?: number; onError?: (e: Error) => void }): MoadianRunner {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  const tick = () => {
    inFlight = runMoadianOnce({ ...opts, db })
      .then((r) => schedule(r.sent > 0 ? 1000 : (opts.intervalMs ?? 30_000)))
      .catch((e: Error) => {
        opts.onError?.(e);
        schedule(opts.intervalMs ?? 30_000);
      });
  };
  const schedule = (ms: number) => {
    if (!stopped) timer = setTimeout(tick, ms).unref();
  };
  schedule(1000);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
    },
  };
}
