/**
 * The replay's answer to a mutation storm: a page whose script changes the DOM hundreds or
 * thousands of times a second (a ticker, a JS animation on many elements, a runaway render loop).
 * rrweb serializes every change on the main thread and we ship every one, so recording such a
 * page costs it CPU and the collector a stream of ~150 KB/s, with nothing worth watching in it.
 *
 * Policy: DOM changes are counted in windows of REPLAY_STORM_WINDOW_MILLIS. When
 * REPLAY_STORM_WINDOWS windows in a row each run faster than MAX_REPLAY_MUTATIONS_PER_SECOND, the
 * recorder is stopped (its observers disconnected, so it costs nothing) and a cheap counter keeps
 * watching. Recording resumes with a fresh full snapshot, which shows the page as it is then, as
 * soon as one window is calm again, or after a retry delay if the storm never ends (that delay
 * doubles while the storm goes on, so a page that storms forever costs one snapshot and a few
 * seconds of changes every few minutes). A one-off burst such as a route change that replaces
 * thousands of nodes fills only one window and is recorded in full.
 *
 * Sentry's replay stops for good when one mutation callback holds too many changes; PostHog's
 * throttles attribute changes per element. Pausing and re-snapshotting keeps what is recorded
 * playable (no change is ever dropped from the middle of a stream) and bounds both costs.
 * Platform-free: the caller passes the clock and the counts.
 */

/** Length of one counting window. */
export const REPLAY_STORM_WINDOW_MILLIS = 1_000;
/** A window with more DOM changes than this a second counts as stormy (a click or a render makes a few dozen). */
export const MAX_REPLAY_MUTATIONS_PER_SECOND = 500;
/** Stormy windows in a row that pause the recording: a single burst does not. */
export const REPLAY_STORM_WINDOWS = 2;
/** During a storm that does not calm down, the recording is retried (a new full snapshot) after this long... */
export const REPLAY_STORM_RETRY_MILLIS = 30_000;
/** ...and after twice as long each time the storm is still on, up to this. */
export const MAX_REPLAY_STORM_RETRY_MILLIS = 5 * 60_000;
/** The rrweb custom event (type 5) tag put in the stream where the recording pauses. */
export const REPLAY_STORM_EVENT_TAG = 'clickstack-otel.replay-paused';

/** What rrweb reports for one mutation callback (`@rrweb/types` mutationData). */
export interface MutationData {
  adds?: unknown[];
  removes?: unknown[];
  texts?: unknown[];
  attributes?: unknown[];
}

/** The changes in one rrweb mutation event: added and removed nodes, text and attribute changes. */
export const mutationChanges = (data: MutationData): number =>
  (data.adds?.length ?? 0) + (data.removes?.length ?? 0) + (data.texts?.length ?? 0) + (data.attributes?.length ?? 0);

export interface MutationMeter {
  /** Counts `changes` made at `now` (ms, any monotonic clock). */
  add(changes: number, now: number): void;
  /**
   * Closes the current window once it has lasted REPLAY_STORM_WINDOW_MILLIS and returns how many
   * closed windows in a row were stormy (0 right after a calm one); undefined while it is open.
   */
  settle(now: number): number | undefined;
  /** Changes a second in the last closed window. */
  readonly lastRate: number;
  /** Forgets everything: the next window starts at `now`. */
  reset(now: number): void;
}

export function createMutationMeter(now: number, maxPerSecond = MAX_REPLAY_MUTATIONS_PER_SECOND, windowMillis = REPLAY_STORM_WINDOW_MILLIS): MutationMeter {
  let start = now;
  let count = 0;
  let streak = 0;
  let lastRate = 0;
  return {
    add(changes) {
      count += changes;
    },
    settle(t) {
      const elapsed = t - start;
      if (elapsed < windowMillis) return undefined;
      // The rate over the whole time since the window opened: a quiet gap between callbacks counts as calm.
      lastRate = (count * 1000) / elapsed;
      streak = lastRate > maxPerSecond ? streak + 1 : 0;
      start = t;
      count = 0;
      return streak;
    },
    get lastRate() {
      return lastRate;
    },
    reset(t) {
      start = t;
      count = 0;
      streak = 0;
      lastRate = 0;
    },
  };
}

/** The retry delay after `previous` (undefined: the first pause of a storm). */
export const nextStormRetryMillis = (previous: number | undefined): number =>
  previous === undefined ? REPLAY_STORM_RETRY_MILLIS : Math.min(previous * 2, MAX_REPLAY_STORM_RETRY_MILLIS);
