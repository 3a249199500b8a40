// A small server under `--import clickstack-otel/register`: every request is a server span.
// Anything the SDK lets escape (an uncaught exception, an unhandled rejection) is printed with a
// marker the test looks for. Ends when stdin closes.
import { createServer } from 'node:http';

process.on('unhandledRejection', (reason) => console.log(`UNHANDLED-REJECTION ${String(reason)}`));
process.on('uncaughtExceptionMonitor', (error) => console.log(`UNCAUGHT-EXCEPTION ${String(error)}`));

const server = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end(`done ${req.url}`);
});
server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ ready: true, url: `http://127.0.0.1:${server.address().port}` }));
});
process.stdin.resume();
process.stdin.on('end', () => server.close());
