import { afterEach, describe, expect, it, vi } from 'vitest';
import { RESYNC_INTERVAL_MILLIS, wallClock } from './clock';

const toMillis = ([s, ns]: [number, number]) => s * 1000 + ns / 1e6;

describe('Node span clock', () => {
  afterEach(() => vi.useRealTimers());

  it('reads the wall clock, to well under a millisecond, as a valid HrTime', () => {
    for (let i = 0; i < 1000; i++) {
      const before = Date.now();
      const t = wallClock() as [number, number];
      const after = Date.now();
      expect(Number.isInteger(t[0]) && Number.isInteger(t[1]) && t[1] >= 0 && t[1] < 1e9).toBe(true);
      expect(toMillis(t)).toBeGreaterThanOrEqual(before - 1);
      expect(toMillis(t)).toBeLessThanOrEqual(after + 1);
    }
  });

  it('is monotonic between resyncs, so durations are exact', () => {
    let last = toMillis(wallClock() as [number, number]);
    for (let i = 0; i < 10_000; i++) {
      const now = toMillis(wallClock() as [number, number]);
      expect(now).toBeGreaterThanOrEqual(last);
      last = now;
    }
  });

  it('follows the wall clock when it is set back (a stepped clock), after the next resync', async () => {
    const realNow = Date.now;
    wallClock();
    await new Promise((r) => setTimeout(r, RESYNC_INTERVAL_MILLIS + 20));
    const stepBack = 60_000;
    vi.spyOn(Date, 'now').mockImplementation(() => realNow() - stepBack);
    try {
      const t = toMillis(wallClock() as [number, number]);
      expect(Math.abs(t - (realNow() - stepBack))).toBeLessThan(5);
    } finally {
      vi.restoreAllMocks();
    }
  });
});
