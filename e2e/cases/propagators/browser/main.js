// A bundled SPA that sends B3 (single header) beside W3C on its own requests.
import { forceFlush, init } from 'clickstack-otel';

init({ service: 'propagators-web', url: new URLSearchParams(location.search).get('collector'), propagators: ['b3', 'tracecontext'] });
window.__run = async () => {
  await (await fetch('/api/bundled')).text();
  await forceFlush();
};
