// CommonJS app that calls init() itself, first thing, before requiring what it instruments.
const { init, shutdown } = require('clickstack-otel');
init(require('./options.cjs')());

const { createServer } = require('node:http');
const dns = require('node:dns');
const genericPool = require('generic-pool');
const { trace } = require('@opentelemetry/api');
const makeWork = require('./work.cjs');

const work = makeWork({ genericPool, lookup: dns.lookup, lookupPromise: dns.promises.lookup, trace });
const server = createServer(async (req, res) => res.end(await work()));
server.listen(0, '127.0.0.1', async () => {
  const body = await (await fetch(`http://127.0.0.1:${server.address().port}/work`)).text();
  console.log(`app: ${body}`);
  await shutdown();
  server.close();
});
