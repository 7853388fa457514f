import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, Tx } from '../context.js';
import { authorize, type Permission } from '../auth/permissions.js';
import { DomainError, fail, isDomainError, type ErrorCode, type MessageKey, type Slots } from '../errors.js';
import { Dec } from '../shared/money.js';
import { codeKey, normalizePhone, toAsciiDigits } from '../shared/text.js';
import { barcodeKey, createProducts } from '../catalog/products.js';
import type { ProductInput } from '../catalog/types.js';
import { createParty, updateParty } from '../parties/parties.js';
import type { PartyInput, PartyKind, PartyRole } from '../parties/types.js';
import { setOpeningQuantities } from '../stock/opening-quantity.js';
import { listWarehouses } from '../stock/warehouses.js';
import { TOTAL_LABEL } from '../reports/layout.js';
import { readSheet, type SheetRow } from './read.js';
import { IMPORT_FIELDS, IMPORT_KINDS, cleanCell, decimalText, fieldOfHeader, type ExtraHeaders, type Field, type ImportKind } from './kinds.js';
import * as repo from './repository.js';

/**
 * Import from a spreadsheet (docs/api.md "Import from Excel or CSV"): `previewImport` reads an
 * XLSX or CSV file, finds its header row (title rows and merged group headers above it are
 * skipped), reads every row and checks it — cell by cell, against the other rows of the file and
 * against the books — and keeps the rows as a preview; `commitImport` checks them again and writes
 * them all through the catalogue, parties and opening-balance domain functions in the caller's one
 * transaction, or refuses with every row's error and writes nothing.
 */

export const MAX_IMPORT_ROWS = 50_000;
/** How many rows above the header a file may have (titles, dates, logos). */
const HEADER_SCAN_ROWS = 30;

type Value = string | string[] | boolean | number;

export interface ImportRow {
  /** 1-based data row: the header is row 0. */
  row: number;
  /** The row's number in the file as a spreadsheet shows it. */
  sheetRow: number;
  values: Record<string, Value>;
}

export interface RowError {
  row: number;
  sheetRow: number;
  /** The column as the file heads it (the field's Persian name for a row-wide error). */
  column: string;
  field: string;
  code: ErrorCode;
  detail: string;
  detailEn: string;
}

export interface ImportColumn {
  header: string;
  field: string | null;
}

export interface ImportPreview {
  id: number;
  kind: ImportKind;
  fileName: string;
  rows: number;
  valid: number;
  columns: ImportColumn[];
  errors: RowError[];
}

export interface ImportResult {
  id: number;
  kind: ImportKind;
  rows: number;
  written: number;
}

/** What a kind's rows need, besides `import.run`. */
const KIND_PERMISSIONS: Record<ImportKind, Permission[]> = {
  products: ['product.write'],
  parties: ['party.create'],
  openingStock: ['opening.write'],
  openingBalances: ['party.update', 'opening.write'],
};

export function readImportKind(v: unknown): ImportKind {
  if (typeof v === 'string' && (IMPORT_KINDS as readonly string[]).includes(v)) return v as ImportKind;
  throw fail.with('IMPORT_KIND_INVALID', { field: 'kind' });
}

function authorizeKind(actor: Actor, kind: ImportKind): void {
  authorize(actor, 'import.run');
  for (const p of KIND_PERMISSIONS[kind]) authorize(actor, p);
}

// ---------------------------------------------------------------------------------------------
// Reading the file

interface Layout {
  headerIndex: number;
  /** column index → field key (the first column naming a field wins) */
  fields: Map<number, string>;
  columns: ImportColumn[];
}

/** A column's header text: its own cell, or the merged group header above it joined with it («قیمت» + «فروش»). */
function layoutAt(kind: ImportKind, rows: SheetRow[], i: number, extra: ExtraHeaders): Layout {
  const here = rows[i].cells.map(cleanCell);
  const above = i > 0 && rows[i - 1].sheetRow === rows[i].sheetRow - 1 ? rows[i - 1].cells.map(cleanCell) : [];
  const fields = new Map<number, string>();
  const taken = new Set<string>();
  const columns: ImportColumn[] = [];
  here.forEach((h, col) => {
    if (h === '') return;
    const joined = above[col] && above[col] !== h ? `${above[col]} ${h}` : '';
    const f = (joined && fieldOfHeader(kind, joined, extra)) || fieldOfHeader(kind, h, extra);
    const header = joined && fieldOfHeader(kind, joined, extra) ? joined : h;
    if (f && !taken.has(f)) {
      taken.add(f);
      fields.set(col, f);
      columns.push({ header, field: f });
    } else columns.push({ header, field: null });
  });
  return { headerIndex: i, fields, columns };
}

