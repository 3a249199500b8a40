// A tiny SPA as users write it: the package's ESM entry, resolved by a bundler for the browser.
import { forceFlush, init } from 'clickstack-otel';

const q = new URLSearchParams(location.search);
const bundler = q.get('bundler');
init({ service: `spa-${bundler}`, url: q.get('collector'), apiKey: 'spa-key', batch: { scheduledDelayMillis: 200 } });

async function main() {
  const body = await (await fetch(`/api/spa-${bundler}`)).json();
  await forceFlush();
  return body;
}

main().then(
  (body) => (window.__result = { body }),
  (error) => (window.__result = { error: String(error) }),
);
