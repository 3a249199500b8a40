// A Node app with the SDK configured only by OTEL_EXPORTER_OTLP_ENDPOINT (Node's default
// encoding, protobuf): one request to itself (a client span and a server span in one trace) and a
// console.log inside the handler, then a clean shutdown that flushes everything.
import { createServer } from 'node:http';
import { init, shutdown } from 'clickstack-otel';

init();
const server = createServer((req, res) => {
  console.log('checkout handled for %s', req.url);
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('ok');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const res = await fetch(`http://127.0.0.1:${server.address().port}/dev-checkout`);
await res.text();
await shutdown();
server.close();
server.closeAllConnections();
