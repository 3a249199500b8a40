/**
 * clickstack-otel for browsers (the `browser` export condition and the fallback for other runtimes).
 * Both entrypoints export the same names; all logic lives in src/ and ./bundled-platform.ts.
 */
import { createApi } from '../../src/api';
import { browserPlatform } from './bundled-platform';
import { createWithTracing } from '../../src/trace/fetch-handler';

const api = createApi(browserPlatform);

/** Starts the SDK and returns its handle. Never throws. See {@link Options}. */
export const init = api.init;
/** Exports everything the running SDK has buffered. Never rejects. */
export const forceFlush = api.forceFlush;
/** Flushes and stops the running SDK. Idempotent; never rejects. */
export const shutdown = api.shutdown;
/** Records HTTP headers and bodies from the next exchange on (see `advancedNetworkCapture`). Call after `init()`. */
export const enableAdvancedNetworkCapture = api.enableAdvancedNetworkCapture;
/** Stops recording HTTP headers and bodies from the next exchange on. */
export const disableAdvancedNetworkCapture = api.disableAdvancedNetworkCapture;
/** The current RUM session id (persisted per tab by default; 15 min idle / 4 h max). */
export const getSessionId = api.getSessionId;
/** Adds attributes (e.g. `{ 'user.id': '42' }`) to every span started afterwards; `null` removes a key. */
export const setGlobalAttributes = api.setGlobalAttributes;
/** Records an error as an exception event on the active span and an ERROR log record. Never throws. */
export const recordException = api.recordException;
/**
 * Wraps a `(request, ...) => Response` handler (a service worker's fetch handler): a SERVER span
 * per request, parented by its `traceparent`, exported through the event's `waitUntil`.
 */
export const withTracing = /* @__PURE__ */ createWithTracing(true);

export { resolveConfig } from '../../src/config/resolve';
export { VERSION } from '../../src/version';
export type * from '../../src/public-types';
