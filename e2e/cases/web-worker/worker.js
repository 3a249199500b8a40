// A dedicated worker that imports the package's browser build (bundled by esbuild).
import { forceFlush, init } from 'clickstack-otel';

self.onmessage = async ({ data }) => {
  const problems = [];
  const origError = console.error;
  const origWarn = console.warn;
  console.error = (...a) => problems.push(a.join(' '));
  console.warn = (...a) => problems.push(a.join(' '));
  try {
    init({ service: 'web-worker', url: data.collector, batch: { scheduledDelayMillis: 200 } });
    const body = await (await fetch('/api/in-worker')).json();
    await forceFlush();
    self.postMessage({ body, problems });
  } catch (e) {
    self.postMessage({ error: String(e && e.stack || e), problems });
  } finally {
    console.error = origError;
    console.warn = origWarn;
  }
};