/** The columns a kind's file must have: each entry is a set of alternatives. */
const NEEDED: Record<ImportKind, string[][]> = {
  products: [['name']],
  parties: [['name', 'lastName', 'firstName', 'companyName']],
  openingStock: [['productCode', 'barcode'], ['quantity'], ['unitCost']],
  openingBalances: [['partyCode'], ['balance', 'debit', 'credit']],
};

function findLayout(kind: ImportKind, rows: SheetRow[], extra: ExtraHeaders): Layout {
  let best: Layout | undefined;
  for (let i = 0; i < Math.min(rows.length, HEADER_SCAN_ROWS); i++) {
    const l = layoutAt(kind, rows, i, extra);
    if (l.fields.size > 0 && (!best || l.fields.size > best.fields.size)) best = l;
  }
  const title = (key: string) => IMPORT_FIELDS[kind].find((f) => f.key === key)!.title;
  const needed = NEEDED[kind];
  const required = needed.map((any) => `«${title(any[0])}»`).join('، ');
  if (!best) throw fail.with('IMPORT_NO_HEADER', { required });
  const has = new Set(best.fields.values());
  for (const any of needed) if (!any.some((k) => has.has(k))) throw fail.with('IMPORT_COLUMN_MISSING', { column: title(any[0]) });
  return best;
}

/** A row error rendered from the catalogue: «سطر ۱۷، ستون بارکد: تکراری». */
function rowError(r: { row: number; sheetRow: number }, column: string, field: string, key: MessageKey, slots: Slots = {}): RowError {
  const e = fail.with(key, { row: r.row, column, ...slots });
  return { row: r.row, sheetRow: r.sheetRow, column, field, code: e.code, detail: e.messageFa, detailEn: e.messageEn };
}

function readCell(f: Field, text: string, at: ImportRow, column: string, errors: RowError[]): Value | undefined {
  const err = (key: MessageKey, slots: Slots = {}) => void errors.push(rowError(at, column, f.key, key, slots));
  if (f.max !== undefined && text.length > f.max) return err('IMPORT_CELL_TOO_LONG', { max: f.max });
  switch (f.type) {
    case 'text':
    case 'code':
      return text;
    case 'list':
      return text.split(/\s*[،,;؛|\n]\s*/).filter((x) => x !== ''); // «، » as our export joins them; a phone keeps its spaces
    case 'boolean':
    case 'choice': {
      const table = f.type === 'boolean' ? BOOLEAN : choiceTable(f.choices!);
      const v = table.get(normalizeChoice(text));
      if (v === undefined) {
        const choices = [...new Set(Object.keys(f.type === 'boolean' ? { بله: 1, خیر: 1 } : f.choices!).filter((k) => /[\u0600-\u06FF]/.test(k)))].slice(0, 6);
        return err('IMPORT_CELL_CHOICE', { value: text.slice(0, 40), choices: choices.map((c) => `«${c}»`).join('، '), choicesEn: choices.join(', ') });
      }
      return f.type === 'boolean' ? v === 'true' : v;
    }
    case 'integer':
    case 'amount':
    case 'quantity': {
      const d = decimalText(text);
      if (d === null || (f.type === 'integer' && !/^-?\d+$/.test(d))) return err('IMPORT_CELL_NOT_A_NUMBER', { value: text.slice(0, 40) });
      const n = new Dec(d);
      if (f.sign === 'positive' && !n.gt(0)) return err('IMPORT_CELL_NOT_POSITIVE');
      if (f.sign === 'nonNegative' && n.lt(0)) return err('IMPORT_CELL_NEGATIVE');
      if (n.abs().gte('1e18')) return err('IMPORT_CELL_NOT_A_NUMBER', { value: text.slice(0, 40) });
      return f.type === 'integer' ? n.toNumber() : n.toFixed();
    }
  }
}

