/**
 * Node console capture: the shared wrapper (src/logs/console-capture) with bodies formatted by
 * `util.format`, exactly as Node's console prints them.
 */
import { format } from 'node:util';
import type { LoggerProvider } from '@opentelemetry/api-logs';
import type { ConsoleLevel } from '../../src/config/options';
import { captureConsole as captureWith } from '../../src/logs/console-capture';

export { MAX_CONSOLE_BODY_CHARS } from '../../src/logs/console-capture';

export function captureConsole(provider: LoggerProvider, minLevel: ConsoleLevel): () => void {
  return captureWith(provider, minLevel, (args) => format(...args));
}
