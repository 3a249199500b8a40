// A plain CommonJS server that only starts when it is the main module, like many apps.
const http = require('node:http');

if (require.main === module) {
  const server = http.createServer((req, res) => res.end(`cjs ${req.url}`));
  server.listen(0, '127.0.0.1', () =>
    console.log(JSON.stringify({ ready: true, url: `http://127.0.0.1:${server.address().port}`, argv: process.argv.slice(2), pid: process.pid })),
  );
}