const normalizeChoice = (s: string) => toAsciiDigits(s).replace(/[\s\u200c]+/g, ' ').trim().toLowerCase();
const BOOLEAN = new Map(
  Object.entries({ بله: 'true', آری: 'true', فعال: 'true', true: 'true', yes: 'true', '1': 'true', دارد: 'true', خیر: 'false', نه: 'false', غیرفعال: 'false', 'غیر فعال': 'false', false: 'false', no: 'false', '0': 'false', ندارد: 'false' }),
);
const CHOICE_TABLES = new WeakMap<Record<string, string>, Map<string, string>>();
function choiceTable(c: Record<string, string>): Map<string, string> {
  let m = CHOICE_TABLES.get(c);
  if (!m) CHOICE_TABLES.set(c, (m = new Map(Object.entries(c).map(([k, v]) => [normalizeChoice(k), v]))));
  return m;
}

/** A totals row (Daftar's own export closes with one): «جمع» first, then only numbers. */
function isTotalsRow(cells: string[]): boolean {
  const filled = cells.filter((c) => c !== '');
  return TOTAL_WORDS.has(filled[0]) && filled.slice(1).every((c) => decimalText(c) !== null);
}
const TOTAL_WORDS = new Set([TOTAL_LABEL, 'جمع کل']);

interface Parsed {
  kind: ImportKind;
  columns: ImportColumn[];
  rows: ImportRow[];
  errors: RowError[];
}

/** The file's rows, each cell read by its field (the checks that need only the row itself). */
export async function parseImportFile(kind: ImportKind, file: Buffer, fileName = '', extra: ExtraHeaders = {}): Promise<Parsed> {
  const sheet = await readSheet(file, fileName);
  const layout = findLayout(kind, sheet, extra);
  const header = sheet[layout.headerIndex];
  const fields = new Map(IMPORT_FIELDS[kind].map((f) => [f.key, f]));
  const headerOf = new Map(layout.columns.filter((c) => c.field).map((c) => [c.field!, c.header]));
  const rows: ImportRow[] = [];
  const errors: RowError[] = [];
  for (const line of sheet.slice(layout.headerIndex + 1)) {
    const cells = line.cells.map(cleanCell);
    if (cells.every((c) => c === '') || isTotalsRow(cells)) continue; // empty rows and a sheet's «جمع» row are no rows
    if (rows.length >= MAX_IMPORT_ROWS) throw fail.with('IMPORT_TOO_MANY_ROWS', { rows: `${MAX_IMPORT_ROWS}+`, max: MAX_IMPORT_ROWS });
    const at: ImportRow = { row: line.sheetRow - header.sheetRow, sheetRow: line.sheetRow, values: {} };
    for (const [col, key] of layout.fields) {
      const text = cells[col] ?? '';
      const f = fields.get(key)!;
      const column = headerOf.get(key)!;
      if (text === '') {
        if (f.required) errors.push(rowError(at, column, key, 'IMPORT_CELL_REQUIRED'));
        continue;
      }
      const v = readCell(f, text, at, column, errors);
      if (v !== undefined) at.values[key] = v;
    }
    rows.push(at);
  }
  if (rows.length === 0) throw fail.with('IMPORT_EMPTY');
  return { kind, columns: layout.columns, rows, errors };
}

// ---------------------------------------------------------------------------------------------
// Checks across rows and against the books

type Db = Kysely<DB>;

/** The file's header for a field (its Persian name when the file has no such column). */
function columnOf(p: Parsed, key: string): string {
  return p.columns.find((c) => c.field === key)?.header ?? IMPORT_FIELDS[p.kind].find((f) => f.key === key)?.title ?? key;
}

/** A value met twice in the file: every row after the first is an error naming the first. */
function duplicates(p: Parsed, key: string, keysOf: (r: ImportRow) => { key: string; text: string }[], errors: RowError[]): void {
  const first = new Map<string, ImportRow>();
  for (const r of p.rows) {
    for (const k of keysOf(r)) {
      if (k.key === '') continue;
      const seen = first.get(k.key);
      if (seen && seen !== r) errors.push(rowError(r, columnOf(p, key), key, 'IMPORT_CELL_DUPLICATE', { value: k.text, other: seen.row }));
      else if (!seen) first.set(k.key, r);
    }
  }
}

const str = (v: Value | undefined) => (typeof v === 'string' ? v : v === undefined ? '' : String(v));
const list = (v: Value | undefined) => (Array.isArray(v) ? v : []);
const CHUNK = 5000;

