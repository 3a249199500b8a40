// The backend of the distributed trace: its own SDK, and CORS that admits the trace headers.
import { createServer } from 'node:http';
import { init, shutdown } from 'clickstack-otel';

init({ service: 'distributed-api', url: process.env.COLLECTOR_URL, batch: { scheduledDelayMillis: 200 } });

const cors = (req) => ({
  'access-control-allow-origin': req.headers.origin ?? '*',
  'access-control-allow-methods': 'GET, OPTIONS',
  'access-control-allow-headers': 'traceparent, tracestate, baggage',
});

const server = createServer((req, res) => {
  if (req.method === 'OPTIONS') {
    res.writeHead(204, cors(req));
    res.end();
  } else if (req.url === '/api/orders') {
    res.writeHead(200, { ...cors(req), 'content-type': 'application/json' });
    res.end(JSON.stringify({ orders: [], traceparent: req.headers.traceparent ?? null }));
  } else {
    res.writeHead(404, cors(req));
    res.end();
  }
});
process.stdin.on('end', async () => {
  await shutdown();
  server.close();
  server.closeAllConnections();
});
process.stdin.resume();
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ ready: true, url: `http://127.0.0.1:${server.address().port}` })));
