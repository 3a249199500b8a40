// One traced request to itself, then a clean shutdown: what the TLS / compression case exports.
import { createServer } from 'node:http';
import { init, shutdown } from 'clickstack-otel';

init();
const server = createServer((req, res) => res.end(`served ${req.url}`));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const res = await fetch(`http://127.0.0.1:${server.address().port}/secure-path`);
console.log('app got', await res.text());
await shutdown();
server.close();
server.closeAllConnections();
