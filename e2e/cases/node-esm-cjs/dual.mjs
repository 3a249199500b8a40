// The dual-package hazard: an app that loads both the ESM and the CJS build of the SDK.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { init } from 'clickstack-otel';

const cjs = createRequire(import.meta.url)('clickstack-otel');
const first = init({ service: 'dual-esm', url: process.env.COLLECTOR_URL, batch: { scheduledDelayMillis: 200 } });
const second = cjs.init({ service: 'dual-cjs', url: process.env.COLLECTOR_URL, batch: { scheduledDelayMillis: 200 } });

const server = createServer((req, res) => res.end('ok'));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
await (await fetch(`http://127.0.0.1:${server.address().port}/dual`)).text();
// Shut down through the other build: both share one SDK.
await cjs.shutdown();
server.close();
console.log(JSON.stringify({ sameHandle: first === second, active: first.active }));
