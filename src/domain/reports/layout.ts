import { toWire } from '../shared/money.js';
import { toJalali } from '../shared/dates.js';

/**
 * One column of a report: drives both the JSON shape (numbers as JSON numbers, a Jalali twin
 * for each date) and the CSV (Persian header, Jalali dates). Reports return exact decimal
 * strings; conversion happens only here, at the edge.
 */
export interface Column {
  key: string;
  title: string;
  kind: 'text' | 'int' | 'amount' | 'qty' | 'date';
  /** A code column's Persian words in a spreadsheet ('invoice' → 'فاکتور'); JSON keeps the code. */
  labels?: Readonly<Record<string, string>>;
}

export type Row = Record<string, unknown>;

/** A row for JSON: numeric strings → JSON numbers, each date gets a `<key>Jalali` twin. */
export function jsonRow(row: Row, columns: Column[]): Row {
  const out: Row = { ...row };
  for (const c of columns) {
    const v = row[c.key];
    if (c.kind === 'amount' || c.kind === 'qty') out[c.key] = v === null || v === undefined ? null : toWire(v as string);
    else if (c.kind === 'date' && typeof v === 'string') out[`${c.key}Jalali`] = toJalali(v);
  }
  return out;
}

/** Numeric-string fields of a totals / summary object → JSON numbers. */
export function jsonNumbers(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    out[k] = typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? toWire(v) : v;
  }
  return out;
}

/** A code's Persian label when the column has labels (an unknown code stays as it is). */
export function labelled(v: unknown, c: Pick<Column, 'labels'>): unknown {
  return c.labels && typeof v === 'string' && v in c.labels ? c.labels[v] : v;
}

/**
 * The totals row of a sheet: «جمع» in the first text or date column, each total under its
 * column (amounts and quantities only), nothing elsewhere.
 */
export function totalsRow(columns: Column[], totals: Row): Row {
  const first = Math.max(0, columns.findIndex((c) => c.kind === 'text' || c.kind === 'date'));
  const row: Row = {};
  columns.forEach((c, i) => {
    if (c.kind === 'amount' || c.kind === 'qty') row[c.key] = totals[c.key] ?? null;
    else if (i === first) row[c.key] = TOTAL_LABEL;
  });
  return row;
}

export const TOTAL_LABEL = 'جمع';

/** The cell text of a value in a CSV: dates in Jalali, decimals exact as stored, codes in Persian. */
export function cellText(v: unknown, kind: Column['kind'], labels?: Column['labels']): string {
  if (v === null || v === undefined) return '';
  if (labels) v = labelled(v, { labels });
  if (kind === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v)) return toJalali(v);
  if ((kind === 'amount' || kind === 'qty') && typeof v === 'string') return trimZeros(v);
  return String(v);
}

/** '12.5000' → '12.5', '3.0000' → '3' (numeric columns come back with their scale). */
export function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}
