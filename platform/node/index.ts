/**
 * clickstack-otel for Node.js (the `node` export condition, ESM and CJS).
 * Both entrypoints export the same names; all logic lives in src/ and ./platform.ts.
 */
import { createApi } from '../../src/api';
import { createWithTracing } from '../../src/trace/fetch-handler';
import { nodePlatform } from './platform';

const api = createApi(nodePlatform);

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
/** The current RUM session id; always undefined in Node, which has no sessions. */
export const getSessionId = api.getSessionId;
/** Adds attributes (e.g. `{ 'user.id': '42' }`) to every span started afterwards; `null` removes a key. */
export const setGlobalAttributes = api.setGlobalAttributes;
/** Records an error as an exception event on the active span and an ERROR log record. Never throws. */
export const recordException = api.recordException;
/**
 * Wraps a `(request, ...) => Response` handler (`Deno.serve`, `Bun.serve`, fetch-style routers) in a
 * SERVER span per request, parented by its `traceparent`. Requests Node's HTTP instrumentation
 * already traces pass through unchanged.
 */
export const withTracing = /* @__PURE__ */ createWithTracing(false);

export { resolveConfig } from '../../src/config/resolve';
export { VERSION } from '../../src/version';
export type * from '../../src/public-types';
