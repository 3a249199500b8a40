// The "never change the app" scenario: one process is both an HTTP server and its client, and
// records everything the app can observe (bytes, encodings, callback order, return values,
// stream states, parsed bodies). Run it with MODE=none (no SDK), off (SDK, capture off) and on
// (SDK, capture on; MODE=env turns it on through HYPERDX_ENABLE_ADVANCED_NETWORK_CAPTURE instead of
// the option): the observations must be identical. Prints one JSON line and exits.
import { createHash } from 'node:crypto';
import http from 'node:http';
import { createGzip, gunzipSync } from 'node:zlib';

const MODE = process.env.MODE ?? 'on';
const FIVE_MB = 5 * 1024 * 1024;
let sdk;
if (MODE !== 'none') {
  sdk = await import('clickstack-otel');
  sdk.init({ service: `capture-${MODE}`, url: process.env.COLLECTOR_URL, ...(MODE === 'env' ? {} : { advancedNetworkCapture: MODE === 'on' }), batch: { scheduledDelayMillis: 100 } });
}

const sha = (buf) => createHash('sha256').update(buf).digest('hex').slice(0, 16);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const server = {}; // what the server-side handlers observed, per route

/** A hand-written JSON body parser in the style of body-parser: 'data'/'end' listeners, limit, JSON.parse. */
function jsonBody(req) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const parts = [];
    req.on('data', (c) => {
      size += c.length;
      parts.push(c);
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(parts, size).toString('utf8')));
      } catch (e) {
        reject(e);
      }
    });
    req.on('error', reject);
  });
}

const routes = {
  // write/end with every encoding form and a callback each; order and return values recorded.
  async '/write-enc'(req, res) {
    const seen = (server['/write-enc'] = { events: [], returns: [] });
    req.resume();
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    seen.returns.push(res.write(Buffer.from('base64 part|').toString('base64'), 'base64', () => seen.events.push('cb1')));
    seen.returns.push(res.write('utf8 part é€😀|', 'utf8', () => seen.events.push('cb2')));
    seen.returns.push(res.write(Buffer.from('hex part|').toString('hex'), 'hex', () => seen.events.push('cb3')));
    seen.returns.push(res.write('latin1 part \xe9|', 'latin1'));
    seen.returns.push(res.write(new Uint8Array([0x75, 0x38, 0x7c])));
    const ret = res.end('ZW5kIGJhc2U2NA==', 'base64', () => seen.events.push('end-cb'));
    seen.returns.push(ret === res);
    res.on('finish', () => seen.events.push('finish'));
  },
  async '/end-only-cb'(req, res) {
    const seen = (server['/end-only-cb'] = { events: [] });
    req.resume();
    res.statusCode = 204;
    seen.endReturnsRes = res.end(() => seen.events.push('end-cb')) === res;
  },
  // req.pipe(res): an echo.
  async '/pipe'(req, res) {
    server['/pipe'] = { flowingBefore: req.readableFlowing };
    res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/octet-stream' });
    req.pipe(res);
  },
  // A 'readable' consumer: the stream must stay in paused mode (readableFlowing false/null as without us).
  async '/readable'(req, res) {
    const seen = (server['/readable'] = { flowingBefore: req.readableFlowing, flowingDuring: [] });
    const parts = [];
    req.on('readable', () => {
      seen.flowingDuring.push(req.readableFlowing);
      let chunk;
      while ((chunk = req.read()) !== null) parts.push(chunk);
    });
    req.on('end', () => {
      seen.flowingDuring = [...new Set(seen.flowingDuring)];
      const body = Buffer.concat(parts);
      seen.size = body.length;
      seen.sha = sha(body);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ got: body.length }));
    });
  },
  async '/json'(req, res) {
    const body = await jsonBody(req);
    (server['/json'] ??= []).push(body);
    res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'sid=abc' });
    res.end(JSON.stringify({ ok: true, user: body.user, token: 'server-token' }));
  },
  async '/upload'(req, res) {
    const hash = createHash('sha256');
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      hash.update(c);
    });
    req.on('end', () => {
      server['/upload'] = { size, sha: hash.digest('hex').slice(0, 16) };
      res.setHeader('content-type', 'text/plain');
      res.end(`got ${size}`);
    });
  },
  async '/download'(req, res) {
    req.resume();
    res.setHeader('content-type', 'text/plain');
    const chunk = Buffer.alloc(64 * 1024, 'd');
    let sent = 0;
    const pump = () => {
      while (sent < FIVE_MB) {
        sent += chunk.length;
        if (!res.write(chunk)) return res.once('drain', pump);
      }
      res.end();
    };
    pump();
  },
  async '/gzip'(req, res) {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    const gz = createGzip();
    gz.pipe(res);
    gz.end(JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ i, name: `item ${i}` })), secret: 's3' }));
  },
  // Server-sent events, longer than the cap, written over time.
  async '/sse'(req, res) {
    req.resume();
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for (let i = 0; i < 6; i++) {
      res.write(`id: ${i}\ndata: ${'€'.repeat(7_000)}\n\n`);
      await sleep(30);
    }
    res.end();
  },
  // Server-sent events for fetch: 5 events 100 ms apart; the send time of each is kept so the
  // client can show it got event i before event i+1 was even written.
  async '/sse-timed'(req, res) {
    req.resume();
    const sent = (server.sseTimedSentAt = []);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for (let i = 0; i < 5; i++) {
      if (i > 0) await sleep(100);
      sent.push(performance.now());
      res.write(`id: ${i}\ndata: event ${i}\n\n`);
    }
    res.end();
  },
  // A slow body: the span must still carry all of it when exported.
  async '/slow'(req, res) {
    req.resume();
    res.setHeader('content-type', 'text/plain');
    for (const part of ['slow-1 ', 'slow-2 ', 'slow-3']) {
      res.write(part);
      await sleep(150);
    }
    res.end();
  },
  // Answers without reading the request body.
  async '/unread'(req, res) {
    res.writeHead(413, { 'content-type': 'text/plain', connection: 'close' });
    res.end('too large');
  },
};

