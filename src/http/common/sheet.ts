import type { FastifyReply } from 'fastify';
import { toCsv, type Column, type Row } from '../../domain/reports/index.js';
import { toXlsx } from '../../domain/reports/xlsx.js';

/**
 * Spreadsheets on /daftar/v1 (docs/reports.md "Spreadsheets"): every report and every list
 * answers `?format=csv|xlsx` with the same columns and rows, laid out by the domain's `Column`s.
 */

export type SheetFormat = 'csv' | 'xlsx';

/** The `format` query parameter of a report or list. */
export const FormatQuery = {
  type: 'string',
  enum: ['json', 'csv', 'xlsx'],
  default: 'json',
  description: 'json; csv (UTF-8 with BOM, one row per line); xlsx (the first sheet, right to left, numbers as numbers, totals row where there are totals)',
} as const;

/** A spreadsheet reply's schema (beside the JSON one, in an anyOf). */
export const SheetReply = { type: 'string', description: 'text/csv with ?format=csv; an XLSX workbook with ?format=xlsx' } as const;

/** The spreadsheet asked for, or undefined for JSON. */
export function sheetFormat(q: { format?: string }): SheetFormat | undefined {
  return q.format === 'csv' || q.format === 'xlsx' ? q.format : undefined;
}

/** Rows as a spreadsheet: CSV or XLSX, the same columns and rows; `totals` closes both with a «جمع» row. */
export async function sendSheet(reply: FastifyReply, sheet: SheetFormat, name: string, columns: Column[], rows: unknown[], totals?: Record<string, unknown>) {
  if (sheet === 'csv') {
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(toCsv(columns, rows as Row[], totals as Row | undefined));
  }
  const body = await toXlsx(name, columns, rows as Row[], totals as Row | undefined);
  return reply
    .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="${name}.xlsx"`)
    .send(body);
}

/** The most rows a list spreadsheet holds (a list longer than this is cut; narrow it with its filters). */
export const MAX_SHEET_ROWS = 100_000;
const SHEET_PAGE = 500;

/** Every item of a paged domain list (up to MAX_SHEET_ROWS), for a spreadsheet of the whole list. */
export async function everything<T>(load: (offset: number, limit: number) => Promise<{ items: T[]; total?: number }>): Promise<T[]> {
  const all: T[] = [];
  for (;;) {
    const got = await load(all.length, SHEET_PAGE);
    all.push(...got.items);
    const done = got.items.length < SHEET_PAGE || (got.total !== undefined && all.length >= got.total);
    if (done || all.length >= MAX_SHEET_ROWS) return all.slice(0, MAX_SHEET_ROWS);
  }
}
