// CommonJS app: the package's `require` condition, and node:http used through the module object.
const http = require('node:http');
const { init, shutdown } = require('clickstack-otel');

init({ service: process.env.SERVICE_NAME, url: process.env.COLLECTOR_URL, batch: { scheduledDelayMillis: 200 } });

const listen = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)));
const json = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

function httpGetJson(url) {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve(JSON.parse(body)));
      })
      .on('error', reject);
  });
}

async function main() {
  const backend = http.createServer((req, res) => json(res, 200, { path: req.url, traceparent: req.headers.traceparent ?? null }));
  const backendUrl = await listen(backend);
  const front = http.createServer(async (req, res) => {
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
}
main();
