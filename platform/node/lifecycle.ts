/**
 * Flushing at the end of a process, without changing how or when it ends.
 *
 * - `beforeExit` (the event loop emptied): flush, so short scripts keep their last spans. The
 *   flush's own timers are unref'd, so it never keeps the process alive.
 * - SIGTERM / SIGINT: merely listening for a signal disables Node's default "die on signal", so
 *   what we do depends on who else listens at the moment the signal arrives:
 *   - nobody (the app relies on the default): flush, bounded by `SIGNAL_FLUSH_BOUND_MILLIS`, then
 *     stop listening and raise the same signal again, so the process ends exactly as it would have
 *     without us (status 143 for SIGTERM, 130 for SIGINT, never a clean 0);
 *   - the app (or a library) has its own listener: flush and do nothing else; that listener
 *     decides whether and how the process ends. Counted at signal time, so listeners added after
 *     `init()` (the usual order under a preload) and `once` listeners are both seen.
 *   A second signal while the flush is still running ends the process at once (impatient Ctrl+C).
 *   signal-exit (used by many CLIs and loggers) does not count as "the app": its listener only
 *   re-raises the signal once it is the last listener, so with ours present neither would end the
 *   process. Its listeners are recognised by the count it keeps on a global and left out; after
 *   our flush we stop listening and raise the signal, signal-exit runs its exit callbacks and ends
 *   the process by the signal, exactly as without us.
 */

/** Signals whose default action is to terminate, and that orchestrators send to stop a process. */
const TERMINATION_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Longest a signal is held back by the flush. Kubernetes, systemd and PM2 allow at least 1.6 s
 * before escalating to SIGKILL (PM2's kill_timeout default); 1.5 s stays under all of them.
 */
export const SIGNAL_FLUSH_BOUND_MILLIS = 1_500;

/**
 * How many listeners per signal belong to signal-exit: v4 keeps its emitter on
 * `globalThis[Symbol.for('signal-exit emitter')]`, v3 on `process.__signal_exit_emitter__`, each
 * with a `count` of loaded instances (one listener per signal each).
 */
function signalExitListenerCount(): number {
  const count = (emitter: unknown) => {
    const n = (emitter as { count?: unknown } | undefined)?.count;
    return typeof n === 'number' && n > 0 ? n : 0;
  };
  return (
    count((globalThis as Record<symbol, unknown>)[Symbol.for('signal-exit emitter')]) +
    count((process as unknown as { __signal_exit_emitter__?: unknown }).__signal_exit_emitter__)
  );
}

export function onProcessExit(flush: () => Promise<void>): () => void {
  let beforeExitFlush: Promise<void> | undefined;
  const onBeforeExit = () => {
    if (beforeExitFlush) return;
    beforeExitFlush = flush().finally(() => {
      beforeExitFlush = undefined;
    });
  };

  let signalFlush: Promise<void> | undefined;
  const handlers = new Map<NodeJS.Signals, () => void>();
  const stopListening = () => {
    process.off('beforeExit', onBeforeExit);
    for (const [signal, handler] of handlers) process.off(signal, handler);
    handlers.clear();
  };
  /** Ends the process the way the signal would have without us. */
  const reRaise = (signal: NodeJS.Signals) => {
    stopListening();
    process.kill(process.pid, signal);
  };

  for (const signal of TERMINATION_SIGNALS) {
    const handler = () => {
      const others = process.listeners(signal).filter((listener) => listener !== handler).length;
      const appDecides = others > signalExitListenerCount();
      if (appDecides) {
        signalFlush ??= flush().finally(() => {
          signalFlush = undefined;
        });
        return;
      }
      if (signalFlush) return reRaise(signal); // second signal: stop waiting
      // A ref'd timer: the process must neither exit with code 0 (loop empty → `beforeExit`)
      // nor linger past the bound while the flush runs; either way it then dies by the signal.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const bound = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, SIGNAL_FLUSH_BOUND_MILLIS);
      });
      signalFlush = Promise.race([flush().catch(() => undefined), bound]).then(() => {
        clearTimeout(timer);
        reRaise(signal);
      });
    };
    handlers.set(signal, handler);
    process.on(signal, handler);
  }
  process.on('beforeExit', onBeforeExit);
  return stopListening;
}
