import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import * as fontkit from 'fontkit';
import { amountInWords, amountWithFractionInWords, faAmount, faNumber, inDisplayUnit } from '../../../src/domain/printing/format.js';
import { ltr, sfntOfWoff, visualOrder } from '../../../src/domain/printing/pdf-text.js';

const require = createRequire(import.meta.url);

describe('printing: figures, words, fonts and the stored order of a line', () => {
  it('formats exact amounts in Persian digits with «٬», and reads them in words past 2^53', () => {
    assert.equal(faAmount('1250000'), '۱٬۲۵۰٬۰۰۰');
    assert.equal(faAmount('-1250000.5'), '−۱٬۲۵۰٬۰۰۰/۵');
    assert.equal(faAmount('0'), '۰');
    assert.equal(faNumber('2.500'), '۲/۵');
    assert.equal(amountInWords('1250000'), 'یک میلیون و دویست و پنجاه هزار');
    assert.equal(amountInWords('0'), 'صفر');
    // 9,007,199,254,740,993: one past the float's exact integers.
    assert.equal(amountInWords('9007199254740993'), 'نه هزار تریلیون و هفت تریلیون و صد و نود و نه میلیارد و دویست و پنجاه و چهار میلیون و هفت صد و چهل هزار و نه صد و نود و سه');
    assert.equal(inDisplayUnit('12345', 'toman'), '1234.5');
    assert.equal(amountWithFractionInWords('1234.5'), 'یک هزار و دویست و سی و چهار و پنج دهم');
    assert.equal(amountWithFractionInWords('1250000'), 'یک میلیون و دویست و پنجاه هزار');
    assert.equal(inDisplayUnit('12345', 'rial'), '12345');
  });

  it('a WOFF unwrapped to its OpenType tables is the same font', () => {
    const woff = fs.readFileSync(require.resolve('@fontsource/vazirmatn/files/vazirmatn-arabic-400-normal.woff'));
    const sfnt = sfntOfWoff(woff);
    assert.equal(sfnt.readUInt32BE(0), woff.readUInt32BE(4), 'the flavor leads the file');
    const a = fontkit.create(woff) as fontkit.Font;
    const b = fontkit.create(sfnt) as fontkit.Font;
    assert.equal(b.numGlyphs, a.numGlyphs);
    assert.equal(b.postscriptName, a.postscriptName);
    const run = (f: fontkit.Font) => f.layout('فاکتور فروش ۱۲').glyphs.map((g) => g.id);
    assert.deepEqual(run(b), run(a), 'the same shaping');
  });

  it('stores a line so that an extractor reading it right to left gets it back', () => {
    // Visual order, with runs of numbers (and : / - ، ٬ beside them) kept left to right.
    assert.equal(visualOrder('فاکتور فروش'), 'شورف روتکاف');
    assert.equal(visualOrder('شماره: ۱۲'), ': ۱۲' + 'هرامش');
    assert.equal(visualOrder('تاریخ: ۱۴۰۵/۰۹/۱۴'), ': ۱۴۰۵/۰۹/۱۴' + 'خیرات');
    // A Persian comma then a space then a word: a right-to-left mark keeps the space after it.
    assert.equal(visualOrder('تهران، خیابان'), 'نابایخ \u200F،' + 'نارهت');
    // Isolates steer the drawing only.
    assert.equal(visualOrder(`تلفن: ${ltr('۰۲۱-۸۸۷۷')}`), ': ۰۲۱-۸۸۷۷' + 'نفلت');
  });
});
