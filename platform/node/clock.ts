/**
 * Span times on the wall clock. `performance.timeOrigin + performance.now()` is monotonic but
 * drifts from the system clock over a server's uptime when the clock is stepped (a VM resumed, the
 * time set by hand, the first NTP sync), which would put spans away from the logs they belong
 * with. So the offset between the two is re-read at most once per RESYNC_INTERVAL_MILLIS and
 * applied to every reading, much as the SDK's Span anchors each start at `Date.now()`; between
 * changes of the offset, durations are exact.
 */
import type { HrTime } from '@opentelemetry/api';

export const RESYNC_INTERVAL_MILLIS = 1_000;

/** `Date.now()` − (time origin + `performance.now()`), as last adopted; NaN until the first reading. */
let offsetMillis = NaN;
let resyncedAt = -Infinity;

export function wallClock(): HrTime {
  const now = performance.now();
  if (now - resyncedAt >= RESYNC_INTERVAL_MILLIS) {
    resyncedAt = now;
    // Date.now() is whole milliseconds, so a reading lies up to 1 ms below the true offset: the
    // offset rises to any higher reading and falls only when a reading is more than 1 ms lower
    // (the clock was set back), so it changes rarely and neighbouring spans do not jitter.
    const reading = Date.now() - performance.timeOrigin - now;
    if (!(reading <= offsetMillis) || reading < offsetMillis - 1) offsetMillis = reading;
  }
  // One array per reading (src/trace/time's hrNow adds two): epoch milliseconds as a double are
  // exact to a quarter of a microsecond, finer than the SDK's Date.now()-based start times.
  const millis = performance.timeOrigin + offsetMillis + now;
  const seconds = Math.floor(millis / 1000);
  const nanos = Math.round((millis - seconds * 1000) * 1e6);
  return nanos < NANOS_PER_SECOND ? [seconds, nanos] : [seconds + 1, nanos - NANOS_PER_SECOND];
}

const NANOS_PER_SECOND = 1e9;
