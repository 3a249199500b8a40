/**
 * clickstack-otel for edge runtimes (the `edge-light` and `workerd` export conditions): Next.js
 * edge routes and middleware, Vercel Edge Functions, Cloudflare Workers. Same names as the other
 * entrypoints; all logic lives in src/ and ./platform.ts.
 */
import { createApi } from '../../src/api';
import { createWithTracing } from '../../src/trace/fetch-handler';
import { edgePlatform } from './platform';

const api = createApi(edgePlatform);

/** Starts the SDK and returns its handle. Never throws. Call it once, at module scope. See {@link Options}. */
export const init = api.init;
/** Exports everything the running SDK has buffered. Never rejects. */
export const forceFlush = api.forceFlush;
/** Flushes and stops the running SDK. Idempotent; never rejects. */
export const shutdown = api.shutdown;
/** Records HTTP headers and bodies from the next exchange on (see `advancedNetworkCapture`). Call after `init()`. */
export const enableAdvancedNetworkCapture = api.enableAdvancedNetworkCapture;
/** Stops recording HTTP headers and bodies from the next exchange on. */
export const disableAdvancedNetworkCapture = api.disableAdvancedNetworkCapture;
/** Always undefined here: edge runtimes have no RUM sessions. */
export const getSessionId = api.getSessionId;
/** Adds attributes (e.g. `{ 'user.id': '42' }`) to every span started afterwards; `null` removes a key. */
export const setGlobalAttributes = api.setGlobalAttributes;
/** Records an error as an exception event on the active span and an ERROR log record. Never throws. */
export const recordException = api.recordException;
/**
 * Wraps a `(request, ...) => Response` handler: a SERVER span per request, parented by its
 * `traceparent`, ended when the response is produced, then exported through the request's
 * `waitUntil` (Cloudflare's `ctx`, Next.js middleware's `event`, or Next.js/Vercel's request context).
 */
export const withTracing = /* @__PURE__ */ createWithTracing(true);

export { resolveConfig } from '../../src/config/resolve';
export { VERSION } from '../../src/version';
export type * from '../../src/public-types';
