// The Node side of the ClickStack UI case: its own SDK (advanced network capture on), CORS that
// admits the trace headers and exposes a response header, a log line inside a request, a nested
// outgoing call (so the trace has three levels), and a handled error recorded on the server span.
import { createServer } from 'node:http';
import { init, recordException, shutdown } from 'clickstack-otel';

init({ service: 'ui-api', url: process.env.COLLECTOR_URL, advancedNetworkCapture: true, batch: { scheduledDelayMillis: 200 } });

const cors = (req) => ({
  'access-control-allow-origin': req.headers.origin ?? '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'traceparent, tracestate, baggage, content-type, x-client-ref',
  'access-control-expose-headers': 'x-order-id',
});

let origin = '';
const readBody = (req) => new Promise((resolve) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
});

const server = createServer(async (req, res) => {
  if (req.method === 'OPTIONS') {
    res.writeHead(204, cors(req));
    res.end();
  } else if (req.url === '/api/checkout' && req.method === 'POST') {
    const order = JSON.parse(await readBody(req));
    // Console capture is on by default in Node: this line becomes a log record with the server span's ids.
    console.log(`checkout accepted for ${order.item}`);
    const price = await (await fetch(`${origin}/internal/price?item=${encodeURIComponent(order.item)}`)).json();
    res.writeHead(200, { ...cors(req), 'content-type': 'application/json', 'x-order-id': 'ord-42' });
    res.end(JSON.stringify({ orderId: 'ord-42', price: price.amount }));
  } else if (req.url.startsWith('/internal/price')) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ amount: 1999 }));
  } else if (req.url === '/api/fail') {
    try {
      JSON.parse('{"broken":');
    } catch (e) {
      recordException(e);
    }
    res.writeHead(500, { ...cors(req), 'content-type': 'text/plain' });
    res.end('parse failed');
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
server.listen(0, '127.0.0.1', () => {
  origin = `http://127.0.0.1:${server.address().port}`;
  console.log(JSON.stringify({ ready: true, url: origin }));
});
