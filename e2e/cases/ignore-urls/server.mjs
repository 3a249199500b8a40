// Requests to itself: health probes (whose handler also calls /api), an ignored path, an ignored
// outgoing URL (fetch and http.get) and one normal request. IGNORE_HEALTH=0 traces the probes.
import { createServer, get } from 'node:http';
import { init, shutdown } from 'clickstack-otel';

init({
  ignoreUrls: ['/internal', (url) => url.includes('/skip-me')],
  ignoreHealthChecks: process.env.IGNORE_HEALTH !== '0',
});
const server = createServer(async (req, res) => {
  if (req.url.startsWith('/health')) await fetch(`${base}/api/from-probe`);
  res.end(`served ${req.url}`);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;
const bodies = [];
for (const path of ['/health', '/healthz?verbose=1', '/ready', '/internal/stats', '/api/normal']) bodies.push(await (await fetch(`${base}${path}`)).text());
bodies.push(await (await fetch(`${base}/api/skip-me`)).text());
bodies.push(await new Promise((resolve) => get(`${base}/api/skip-me-too`, (res) => { let b = ''; res.on('data', (c) => (b += c)); res.on('end', () => resolve(b)); })));
console.log(bodies.join('|'));
await shutdown();
server.close();
server.closeAllConnections();