async function chunked<T>(keys: string[], run: (part: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  const unique = [...new Set(keys)].filter((k) => k !== '');
  for (let i = 0; i < unique.length; i += CHUNK) out.push(...(await run(unique.slice(i, i + CHUNK))));
  return out;
}

interface Refs {
  products: Map<string, { id: number; kind: string }>;
  barcodes: Map<string, { id: number; kind: string }>;
  parties: Map<string, number>;
  warehouses: Map<number, number>;
}

/** Every check of the rows against each other and the books; `refs` resolves what the rows name. */
async function check(db: Db, actor: Actor, p: Parsed): Promise<{ errors: RowError[]; refs: Refs }> {
  const b = actor.businessId;
  const errors: RowError[] = [];
  const refs: Refs = { products: new Map(), barcodes: new Map(), parties: new Map(), warehouses: new Map() };
  const codeOf = (r: ImportRow, k = 'code') => ({ key: str(r.values[k]) && codeKey(str(r.values[k])), text: str(r.values[k]) });
  if (p.kind === 'products') {
    duplicates(p, 'code', (r) => [codeOf(r)], errors);
    duplicates(p, 'barcodes', (r) => list(r.values.barcodes).map((x) => ({ key: barcodeKey(x), text: x })), errors);
    const codes = new Set((await chunked(p.rows.map((r) => codeOf(r).key), (part) => repo.productsWithCodeKeys(db, b, part).execute())).map((x) => x.code_key));
    const barcodes = new Set((await chunked(p.rows.flatMap((r) => list(r.values.barcodes).map(barcodeKey)), (part) => repo.productsWithBarcodes(db, b, part).execute())).map((x) => x.barcode_norm));
    for (const r of p.rows) {
      if (codes.has(codeOf(r).key)) errors.push(rowError(r, columnOf(p, 'code'), 'code', 'IMPORT_CELL_TAKEN', { value: str(r.values.code) }));
      for (const x of list(r.values.barcodes)) if (barcodes.has(barcodeKey(x))) errors.push(rowError(r, columnOf(p, 'barcodes'), 'barcodes', 'IMPORT_CELL_TAKEN', { value: x }));
    }
  } else if (p.kind === 'parties') {
    duplicates(p, 'code', (r) => [codeOf(r)], errors);
    const codes = new Set((await chunked(p.rows.map((r) => codeOf(r).key), (part) => repo.partiesWithCodeKeys(db, b, part).execute())).map((x) => x.code_key));
    for (const r of p.rows) {
      if (codes.has(codeOf(r).key)) errors.push(rowError(r, columnOf(p, 'code'), 'code', 'IMPORT_CELL_TAKEN', { value: str(r.values.code) }));
      const v = r.values;
      if (!v.name && !v.firstName && !v.lastName && !v.companyName) errors.push(rowError(r, columnOf(p, 'name'), 'name', 'IMPORT_CELL_REQUIRED'));
    }
  } else if (p.kind === 'openingStock') {
    for (const x of await chunked(p.rows.map((r) => codeOf(r, 'productCode').key), (part) => repo.productsWithCodeKeys(db, b, part).execute())) refs.products.set(x.code_key, { id: Number(x.id), kind: x.kind });
    for (const x of await chunked(p.rows.map((r) => barcodeKey(str(r.values.barcode))), (part) => repo.productsWithBarcodes(db, b, part).execute())) refs.barcodes.set(x.barcode_norm, { id: Number(x.product_id), kind: x.kind });
    for (const w of await listWarehouses(db, actor)) refs.warehouses.set(w.code, w.id);
    duplicates(p, 'productCode', (r) => [{ key: `${productOf(r, refs)?.id ?? codeOf(r, 'productCode').key}@${str(r.values.warehouse)}`, text: str(r.values.productCode) || str(r.values.barcode) }], errors);
    for (const r of p.rows) {
      const byCode = str(r.values.productCode) !== '';
      const column = columnOf(p, byCode ? 'productCode' : 'barcode');
      const product = productOf(r, refs);
      if (!byCode && str(r.values.barcode) === '') errors.push(rowError(r, column, 'productCode', 'IMPORT_CELL_REQUIRED'));
      else if (!product) errors.push(rowError(r, column, byCode ? 'productCode' : 'barcode', 'IMPORT_CELL_UNKNOWN', { value: str(r.values.productCode) || str(r.values.barcode) }));
      else if (product.kind === 'service') errors.push(rowError(r, column, 'productCode', 'IMPORT_CELL_SERVICE', { value: str(r.values.productCode) || str(r.values.barcode) }));
      if (r.values.warehouse !== undefined && !refs.warehouses.has(r.values.warehouse as number)) errors.push(rowError(r, columnOf(p, 'warehouse'), 'warehouse', 'IMPORT_CELL_UNKNOWN', { value: str(r.values.warehouse) }));
    }
  } else {
    duplicates(p, 'partyCode', (r) => [codeOf(r, 'partyCode')], errors);
    for (const x of await chunked(p.rows.map((r) => codeOf(r, 'partyCode').key), (part) => repo.partiesWithCodeKeys(db, b, part).execute())) refs.parties.set(x.code_key, Number(x.id));
    for (const r of p.rows) {
      if (str(r.values.partyCode) !== '' && !refs.parties.has(codeOf(r, 'partyCode').key)) errors.push(rowError(r, columnOf(p, 'partyCode'), 'partyCode', 'IMPORT_CELL_UNKNOWN', { value: str(r.values.partyCode) }));
    }
  }
  errors.sort((x, y) => x.row - y.row);
  return { errors, refs };
}

function productOf(r: ImportRow, refs: Refs): { id: number; kind: string } | undefined {
  const code = str(r.values.productCode);
  if (code !== '') return refs.products.get(codeKey(code));
  const barcode = str(r.values.barcode);
  return barcode === '' ? undefined : refs.barcodes.get(barcodeKey(barcode));
}

// ---------------------------------------------------------------------------------------------
// Preview and commit

/**
 * Reads and checks a file and keeps it as a preview (its id is what `commitImport` takes). Writes
 * nothing else: a preview with errors is kept too, so that the reply can name them all.
 */
export async function previewImport(tx: Tx, actor: Actor, input: { kind: unknown; file: Buffer | undefined; fileName?: string; extraHeaders?: ExtraHeaders }): Promise<ImportPreview> {
  const kind = readImportKind(input.kind);
  authorizeKind(actor, kind);
  if (!input.file || input.file.length === 0) throw fail.with('IMPORT_FILE_MISSING', { field: 'file' });
  const fileName = (input.fileName ?? '').slice(0, 200);
  const parsed = await parseImportFile(kind, input.file, fileName, input.extraHeaders);
  const { errors } = await check(tx, actor, parsed);
  const all = [...parsed.errors, ...errors].sort((a, b) => a.row - b.row);
  await repo.deleteStaleBatches(tx, actor.businessId).execute();
  const stored = { columns: parsed.columns, rows: parsed.rows, errors: parsed.errors };
  const row = await repo
    .insertBatch(tx, { businessId: actor.businessId, userId: actor.userId ?? 0, kind, fileName, rowCount: parsed.rows.length, errorCount: all.length, rowsJson: JSON.stringify(stored) })
    .executeTakeFirstOrThrow();
  const bad = new Set(all.map((e) => e.row));
  return { id: Number(row.id), kind, fileName, rows: parsed.rows.length, valid: parsed.rows.length - bad.size, columns: parsed.columns, errors: all };
}

/** The refusal of a file with errors: every error in `details.errors`, nothing written. */
function refused(errors: RowError[]): DomainError {
  return fail.with('IMPORT_HAS_ERRORS', { count: errors.length, first: errors[0]?.detail ?? '', firstEn: errors[0]?.detailEn ?? '' }, { errors });
}

/**
 * Writes a previewed file: every row checked again against the books as they are now, then all
 * written in the caller's transaction — or none, refused with every row's error.
 */
export async function commitImport(tx: Tx, actor: Actor, id: number): Promise<ImportResult> {
  authorize(actor, 'import.run');
  const batch = await repo.lockBatch(tx, actor.businessId, id).executeTakeFirst();
  if (!batch) throw fail.with('IMPORT_NOT_FOUND', { field: 'id', value: id });
  const kind = readImportKind(batch.kind);
  authorizeKind(actor, kind);
  if (batch.committed_at) throw fail.with('IMPORT_ALREADY_COMMITTED', { field: 'id' });
  const stored = JSON.parse(batch.rows_json) as { columns: ImportColumn[]; rows: ImportRow[]; errors: RowError[] };
  const parsed: Parsed = { kind, columns: stored.columns, rows: stored.rows, errors: stored.errors };
  const { errors, refs } = await check(tx, actor, parsed);
  const all = [...parsed.errors, ...errors].sort((a, b) => a.row - b.row);
  if (all.length) throw refused(all);
  try {
    await WRITERS[kind](tx, actor, parsed, refs);
  } catch (err) {
    throw rowRefusal(err, parsed);
  }
  await repo.markCommitted(tx, actor.businessId, id).execute();
  return { id, kind, rows: parsed.rows.length, written: parsed.rows.length };
}

/** A domain refusal of one row while writing (a rule the preview does not check) as that row's error. */
function rowRefusal(err: unknown, p: Parsed): unknown {
  if (!isDomainError(err)) return err;
  const index = (err as DomainError & { batchIndex?: number; importIndex?: number }).batchIndex ?? (err as { importIndex?: number }).importIndex ?? indexInField(err.field);
  const r = index === undefined ? undefined : p.rows[index];
  if (!r) return err;
  return refused([rowError(r, '', err.field ?? '', 'IMPORT_ROW_REFUSED', { reason: err.messageFa, reasonEn: err.messageEn })]);
}

const indexInField = (field: string | undefined) => {
  const m = /^openings\[(\d+)\]/.exec(field ?? '');
  return m ? Number(m[1]) : undefined;
};

/** Runs `write` for each row, tagging a refusal with the row's index. */
async function eachRow(rows: ImportRow[], write: (r: ImportRow) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i++) {
    try {
      await write(rows[i]);
    } catch (err) {
      if (isDomainError(err)) Object.assign(err, { importIndex: i });
      throw err;
    }
  }
}

