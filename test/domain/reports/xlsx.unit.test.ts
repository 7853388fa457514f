import { it } from 'node:test';
import assert from 'node:assert/strict';
import { exactCell } from '../../../src/domain/reports/xlsx.js';

it('a spreadsheet cell is a number only when a double holds the decimal exactly (≤ 15 significant digits), else its exact text', () => {
  assert.equal(exactCell('1250000.0000'), 1250000);
  assert.equal(exactCell('-12.5'), -12.5);
  assert.equal(exactCell('999999999999999'), 999999999999999);
  assert.equal(exactCell('123456789012345678'), '123456789012345678');
  assert.equal(exactCell('9007199254740993'), '9007199254740993');
  assert.equal(exactCell('0.0001'), 0.0001);
});
