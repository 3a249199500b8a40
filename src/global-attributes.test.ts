import { afterEach, describe, expect, it } from 'vitest';
import { globalAttributes, MAX_GLOBAL_ATTRIBUTES, setGlobalAttributes } from './global-attributes';

describe('setGlobalAttributes', () => {
  afterEach(() => setGlobalAttributes(Object.fromEntries(Object.keys(globalAttributes()).map((k) => [k, null]))));

  it('merges, removes with null, and ignores invalid values without throwing', () => {
    setGlobalAttributes({ 'user.id': '42', plan: 'pro' });
    setGlobalAttributes({ plan: null, beta: true, n: 3, bad: Number.NaN, obj: {} as never });
    expect(globalAttributes()).toEqual({ 'user.id': '42', beta: true, n: 3 });
    expect(() => setGlobalAttributes(null as never)).not.toThrow();
  });

  it('replaces the set instead of mutating it, and caps the number of keys', () => {
    const before = globalAttributes();
    setGlobalAttributes(Object.fromEntries(Array.from({ length: MAX_GLOBAL_ATTRIBUTES + 10 }, (_, i) => [`k${i}`, i])));
    expect(before).toEqual({});
    expect(Object.keys(globalAttributes())).toHaveLength(MAX_GLOBAL_ATTRIBUTES);
  });
});
