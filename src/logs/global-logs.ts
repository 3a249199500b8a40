/**
 * The global logger provider, shared with every copy of `@opentelemetry/api-logs` on the page or
 * in the process, through the slot api-logs itself uses: `globalThis[Symbol.for('io.opentelemetry.js.api.logs')]`
 * holds a getter that returns the provider for the API's compatibility version (1).
 *
 * Our own few lines instead of api-logs' LogsAPI: the script tag needs only "register" and "get a
 * logger", not its proxy classes (about 1 KB brotli). Loggers are looked up per call, so a
 * provider registered later is found. Node keeps api-logs (sdk-logs and the log-library
 * instrumentations bring it anyway); both meet in the same slot.
 */
import type { Logger, LoggerProvider } from '@opentelemetry/api-logs';

const GLOBAL_LOGS_KEY = Symbol.for('io.opentelemetry.js.api.logs');
/** api-logs' API_BACKWARDS_COMPATIBILITY_VERSION: a getter answers only this version. */
const LOGS_API_COMPAT_VERSION = 1;

type Slot = { [GLOBAL_LOGS_KEY]?: (version: number) => LoggerProvider | undefined };
const slot = globalThis as Slot;

const NOOP_LOGGER: Logger = { emit() {}, enabled: () => false };

/** Registers `provider` unless one is registered already; true if it is now the global one. */
export function registerLoggerProvider(provider: LoggerProvider): boolean {
  if (slot[GLOBAL_LOGS_KEY]) return false;
  slot[GLOBAL_LOGS_KEY] = (version) => (version === LOGS_API_COMPAT_VERSION ? provider : undefined);
  return true;
}

export function unregisterLoggerProvider(): void {
  delete slot[GLOBAL_LOGS_KEY];
}

/** A logger of the global provider, or one that drops everything while there is none. */
export function globalLogger(name: string, version?: string): Logger {
  return slot[GLOBAL_LOGS_KEY]?.(LOGS_API_COMPAT_VERSION)?.getLogger(name, version) ?? NOOP_LOGGER;
}
