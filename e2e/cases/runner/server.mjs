// A plain ESM server; run as `clickstack-instrument server.mjs <args>`.
import { createServer } from 'node:http';

const server = createServer((req, res) => res.end(`mjs ${req.url}`));
server.listen(0, '127.0.0.1', () =>
  console.log(JSON.stringify({ ready: true, url: `http://127.0.0.1:${server.address().port}`, argv: process.argv.slice(2), pid: process.pid })),
);
