/**
 * The SDK's own voice: every line it prints goes through here, prefixed `[clickstack-otel]`.
 * It also receives OpenTelemetry's internal diagnostics (`diag`), filtered by `OTEL_LOG_LEVEL`.
 * Repeated warnings (an export failing every batch against a dead collector) are printed once.
 */
import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { LOG_PREFIX } from './config/defaults';
import type { LogLevel } from './config/options';

const LEVELS: Record<LogLevel, DiagLogLevel> = {
  none: DiagLogLevel.NONE,
  error: DiagLogLevel.ERROR,
  warn: DiagLogLevel.WARN,
  info: DiagLogLevel.INFO,
  debug: DiagLogLevel.DEBUG,
  verbose: DiagLogLevel.VERBOSE,
  all: DiagLogLevel.ALL,
};

/** Distinct repeated messages remembered for de-duplication; beyond this, repeats print again. */
const MAX_REMEMBERED_MESSAGES = 200;

type Sink = (...args: unknown[]) => void;

export interface Printer {
  error: Sink;
  warn: Sink;
  info: Sink;
  debug: Sink;
}

/**
 * Bound to the console methods as they are when the SDK starts, so a later console capture
 * (which wraps `console.*`) never sees our own output as the app's logs.
 */
export function consolePrinter(): Printer {
  const c = console;
  // A printer made while capture is on (a second init(), say) reaches past the wrapper as well.
  const unwrap = (f: Sink): Sink => ((f as { [ORIGINAL_CONSOLE_METHOD]?: Sink })[ORIGINAL_CONSOLE_METHOD] ?? f).bind(c);
  return { error: unwrap(c.error), warn: unwrap(c.warn), info: unwrap(c.info), debug: unwrap(c.debug) };
}

/** Console capture stores the method it wrapped under this key on its wrapper. */
export const ORIGINAL_CONSOLE_METHOD = Symbol.for('clickstack-otel.console-original');

export function createDiagLogger(level: LogLevel, printer: Printer = consolePrinter()): DiagLogger & { level: DiagLogLevel } {
  const threshold = LEVELS[level];
  const seen = new Set<string>();
  const emit = (at: DiagLogLevel, sink: Sink, dedupe: boolean) => (message: string, ...args: unknown[]) => {
    if (at > threshold) return;
    if (dedupe) {
      const key = `${message}${args.map(String).join(' ')}`;
      if (seen.has(key)) return;
      if (seen.size < MAX_REMEMBERED_MESSAGES) seen.add(key);
    }
    sink(LOG_PREFIX, message, ...args);
  };
  return {
    level: threshold,
    error: emit(DiagLogLevel.ERROR, printer.error, true),
    warn: emit(DiagLogLevel.WARN, printer.warn, true),
    info: emit(DiagLogLevel.INFO, printer.info, false),
    debug: emit(DiagLogLevel.DEBUG, printer.debug, false),
    verbose: emit(DiagLogLevel.VERBOSE, printer.debug, false),
  };
}

/** Routes OpenTelemetry's internal diagnostics through our prefixed, de-duplicated logger. */
export function installDiag(logger: DiagLogger & { level: DiagLogLevel }): void {
  diag.setLogger(logger, { logLevel: logger.level, suppressOverrideMessage: true });
}
