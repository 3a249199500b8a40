/**
 * When to retry an OTLP/HTTP export, and after how long, per the OTLP specification
 * (https://opentelemetry.io/docs/specs/otlp/#failures-1): only 429, 502, 503, 504 and network
 * errors are transient; `Retry-After` (seconds or an HTTP date) wins over our own backoff;
 * otherwise exponential backoff with jitter. Pure: the caller supplies the clock and randomness.
 */

/** HTTP statuses the OTLP spec calls retryable. Everything else that is not 2xx fails at once. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** First backoff; then ×BACKOFF_MULTIPLIER per attempt up to MAX_BACKOFF_MILLIS. */
export const INITIAL_BACKOFF_MILLIS = 1_000;
export const MAX_BACKOFF_MILLIS = 5_000;
export const BACKOFF_MULTIPLIER = 1.5;
/** Each delay is spread ±20 % so many clients that failed together do not retry together. */
export const JITTER_RATIO = 0.2;
/** Attempts per export, the first one included; the export timeout usually ends it sooner. */
export const MAX_ATTEMPTS = 5;

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/**
 * `Retry-After` in milliseconds from `nowMillis`, or undefined when absent or unreadable.
 * An HTTP date in the past means "now" (0).
 */
export function parseRetryAfter(header: string | null | undefined, nowMillis: number): number | undefined {
  if (header == null) return undefined;
  const value = header.trim();
  if (value === '') return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1_000;
  // An HTTP date names a weekday and month; bare numbers like '1.5' are not dates, whatever Date.parse thinks.
  if (!/[a-z]/i.test(value)) return undefined;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMillis);
}

/** Backoff before attempt `attempt + 1` (attempt 0 is the first send); `random` is in [0, 1). */
export function backoffMillis(attempt: number, random: number): number {
  const base = Math.min(INITIAL_BACKOFF_MILLIS * BACKOFF_MULTIPLIER ** attempt, MAX_BACKOFF_MILLIS);
  return Math.round(base * (1 - JITTER_RATIO + 2 * JITTER_RATIO * random));
}

export interface RetryInput {
  /** 0 for the first send that just failed. */
  attempt: number;
  /** From `parseRetryAfter`, when the response had one. */
  retryAfterMillis?: number;
  /** Time left before the export's deadline. */
  remainingMillis: number;
  random: number;
}

/**
 * The delay before the next attempt, or undefined to give up: attempts used up, or the next
 * attempt could not even start before the deadline (a `Retry-After` beyond it included).
 */
export function nextRetryDelay({ attempt, retryAfterMillis, remainingMillis, random }: RetryInput): number | undefined {
  if (attempt + 1 >= MAX_ATTEMPTS) return undefined;
  const delay = retryAfterMillis ?? backoffMillis(attempt, random);
  return delay < remainingMillis ? delay : undefined;
}
