// A module Service Worker that imports the package's browser build (bundled by esbuild as ESM).
import { forceFlush, init } from 'clickstack-otel';

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
