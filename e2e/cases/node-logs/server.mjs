// A server that logs with console.* inside its request handler, serves one request to itself and
// ends. NO_SDK=1 runs the very same code without init(), so the two stdouts can be compared.
import { createServer } from 'node:http';
import { init, shutdown } from 'clickstack-otel';

if (process.env.NO_SDK !== '1') init();

const server = createServer((req, res) => {
  console.log('handling %s for %o', req.url, { user: 'ada', tags: ['a', 'b'] });
  console.warn('slow path taken: %d ms', 12.5);
  console.info('uses the key %s', process.env.HYPERDX_API_KEY ?? 'none');
  console.debug('debug detail, not captured by default');
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('ok');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const res = await fetch(`http://127.0.0.1:${server.address().port}/work?x=1`);
console.log('status', res.status, await res.text(), new Map([['k', 1]]), [1, 2, 3], null, undefined);
console.log('%c styled %s', 'color: red', 'text', Symbol('s'), 10n);
process.stdout.write('raw write\n');
if (process.env.NO_SDK !== '1') await shutdown();
server.close();
server.closeAllConnections();
