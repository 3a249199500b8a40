// ESM app under its own preload: imports of the instrumented libraries are plain `import`s,
// named ones included.
import { createServer } from 'node:http';
import dns from 'node:dns';
import { lookup as lookupPromise } from 'node:dns/promises';
import genericPool from 'generic-pool';
import { trace } from '@opentelemetry/api';
import { shutdown } from 'clickstack-otel';
import makeWork from './work.cjs';

const work = makeWork({ genericPool, lookup: dns.lookup, lookupPromise, trace });
const server = createServer(async (req, res) => res.end(await work()));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const body = await (await fetch(`http://127.0.0.1:${server.address().port}/work`)).text();
console.log(`app: ${body}`);
await shutdown();
server.close();
