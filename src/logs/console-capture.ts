/**
 * Console capture, for every runtime: each `console.log/info/warn/error/debug/trace` call also
 * becomes an OTel log record (severity from the method, body formatted by the runtime's own
 * formatter, `util.format` in Node, ./console-format in browsers; trace/span ids from the active
 * context, which sdk-logs reads when the record is emitted).
 *
 * What the host app sees does not change: the original method is called first, with the very same
 * arguments and `this`, and its return value is passed back. The SDK's own messages never become
 * records because src/diag.ts bound the original methods before this wraps them, and a record
 * emitted while another is being emitted (an exporter or processor that logs) is dropped, so
 * capture can never recurse.
 */
import type { Logger, LoggerProvider, SeverityNumber } from '@opentelemetry/api-logs';
import { SEVERITY_NUMBER } from './severity';
import type { ConsoleLevel } from '../config/options';
import { ORIGINAL_CONSOLE_METHOD } from '../diag';
import { DISTRO_NAME, VERSION } from '../version';
import { clip } from '../text';

/** Renders a console call's arguments as the console prints them. */
export type ConsoleFormatter = (args: unknown[]) => string;

type Method = 'trace' | 'debug' | 'log' | 'info' | 'warn' | 'error';

const SEVERITY: Record<Method, { number: SeverityNumber; text: string; level: ConsoleLevel }> = {
  trace: { number: SEVERITY_NUMBER.TRACE, text: 'TRACE', level: 'trace' },
  debug: { number: SEVERITY_NUMBER.DEBUG, text: 'DEBUG', level: 'debug' },
  log: { number: SEVERITY_NUMBER.INFO, text: 'INFO', level: 'info' },
  info: { number: SEVERITY_NUMBER.INFO, text: 'INFO', level: 'info' },
  warn: { number: SEVERITY_NUMBER.WARN, text: 'WARN', level: 'warn' },
  error: { number: SEVERITY_NUMBER.ERROR, text: 'ERROR', level: 'error' },
};

const LEVEL_ORDER: readonly ConsoleLevel[] = ['trace', 'debug', 'info', 'warn', 'error'];

/** Longest body recorded, in UTF-16 code units; a runaway `console.log(hugeObject)` is cut here. */
export const MAX_CONSOLE_BODY_CHARS = 16_384;

type ConsoleFn = (...args: unknown[]) => unknown;
/** Every runtime's console has all six methods; the core's minimal `console` type lists fewer. */
const target = console as unknown as Record<Method, ConsoleFn | undefined>;

/** Wraps the console methods at or above `minLevel`. Returns a function that restores them. */
export function captureConsole(provider: LoggerProvider, minLevel: ConsoleLevel, format: ConsoleFormatter): () => void {
  const logger = provider.getLogger(`${DISTRO_NAME}/console`, VERSION);
  const threshold = LEVEL_ORDER.indexOf(minLevel);
  const restores: (() => void)[] = [];
  let emitting = false;

  for (const method of Object.keys(SEVERITY) as Method[]) {
    const severity = SEVERITY[method];
    if (LEVEL_ORDER.indexOf(severity.level) < threshold) continue;
    const original = target[method];
    if (typeof original !== 'function') continue;
    const wrapped = function (this: unknown, ...args: unknown[]) {
      const result = original.apply(this, args);
      if (!emitting) {
        emitting = true;
        try {
          emit(logger, severity, method, format(args));
        } catch {
          // Telemetry never throws into the app's logging call.
        } finally {
          emitting = false;
        }
      }
      return result;
    };
    Object.defineProperty(wrapped, ORIGINAL_CONSOLE_METHOD, { value: original });
    target[method] = wrapped;
    restores.push(() => {
      // Someone wrapped it after us: leave their wrapper (and our pass-through inside it) alone.
      if (target[method] === wrapped) target[method] = original;
    });
  }
  return () => restores.forEach((restore) => restore());
}

function emit(logger: Logger, severity: (typeof SEVERITY)[Method], method: Method, formatted: string): void {
  // console.trace prints "Trace: <message>" plus a stack; the record keeps the message only.
  const body = clip(formatted, MAX_CONSOLE_BODY_CHARS);
  logger.emit({
    severityNumber: severity.number,
    severityText: severity.text,
    body,
    attributes: { 'console.method': method },
  });
}
