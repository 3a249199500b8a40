/**
 * Whether a cross-origin URL may receive trace headers, per the resolved `tracePropagationTargets`.
 * Pure and platform-free; the browser adds the same-origin rule and the debug message.
 */
import type { PropagationMatcher } from './config/resolve';

/**
 * True when any target matches `url` (absolute). A user predicate that throws counts as no match:
 * telemetry must never break the request it observes.
 */
export function matchesPropagationTarget(targets: readonly PropagationMatcher[], url: string): boolean {
  for (const target of targets) {
    if (typeof target === 'function') {
      try {
        if (target(url) === true) return true;
      } catch {
        // a broken predicate never propagates and never throws into the app
      }
    } else {
      // A /g or /y RegExp keeps lastIndex between calls; reset it so every URL is tested from the start.
      target.lastIndex = 0;
      if (target.test(url)) return true;
    }
  }
  return false;
}
