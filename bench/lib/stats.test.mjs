import { describe, expect, it } from 'vitest';
import { addedCostFromRps, addedRatio, formatDelta, formatNumber, formatRatio, markdownTable, median, ratio } from './stats.mjs';

describe('median', () => {
  it('takes the middle of an odd count, whatever the order', () => expect(median([9, 1, 5])).toBe(5));
  it('averages the two middle values of an even count', () => expect(median([4, 1, 3, 2])).toBe(2.5));
  it('ignores NaN and missing values', () => expect(median([NaN, 7, undefined, 3])).toBe(5));
  it('is NaN when nothing was measured', () => expect(median([])).toBeNaN());
  it('does not reorder its input', () => {
    const xs = [3, 1, 2];
    median(xs);
    expect(xs).toEqual([3, 1, 2]);
  });
});

describe('ratios', () => {
  it('divides', () => expect(ratio(3, 4)).toBe(0.75));
  it('is NaN for a zero or missing base', () => {
    expect(ratio(1, 0)).toBeNaN();
    expect(ratio(1, undefined)).toBeNaN();
  });
  it('compares added overheads over a shared baseline', () => expect(addedRatio(12, 20, 10)).toBe(0.2));
  it('turns throughputs into added cost per request', () => {
    // bare 1000 req/s (1 ms each), ours 800 (1.25 ms), reference 500 (2 ms): we add 0.25 of its 1 ms.
    expect(addedCostFromRps(800, 500, 1000)).toBeCloseTo(0.25, 10);
  });
});

describe('formatting', () => {
  it('prints ratios with a times sign', () => {
    expect(formatRatio(0.4567)).toBe('0.46×');
    expect(formatRatio(12.34)).toBe('12.3×');
    expect(formatRatio(NaN)).toBe('-');
  });
  it('prints signed deltas', () => {
    expect(formatDelta(12.34, 'ms')).toBe('+12.3 ms');
    expect(formatDelta(-0.44, 'MB')).toBe('−0.4 MB');
  });
  it('groups thousands', () => expect(formatNumber(27828)).toBe('27,828'));
  it('renders a markdown table with right-aligned numbers', () => {
    expect(markdownTable(['a', 'b'], [['x', 1]])).toBe('| a | b |\n|---|---:|\n| x | 1 |');
  });
});
