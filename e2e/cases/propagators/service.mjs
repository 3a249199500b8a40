// A Node service between an upstream that speaks B3, Jaeger or W3C and a downstream it calls with
// fetch (undici) and http.get. Its propagators come from OTEL_PROPAGATORS or, when the spec sets
// PROPAGATORS_OPTION (JSON), from the `propagators` option. GET /checkout/<id> calls
// <downstream>/api/fetch/<id> and /api/http/<id>, so the spec can tell each request's calls apart.
import { createServer, get } from 'node:http';
import { init, shutdown } from 'clickstack-otel';

const option = process.env.PROPAGATORS_OPTION;
init({ service: 'propagators-api', metrics: false, ...(option && { propagators: JSON.parse(option) }) });

const downstream = process.env.DOWNSTREAM_URL;
const httpGet = (url) =>
  new Promise((resolve, reject) => get(url, (res) => res.resume().on('end', resolve)).on('error', reject));

const server = createServer(async (req, res) => {
  const id = req.url.split('/')[2];
  await (await fetch(`${downstream}/api/fetch/${id}`)).text();
  await httpGet(`${downstream}/api/http/${id}`);
  res.end('ok');
});
process.stdin.on('end', async () => {
  await shutdown();
  server.close();
  server.closeAllConnections();
});
process.stdin.resume();
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ ready: true, url: `http://127.0.0.1:${server.address().port}` })));
