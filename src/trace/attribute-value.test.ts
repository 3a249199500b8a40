import { isAttributeValue as coreIsAttributeValue } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import { isAttributeValue } from './attribute-value';

const CASES: unknown[] = [
  'a', '', 0, -1.5, NaN, Infinity, true, false, null, undefined,
  {}, { a: 1 }, () => 1, Symbol('s'), 10n, new Date(0),
  [], [null], [undefined, null], ['a', 'b'], [1, 2], [true, false], ['a', null, 'b'], [null, 1, undefined, 2],
  ['a', 1], [1, 'a'], [true, 1], [{}], [{}, 1], [[1]], [1, [1]], [null, {}], [Symbol('s')], [10n], ['a', undefined, 1],
];

describe('isAttributeValue', () => {
  it.each(CASES.map((c, i) => [i, c]))('case %i answers as @opentelemetry/core does', (_i, value) => {
    expect(isAttributeValue(value)).toBe(coreIsAttributeValue(value));
  });

  it('accepts homogeneous primitive arrays and rejects mixed ones', () => {
    expect(isAttributeValue(['x', null, 'y'])).toBe(true);
    expect(isAttributeValue(['x', 2])).toBe(false);
    expect(isAttributeValue([{}])).toBe(false);
  });
});
