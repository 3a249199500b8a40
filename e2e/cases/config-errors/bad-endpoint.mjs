// An app whose OTEL_EXPORTER_OTLP_ENDPOINT is unusable: it must keep serving and end normally.
import { createServer } from 'node:http';
import { init, shutdown } from 'clickstack-otel';

init();

const server = createServer((req, res) => {
  if (req.url === '/shutdown') {
    res.end('bye', async () => {
      await shutdown();
      server.close();
      server.closeAllConnections();
    });
    return;
  }
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end(`served ${req.url}`);
});
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ ready: true, url: `http://127.0.0.1:${server.address().port}` })));
