/**
 * Timers for the export path that never keep a process alive: in Node an export retry must not
 * hold the host app's exit (browsers have no `unref`, and need none).
 */

/** Lets the runtime exit while `handle` is pending, where the runtime supports it (Node). */
export function unrefTimer(handle: unknown): void {
  (handle as { unref?: () => void } | undefined)?.unref?.();
}

/** Resolves after `millis`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(millis: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, millis);
    unrefTimer(timer);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
