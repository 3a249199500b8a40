/**
 * Flush when the page is hidden: `visibilitychange` → hidden is the last event browsers reliably
 * fire (mobile tab switch, bfcache), `pagehide` covers Safari. Never `unload`, which disables the
 * back/forward cache.
 */
export function onPageHide(flush: () => Promise<void>): () => void {
  if (typeof document === 'undefined' || typeof addEventListener !== 'function') return () => {};
  const onHidden = () => {
    if (document.visibilityState === 'hidden') void flush();
  };
  const onPageHideEvent = () => void flush();
  document.addEventListener('visibilitychange', onHidden);
  addEventListener('pagehide', onPageHideEvent);
  return () => {
    document.removeEventListener('visibilitychange', onHidden);
    removeEventListener('pagehide', onPageHideEvent);
  };
}
