// A Node-style http server as Bun and Deno users run it. Without PRELOADED it starts the SDK
// itself; with it, `--preload clickstack-otel/register` did (configured by the environment).
import { createServer, get } from 'node:http';
import { init, shutdown } from 'clickstack-otel';

if (!process.env.PRELOADED) init({ service: process.env.SERVICE, url: process.env.COLLECTOR_URL, batch: { scheduledDelayMillis: 200 } });

const server = createServer((req, res) => {
  if (req.url === '/api/outgoing') {
    // An outgoing http.request inside the server span: a child client span, then the inner server span.
    get(`http://127.0.0.1:${server.address().port}/api/inner`, (inner) => {
      inner.resume();
      inner.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ inner: inner.statusCode }));
      });
    });
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ path: req.url, traceparent: req.headers.traceparent ?? null }));
});
process.stdin.on('end', async () => {
  await shutdown();
  server.close();
  server.closeAllConnections?.();
  process.exit(0);
});
process.stdin.resume();
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ ready: true, url: `http://127.0.0.1:${server.address().port}` })));
