/**
 * clickstack-otel for Node.js (the `node` export condition, ESM and CJS).
 * Both entrypoints export the same names; all logic lives in src/ and ./platform.ts.
 */
import { createApi } from '../../src/api';
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

export { resolveConfig } from '../../src/config/resolve';
export { VERSION } from '../../src/version';
export type * from '../../src/public-types';
