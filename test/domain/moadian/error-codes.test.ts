import { test } from 'node:test';
import assert from 'node:assert/strict';
import { moadianCodeText, MOADIAN_CODES } from '../../../src/domain/moadian/error-codes.js';

test('moadian codes: every table entry has a Persian text; 5xxx are retryable; content codes fall back by structure', () => {
  for (const [code, t] of Object.entries(MOADIAN_CODES)) assert.match(t.fa, /[\u0600-\u06FF]/, code);
  assert.equal(moadianCodeText('5199').retryable, true);
  assert.equal(moadianCodeText('4102').retryable, true, 'a stale nonce: fetch a new one and retry');
  assert.match(moadianCodeText('012802').fa, /روش تسویه/);
  assert.match(moadianCodeText('022707', 'x').fa, /^خطا قاعده محاسباتی/);
  assert.match(moadianCodeText('111208').fa, /^هشدار/);
  assert.equal(moadianCodeText('9999', 'پیام سرور').fa, 'پیام سرور');
});
