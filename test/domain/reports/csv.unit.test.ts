import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { csvField, parseCsv, toCsv } from '../../../src/domain/reports/csv.js';
import type { Column } from '../../../src/domain/reports/layout.js';

describe('CSV writer', () => {
  it('quotes commas, quotes and newlines (RFC 4180) and defuses formulas', () => {
    assert.equal(csvField('ساده'), 'ساده');
    assert.equal(csvField('الف، ب, ج'), '"الف، ب, ج"');
    assert.equal(csvField('گفت "سلام"'), '"گفت ""سلام"""');
    assert.equal(csvField('سطر۱\nسطر۲'), '"سطر۱\nسطر۲"');
    assert.equal(csvField('=1+2'), "'=1+2");
    assert.equal(csvField('-904000'), '-904000', 'a negative number stays a number');
  });

  it('writes BOM, Persian header, Jalali dates and exact decimals, and parses back', () => {
    const columns: Column[] = [
      { key: 'date', title: 'تاریخ', kind: 'date' },
      { key: 'name', title: 'شرح', kind: 'text' },
      { key: 'amount', title: 'مبلغ', kind: 'amount' },
      { key: 'qty', title: 'مقدار', kind: 'qty' },
    ];
    const text = toCsv(columns, [
      { date: '2024-03-20', name: 'فروش، نقدی "ویژه"', amount: '1234567.0000', qty: '2.5000' },
      { date: '2025-03-20', name: 'خط\nدوم', amount: '-5', qty: '0' },
    ]);
    assert.ok(text.startsWith('\uFEFF'));
    assert.ok(text.includes('\r\n'));
    assert.deepEqual(parseCsv(text), [
      ['تاریخ', 'شرح', 'مبلغ', 'مقدار'],
      ['1403/01/01', 'فروش، نقدی "ویژه"', '1234567', '2.5'],
      ['1403/12/30', 'خط\nدوم', '-5', '0'],
    ]);
  });
});
