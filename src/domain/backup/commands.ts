import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../../config.js';
import type { Database } from '../../db/connection.js';
import { isDomainError } from '../errors.js';
import { writeBackup } from './dump.js';
import { restoreBackup } from './restore.js';
import { fullBackupPath, prune } from './store.js';

/**
 * The CLI's `backup` and `restore`: thin wrappers that print what happened. They return the
 * text to print; errors are DomainErrors whose Persian and English messages the CLI prints.
 */
export interface CommandOutput {
  text: string;
  data: unknown;
}

export async function backupCommand(database: Database, args: string[], config: Config = loadConfig()): Promise<CommandOutput> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } }, allowPositionals: true, strict: false });
  const out = typeof values.out === 'string' ? path.resolve(values.out) : fullBackupPath(config.backupDir);
  const r = await writeBackup(database, out, { kind: 'all' });
  if (values.out === undefined && config.backupKeep > 0) prune(path.dirname(out), config.backupKeep);
  const rows = Object.values(r.manifest.tables).reduce((a, b) => a + b, 0);
  const text = [
    `backup written: ${r.file}`,
    `  businesses ${r.manifest.businesses.length}, rows ${rows}, schema ${r.manifest.schemaVersion}, sha256 ${r.manifest.sha256.slice(0, 16)}…`,
    `  took ${Math.round(r.elapsedMs)} ms` + (database.kind === 'pglite' ? ` (server session held ${Math.round(r.sessionHeldMs)} ms)` : ''),
  ].join('\n');
  return { text, data: { file: r.file, manifest: r.manifest, elapsedMs: Math.round(r.elapsedMs), sessionHeldMs: Math.round(r.sessionHeldMs) } };
}

/** `restore FILE`: into DATABASE_URL when set, else into DAFTAR_DATA_DIR (./data); both must be empty. */
export async function restoreCommand(args: string[], config: Config = loadConfig()): Promise<CommandOutput> {
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) throw new Error('restore needs the backup file: npm run daftar -- restore FILE');
  const target = config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir };
  const r = await restoreBackup(path.resolve(file), target);
  const rows = Object.values(r.manifest.tables).reduce((a, b) => a + b, 0);
  const text = [
    `restored ${file} into ${r.location}`,
    `  businesses ${r.manifest.businesses.map((b) => `#${b.id} ${b.name}`).join(', ')}; rows ${rows}; made ${r.manifest.createdAt}`,
    `  schema ${r.manifest.schemaVersion}` + (r.upgradedWith.length ? `, then upgraded with ${r.upgradedWith.join(', ')}` : ''),
    `  verifier: ok; took ${Math.round(r.elapsedMs)} ms`,
  ].join('\n');
  return { text, data: { location: r.location, manifest: r.manifest, upgradedWith: r.upgradedWith, elapsedMs: Math.round(r.elapsedMs) } };
}

/** Both languages for the operator (the CLI's usual message is English only). */
export function describeError(err: unknown): string {
  if (isDomainError(err)) return `${err.messageFa}\n${err.messageEn}`;
  return (err as Error)?.message ?? String(err);
}
