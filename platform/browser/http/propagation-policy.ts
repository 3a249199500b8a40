/**
 * Which requests get the trace headers (`traceparent`/`tracestate`/`baggage` by default, whatever
 * the propagators write): same-origin always; cross-origin only when `tracePropagationTargets`
 * matches, because an unexpected header makes the browser send a CORS preflight that many
 * third-party servers reject. In debug mode each skipped origin is
 * reported once, with the reason, so "why is my backend trace not linked" has an answer.
 */
import { propagation } from '@opentelemetry/api';
import { LOG_PREFIX } from '../../../src/config/defaults';
import type { ResolvedConfig } from '../../../src/config/resolve';
import { matchesPropagationTarget } from '../../../src/propagation-targets';

/** Origins reported in debug mode; beyond this, skips are silent (bounded memory). */
const MAX_REPORTED_ORIGINS = 50;

export type PropagationPolicy = (url: URL) => boolean;

export function createPropagationPolicy(
  config: ResolvedConfig,
  pageOrigin: string | undefined,
  report: (message: string) => void,
): PropagationPolicy {
  const targets = config.tracePropagationTargets;
  const reported = new Set<string>();
  return (url) => {
    if (url.origin === pageOrigin) return true;
    if (targets.length && matchesPropagationTarget(targets, url.href)) return true;
    if (config.debug && reported.size < MAX_REPORTED_ORIGINS && !reported.has(url.origin)) {
      reported.add(url.origin);
      report(
        `${LOG_PREFIX} traceparent not added to requests to ${url.origin}: cross-origin and ${
          targets.length ? 'no entry of tracePropagationTargets matches' : 'tracePropagationTargets is empty'
        } (e.g. ${url.href.slice(0, 120)}). To link them, add the origin to tracePropagationTargets and allow ` +
          `\`${propagation.fields().join(', ')}\` in its Access-Control-Allow-Headers.`,
      );
    }
    return false;
  };
}
