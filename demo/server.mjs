// The demo's backend: a plain node:http app with the SDK, serving the page, the IIFE and an API
// whose handler calls two downstream endpoints (global fetch and http.get), so one click in the
// browser becomes one distributed trace. Configured by environment variables, as in production.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { init } from 'clickstack-otel';

init(); // OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_ENDPOINT, HYPERDX_API_KEY come from the environment.

const files = {
  '/': ['text/html', new URL('./index.html', import.meta.url)],
  '/clickstack-otel.global.js': ['text/javascript', new URL('../dist/browser/clickstack-otel.global.js', import.meta.url)],
};
const json = (res, body) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const server = http.createServer(async (req, res) => {
  const { pathname } = new URL(req.url, 'http://x');
  const origin = `http://127.0.0.1:${server.address().port}`;
  if (files[pathname]) {
    const [type, file] = files[pathname];
    res.writeHead(200, { 'content-type': type }).end(await readFile(file));
  } else if (pathname === '/api/checkout') {
    const stock = await (await fetch(`${origin}/api/inventory`)).json();
    const price = await new Promise((resolve, reject) =>
      http.get(`${origin}/api/price`, (r) => {
        let body = '';
        r.on('data', (c) => (body += c)).on('end', () => resolve(JSON.parse(body)));
      }).on('error', reject),
    );
    json(res, { ok: true, ...stock, ...price });
  } else if (pathname === '/api/inventory') {
    await sleep(15);
    json(res, { inStock: 3 });
  } else if (pathname === '/api/price') {
    await sleep(5);
    json(res, { price: 42 });
  } else {
    res.writeHead(404).end();
  }
});
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