const srv = http.createServer((req, res) => {
  const route = routes[req.url.split('?')[0]];
  if (route) route(req, res).catch((e) => res.destroy(e));
  else {
    res.statusCode = 404;
    res.end();
  }
});
await new Promise((r) => srv.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${srv.address().port}`;

/** What the client sees: status, headers (minus date), raw body bytes. */
const VOLATILE = new Set(['date', 'keep-alive']);
function clientCall(path, { method = 'POST', headers = {}, body, bodyEncoding, consume = 'data' } = {}) {
  return new Promise((resolve, reject) => {
    const events = [];
    const req = http.request(`${origin}${path}`, { method, headers }, (res) => {
      const seen = {
        status: res.statusCode,
        headers: Object.fromEntries(Object.entries(res.headers).filter(([k]) => !VOLATILE.has(k))),
        flowingBefore: res.readableFlowing,
      };
      const parts = [];
      const done = () => {
        const buf = Buffer.concat(parts);
        resolve({ ...seen, size: buf.length, sha: sha(buf), buf, events });
      };
      if (consume === 'readable') {
        res.on('readable', () => {
          let c;
          while ((c = res.read()) !== null) parts.push(c);
        });
      } else res.on('data', (c) => parts.push(c));
      res.on('end', done);
    });
    req.on('error', reject);
    if (body !== undefined) {
      events.push(`write:${req.write(body, bodyEncoding, () => events.push('write-cb'))}`);
    }
    req.end(() => events.push('end-cb'));
  });
}

const observed = {};
const rss = {};
const strip = ({ buf, ...rest }) => rest;

observed.writeEnc = strip(await clientCall('/write-enc', { method: 'GET' }));
observed.writeEncBody = (await clientCall('/write-enc', { method: 'GET' })).buf.toString('latin1');
observed.endOnly = strip(await clientCall('/end-only-cb', { method: 'GET' }));
observed.pipe = strip(await clientCall('/pipe', { headers: { 'content-type': 'application/json' }, body: Buffer.from('{"piped":true,"password":"p"}').toString('base64'), bodyEncoding: 'base64' }));
observed.readable = strip(await clientCall('/readable', { headers: { 'content-type': 'text/plain' }, body: 'r'.repeat(300_000), consume: 'readable' }));
observed.json = strip(await clientCall('/json', { headers: { 'content-type': 'application/json', authorization: 'Bearer app-secret', cookie: 'c=1' }, body: JSON.stringify({ user: 'ann', password: 'hunter2' }) }));
observed.gzip = strip(await clientCall('/gzip', { method: 'GET' }));
observed.gzipDecoded = sha(gunzipSync((await clientCall('/gzip', { method: 'GET' })).buf));
const sseStart = Date.now();
const sse = await clientCall('/sse', { method: 'GET', consume: 'readable' });
observed.sse = { ...strip(sse), events: sse.buf.toString().split('\n\n').filter(Boolean).length };
const sseMillis = Date.now() - sseStart;
observed.slow = strip(await clientCall('/slow', { method: 'GET' }));
observed.unread = strip(await clientCall('/unread', { headers: { 'content-type': 'text/plain' }, body: 'u'.repeat(10_000) }));
const fetched = await fetch(`${origin}/json`, { method: 'POST', headers: new Headers({ 'content-type': 'application/json', Authorization: 'Bearer fetch-secret' }), body: JSON.stringify({ user: 'bob', password: 'pw' }) });
observed.fetch = { status: fetched.status, body: await fetched.text(), setCookie: fetched.headers.get('set-cookie') };

// fetch (undici): every way an app reads a response body, each compared byte for byte across modes.
const viaFetch = (path, init) => fetch(`${origin}${path}${path.includes('?') ? '&' : '?'}via=fetch`, init);
const fetchJson = await viaFetch('/json', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer fetch-secret' }, body: JSON.stringify({ user: 'fay', password: 'hunter2' }) });
observed.fetchJson = { status: fetchJson.status, value: await fetchJson.json() };
observed.fetchText = await (await viaFetch('/slow')).text();
observed.fetchGzipText = sha(await (await viaFetch('/gzip')).text());
const gzBuffer = Buffer.from(await (await viaFetch('/gzip?as=buffer')).arrayBuffer());
observed.fetchGzipBuffer = { size: gzBuffer.length, sha: sha(gzBuffer) };
const download = await viaFetch('/download');
const reader = download.body.getReader();
const hash = createHash('sha256');
let downloaded = 0;
for (let r = await reader.read(); !r.done; r = await reader.read()) {
  downloaded += r.value.byteLength;
  hash.update(r.value);
}
observed.fetchReader = { size: downloaded, sha: hash.digest('hex').slice(0, 16) };
// The app clones and reads both copies, after ours was taken.
const cloned = await viaFetch('/json', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"user":"cy","password":"pc"}' });
const copy = cloned.clone();
observed.fetchClone = [await copy.text(), await cloned.text()];
// Uploads as every body type fetch takes; the server echoes what it got.
const form = new FormData();
form.set('field', 'value');
form.set('file', new Blob(['file body'], { type: 'text/plain' }), 'a.txt');
observed.fetchUploads = {};
for (const [name, body] of [
  ['params', new URLSearchParams({ q: 'search', password: 'p' })],
  ['bytes', new TextEncoder().encode('{"bytes":1}')],
  ['blob', new Blob(['blob'], { type: 'application/octet-stream' })],
  ['stream', new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode('streamed')), c.close()) })],
]) {
  // URLSearchParams brings its own content type (form-urlencoded, so its secrets are masked).
  const r = await viaFetch(`/pipe?kind=${name}`, { method: 'POST', body, duplex: 'half', headers: name === 'params' ? {} : { 'content-type': 'text/plain' } });
  observed.fetchUploads[name] = await r.text();
}
// The multipart boundary is random: only whether the file arrived is compared.
observed.fetchUploads.form = (await (await viaFetch('/pipe?kind=form', { method: 'POST', body: form })).text()).includes('file body');
// SSE through fetch: each event must reach the app before the server writes the next one.
const sseRes = await viaFetch('/sse-timed');
const sseReader = sseRes.body.getReader();
const arrivals = [];
let sseText = '';
for (let r = await sseReader.read(); !r.done; r = await sseReader.read()) {
  sseText += new TextDecoder().decode(r.value);
  while (arrivals.length < sseText.split('\n\n').length - 1) arrivals.push(performance.now());
}
observed.fetchSse = {
  text: sseText,
  onTime: arrivals.map((at, i) => i === 4 || at < server.sseTimedSentAt[i + 1]),
};
const sseTiming = arrivals.map((at, i) => Math.round(at - server.sseTimedSentAt[i]));
delete server.sseTimedSentAt;

// 5 MB bodies, four up and four down at once, twice: the peak RSS above the level before shows
// whether anything held whole bodies (that would add 40 MB per direction and side).
global.gc?.();
rss.before = process.memoryUsage().rss;
for (let round = 0; round < 2; round++) {
  const ups = [0, 1, 2, 3].map(() => clientCall('/upload', { headers: { 'content-type': 'text/plain' }, body: Buffer.alloc(FIVE_MB, 'u') }));
  const downs = [0, 1, 2, 3].map(() => clientCall('/download', { method: 'GET' }));
  const done = await Promise.all([...ups, ...downs]);
  observed.upload = strip(done[0]);
  observed.download = strip(done[4]);
}
rss.peak = process.resourceUsage().maxRSS * 1024;
global.gc?.();
rss.after = process.memoryUsage().rss;

await sdk?.shutdown();
srv.close();
console.log(JSON.stringify({ done: true, mode: MODE, observed, server, rssGrowthBytes: rss.after - rss.before, rssPeakGrowthBytes: rss.peak - rss.before, sseMillis, sseTiming }));
