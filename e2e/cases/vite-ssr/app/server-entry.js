// The SSR half, built by `vite build --ssr` and run with Node: it renders the page, serves the
// client build and the API. `clickstack-otel` stays an external import, so Node resolves it (node condition).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { init, shutdown } from 'clickstack-otel';

init({ service: 'vite-ssr-api', url: process.env.COLLECTOR_URL, batch: { scheduledDelayMillis: 200 } });

const clientDir = process.env.CLIENT_DIR;
const TYPES = { '.js': 'text/javascript', '.html': 'text/html', '.css': 'text/css' };

export function render(url) {
  return `<p>rendered on the server for ${url.replace(/[<>&"]/g, '')}</p>`;
}

const server = createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  if (path === '/api/hello') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ hello: 'world', traceparent: req.headers.traceparent ?? null }));
  } else if (path === '/') {
    const html = readFileSync(join(clientDir, 'index.html'), 'utf8').replace('<!--app-html-->', render(req.url));
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(html);
  } else if (path.startsWith('/assets/') && !path.includes('..')) {
    try {
      const body = readFileSync(join(clientDir, path));
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  } else {
    res.writeHead(404);
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
