/** The array helpers hold at lengths where a spread into call arguments throws. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appendAll, maxOf } from '../../server/src/core/arrays';

describe('arrays', () => {
  const many = Array.from({ length: 500_000 }, (_, i) => i);
  it('appends half a million items (a spread throws a RangeError there)', () => {
    assert.throws(() => [].push(...(many as never[])), RangeError);
    const out = appendAll([-1], many);
    assert.equal(out.length, many.length + 1);
    assert.equal(out.at(-1), many.length - 1);
  });
  it('takes the largest of half a million values, and the empty case', () => {
    assert.equal(maxOf(many), many.length - 1);
    assert.equal(maxOf([]), Number.NEGATIVE_INFINITY);
    assert.equal(maxOf([], 0), 0);
  });
});
