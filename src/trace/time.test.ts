import { hrTime, hrTimeDuration, isTimeInput as coreIsTimeInput, timeInputToHrTime } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import { hrDuration, hrNow, isTimeInput, toHrTime } from './time';

describe('light tracer clock', () => {
  it('converts every TimeInput as @opentelemetry/core does', () => {
    const origin = performance.timeOrigin;
    const inputs = [
      0, 0.0004, 1.5, 999.9999994, 1234.56789, 86_400_000.25, // performance.now() readings
      origin, origin + 0.5, Date.now(), 1_700_000_000_123.456, 1_700_000_000_999.9999996, // epoch ms
      new Date(0), new Date(1_700_000_000_123),
      [1_700_000_000, 5] as [number, number], [0, 999_999_999] as [number, number],
    ];
    for (const input of inputs) expect(toHrTime(input), String(input)).toEqual(timeInputToHrTime(input));
  });

  it('reads now and performance-relative readings on the same clock as core', () => {
    for (const reading of [0, 12.345678, 999.9999999, 5_000_000.5]) expect(hrNow(reading)).toEqual(hrTime(reading));
    const [a, b] = [hrTime(), hrNow()];
    const gapNanos = (b[0] - a[0]) * 1e9 + (b[1] - a[1]);
    expect(gapNanos).toBeGreaterThanOrEqual(0);
    expect(gapNanos).toBeLessThan(1e9);
  });

  it('computes durations with a nanosecond borrow', () => {
    const pairs: [[number, number], [number, number]][] = [
      [[10, 500], [10, 900]],
      [[10, 999_999_999], [11, 0]],
      [[10, 5], [12, 4]],
      [[0, 0], [0, 0]],
    ];
    for (const [start, end] of pairs) expect(hrDuration(start, end)).toEqual(hrTimeDuration(start, end));
  });

  it('recognises time inputs as core does', () => {
    for (const value of [1, new Date(), [1, 2], [1], ['1', 2], '1', null, undefined, {}]) {
      expect(isTimeInput(value), JSON.stringify(value)).toBe(coreIsTimeInput(value));
    }
  });
});
