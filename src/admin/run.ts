import type { Config } from '../config.js';
import { DataDirBusyError, ownerOf, sendAdmin } from '../db/dir-lock.js';
import { AdminError } from './admin-error.js';
import type { AdminArgs, AdminEnvelope, AdminResult } from './commands.js';

// Another command holding the directory opens PGlite itself (several seconds on a busy machine).
const WAIT_MS = 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs an admin command where it can run: on PostgreSQL in this process; on PGlite inside the
 * server when one holds the directory, otherwise in this process (holding the directory's lock
 * meanwhile, so no server starts on it half-way). The database code is loaded only when the
 * command runs here: a command sent to the server answers in well under a second.
 */
export async function runAdmin(config: Config, name: string, args: AdminArgs): Promise<AdminResult & { via: 'server' | 'local' }> {
  if (config.databaseUrl) return { ...(await runLocal(config, name, args)), via: 'local' };
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    // An owner too busy to say who it is (a long query in PGlite's thread): ask again.
    const owner = await ownerOf(config.dataDir).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ETIMEDOUT' || Date.now() > deadline) throw e;
      return 'busy' as const;
    });
    if (owner === 'busy') continue;
    try {
      if (owner?.role === 'server') {
        const env = (await sendAdmin(config.dataDir, name, args)) as AdminEnvelope;
        if ('error' in env) throw new AdminError(env.error, env.exitCode);
        return { ...env.result, via: 'server' };
      }
      if (!owner) return { ...(await runLocal(config, name, args)), via: 'local' };
      throw new DataDirBusyError(config.dataDir, owner);
    } catch (err) {
      // A server still starting, or another command holding the directory: wait a little.
      // (Never a command that timed out: it may have run, and must not run twice.)
      const transient = err instanceof DataDirBusyError || /still starting/.test((err as Error).message);
      if (!transient || Date.now() > deadline) throw err;
      await sleep(200);
    }
  }
}

async function runLocal(config: Config, name: string, args: AdminArgs): Promise<AdminResult> {
  const { findCommand, runCommand } = await import('./commands.js');
  const cmd = findCommand(name);
  if (!cmd) throw new AdminError(`unknown command ${name}`, 2);
  const { openConfiguredDatabase } = await import('../server.js');
  const { migrate } = await import('../db/migrate.js');
  const database = await openConfiguredDatabase(config, undefined, 'cli');
  try {
    if (!cmd.readOnly) await migrate(database.db);
    return await runCommand(database, name, args);
  } finally {
    await database.close();
  }
}
