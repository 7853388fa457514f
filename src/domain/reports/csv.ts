import { cellText, totalsRow, type Column, type Row } from './layout.js';

const BOM = '\uFEFF';

/** One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF; quotes doubled.
 * A leading = + - @ is prefixed with ' so a spreadsheet never runs a cell as a formula. */
export function csvField(text: string): string {
  let s = text;
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A whole CSV document: UTF-8 BOM (so Excel reads Persian), header row of titles, CRLF lines,
 * codes in Persian words; `totals`, when the report has them, closes it as a «جمع» row.
 */
export function toCsv(columns: Column[], rows: Row[], totals?: Row): string {
  const lines = [columns.map((c) => csvField(c.title)).join(',')];
  const all = totals ? [...rows, totalsRow(columns, totals)] : rows;
  for (const r of all) lines.push(columns.map((c) => csvField(cellText(r[c.key], c.kind, c.labels))).join(','));
  return BOM + lines.join('\r\n') + '\r\n';
}

/** Reads a CSV produced by toCsv back into rows of strings (used by tests and tools). */
export function parseCsv(text: string): string[][] {
  const s = text.startsWith(BOM) ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && s[i + 1] === '\n') {
      continue;
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
