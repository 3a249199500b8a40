/**
 * Flush when the event loop empties (`beforeExit`), so short scripts do not lose their last
 * spans. The flush is bounded by the SDK's shutdown timeout and its timers are unref'd, so it
 * never keeps a process alive; it does not fire again while one is in flight.
 */
export function onProcessExit(flush: () => Promise<void>): () => void {
  let inFlight = false;
  const onBeforeExit = () => {
    if (inFlight) return;
    inFlight = true;
    void flush().finally(() => {
      inFlight = false;
    });
  };
  process.on('beforeExit', onBeforeExit);
  return () => {
    process.off('beforeExit', onBeforeExit);
  };
}
