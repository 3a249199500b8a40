/**
 * Page lifecycle, for delivery and RUM. Flush when the page is hidden: `visibilitychange` →
 * hidden is the last event browsers reliably fire (mobile tab switch, bfcache), `pagehide` covers
 * Safari. Never `unload`, which disables the back/forward cache. A page restored from that cache
 * fires `pageshow` with `persisted`; nothing was torn down on hide, so work simply resumes, and
 * the restore is reported to whoever asked (page spans, delivery).
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

/** Calls `resume` each time the page comes back from the back/forward cache. */
export function onPageRestore(resume: () => void): () => void {
  if (typeof addEventListener !== 'function') return () => {};
  const onShow = (event: PageTransitionEvent) => {
    if (event.persisted) resume();
  };
  addEventListener('pageshow', onShow);
  return () => removeEventListener('pageshow', onShow);
}
