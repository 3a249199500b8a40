// ESM app: named imports from node:http must see the SDK's wrappers too.
import { createServer, get } from 'node:http';
import { init, shutdown } from 'clickstack-otel';

init({ service: process.env.SERVICE_NAME, url: process.env.COLLECTOR_URL, batch: { scheduledDelayMillis: 200 } });

const listen = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)));
const json = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const backend = createServer((req, res) => json(res, 200, { path: req.url, traceparent: req.headers.traceparent ?? null }));
const backendUrl = await listen(backend);

function httpGetJson(url) {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(JSON.parse(body)));
    }).on('error', reject);
  });
}

const front = createServer(async (req, res) => {
  if (req.url === '/work') {
    const viaHttp = await httpGetJson(`${backendUrl}/via-http`);
    const viaFetch = await (await fetch(`${backendUrl}/via-fetch`)).json();
    json(res, 200, { viaHttp, viaFetch });
  } else if (req.url === '/shutdown') {
    res.end('bye', async () => {
      await shutdown();
      front.close();
      backend.close();
      front.closeAllConnections();
      console.log(JSON.stringify({ shutdown: 'done' }));
    });
  } else {
    json(res, 404, { error: 'not found' });
  }
});
console.log(JSON.stringify({ ready: true, url: await listen(front), backendUrl }));
