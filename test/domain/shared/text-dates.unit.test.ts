import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { codeKey, normalizePhone, normalizeText, padCode, toAsciiDigits } from '../../../src/domain/shared/text.js';
import { jalaliYearRange, parseDate, toJalali } from '../../../src/domain/shared/dates.js';
import { isDomainError } from '../../../src/domain/errors.js';
import * as id from '../../../src/domain/shared/identifiers.js';
import { Dec, roundMoney } from '../../../src/domain/shared/money.js';

describe('Persian text normalisation', () => {
  it('folds Arabic letters, digits, invisibles and spaces', () => {
    assert.equal(normalizeText('كتاب'), 'کتاب');
    assert.equal(normalizeText('علي'), 'علی');
    assert.equal(normalizeText('مدرسة'), 'مدرسه');
    assert.equal(normalizeText('مـــحمد'), 'محمد');
    assert.equal(normalizeText('می\u200cخواهم'), 'میخواهم');
    assert.equal(normalizeText('  کالای   ۱۲۳  '), 'کالای 123');
    assert.equal(normalizeText('Galaxy J7'), 'galaxy j7');
    assert.equal(toAsciiDigits('۰۹۱۲٣٤٥'), '0912345');
  });
  it('codes ignore leading zeros when numeric', () => {
    assert.equal(codeKey('000002'), '2');
    assert.equal(codeKey('۰۰۲'), '2');
    assert.equal(codeKey('0'), '0');
    assert.equal(codeKey('A-01'), 'a-01');
    assert.equal(padCode('2'), '000002');
    assert.equal(padCode('1234567'), '1234567');
    assert.equal(padCode('PCS-1'), 'PCS-1');
  });
  it('phones keep digits, +98 folded', () => {
    assert.equal(normalizePhone('+98 912 345 6789'), '09123456789');
    assert.equal(normalizePhone('۰۲۱-۱۲۳۴۵۶۷۸'), '02112345678');
  });
});

describe('dates', () => {
  it('2025-03-20 = 1403/12/30 (1403 is a leap year)', () => {
    assert.equal(toJalali('2025-03-20'), '1403/12/30');
    assert.equal(parseDate('1403/12/30', 'd'), '2025-03-20');
    assert.equal(parseDate('۱۴۰۳/۱۲/۳۰', 'd'), '2025-03-20');
    assert.equal(parseDate('1404-01-01', 'd'), '2025-03-21');
  });
  it('reads Gregorian and Jalali, refuses nonsense naming the field', () => {
    assert.equal(parseDate('2025-09-03', 'd'), '2025-09-03');
    assert.equal(parseDate('2025-09-03T10:30:00Z', 'd'), '2025-09-03');
    assert.equal(parseDate('1364/09/14', 'birthDate'), '1985-12-05');
    for (const bad of ['2025-02-30', '1402/12/30', 'yesterday', '2025/13/01']) {
      assert.throws(() => parseDate(bad, 'invoiceDate'), (e: unknown) => isDomainError(e) && e.field === 'invoiceDate', bad);
    }
  });
  it('issue 18 point 6: instants are Tehran days, garbage and days past the Jalali range are refused', () => {
    assert.equal(parseDate('2025-03-20T23:30:00-05:00', 'd'), '2025-03-21');
    assert.equal(parseDate('2025-03-20T20:00:00Z', 'd'), '2025-03-20');
    assert.equal(parseDate('2025-03-20T20:30:00.250Z', 'd'), '2025-03-21');
    assert.equal(parseDate('2020-06-01T20:00:00+0000', 'd'), '2020-06-02', 'DST: 00:30 in Tehran');
    assert.equal(parseDate('2020-12-01T20:00:00Z', 'd'), '2020-12-01', 'no DST in winter: 23:30');
    assert.equal(parseDate('1404/01/01 23:59', 'd'), '2025-03-21', 'wall time keeps its day');
    assert.equal(parseDate('0001/01/01', 'd'), '0622-03-22');
    for (const bad of ['2025-09-03Tgarbage', '2025-09-03T24:00', '2025-09-03T10:00+14:30', '4000-01-01', '9999-12-31', '2025-09-03x']) {
      assert.throws(() => parseDate(bad, 'invoiceDate'), (e: unknown) => isDomainError(e) && e.code === 'VALIDATION' && e.field === 'invoiceDate', bad);
    }
  });
  it('issue 18 point 16: full-width digits and no-break spaces fold', () => {
    assert.equal(toAsciiDigits('０９１２'), '0912');
    assert.equal(codeKey('００４３２１'), '4321');
    assert.equal(codeKey('\u00A0AB\u202F12\u2007'), codeKey('ab 12'));
  });
  it('fiscal year range', () => {
    assert.deepEqual(jalaliYearRange(1403), { start: '2024-03-20', end: '2025-03-20' });
    assert.deepEqual(jalaliYearRange(1404), { start: '2025-03-21', end: '2026-03-20' });
  });
});

describe('Iranian identifiers', () => {
  it('national code: check digit, all-same refused', () => {
    assert.equal(id.nationalCode('0499370899', 'n'), '0499370899');
    assert.equal(id.nationalCode('', 'n'), '');
    assert.throws(() => id.nationalCode('1111111111', 'nationalCode'));
    assert.throws(() => id.nationalCode('0499370898', 'nationalCode'));
  });
  it('Sheba mod 97, card Luhn, mobile forms', () => {
    assert.equal(id.sheba('IR820540102680020817909002', 's'), 'IR820540102680020817909002');
    assert.throws(() => id.sheba('IR820540102680020817909003', 's'));
    assert.equal(id.cardNumber('6037-7016-8909-5443', 'c'), '6037701689095443');
    assert.throws(() => id.cardNumber('6037701689095444', 'c'));
    assert.equal(id.mobile('+989123456789', 'm'), '09123456789');
    assert.equal(id.mobile('۰۹۱۲۳۴۵۶۷۸۹', 'm'), '09123456789');
    assert.throws(() => id.mobile('0912345', 'mobile'));
    assert.throws(() => id.email('not-mail', 'email'));
  });
});

describe('money', () => {
  it('half-up rounding, exact decimals', () => {
    assert.equal(roundMoney(new Dec('0.5')).toFixed(), '1');
    assert.equal(roundMoney(new Dec('2.5')).toFixed(), '3');
    assert.equal(roundMoney(new Dec('-2.5')).toFixed(), '-3');
    assert.equal(new Dec('0.1').plus('0.2').toFixed(), '0.3');
    assert.equal(new Dec('100000').times(9).div(100).toFixed(), '9000');
  });
});
