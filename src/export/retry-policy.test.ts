import { describe, expect, it } from 'vitest';
import {
  backoffMillis,
  INITIAL_BACKOFF_MILLIS,
  isRetryableStatus,
  JITTER_RATIO,
  MAX_ATTEMPTS,
  MAX_BACKOFF_MILLIS,
  nextRetryDelay,
  parseRetryAfter,
} from './retry-policy';

describe('isRetryableStatus', () => {
  it('retries exactly the statuses the OTLP spec names', () => {
    expect([429, 502, 503, 504].map(isRetryableStatus)).toEqual([true, true, true, true]);
    for (const status of [200, 204, 400, 401, 403, 404, 408, 413, 500, 501, 505]) {
      expect(isRetryableStatus(status), `HTTP ${status}`).toBe(false);
    }
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('3', now)).toBe(3_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });
  it('reads an HTTP date relative to now; a past date means now', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
  });
  it('ignores what is absent or unreadable', () => {
    for (const header of [undefined, null, '', 'soon', '-1', '1.5']) expect(parseRetryAfter(header, now), String(header)).toBeUndefined();
  });
});

describe('backoffMillis', () => {
  it('grows by 1.5× from 1 s and stops at 5 s', () => {
    const mid = 0.5; // no jitter at the middle of the range
    expect([0, 1, 2, 3, 4, 5, 10].map((a) => backoffMillis(a, mid))).toEqual([1000, 1500, 2250, 3375, 5000, 5000, 5000]);
  });
  it('spreads each delay by ±20 %', () => {
    expect(backoffMillis(0, 0)).toBe(INITIAL_BACKOFF_MILLIS * (1 - JITTER_RATIO));
    expect(backoffMillis(0, 0.999999)).toBe(Math.round(INITIAL_BACKOFF_MILLIS * (1 + JITTER_RATIO)));
    expect(backoffMillis(20, 0.999999)).toBe(MAX_BACKOFF_MILLIS * (1 + JITTER_RATIO));
  });
});

describe('nextRetryDelay', () => {
  it('backs off when no Retry-After was given', () => {
    expect(nextRetryDelay({ attempt: 0, remainingMillis: 10_000, random: 0.5 })).toBe(1_000);
    expect(nextRetryDelay({ attempt: 1, remainingMillis: 10_000, random: 0.5 })).toBe(1_500);
  });
  it('waits exactly Retry-After when the server says how long, shorter or longer than the backoff', () => {
    expect(nextRetryDelay({ attempt: 0, retryAfterMillis: 3_000, remainingMillis: 10_000, random: 0.5 })).toBe(3_000);
    expect(nextRetryDelay({ attempt: 3, retryAfterMillis: 0, remainingMillis: 10_000, random: 0.5 })).toBe(0);
  });
  it('gives up when the next attempt would start after the deadline', () => {
    expect(nextRetryDelay({ attempt: 0, remainingMillis: 999, random: 0.5 })).toBeUndefined();
    expect(nextRetryDelay({ attempt: 0, retryAfterMillis: 30_000, remainingMillis: 10_000, random: 0.5 })).toBeUndefined();
    expect(nextRetryDelay({ attempt: 0, remainingMillis: 0, random: 0.5 })).toBeUndefined();
  });
  it(`stops after ${MAX_ATTEMPTS} attempts in all`, () => {
    expect(nextRetryDelay({ attempt: MAX_ATTEMPTS - 2, remainingMillis: 1e9, random: 0.5 })).toBeGreaterThan(0);
    expect(nextRetryDelay({ attempt: MAX_ATTEMPTS - 1, remainingMillis: 1e9, random: 0.5 })).toBeUndefined();
  });
});
