import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseJson5Exact, parseJsonExact, stringifyExact } from '../../../src/http/common/json.js';
import { readDecimal } from '../../../src/http/common/wire.js';
import { toWire } from '../../../src/domain/shared/money.js';

// Issue 18 point 5: the body readers keep every number's source text; the replies write exact digits.
describe('issue 18 point 5: exact JSON numbers', () => {
  it('JSON: exact doubles stay numbers, everything else reaches the handler as its source text', () => {
    const v = parseJsonExact(
      '{"a": 9007199254740993, "b": 1.5, "c": 1e3, "d": "x 9007199254740993 1e3", "e": [1, -2.25, 0, -0.5], "f": 123456789012345678.1234, "g": true, "h": null, "i": 1234567890123456, "j": 0.1}',
    );
    assert.deepEqual(v, {
      a: '9007199254740993',
      b: 1.5,
      c: '1e3',
      d: 'x 9007199254740993 1e3',
      e: [1, -2.25, 0, -0.5],
      f: '123456789012345678.1234',
      g: true,
      h: null,
      i: 1234567890123456,
      j: 0.1,
    });
    assert.deepEqual(parseJsonExact('[12345678901234567890, "\\"1e5\\"", {"k\\"1": 2e-3}]'), ['12345678901234567890', '"1e5"', { 'k"1': '2e-3' }]);
  });

  it('JSON stays strict: NaN, Infinity, hex, leading + or dot are syntax errors', () => {
    for (const bad of ['{"a": NaN}', '{"a": Infinity}', '{"a": 0x10}', '{"a": +1}', '{"a": .5}', '{"a": 01}', '{"a": 1.}', "{'a': 1}"]) {
      assert.throws(() => parseJsonExact(bad), SyntaxError, bad);
    }
  });

  it('JSON5 (Hesabfa): numbers as source text, strings, comments and identifiers untouched', () => {
    const v = parseJson5Exact(
      "{a: 0x10, b: +1, c: .5, d: 'it\\'s 5 and 1e3', e: Infinity, f: -NaN, g5: 5., // 7\n h: /* 8 */ 9, i: 9007199254740993, j: 'x \\\n 5', k: [1,2,],}",
    );
    assert.deepEqual(v, { a: '0x10', b: '+1', c: '.5', d: "it's 5 and 1e3", e: 'Infinity', f: '-NaN', g5: '5.', h: 9, i: '9007199254740993', j: 'x  5', k: [1, 2] });
  });

  it('replies: ExactNumbers are written as number tokens of their digits; ordinary values unchanged', () => {
    assert.equal(toWire('12.5'), 12.5);
    assert.equal(toWire('1250000.0000'), 1250000);
    assert.equal(
      stringifyExact({ x: toWire('9007199254740993'), y: toWire('12.5'), z: [toWire('-123456789012345678.1234')], s: 'a"b §', n: null }),
      '{"x":9007199254740993,"y":12.5,"z":[-123456789012345678.1234],"s":"a\\"b §","n":null}',
    );
    assert.equal(stringifyExact({ a: 1 }), '{"a":1}');
  });

  it('readDecimal: plain decimals in any digits; ambiguous spellings refused naming the field', () => {
    const ok: [unknown, string][] = [
      [12, '12'], ['12', '12'], ['-2.5', '-2.5'], ['.5', '0.5'], ['۱۲۳', '123'], ['١٢٣', '123'], ['۱٬۲۵۰٬۰۰۰', '1250000'], ['۲٫۵', '2.5'],
      ['1,250,000', '1250000'], ['1,250,000.5', '1250000.5'], ['9007199254740993', '9007199254740993'], ['999999999999999999.9999', '999999999999999999.9999'],
    ];
    for (const [v, want] of ok) assert.equal(readDecimal(v, 'price')!.toFixed(), want, JSON.stringify(v));
    for (const v of ['1,5', '1,50', '12,3456', '0x10', '1e3', ' 12 ', '12 ', 'NaN', 'Infinity', '12abc', '۱٬۲۰', '1..2', true, false, {}, [1]]) {
      assert.throws(() => readDecimal(v, 'details[0].price'), (e: any) => e.code === 'VALIDATION' && e.field === 'details[0].price', JSON.stringify(v));
    }
    for (const v of ['1000000000000000000', 1e18, '-1000000000000000000']) {
      assert.throws(() => readDecimal(v, 'amount'), (e: any) => e.code === 'OUT_OF_RANGE' && e.field === 'amount', String(v));
    }
    for (const v of [undefined, null, '', '  ']) assert.equal(readDecimal(v, 'x'), undefined);
  });
});
