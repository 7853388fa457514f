import type ExcelJSType from 'exceljs';
import { toJalali } from '../shared/dates.js';
import { labelled, totalsRow, trimZeros, type Column, type Row } from './layout.js';

/**
 * A report as an XLSX workbook (docs/reports.md "Spreadsheets"): the report on the first sheet,
 * set right to left, Persian headers in bold, the same columns and rows as the CSV. Amounts and
 * quantities are numbers (thousands separators by the cell format) when a double holds them
 * exactly — at most 15 significant digits — else exact text, never a rounded number. A date is
 * its Jalali text, with the ISO date in a column beside it. A totals row, when the report has
 * totals, closes the sheet with «جمع» and its figures as numbers.
 */
const MAX_EXACT_DIGITS = 15;

/** The cell value of an exact decimal string: a number when a double is exact, else the text. */
export function exactCell(v: string): number | string {
  const s = trimZeros(v);
  const digits = s.replace(/^-/, '').replace('.', '').replace(/^0+/, '');
  return digits.length <= MAX_EXACT_DIGITS ? Number(s) : s;
}

interface SheetColumn {
  header: string;
  key: string;
  kind: Column['kind'] | 'isoDate';
  labels?: Column['labels'];
}

function sheetColumns(columns: Column[]): SheetColumn[] {
  return columns.flatMap((c): SheetColumn[] =>
    c.kind === 'date' ? [{ header: c.title, key: c.key, kind: 'date' }, { header: `${c.title} (میلادی)`, key: c.key, kind: 'isoDate' }] : [{ header: c.title, key: c.key, kind: c.kind, labels: c.labels }],
  );
}

function cellOf(v: unknown, kind: SheetColumn['kind'], labels?: Column['labels']): ExcelJSType.CellValue {
  if (v === null || v === undefined || v === '') return null;
  v = labelled(v, { labels });
  if (kind === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v)) return toJalali(v.slice(0, 10));
  if (kind === 'isoDate' && typeof v === 'string') return v.slice(0, 10);
  if (kind === 'amount' || kind === 'qty') return exactCell(String(v));
  if (kind === 'int') return Number(v);
  return String(v);
}

/** Whole numbers with thousands separators and no trailing point; fractions to 4 places. */
const INTEGER_FORMAT = '#,##0';
const FRACTION_FORMAT = '#,##0.####';

function withFractions(row: ExcelJSType.Row): ExcelJSType.Row {
  row.eachCell((cell) => {
    if (typeof cell.value === 'number' && !Number.isInteger(cell.value)) cell.numFmt = FRACTION_FORMAT;
  });
  return row;
}

export async function toXlsx(title: string, columns: Column[], rows: Row[], totals?: Row): Promise<Buffer> {
  // Loaded on first use (kept out of the server bundle: scripts/build.mjs).
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Daftar';
  const ws = wb.addWorksheet(title.slice(0, 31), { views: [{ rightToLeft: true, state: 'frozen', ySplit: 1 }] });
  const cols = sheetColumns(columns);
  ws.columns = cols.map((c) => ({
    header: c.header,
    key: `${c.key}${c.kind === 'isoDate' ? '__iso' : ''}`,
    width: Math.max(12, c.header.length + 4),
    style: c.kind === 'amount' || c.kind === 'qty' ? { numFmt: INTEGER_FORMAT } : {},
  }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) withFractions(ws.addRow(cols.map((c) => cellOf(r[c.key], c.kind, c.labels))));
  if (totals) {
    const t = totalsRow(columns, totals);
    const row = ws.addRow(cols.map((c) => (c.kind === 'isoDate' ? null : cellOf(t[c.key], c.kind))));
    withFractions(row).font = { bold: true };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
