// A module Service Worker that imports the package's browser build (bundled by esbuild as ESM).
import { forceFlush, init, withTracing } from 'clickstack-otel';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));
self.addEventListener('message', (event) => {
  event.waitUntil(
    (async () => {
      const problems = [];
      const orig = [console.error, console.warn];
      console.error = console.warn = (...a) => problems.push(a.join(' '));
      let reply;
      try {
        init({ service: 'service-worker', url: event.data.collector, batch: { scheduledDelayMillis: 200 } });
        const body = await (await fetch('/api/in-sw')).json();
        // A service worker can be stopped any time it is idle: flush while waitUntil keeps it alive.
        await forceFlush();
        reply = { body, problems };
      } catch (e) {
        reply = { error: String((e && e.stack) || e), problems };
      } finally {
        [console.error, console.warn] = orig;
      }
      event.source.postMessage(reply);
    })(),
  );
});

// Requests the service worker answers itself: withTracing's SERVER span, parented by the request's
// traceparent, with the worker's own fetch below it, exported through the FetchEvent's waitUntil.
const answer = withTracing(
  async () => {
    const body = await (await fetch('/api/from-sw-handler')).json();
    return Response.json({ upstreamTraceparent: body.traceparent });
  },
  { route: '/sw-api/hello' },
);
self.addEventListener('fetch', (event) => {
  if (new URL(event.request.url).pathname === '/sw-api/hello') event.respondWith(answer(event.request, event));
});
