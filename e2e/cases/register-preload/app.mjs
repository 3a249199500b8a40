// A plain ESM server that never imports the SDK: `--import clickstack-otel/register` does it all.
import { createServer } from 'node:http';

const server = createServer((req, res) => {
  if (req.url === '/stop') {
    // Closing the server empties the event loop: the SDK's beforeExit flush must still export.
    res.end('bye', () => {
      server.close();
      server.closeAllConnections();
    });
    return;
  }
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end(`hello from ${req.url}`);
});
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ ready: true, url: `http://127.0.0.1:${server.address().port}` })));
