import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../../db/connection.js';
import { writeBackup } from './dump.js';
import { BACKUP_SUFFIX, backupIds, fullBackupPath, prune } from './store.js';

const DAY_MS = 24 * 3600_000;

/** When the newest whole-database backup in `dir` was written (file time), or null. */
export function newestFullBackupAt(dir: string): number | null {
  const ids = backupIds(dir).filter((id) => id.startsWith('daftar-'));
  const last = ids[ids.length - 1];
  return last ? fs.statSync(path.join(dir, last + BACKUP_SUFFIX)).mtimeMs : null;
}

/**
 * The optional daily backup (DAFTAR_BACKUP_KEEP > 0): a whole-database backup whenever the
 * newest one is a day old — checked soon after start and then hourly, so a server restarted
 * every night still backs up daily — keeping the newest `keep`. Returns a stop function.
 */
export function startDailyBackup(
  database: Database,
  opts: { dir: string; keep: number; firstCheckMs?: number; everyMs?: number; onDone?: (file: string) => void; onError?: (e: Error) => void },
): () => Promise<void> {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    const newest = newestFullBackupAt(opts.dir);
    if (newest !== null && Date.now() - newest < DAY_MS) return;
    running = writeBackup(database, fullBackupPath(opts.dir), { kind: 'all' })
      .then((r) => {
        prune(opts.dir, opts.keep);
        opts.onDone?.(r.file);
      })
      .catch((e: Error) => opts.onError?.(e))
      .finally(() => (running = null));
  };
  const first = setTimeout(tick, opts.firstCheckMs ?? 60_000);
  const every = setInterval(tick, opts.everyMs ?? 3600_000);
  first.unref();
  every.unref();
  return async () => {
    clearTimeout(first);
    clearInterval(every);
    await running;
  };
}
