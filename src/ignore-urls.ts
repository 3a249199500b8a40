/**
 * Which requests get no span (`ignoreUrls`, and on Node servers the health checks). The matchers
 * are the resolved ones of src/config (prefix RegExps, user RegExps, predicates), tested like
 * `tracePropagationTargets`: a predicate that throws ignores nothing.
 */
import type { PropagationMatcher } from './config/resolve';
import { matchesPropagationTarget } from './propagation-targets';

/** Paths load balancers and orchestrators poll; a span per probe would bury the real traffic. */
export const HEALTH_CHECK_PATHS: readonly string[] = ['/health', '/healthz', '/ready'];

/** For client spans: true when `url` (absolute) is ignored. */
export function clientIgnore(matchers: readonly PropagationMatcher[]): (url: string) => boolean {
  return (url) => matchers.length > 0 && matchesPropagationTarget(matchers, url);
}

/**
 * For server spans: `target` is the request line's target (`/health?full=1`), `fullUrl()` builds
 * the absolute URL only when a matcher needs it.
 */
export function serverIgnore(matchers: readonly PropagationMatcher[], healthChecks: boolean): (target: string, fullUrl: () => string) => boolean {
  return (target, fullUrl) => {
    if (healthChecks && HEALTH_CHECK_PATHS.some((path) => isPathOf(target, path))) return true;
    return matchers.length > 0 && (matchesPropagationTarget(matchers, target) || matchesPropagationTarget(matchers, fullUrl()));
  };
}

/** `target` is `path`, maybe with a query or fragment (checked on every request: no allocation). */
function isPathOf(target: string, path: string): boolean {
  if (!target.startsWith(path)) return false;
  const next = target.charCodeAt(path.length);
  return Number.isNaN(next) || next === 0x3f /* ? */ || next === 0x23 /* # */;
}
