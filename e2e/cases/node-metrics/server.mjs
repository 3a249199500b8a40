// A server run under `--import clickstack-otel/register`: it answers a few requests from itself
// (http.get and fetch; 200, 404, 500; one route named by the app's own code), records one metric
// of its own through @opentelemetry/api, then stops serving. Without LINGER the process ends by
// itself as soon as that is done; with LINGER it stays up until stdin closes (periodic exports).
import { createServer, get } from 'node:http';
import { metrics, trace } from '@opentelemetry/api';

const server = createServer((req, res) => {
  // What a framework instrumentation does once it has matched a route.
  if (req.url.startsWith('/users/')) trace.getActiveSpan()?.setAttribute('http.route', '/users/:id');
  const status = req.url === '/missing' ? 404 : req.url === '/boom' ? 500 : 200;
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(`status ${status}`);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const viaHttp = (path) => new Promise((resolve, reject) => get(`${base}${path}`, (res) => res.resume().on('end', () => resolve(res.statusCode))).on('error', reject));
const statuses = [];
for (const path of ['/users/1', '/users/2', '/missing', '/boom']) statuses.push(await viaHttp(path));
for (const path of ['/users/3', '/missing']) statuses.push((await fetch(`${base}${path}`)).status);

metrics.getMeter('scenario-app').createCounter('app.jobs.processed', { unit: '{job}' }).add(3, { 'app.queue': 'emails' });
console.log(JSON.stringify({ ready: true, port: server.address().port, statuses }));

if (process.env.LINGER === '1') {
  process.stdin.resume();
  process.stdin.on('end', () => {
    stop();
    process.stdin.pause();
  });
} else {
  stop();
}

function stop() {
  server.close();
  // fetch keeps its connection alive; without this the server would wait seconds for it.
  server.closeAllConnections();
}
