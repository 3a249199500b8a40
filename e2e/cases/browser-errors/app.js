// A page that logs, records and fails in every way the SDK watches. It runs the same with and
// without the SDK (window.ClickStack absent), so the test can compare what the page observes.
(() => {
  const seen = (window.__appSaw = []);
  // The app's own handlers: they must keep seeing every error, and the SDK must not call
  // preventDefault on them (the browser still reports the error in the console).
  window.onerror = (message) => {
    seen.push(`onerror: ${message}`);
  };
  window.addEventListener('unhandledrejection', (e) => seen.push(`unhandledrejection: ${e.reason && e.reason.message} prevented=${e.defaultPrevented}`));
  window.addEventListener('error', (e) => {
    if (e.target instanceof HTMLImageElement) seen.push(`img error: ${new URL(e.target.src).pathname}`);
  }, true);

  // An active span through the OpenTelemetry API global (what any OTel-instrumented code on
  // the page shares with the SDK), so console records and exceptions can be correlated.
  const api = window[Symbol.for('opentelemetry.js.api.1')];
  const SPAN_KEY = Symbol.for('OpenTelemetry Context Key SPAN');
  let span;
  const inSpan = (fn) => {
    if (!api || !api.trace) return fn();
    span = api.trace.getTracer('page').startSpan('checkout');
    return api.context.with(api.context.active().setValue(SPAN_KEY, span), fn);
  };
  inSpan(() => {
    console.log('checkout %s for %o', 'started', { items: 2, tags: ['a', 'b'] }, 42);
    console.debug('debug detail, below the default level');
    if (window.ClickStack) window.ClickStack.recordException(new TypeError('bad cart'), { 'cart.id': 'c1' });
  });
  if (span) span.end();
  console.warn('no span here', null, undefined, true);
  console.error('failed:', new Error('inner failure'));
  if (window.ClickStack) window.ClickStack.recordException('a plain string');

  const img = document.createElement('img');
  img.src = '/missing-image.png';
  document.body.appendChild(img);
  setTimeout(() => {
    throw new RangeError('thrown in a timer');
  }, 0);
  Promise.reject(new Error('rejected and never handled'));
  setTimeout(() => {
    window.__done = true;
  }, 300);
})();
