import crypto from 'node:crypto';
import fs from 'node:fs';
import readline from 'node:readline';
import { once } from 'node:events';
import zlib from 'node:zlib';
import { fail } from '../errors.js';

/**
 * The backup file: gzip, two members. The first holds one line, the manifest (JSON); the second
 * the data, one JSON value a line: a table header `{"table","columns"}` followed by its rows as
 * arrays of text-or-null (every value is PostgreSQL's own text form, so numeric, dates,
 * timestamps and bytea survive exactly and the file is portable between PGlite and PostgreSQL),
 * and last a `{"sequences": [...]}` line. The manifest's sha256 and row counts cover the data
 * member: a truncated or altered file is refused before anything is restored.
 */
export const BACKUP_FORMAT = 'daftar-backup';
export const BACKUP_FORMAT_VERSION = 1;

export interface BackupScope {
  /** 'all': every business (the CLI, the daily backup); 'business': one (the HTTP API). */
  kind: 'all' | 'business';
  businessId?: number;
}

export interface SequenceValue {
  table: string;
  column: string;
  value: string;
  isCalled: boolean;
}

export interface Manifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  daftarVersion: string;
  /** The last migration applied to the source database. */
  schemaVersion: string;
  migrations: string[];
  createdAt: string;
  source: 'pglite' | 'postgres';
  scope: BackupScope;
  businesses: { id: number; name: string }[];
  tables: Record<string, number>;
  dataBytes: number;
  sha256: string;
}

export type ManifestBody = Omit<Manifest, 'format' | 'formatVersion' | 'tables' | 'dataBytes' | 'sha256'>;

export type DataLine =
  | { kind: 'table'; table: string; columns: string[] }
  | { kind: 'row'; values: (string | null)[] }
  | { kind: 'sequences'; sequences: SequenceValue[] };

/** Writes the data member to a temporary file while hashing and counting it. */
export class DataWriter {
  private readonly hash = crypto.createHash('sha256');
  private readonly gzip = zlib.createGzip({ level: 6 });
  private readonly file: fs.WriteStream;
  private readonly done: Promise<void>;
  readonly tables: Record<string, number> = {};
  private current = '';
  bytes = 0;

  constructor(readonly path: string) {
    this.file = fs.createWriteStream(path, { mode: 0o600 });
    this.done = new Promise((resolve, reject) => {
      this.file.on('finish', resolve).on('error', reject);
      this.gzip.on('error', reject);
    });
    this.gzip.pipe(this.file);
  }

  async table(table: string, columns: string[]): Promise<void> {
    this.current = table;
    this.tables[table] = 0;
    await this.line(JSON.stringify({ table, columns }));
  }

  /** One row, already serialised by the database as a JSON array of text values. */
  async row(json: string): Promise<void> {
    this.tables[this.current]++;
    await this.line(json);
  }

  async sequences(sequences: SequenceValue[]): Promise<void> {
    await this.line(JSON.stringify({ sequences }));
  }

  private async line(text: string): Promise<void> {
    const buf = Buffer.from(text + '\n', 'utf8');
    this.hash.update(buf);
    this.bytes += buf.length;
    if (!this.gzip.write(buf)) await once(this.gzip, 'drain');
  }

  async finish(): Promise<{ sha256: string; bytes: number; tables: Record<string, number> }> {
    this.gzip.end();
    await this.done;
    return { sha256: this.hash.digest('hex'), bytes: this.bytes, tables: this.tables };
  }

  async abort(): Promise<void> {
    this.gzip.destroy();
    this.file.destroy();
    fs.rmSync(this.path, { force: true });
  }
}

/** The final file: the manifest member, then the data member copied as is; written beside and renamed. */
export async function assembleBackup(out: string, manifest: Manifest, dataPath: string): Promise<void> {
  const partial = `${out}.partial-${process.pid}`;
  try {
    const head = zlib.gzipSync(Buffer.from(JSON.stringify(manifest) + '\n', 'utf8'));
    fs.writeFileSync(partial, head, { mode: 0o600 });
    fs.appendFileSync(partial, fs.readFileSync(dataPath));
    const fd = fs.openSync(partial, 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(partial, out);
  } finally {
    fs.rmSync(partial, { force: true });
  }
}

function corrupt(why: string): Error {
  return fail.with('BACKUP_FILE_DAMAGED', { field: 'file', why });
}

function lines(file: string): { rl: readline.Interface; gunzip: zlib.Gunzip } {
  if (!fs.existsSync(file)) throw fail.with('BACKUP_FILE_MISSING', { field: 'file', file });
  const gunzip = zlib.createGunzip();
  fs.createReadStream(file).pipe(gunzip);
  return { rl: readline.createInterface({ input: gunzip, crlfDelay: Infinity }), gunzip };
}

function parseManifest(line: string | undefined): Manifest {
  let m: Manifest;
  try {
    m = JSON.parse(line ?? '') as Manifest;
  } catch {
    throw corrupt('manifest unreadable');
  }
  if (m?.format !== BACKUP_FORMAT || typeof m.sha256 !== 'string' || !Array.isArray(m.migrations)) {
    throw corrupt('not a Daftar backup');
  }
  if (m.formatVersion > BACKUP_FORMAT_VERSION) {
    throw fail.with('BACKUP_FORMAT_NEWER', { formatVersion: m.formatVersion });
  }
  return m;
}

/** Reads only the manifest (listing backups). */
export async function readManifest(file: string): Promise<Manifest> {
  const { rl, gunzip } = lines(file);
  try {
    for await (const line of rl) return parseManifest(line);
    throw corrupt('empty file');
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith?.('Z_')) throw corrupt('gzip error');
    throw err;
  } finally {
    rl.close();
    gunzip.destroy();
  }
}

/**
 * Streams the data lines to `onLine`, then checks the checksum, the byte count and every table's
 * row count against the manifest. Call with a no-op first to refuse a damaged file up front.
 */
export async function readBackup(file: string, onLine: (line: DataLine) => Promise<void> | void): Promise<Manifest> {
  const { rl, gunzip } = lines(file);
  let manifest: Manifest | undefined;
  const hash = crypto.createHash('sha256');
  const counts: Record<string, number> = {};
  let bytes = 0;
  let table = '';
  try {
    for await (const line of rl) {
      if (!manifest) {
        manifest = parseManifest(line);
        continue;
      }
      const buf = Buffer.from(line + '\n', 'utf8');
      hash.update(buf);
      bytes += buf.length;
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch {
        throw corrupt('unreadable line');
      }
      if (Array.isArray(v)) {
        if (!table) throw corrupt('row before table');
        counts[table]++;
        await onLine({ kind: 'row', values: v as (string | null)[] });
      } else if (v && typeof v === 'object' && 'table' in v) {
        const t = v as { table: string; columns: string[] };
        table = t.table;
        counts[table] = 0;
        await onLine({ kind: 'table', table: t.table, columns: t.columns });
      } else if (v && typeof v === 'object' && 'sequences' in v) {
        await onLine({ kind: 'sequences', sequences: (v as { sequences: SequenceValue[] }).sequences });
      } else throw corrupt('unknown line');
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('Z_')) throw corrupt('gzip stream ended early or is damaged');
    throw err;
  } finally {
    rl.close();
    gunzip.destroy();
  }
  if (!manifest) throw corrupt('empty file');
  if (bytes !== manifest.dataBytes || hash.digest('hex') !== manifest.sha256) throw corrupt('checksum mismatch');
  for (const [t, n] of Object.entries(manifest.tables)) if ((counts[t] ?? 0) !== n) throw corrupt(`row count of ${t}`);
  return manifest;
}
