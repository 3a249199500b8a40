/**
 * clickstack-otel for edge runtimes (the `edge-light` and `workerd` export conditions): Next.js
 * edge routes and middleware, Vercel Edge Functions, Cloudflare Workers. The same names as the
 * other entrypoints, documented on `PublicApi` (src/api.ts); all logic lives in src/ and ./platform.ts.
 * `init()` belongs at module scope, once per isolate.
 */
import { createApi } from '../../src/api';
import { createWithTracing } from '../../src/trace/fetch-handler';
import { edgePlatform } from './platform';

export const {
  init,
  forceFlush,
  shutdown,
  enableAdvancedNetworkCapture,
  disableAdvancedNetworkCapture,
  getSessionId,
  setGlobalAttributes,
  recordException,
} = createApi(edgePlatform);

/**
 * Wraps a `(request, ...) => Response` handler: a SERVER span per request, parented by its
 * `traceparent`, ended when the response is produced, then exported through the request's
 * `waitUntil` (Cloudflare's `ctx`, Next.js middleware's `event`, or Next.js/Vercel's request context).
 */
export const withTracing = /* @__PURE__ */ createWithTracing(true);

export { resolveConfig } from '../../src/config/resolve';
export { VERSION } from '../../src/version';
export type * from '../../src/public-types';
