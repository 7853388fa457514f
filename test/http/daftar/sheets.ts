import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import type { TestApp } from '../../helpers/app.js';

/**
 * A /daftar/v1 spreadsheet read back with exceljs (issue 24): asserts an XLSX reply whose first
 * sheet is right to left and returns its rows as values (the header first) and a column finder.
 */
export async function xlsxOf(t: TestApp, url: string, headers: Record<string, string>) {
  const res = await t.app.inject({ method: 'GET', url: `/daftar/v1${url}`, headers });
  assert.equal(res.statusCode, 200, res.body.slice(0, 300));
  assert.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  assert.equal(ws.views[0]?.rightToLeft, true, 'the sheet is right to left');
  const all: unknown[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => all.push((row.values as unknown[]).slice(1)));
  const header = all[0] as string[];
  const col = (title: string) => {
    const i = header.indexOf(title);
    assert.ok(i >= 0, `column ${title} in ${header.join(' | ')}`);
    return i;
  };
  return { header, rows: all.slice(1), col, ws, raw: res.rawPayload };
}
