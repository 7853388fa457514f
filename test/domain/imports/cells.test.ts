import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { cleanCell, decimalText, fieldOfHeader } from '../../../src/domain/imports/kinds.js';
import { readSheet } from '../../../src/domain/imports/read.js';
import { parseImportFile } from '../../../src/domain/imports/imports.js';

/** Reading a spreadsheet for an import (issue 24): cells as a person reads them, never through a float. */
describe('imports: cells, headers and files', () => {
  it('numbers: Persian and Arabic digits, ٬ and grouped commas, ٫, accountants\' negatives; anything else is no number', () => {
    const cases: [string, string | null][] = [
      ['۱۲٬۵۰۰٬۰۰۰', '12500000'],
      ['١٢٣٫٥', '123.5'],
      ['1,250,000', '1250000'],
      ['1,250,000.75', '1250000.75'],
      ['(1250)', '-1250'],
      ['1250-', '-1250'],
      ['+42', '42'],
      [' 9007199254740993 ', '9007199254740993'],
      ['1,5', null],
      ['12,34,567', null],
      ['1e3', null],
      ['0x10', null],
      ['دوازده', null],
      ['', null],
    ];
    for (const [text, want] of cases) assert.equal(decimalText(text), want, text);
  });

  it('cells: Arabic ي/ك folded to ی/ک, invisible marks and extra spaces dropped, ZWNJ kept', () => {
    assert.equal(cleanCell('  چاي   كيسه\u200cاي\u200f '), 'چای کیسه\u200cای');
  });

  it('headers: Persian names and synonyms, whatever the spelling of ي/ك, spaces, ZWNJ and punctuation', () => {
    for (const [h, field] of [
      ['كد كالا', 'code'],
      ['نام‌کالا', 'name'],
      ['قیمت فروش (ریال)', 'sellPrice'],
      ['نرخ مالیات (درصد)', 'vatRate'],
      ['دسته بندی', 'group'],
      ['بارکد', 'barcodes'],
      ['SellPrice', 'sellPrice'],
      ['موجودی', undefined],
    ] as const) assert.equal(fieldOfHeader('products', h), field, h);
    assert.equal(fieldOfHeader('products', 'unitName'), undefined, 'vendor words come from the surfaces');
    assert.equal(fieldOfHeader('products', 'unitName', { products: { unit: ['unitName'] } }), 'unit');
  });

  it('xlsx: a numeric cell is its own digits, merged cells repeat their value, formulas give their result', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.addRow(['عنوان', null, null]);
    ws.mergeCells('A1:C1');
    ws.addRow([1250000.25, 123456789012345, { formula: 'A2*2', result: 2500000.5 }]);
    const rows = await readSheet(Buffer.from(await wb.xlsx.writeBuffer()));
    assert.deepEqual(rows[0].cells, ['عنوان', 'عنوان', 'عنوان']);
    assert.deepEqual(rows[1].cells, ['1250000.25', '123456789012345', '2500000.5']);
  });

  it('csv: semicolon- or tab-separated, quoted fields, a BOM; a file with no known header is refused', async () => {
    const semi = await readSheet(Buffer.from('\uFEFFکد کالا;نام کالا;قیمت فروش\r\n1;"چای; سبز";"1,250"\r\n'));
    assert.deepEqual(semi.map((r) => r.cells), [['کد کالا', 'نام کالا', 'قیمت فروش'], ['1', 'چای; سبز', '1,250']]);
    const tab = await readSheet(Buffer.from('کد کالا\tنام کالا\n2\tکیک\n'));
    assert.deepEqual(tab[1].cells, ['2', 'کیک']);
    await assert.rejects(parseImportFile('products', Buffer.from('a,b\n1,2\n')), (e: Error & { code?: string }) => e.code === 'VALIDATION');
    await assert.rejects(parseImportFile('openingStock', Buffer.from('کد کالا,مقدار\n1,2\n')), /unitCost|بهای واحد|column/);
  });
});
