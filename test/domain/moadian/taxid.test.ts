import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { verhoeffDigit, verhoeffValid } from '../../../src/domain/moadian/verhoeff.js';
import { makeTaxid, parseTaxid, taxidControlString, utcDayNumber } from '../../../src/domain/moadian/taxid.js';

const VECTORS = JSON.parse(readFileSync(new URL('./moadian-vectors.json', import.meta.url), 'utf8')) as {
  taxidVectors: { fiscalId: string; timestampMs: number; dayNumber: number; serial: number; controlString: string; taxid: string }[];
};

test('taxid: the official vectors (Java SDK Test.java and TICS p.20) are reproduced exactly', () => {
  assert.ok(VECTORS.taxidVectors.length >= 2);
  for (const v of VECTORS.taxidVectors) {
    assert.equal(utcDayNumber(v.timestampMs), v.dayNumber);
    assert.equal(taxidControlString(v.fiscalId, v.dayNumber, BigInt(v.serial)), v.controlString);
    assert.equal(makeTaxid({ fiscalId: v.fiscalId, issuedAtMs: v.timestampMs, serial: v.serial }), v.taxid);
    assert.deepEqual(parseTaxid(v.taxid), { fiscalId: v.fiscalId, day: v.dayNumber, serial: BigInt(v.serial) });
  }
});

test('taxid: the day is the UTC day of the instant (1404/01/01 00:30 Tehran = 2025-03-20T21:00Z is day 20167)', () => {
  const ms = Date.parse('2025-03-20T21:00:00Z');
  assert.equal(utcDayNumber(ms), 20167);
  assert.equal(parseTaxid(makeTaxid({ fiscalId: 'a111h1', issuedAtMs: ms, serial: 1 }))!.day, 20167);
});

test('verhoeff: known check digits (236 → 3, 12345 → 1)', () => {
  assert.equal(verhoeffDigit('236'), 3);
  assert.equal(verhoeffValid('2363'), true);
  assert.equal(verhoeffDigit('12345'), 1);
  assert.equal(verhoeffValid('123451'), true);
  assert.equal(verhoeffValid('123415'), false);
});

const digitString = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 30 }).map((a) => a.join(''));

test('verhoeff: every single-digit change is caught', () => {
  fc.assert(
    fc.property(digitString, fc.nat(), fc.integer({ min: 1, max: 9 }), (body, at, delta) => {
      const full = body + verhoeffDigit(body);
      const i = at % full.length;
      const changed = full.slice(0, i) + ((Number(full[i]) + delta) % 10) + full.slice(i + 1);
      return verhoeffValid(full) && !verhoeffValid(changed);
    }),
    { numRuns: 2000 },
  );
});

test('verhoeff: every adjacent transposition of different digits is caught', () => {
  fc.assert(
    fc.property(digitString, fc.nat(), (body, at) => {
      const full = body + verhoeffDigit(body);
      if (full.length < 2) return true;
      const i = at % (full.length - 1);
      if (full[i] === full[i + 1]) return true;
      const swapped = full.slice(0, i) + full[i + 1] + full[i] + full.slice(i + 2);
      return !verhoeffValid(swapped);
    }),
    { numRuns: 2000 },
  );
});

test('taxid: a changed character of a valid taxid is refused', () => {
  const t = VECTORS.taxidVectors[0]!.taxid;
  assert.equal(parseTaxid(t.slice(0, 21) + ((Number(t[21]) + 1) % 10)), null);
  assert.equal(parseTaxid(t.slice(0, 10) + (t[10] === '0' ? '1' : '0') + t.slice(11)), null);
});
