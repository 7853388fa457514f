import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { flattenBody } from '../../../src/http/chortke/body.js';
import { isPlaceholder } from '../../../src/domain/parties/placeholder.js';
import { toTree } from '../../../src/http/chortke/tree.js';
import { isDomainError } from '../../../src/domain/errors.js';

describe('Chortke wire helpers', () => {
  it('flattenBody: flat, {main, others-object}, {main, others-array}; later parts win', () => {
    assert.deepEqual(flattenBody({ a: 1 }), { a: 1 });
    assert.deepEqual(flattenBody({ main: { a: 1, b: 1 }, others: { b: 2 } }), { a: 1, b: 2 });
    assert.deepEqual(flattenBody({ x: 0, main: { a: 1 }, others: [{ b: 2 }, { c: 3 }, { a: 4 }] }), { x: 0, a: 4, b: 2, c: 3 });
    assert.deepEqual(flattenBody(undefined), {});
    for (const bad of [[1], { main: [] }, { others: 'x' }, { others: [1] }]) {
      assert.throws(() => flattenBody(bad), (e) => isDomainError(e) && e.code === 'VALIDATION');
    }
  });

  it('isPlaceholder: only the documentation digit runs, 5 digits or more', () => {
    for (const v of ['12345', '1234123412341234', '12341234123412341234', '1234567890123', '۱۲۳۴۵']) assert.equal(isPlaceholder(v), true, v);
    for (const v of ['1234', '123', 'IR12341234', '6219861034529008', '23456', '12344', '', 'abcde']) assert.equal(isPlaceholder(v), false, v);
  });

  it('toTree: nests by parentId, siblings by id, orphans as roots', () => {
    const tree = toTree([
      { id: 3, name: 'c', parentId: 1 },
      { id: 1, name: 'a', parentId: null },
      { id: 2, name: 'b', parentId: 1 },
      { id: 9, name: 'orphan', parentId: 77 },
    ]);
    assert.deepEqual(tree.map((n) => n.id), [1, 9]);
    assert.deepEqual(tree[0].childs.map((n) => [n.id, n.title, n.parentId]), [[2, 'b', 1], [3, 'c', 1]]);
  });
});
