import type ExcelJSType from 'exceljs';
import { fail } from '../errors.js';
import { parseCsv } from '../reports/csv.js';

/**
 * A spreadsheet file as rows of cell texts: XLSX (the first sheet) or CSV (UTF-8, with or without
 * a BOM; comma, semicolon or tab separated). Cells are text exactly as a person would read them:
 * a numeric XLSX cell is the shortest decimal that names its value (the cell's own digits for any
 * number of up to 15 significant digits), never a rounded float; merged cells repeat their value
 * in every cell of the merge; formulas give their cached result.
 */
export interface SheetRow {
  /** The row's number in the file as a spreadsheet shows it (1 = the first line). */
  sheetRow: number;
  cells: string[];
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export async function readSheet(file: Buffer, fileName = ''): Promise<SheetRow[]> {
  if (file.subarray(0, 4).equals(ZIP_MAGIC)) return readXlsx(file, fileName);
  return readCsvFile(file, fileName);
}

async function readXlsx(file: Buffer, fileName: string): Promise<SheetRow[]> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch (err) {
    throw fail.with('IMPORT_FILE_UNREADABLE', { file: fileName, why: (err as Error).message.slice(0, 120) });
  }
  const ws = wb.worksheets.find((w) => w.state !== 'hidden' && w.actualRowCount > 0) ?? wb.worksheets[0];
  if (!ws) throw fail.with('IMPORT_FILE_UNREADABLE', { file: fileName, why: 'no sheet' });
  const rows: SheetRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.isMerged ? cell.master.value : cell.value);
    });
    rows.push({ sheetRow: n, cells: Array.from(cells, (c) => c ?? '') });
  });
  return rows;
}

/** The text of an XLSX cell value of any type. */
function cellText(v: ExcelJSType.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('formula' in v || 'sharedFormula' in v) return cellText((v as ExcelJSType.CellFormulaValue).result as ExcelJSType.CellValue);
    if ('text' in v) return String((v as ExcelJSType.CellHyperlinkValue).text);
    if ('error' in v) return '';
  }
  return String(v);
}

/** A numeric cell's digits: plain notation (no exponent), the shortest decimal of the value. */
function numberText(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  // 1e+21 and beyond, or tiny values: exact plain digits of the double's shortest form.
  const [mant, exp] = s.toLowerCase().split('e');
  const e = Number(exp);
  const neg = mant.startsWith('-');
  const [int, frac = ''] = mant.replace('-', '').split('.');
  const digits = int + frac;
  const point = int.length + e;
  const plain = point <= 0 ? `0.${'0'.repeat(-point)}${digits}` : point >= digits.length ? digits + '0'.repeat(point - digits.length) : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (neg ? '-' : '') + plain;
}

function readCsvFile(file: Buffer, fileName: string): SheetRow[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file);
  } catch {
    throw fail.with('IMPORT_FILE_UNREADABLE', { file: fileName, why: 'not UTF-8 text' });
  }
  if (text.includes('\u0000')) throw fail.with('IMPORT_FILE_UNREADABLE', { file: fileName, why: 'binary' });
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const sep = [',', ';', '\t'].map((c) => ({ c, n: firstLine.split(c).length })).sort((a, b) => b.n - a.n)[0].c;
  const rows = parseCsv(sep === ',' ? text : swapSeparator(text, sep));
  return rows.map((cells, i) => ({ sheetRow: i + 1, cells }));
}

/** A CSV separated by `sep` as a comma-separated one (quotes respected), for parseCsv. */
function swapSeparator(text: string, sep: string): string {
  let out = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && ch === sep) out += '\u0000';
    else if (!quoted && ch === ',') out += '\u0001';
    else out += ch;
  }
  // Commas that were data become quoted fields; the separators become commas.
  return out
    .split(/(\r?\n)/)
    .map((line) => (/\r?\n/.test(line) ? line : line.split('\u0000').map((f) => (f.includes('\u0001') ? `"${f.replace(/\u0001/g, ',')}"` : f)).join(',')))
    .join('');
}
