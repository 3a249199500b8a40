import { describe, expect, it } from 'vitest';
import {
  createMutationMeter,
  MAX_REPLAY_MUTATIONS_PER_SECOND,
  MAX_REPLAY_STORM_RETRY_MILLIS,
  mutationChanges,
  nextStormRetryMillis,
  REPLAY_STORM_RETRY_MILLIS,
  REPLAY_STORM_WINDOWS,
} from './mutation-storm';

/** Feeds `perSecond` changes a second for `seconds`, in callbacks every 4 ms; returns the streak after each window. */
function run(meter: ReturnType<typeof createMutationMeter>, from: number, seconds: number, perSecond: number): (number | undefined)[] {
  const streaks: (number | undefined)[] = [];
  const step = 4;
  for (let t = from + step; t <= from + seconds * 1000; t += step) {
    meter.add((perSecond * step) / 1000, t);
    const s = meter.settle(t);
    if (s !== undefined) streaks.push(s);
  }
  return streaks;
}

describe('mutation storm meter', () => {
  it('a storm of 1,000 changes a second trips it after REPLAY_STORM_WINDOWS windows', () => {
    const meter = createMutationMeter(0);
    const streaks = run(meter, 0, 3, 1_000);
    expect(streaks).toEqual([1, 2, 3]);
    expect(streaks.findIndex((s) => s! >= REPLAY_STORM_WINDOWS)).toBe(REPLAY_STORM_WINDOWS - 1);
    expect(meter.lastRate).toBeCloseTo(1_000, -1);
  });

  it('a busy but normal page (a 60 fps animation on a few elements) never trips it', () => {
    const meter = createMutationMeter(0);
    expect(run(meter, 0, 10, MAX_REPLAY_MUTATIONS_PER_SECOND * 0.9).every((s) => s === 0)).toBe(true);
  });

  it('a one-off burst (a route change of 5,000 nodes) fills one window only', () => {
    const meter = createMutationMeter(0);
    meter.add(5_000, 10);
    expect(meter.settle(10)).toBeUndefined();
    expect(meter.settle(1_000)).toBe(1);
    meter.add(20, 1_500);
    expect(meter.settle(2_000)).toBe(0);
  });

  it('a quiet gap counts as calm: the rate is over the time since the window opened', () => {
    const meter = createMutationMeter(0);
    run(meter, 0, 2, 2_000);
    // 5 s without a callback, then one small one: 800 changes over 5 s is 160 a second.
    meter.add(800, 7_000);
    expect(meter.settle(7_000)).toBe(0);
    expect(meter.lastRate).toBe(160);
  });

  it('reset starts a fresh window with no streak', () => {
    const meter = createMutationMeter(0);
    run(meter, 0, 1, 5_000);
    meter.reset(1_000);
    expect(meter.lastRate).toBe(0);
    expect(meter.settle(1_500)).toBeUndefined();
    meter.add(10_000, 1_900);
    expect(meter.settle(2_000)).toBe(1);
  });

  it('counts every kind of change rrweb reports', () => {
    expect(mutationChanges({ adds: [1, 2], removes: [1], texts: [1, 2, 3], attributes: [1] })).toBe(7);
    expect(mutationChanges({})).toBe(0);
  });

  it('the retry delay doubles while the storm goes on, up to its cap', () => {
    const delays: number[] = [];
    let d: number | undefined;
    for (let i = 0; i < 8; i++) delays.push((d = nextStormRetryMillis(d)));
    expect(delays[0]).toBe(REPLAY_STORM_RETRY_MILLIS);
    expect(delays[1]).toBe(REPLAY_STORM_RETRY_MILLIS * 2);
    expect(delays.at(-1)).toBe(MAX_REPLAY_STORM_RETRY_MILLIS);
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1]!);
  });
});
