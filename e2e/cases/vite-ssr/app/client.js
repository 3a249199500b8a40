// The client half: Vite resolves the package's browser build for it.
import { forceFlush, init } from 'clickstack-otel';

const q = new URLSearchParams(location.search);
init({ service: 'vite-ssr-web', url: q.get('collector'), batch: { scheduledDelayMillis: 200 } });

async function main() {
  const body = await (await fetch('/api/hello')).json();
  await forceFlush();
  return body;
}

main().then(
  (body) => (window.__result = { body }),
  (error) => (window.__result = { error: String(error) }),
);
