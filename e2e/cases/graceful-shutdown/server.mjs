// An ESM server started under `--import clickstack-otel/register`. With APP_SIGNAL_HANDLER=1 it
// installs its own SIGTERM handler, which drains and picks the exit code itself.
import { createServer } from 'node:http';

const server = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end(`hello from ${req.url}`);
});
if (process.env.APP_SIGNAL_HANDLER === '1') {
  process.on('SIGTERM', () => {
    console.log('app handler: draining');
    // The app's decision: keep serving for a drain period, then let the loop empty with status 7.
    process.exitCode = 7;
    setTimeout(() => {
      server.close();
      server.closeAllConnections();
    }, 3_000);
  });
}
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ ready: true, url: `http://127.0.0.1:${server.address().port}` })));
