// Configured by environment only (DEBUG, HYPERDX_API_KEY, ...): serves one request to itself and ends.
import { createServer } from 'node:http';
import { init, shutdown } from 'clickstack-otel';

init();

const server = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('ok');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
// The API key also shows up inside a URL: debug output must hide it there too.
const res = await fetch(`http://127.0.0.1:${server.address().port}/hello?key=${process.env.HYPERDX_API_KEY}`);
await res.text();
await shutdown();
server.close();
server.closeAllConnections();
