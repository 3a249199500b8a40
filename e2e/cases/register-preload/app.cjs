// A plain CommonJS server that never requires the SDK: `--require clickstack-otel/register` does it all.
const http = require('node:http');

const server = http.createServer((req, res) => {
  if (req.url === '/stop') {
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
