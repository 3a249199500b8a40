/**
 * The public functions, built once per platform so both entrypoints export the same names with
 * the same behaviour and stay a few lines long.
 */
import type { Options } from './config/options';
import type { AttributeValue } from './config/resolve';
import { recordException } from './errors/exception';
import { setGlobalAttributes } from './global-attributes';
import type { Platform } from './platform';
import { setNetworkCaptureEnabled } from './network/toggle';
import { activeHandle, startSdk, type SdkHandle } from './sdk';

export interface PublicApi {
  /** Starts the SDK and returns its handle. Never throws; a second call warns once and returns the first handle. */
  init(options?: Options): SdkHandle;
  /** Exports everything the running SDK has buffered. Never rejects. */
  forceFlush(): Promise<void>;
  /** Flushes and stops the running SDK. Idempotent; never rejects. */
  shutdown(): Promise<void>;
  /** Starts recording headers and bodies from the next HTTP exchange on (call after `init()`). */
  enableAdvancedNetworkCapture(): void;
  /** Stops recording headers and bodies from the next HTTP exchange on. */
  disableAdvancedNetworkCapture(): void;
  /** The current RUM session id (browsers), or undefined (Node, or before `init()`). */
  getSessionId(): string | undefined;
  /**
   * Adds attributes to every span started from now on, e.g. `{ 'user.id': '42' }`; `null` removes
   * a key. Works before `init()`. Never throws.
   */
  setGlobalAttributes(attributes: Record<string, AttributeValue | null | undefined>): void;
  /**
   * Records an error (any thrown value) as an `exception` event on the active span, if any, and
   * as an ERROR log record with `exception.type/message/stacktrace`, linked to the active trace.
   * Does nothing before `init()`. Never throws.
   */
  recordException(error: unknown, attributes?: Record<string, AttributeValue>): void;
}

export function createApi(platform: Platform): PublicApi {
  return {
    init: (options) => startSdk(platform, options),
    forceFlush: () => activeHandle().forceFlush(),
    shutdown: () => activeHandle().shutdown(),
    enableAdvancedNetworkCapture: () => setNetworkCaptureEnabled(true),
    disableAdvancedNetworkCapture: () => setNetworkCaptureEnabled(false),
    getSessionId: () => activeHandle().getSessionId(),
    setGlobalAttributes,
    recordException: (error, attributes) => recordException(error, attributes),
  };
}
