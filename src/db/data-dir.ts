import fs from 'node:fs';
import path from 'node:path';
import { LOCK_FILES } from './dir-lock.js';

/**
 * What is in a PGlite data directory, checked BEFORE PGlite opens it (docs/reliability.md
 * "Damaged data"): a first start only in a missing or empty directory; a non-empty directory that
 * is not a whole database is refused, naming what is missing, and nothing in it is touched.
 */

export class DamagedDataDirError extends Error {
  constructor(
    readonly dir: string,
    readonly problem: string,
  ) {
    super(damagedMessage(dir, problem));
  }
}

export const BACKUP_COMMAND = 'npm run daftar -- backup';
export const RESTORE_COMMAND = 'npm run daftar -- restore FILE';

/** `opened`: the damage showed only after PGlite had opened the directory (it may have written to it). */
export function damagedMessage(dir: string, problem: string, opened = false): string {
  return [
    `the data directory ${dir} is damaged: ${problem}.`,
    `${opened ? 'Stop using it.' : 'Nothing in it was changed.'} Do not delete it: copy it aside as it is, then restore your latest backup`,
    `(made with ${BACKUP_COMMAND}) into a new empty directory with ${RESTORE_COMMAND}, and point DAFTAR_DATA_DIR at it.`,
  ].join('\n');
}

/** Files and folders every PGlite (PostgreSQL) data directory has. */
const REQUIRED = ['PG_VERSION', 'global/pg_control', 'global/pg_filenode.map', 'base', 'pg_wal', 'pg_xact', 'pg_multixact', 'postgresql.conf'];

/** The directory's own entries, without the lock's files. */
function entries(dir: string): string[] {
  try {
    return fs.readdirSync(dir).filter((f) => !LOCK_FILES.includes(f) && !/^daftar[\w.-]*\.\d+\.tmp$/.test(f));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** Missing or empty (apart from the lock's own files): a first start may create the database here. */
export function isEmptyDataDir(dir: string): boolean {
  return entries(dir).length === 0;
}

/** 'empty', or 'database' when it looks whole; throws DamagedDataDirError otherwise. */
export function inspectDataDir(dir: string): 'empty' | 'database' {
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) throw new DamagedDataDirError(dir, 'it is a file, not a directory');
  if (isEmptyDataDir(dir)) return 'empty';
  const missing = REQUIRED.filter((f) => !fs.existsSync(path.join(dir, f)));
  if (missing.length) throw new DamagedDataDirError(dir, `it is not empty but ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing`);
  const wal = fs.readdirSync(path.join(dir, 'pg_wal')).filter((f) => /^[0-9A-F]{24}$/.test(f));
  if (wal.length === 0) throw new DamagedDataDirError(dir, 'pg_wal holds no write-ahead log segment');
  if (!controlFileCrcOk(fs.readFileSync(path.join(dir, 'global/pg_control')))) {
    throw new DamagedDataDirError(dir, 'global/pg_control fails its checksum');
  }
  return 'database';
}

const CRC32C = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

function crc32c(b: Uint8Array): number {
  let c = 0xffffffff;
  for (const x of b) c = CRC32C[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * pg_control ends its struct with a CRC-32C of the bytes before it. The struct's size differs
 * between PostgreSQL versions, so look for the offset where the stored CRC matches (a false
 * match is a 1 in 2^32 chance per offset tried).
 */
export function controlFileCrcOk(b: Buffer): boolean {
  if (b.length < 512) return false;
  for (let o = 64; o <= 1024 && o + 4 <= b.length; o += 4) if (crc32c(b.subarray(0, o)) === b.readUInt32LE(o)) return true;
  return false;
}

/** The files now in a directory (relative paths), to take back what a failed open left behind. */
export function listFiles(dir: string): Set<string> {
  const out = new Set<string>();
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else out.add(r);
    }
  };
  if (fs.existsSync(dir)) walk('');
  return out;
}

/** Removes the files (not in `before`) that a failed open created, e.g. postmaster.pid. */
export function removeCreatedFiles(dir: string, before: Set<string>): void {
  for (const f of listFiles(dir)) if (!before.has(f) && !LOCK_FILES.includes(f)) fs.rmSync(path.join(dir, f), { force: true });
}

/** Is this error PGlite (or PostgreSQL) reporting damaged data, or the WASM runtime aborting? */
export function isCorruption(err: unknown): boolean {
  const e = err as { name?: string; message?: string; code?: string } | null;
  if (!e) return false;
  if (e.name === 'RuntimeError' || /^Aborted\(|Aborted\(\)/.test(String(e.message))) return true;
  if (/PGlite failed to initialize/.test(String(e.message))) return true;
  // data_corrupted, index_corrupted, io_error, undefined_file (a relation's file gone)
  return e.code === 'XX001' || e.code === 'XX002' || e.code === '58030' || e.code === '58P01';
}
