/**
 * The light tracer's clock: OpenTelemetry's HrTime ([seconds, nanoseconds] since the epoch) from
 * `performance.timeOrigin + performance.now()`, so span times are monotonic within a page.
 * Same semantics as @opentelemetry/core's time helpers (tested against them in time.test.ts),
 * written small because every byte here ships in the script tag.
 */
import type { HrTime, TimeInput } from '@opentelemetry/api';

const NANOS_PER_SECOND = 1e9;
const NANOS_PER_MILLI = 1e6;

/** Epoch (or performance-relative) milliseconds as HrTime, rounded to the nanosecond. */
function fromMillis(millis: number): HrTime {
  const seconds = Math.trunc(millis / 1000);
  return [seconds, Math.round((millis % 1000) * NANOS_PER_MILLI)];
}

function add(a: HrTime, b: HrTime): HrTime {
  const nanos = a[1] + b[1];
  return nanos >= NANOS_PER_SECOND ? [a[0] + b[0] + 1, nanos - NANOS_PER_SECOND] : [a[0] + b[0], nanos];
}

/** Now, or the given `performance.now()` reading, as epoch HrTime (from `origin`, epoch ms, default the time origin). */
export function hrNow(performanceNow = performance.now(), origin = performance.timeOrigin): HrTime {
  return add(fromMillis(origin), fromMillis(performanceNow));
}

const isHrTime = (value: unknown): value is HrTime =>
  Array.isArray(value) && value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'number';

export const isTimeInput = (value: unknown): value is TimeInput =>
  isHrTime(value) || typeof value === 'number' || value instanceof Date;

/**
 * HrTime as is; a number below half the time origin is a `performance.now()` reading (nothing
 * has been up that long), anything larger epoch milliseconds; a Date its epoch milliseconds.
 */
export function toHrTime(input: TimeInput): HrTime {
  if (isHrTime(input)) return input;
  if (typeof input === 'number') return input < performance.timeOrigin / 2 ? hrNow(input) : fromMillis(input);
  return fromMillis(input.getTime());
}

export function hrDuration(start: HrTime, end: HrTime): HrTime {
  const nanos = end[1] - start[1];
  return nanos < 0 ? [end[0] - start[0] - 1, nanos + NANOS_PER_SECOND] : [end[0] - start[0], nanos];
}
