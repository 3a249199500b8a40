/**
 * Uncaught exceptions and unhandled rejections in Node: recorded, and delivered before the
 * process dies, without changing how it dies.
 *
 * The usual approach (Sentry's onUncaughtException integration, for one) adds an
 * `uncaughtException` listener, flushes asynchronously and then calls `process.exit(1)` itself.
 * But merely listening for `uncaughtException` stops Node from printing the error its own way
 * (the source line and caret above the stack come from the original throw and cannot be
 * reproduced from JavaScript), and the SDK would then own the exit. We listen only to
 * `uncaughtExceptionMonitor`, which changes nothing: it runs synchronously before Node's own
 * handling, for uncaught exceptions and for rejections Node is about to raise as such
 * (`--unhandled-rejections=throw`, the default, and `strict`). There we record the error, and if
 * nobody will catch it (no `uncaughtException` listener, no capture callback) the process dies
 * the moment we return, with no event-loop turn left, so everything still queued is encoded and
 * POSTed synchronously (../../src/errors/exit-taps, ./sync-post), bounded by
 * SHUTDOWN_TIMEOUT_MILLIS. Node then prints and exits exactly as it would have.
 *
 * If the app handles the error itself, the process lives on: the record goes out with the next
 * batch, and should the app's handler end the process with `process.exit()` first, the `exit`
 * listener (synchronous too) delivers what is queued the same way.
 *
 * Rejections Node does not raise (`--unhandled-rejections=warn`/`warn-with-error-code`) arrive as
 * an `UnhandledPromiseRejectionWarning` on the `warning` event, which listening to does not change
 * either; they are recorded from there. We never listen to `unhandledRejection`: a listener there
 * is what turns Node's default crash into "handled".
 */
import { SHUTDOWN_TIMEOUT_MILLIS } from '../../src/config/defaults';
import { ATTR_EXCEPTION_SOURCE, type RecordException } from '../../src/errors/exception';
import type { PendingExport } from '../../src/platform';
import { postSync } from './sync-post';

/** Node's name for the warning it emits about an unhandled rejection it does not raise. */
const UNHANDLED_REJECTION_WARNING = 'UnhandledPromiseRejectionWarning';

export function captureNodeErrors(record: RecordException, takePending: () => PendingExport[]): () => void {
  /** An exception was recorded that no export has carried yet; the `exit` listener sends it. */
  let undelivered = false;
  const deliverNow = () => {
    undelivered = false;
    postSync(takePending(), SHUTDOWN_TIMEOUT_MILLIS);
  };

  const onMonitor = (error: unknown, origin: string) => {
    try {
      record(error, { [ATTR_EXCEPTION_SOURCE]: origin === 'unhandledRejection' ? 'unhandledRejection' : 'uncaughtException' });
      const fatal = process.listenerCount('uncaughtException') === 0 && !process.hasUncaughtExceptionCaptureCallback();
      if (fatal) deliverNow();
      else undelivered = true;
    } catch {
      // Never interfere with the app's own failure.
    }
  };

  const onExit = () => {
    try {
      if (undelivered) deliverNow();
    } catch {
      // exiting anyway
    }
  };

  const onWarning = (warning: Error) => {
    try {
      // Node emits two: the reason's stack under this name, then a generic explanation whose
      // message starts "Unhandled promise rejection." Only the first carries the reason.
      if (warning?.name !== UNHANDLED_REJECTION_WARNING || typeof warning.message !== 'string') return;
      if (warning.message.startsWith('Unhandled promise rejection.')) return;
      record(describeRejectionWarning(warning.message), { [ATTR_EXCEPTION_SOURCE]: 'unhandledRejection' });
      undelivered = true;
    } catch {
      // ignore
    }
  };

  process.on('uncaughtExceptionMonitor', onMonitor);
  process.on('exit', onExit);
  process.on('warning', onWarning);
  return () => {
    process.off('uncaughtExceptionMonitor', onMonitor);
    process.off('exit', onExit);
    process.off('warning', onWarning);
  };
}

/**
 * The warning carries the reason's `stack` (or its string form) as its message; the type and
 * message are read back from the first line (`TypeError: bad input`).
 */
function describeRejectionWarning(text: string): { name: string; message: string; stack?: string } {
  const firstLine = text.split('\n', 1)[0] ?? '';
  const match = /^([A-Za-z_$][\w$.]*): ([^]*)$/.exec(firstLine);
  if (match && /\n\s+at /.test(text)) return { name: match[1]!, message: match[2]!, stack: text };
  return { name: 'UnhandledRejection', message: text };
}
