/**
 * Browser console capture (opt-in): the shared wrapper (src/logs/console-capture) with bodies
 * formatted like the browser console's one-line text (src/logs/console-format).
 */
import type { LoggerProvider } from '@opentelemetry/api-logs';
import type { ConsoleLevel } from '../../src/config/options';
import { captureConsole as captureWith } from '../../src/logs/console-capture';
import { formatConsoleArgs } from '../../src/logs/console-format';

export function captureConsole(provider: LoggerProvider, minLevel: ConsoleLevel): () => void {
  return captureWith(provider, minLevel, formatConsoleArgs);
}
