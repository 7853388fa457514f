import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../../db/connection.js';
import type { Actor } from '../context.js';
import { fail } from '../errors.js';
import { writeBackup, type BackupResult } from './dump.js';
import { readManifest, type Manifest } from './format.js';
import { authorize } from '../auth/permissions.js';

/**
 * Where backups live: `DAFTAR_BACKUP_DIR`. Whole-database backups (CLI, daily) sit at its top
 * as `daftar-<UTC time>.backup.gz`; one business's backups (HTTP API) in `business-<id>/` as
 * `b<id>-<UTC time>.backup.gz`, so a business's listing never even opens another's folder.
 */
export const BACKUP_SUFFIX = '.backup.gz';
const STAMP = /^\d{8}T\d{6}Z(-\d+)?$/;
const BUSINESS_ID = /^b(\d+)-(\d{8}T\d{6}Z(?:-\d+)?)$/;

export function stamp(now = new Date()): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** A fresh file name in `dir` (a second backup within the same second gets a suffix). */
function freshPath(dir: string, prefix: string, now = new Date()): string {
  const base = `${prefix}${stamp(now)}`;
  let name = base;
  for (let i = 2; fs.existsSync(path.join(dir, name + BACKUP_SUFFIX)); i++) name = `${base}-${i}`;
  return path.join(dir, name + BACKUP_SUFFIX);
}

export function fullBackupPath(dir: string, now = new Date()): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return freshPath(dir, 'daftar-', now);
}

function businessDir(dir: string, businessId: number): string {
  return path.join(dir, `business-${businessId}`);
}

export interface BackupEntry {
  id: string;
  createdAt: string;
  sizeBytes: number;
  daftarVersion: string;
  schemaVersion: string;
  rows: number;
}

function entryOf(id: string, file: string, m: Manifest): BackupEntry {
  return {
    id,
    createdAt: m.createdAt,
    sizeBytes: fs.statSync(file).size,
    daftarVersion: m.daftarVersion,
    schemaVersion: m.schemaVersion,
    rows: Object.values(m.tables).reduce((a, b) => a + b, 0),
  };
}

/** Backups hold every secret hash and every figure of the books: administrators only. */
export function requireBackupRole(actor: Actor): void {
  authorize(actor, 'backup.manage');
}

/** A backup of the actor's business only, made from the running server. */
export async function createBusinessBackup(database: Database, actor: Actor, dir: string, keep = 0): Promise<BackupEntry & { result: BackupResult }> {
  requireBackupRole(actor);
  const folder = businessDir(dir, actor.businessId);
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  const file = freshPath(folder, `b${actor.businessId}-`);
  const result = await writeBackup(database, file, { kind: 'business', businessId: actor.businessId });
  if (keep > 0) prune(folder, keep);
  const id = path.basename(file, BACKUP_SUFFIX);
  return { ...entryOf(id, file, result.manifest), result };
}

/** The actor's business's backups, newest first. */
export async function listBusinessBackups(actor: Actor, dir: string): Promise<BackupEntry[]> {
  requireBackupRole(actor);
  const folder = businessDir(dir, actor.businessId);
  if (!fs.existsSync(folder)) return [];
  const out: BackupEntry[] = [];
  for (const id of backupIds(folder).reverse()) {
    const file = ownedFile(folder, id, actor.businessId);
    if (!file) continue;
    try {
      const m = await readManifest(file);
      if (m.scope.kind === 'business' && m.scope.businessId === actor.businessId) out.push(entryOf(id, file, m));
    } catch {
      /* an unreadable file is not listed: the download would refuse it anyway */
    }
  }
  return out;
}

function ownedFile(folder: string, id: string, businessId: number): string | null {
  const m = BUSINESS_ID.exec(id);
  if (!m || Number(m[1]) !== businessId || !STAMP.test(m[2]!)) return null;
  const file = path.join(folder, id + BACKUP_SUFFIX);
  return fs.existsSync(file) ? file : null;
}

/** The file of one of the actor's business's backups; another business's id is simply not found. */
export async function businessBackupFile(actor: Actor, dir: string, id: string): Promise<{ file: string; fileName: string; sizeBytes: number }> {
  requireBackupRole(actor);
  const file = ownedFile(businessDir(dir, actor.businessId), id, actor.businessId);
  const m = file ? await readManifest(file).catch(() => null) : null;
  if (!file || !m || m.scope.kind !== 'business' || m.scope.businessId !== actor.businessId) {
    throw fail.notFound('backup', 'id', id);
  }
  return { file, fileName: path.basename(file), sizeBytes: fs.statSync(file).size };
}

/** Keeps the newest `keep` backups in a folder (only files named by Daftar). */
export function prune(folder: string, keep: number): string[] {
  const ours = backupIds(folder).filter((id) => /^(daftar|b\d+)-\d{8}T\d{6}Z(-\d+)?$/.test(id));
  const gone = ours.slice(0, Math.max(0, ours.length - keep));
  for (const id of gone) fs.rmSync(path.join(folder, id + BACKUP_SUFFIX), { force: true });
  return gone;
}

/** Ids of the backups in a folder, oldest first (ids sort by time; a same-second suffix after). */
export function backupIds(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((n) => n.endsWith(BACKUP_SUFFIX))
    .map((n) => n.slice(0, -BACKUP_SUFFIX.length))
    .sort(byTime);
}

function byTime(a: string, b: string): number {
  const key = (id: string) => id.replace(/Z$/, 'Z-1').replace(/-(\d+)$/, (_, n: string) => '-' + n.padStart(6, '0'));
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}