const decOf = (v: Value | undefined) => (v === undefined ? undefined : new Dec(String(v)));

const WRITERS: Record<ImportKind, (tx: Tx, actor: Actor, p: Parsed, refs: Refs) => Promise<void>> = {
  products: async (tx, actor, p) => {
    const inputs = p.rows.map((r): ProductInput => {
      const v = r.values;
      const input: ProductInput = { name: str(v.name), kind: (v.kind as 'goods' | 'service' | undefined) ?? 'goods' };
      if (v.code !== undefined) input.code = str(v.code);
      if (v.unit !== undefined) input.unit = str(v.unit);
      if (v.group !== undefined) input.groupPath = str(v.group).split(/\s*[/>\\»]\s*/).filter((x) => x !== '');
      if (v.barcodes !== undefined) input.barcodes = list(v.barcodes);
      if (v.sellPrice !== undefined) input.sellPrice = decOf(v.sellPrice);
      if (v.buyPrice !== undefined) input.buyPrice = decOf(v.buyPrice);
      if (v.vatRate !== undefined) input.vatRate = decOf(v.vatRate);
      if (v.active !== undefined) input.active = v.active as boolean;
      return input;
    });
    await createProducts(tx, actor, inputs);
  },
  parties: async (tx, actor, p) =>
    eachRow(p.rows, (r) => {
      const v = r.values;
      const kind = (v.kind as PartyKind | undefined) ?? (v.companyName && !v.firstName && !v.lastName ? 'company' : 'person');
      const input: PartyInput = { kind, roles: [((v.role as PartyRole | undefined) ?? 'customer')] };
      if (v.code !== undefined) input.code = str(v.code);
      if (v.firstName !== undefined || v.lastName !== undefined) {
        input.firstName = str(v.firstName);
        input.lastName = str(v.lastName);
      } else if (v.name !== undefined && kind === 'person') input.name = str(v.name);
      if (v.companyName !== undefined) input.companyName = str(v.companyName);
      else if (kind === 'company' && v.name !== undefined && v.firstName === undefined && v.lastName === undefined) input.companyName = str(v.name);
      for (const k of ['nationalId', 'economicCode', 'address', 'postalCode'] as const) if (v[k] !== undefined) input[k] = str(v[k]);
      if (v.mobile !== undefined) input.mobile = normalizePhone(str(v.mobile)) || str(v.mobile);
      if (v.phones !== undefined) input.phones = list(v.phones).map((tel) => ({ tel, caption: '' }));
      if (v.active !== undefined) input.active = v.active as boolean;
      return createParty(tx, actor, input);
    }),
  openingStock: async (tx, actor, p, refs) =>
    setOpeningQuantities(
      tx,
      actor,
      p.rows.map((r) => ({
        productId: productOf(r, refs)!.id,
        warehouseId: r.values.warehouse === undefined ? undefined : refs.warehouses.get(r.values.warehouse as number),
        quantity: decOf(r.values.quantity)!,
        unitCost: decOf(r.values.unitCost)!,
      })),
    ),
  openingBalances: async (tx, actor, p, refs) =>
    eachRow(p.rows, (r) => {
      const v = r.values;
      const amount = (decOf(v.balance) ?? new Dec(0)).plus(decOf(v.debit) ?? 0).minus(decOf(v.credit) ?? 0);
      return updateParty(tx, actor, refs.parties.get(codeKey(str(v.partyCode)))!, { openingBalance: amount });
    }),
};
