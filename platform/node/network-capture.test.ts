/**
 * Node network capture against real loopback HTTP and the real OTLP receiver: what lands on the
 * spans. (That the app observes exactly the same bytes and callbacks with capture on and off is
 * the e2e case `network-capture`, on the packed tarball.)
 */
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type Collector, type FlatSpan } from '../../e2e/fixtures/collector.mjs';
import { disableAdvancedNetworkCapture, enableAdvancedNetworkCapture, forceFlush, init, shutdown } from './index';

let collector: Collector;
let server: http.Server;
let origin: string;

const BIG = 'x'.repeat(200_000);

beforeAll(async () => {
  collector = await startCollector();
  init({
    url: collector.url,
    advancedNetworkCapture: true,
    batch: { scheduledDelayMillis: 50 },
    networkCapture: { maxBodyBytes: 1024, redactHeaders: ['x-tenant'], denyUrls: [/\/denied/] },
  });
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.url!.split('?')[0] === '/gzip') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        res.end(gzipSync(JSON.stringify({ hello: 'gzip', token: 't' })));
      } else if (req.url!.split('?')[0] === '/big') {
        res.setHeader('content-type', 'text/plain; charset=utf-8');
        res.write(BIG.slice(0, 100_000));
        res.end(BIG.slice(100_000));
      } else if (req.url === '/head') {
        res.setHeader('content-type', 'text/plain');
        res.end('a body Node does not send for HEAD');
      } else if (req.url === '/binary') {
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end(Buffer.alloc(5000, 1));
      } else {
        res.writeHead(201, { 'content-type': 'application/json', 'set-cookie': ['sid=secret; HttpOnly', 'b=2'], 'x-echo': 'yes' });
        res.end(JSON.stringify({ echo: body, password: 'hunter2' }), 'utf8');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await shutdown();
  server.close();
  await collector.close();
});

function post(path: string, body: string, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('latin1');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function spansFor(path: string): Promise<{ server: FlatSpan; client: FlatSpan }> {
  await forceFlush();
  const spans = await collector.waitForSpans((s) => s.filter((x) => x.attributes['url.path'] === path || String(x.attributes['url.full']).endsWith(path)).length >= 2);
  return {
    server: spans.find((s) => s.kind === 2 && s.attributes['url.path'] === path)!,
    client: spans.find((s) => s.kind === 3 && String(s.attributes['url.full']).endsWith(path))!,
  };
}

describe('Node network capture', () => {
  it('records headers (redacted) and bodies (masked) on server and client spans', async () => {
    await post('/echo', '{"user":"ann","password":"p1"}', { authorization: 'Bearer abc', cookie: 'a=b', 'x-tenant': 't1', 'X-Request-Id': 'r1' });
    const { server, client } = await spansFor('/echo');
    for (const span of [server, client]) {
      expect(span.attributes['http.request.header.authorization']).toEqual(['[REDACTED]']);
      expect(span.attributes['http.request.header.cookie']).toEqual(['[REDACTED]']);
      expect(span.attributes['http.request.header.x-tenant']).toEqual(['[REDACTED]']);
      expect(span.attributes['http.request.header.x-request-id']).toEqual(['r1']);
      expect(span.attributes['http.request.header.content-type']).toEqual(['application/json']);
      expect(span.attributes['http.request.body']).toBe('{"user":"ann","password":"[REDACTED]"}');
      expect(span.attributes['http.response.header.set-cookie']).toEqual(['[REDACTED]', '[REDACTED]']);
      expect(span.attributes['http.response.header.x-echo']).toEqual(['yes']);
      expect(span.attributes['http.response.body']).toBe('{"echo":"{\\"user\\":\\"ann\\",\\"password\\":\\"p1\\"}","password":"[REDACTED]"}');
      expect(span.attributes['http.response.body.truncated']).toBeUndefined();
    }
    expect(JSON.stringify(collector.spans())).not.toContain('hunter2');
    expect(JSON.stringify(collector.spans())).not.toContain('Bearer abc');
  });

  it('caps large bodies and keeps their real size', async () => {
    await post('/big', BIG);
    const { server, client } = await spansFor('/big');
    for (const span of [server, client]) {
      expect(span.attributes['http.request.body']).toBe('x'.repeat(1024));
      expect(span.attributes['http.request.body.truncated']).toBe(true);
      expect(span.attributes['http.request.body.size']).toBe(200_000);
      expect(span.attributes['http.response.body']).toBe('x'.repeat(1024));
      expect(span.attributes['http.response.body.truncated']).toBe(true);
      expect(span.attributes['http.response.body.size']).toBe(200_000);
    }
  });

  it('decodes gzip bodies off the event loop, masked', async () => {
    const raw = await post('/gzip', '{}');
    expect(raw.length).toBeGreaterThan(10); // the client got the compressed bytes, untouched
    const { server, client } = await spansFor('/gzip');
    for (const span of [server, client]) {
      expect(span.attributes['http.response.body']).toBe('{"hello":"gzip","token":"[REDACTED]"}');
      expect(span.attributes['http.response.header.content-encoding']).toEqual(['gzip']);
    }
  });

  it('summarises binary bodies', async () => {
    await post('/binary', '{}');
    const { server } = await spansFor('/binary');
    expect(server.attributes['http.response.body']).toBeUndefined();
    expect(server.attributes['http.response.body.skipped']).toBe('binary');
    expect(server.attributes['http.response.body.size']).toBe(5000);
  });

  it('records no response body for HEAD, where Node sends none', async () => {
    await new Promise<void>((resolve, reject) => http.request(`${origin}/head`, { method: 'HEAD' }, (res) => res.resume().on('end', resolve)).on('error', reject).end());
    const { server, client } = await spansFor('/head');
    for (const span of [server, client]) {
      expect(span.attributes['http.response.header.content-type']).toEqual(['text/plain']);
      expect(span.attributes['http.response.body']).toBeUndefined();
    }
  });

  it('skips denied URLs and can be switched off and on at run time', async () => {
    await post('/denied', '{"a":1}');
    const denied = await spansFor('/denied');
    expect(Object.keys(denied.server.attributes).filter((k) => k.startsWith('http.request.header'))).toEqual([]);
    disableAdvancedNetworkCapture();
    await post('/off', '{"a":1}');
    enableAdvancedNetworkCapture();
    await post('/on', '{"a":1}');
    const off = await spansFor('/off');
    const on = await spansFor('/on');
    expect(off.server.attributes['http.request.body']).toBeUndefined();
    expect(on.server.attributes['http.request.body']).toBe('{"a":1}');
  });

  it('records fetch (undici) headers, redacted, including a Headers object', async () => {
    await (await fetch(`${origin}/fetch`, { method: 'POST', body: '{}', headers: new Headers({ Authorization: 'Bearer f', 'X-Custom': 'c' }) })).text();
    const { client } = await spansFor('/fetch');
    expect(client.attributes['http.request.header.authorization']).toEqual(['[REDACTED]']);
    expect(client.attributes['http.request.header.x-custom']).toEqual(['c']);
    expect(client.attributes['http.request.header.traceparent']).toHaveLength(1);
    expect(client.attributes['http.response.header.set-cookie']).toEqual(['[REDACTED]', '[REDACTED]']);
    expect(client.attributes['http.response.header.content-type']).toEqual(['application/json']);
  });

  it('records fetch bodies: the request as passed (masked), the response from a clone, the app reading the same bytes', async () => {
    const res = await fetch(`${origin}/fetch-json`, { method: 'POST', body: '{"user":"f","password":"pf"}', headers: { 'content-type': 'application/json' } });
    const appRead = await res.text();
    expect(JSON.parse(appRead)).toEqual({ echo: '{"user":"f","password":"pf"}', password: 'hunter2' });
    const { client } = await spansFor('/fetch-json');
    expect(client.attributes['http.request.body']).toBe('{"user":"f","password":"[REDACTED]"}');
    expect(client.attributes['http.request.body.size']).toBe(28);
    expect(client.attributes['http.response.body']).toBe('{"echo":"{\\"user\\":\\"f\\",\\"password\\":\\"pf\\"}","password":"[REDACTED]"}');
    expect(client.attributes['http.response.body.size']).toBe(Buffer.byteLength(appRead));
  });

  it('records a fetch response body even when the app never reads it', async () => {
    const res = await fetch(`${origin}/fetch-unread`, { method: 'POST', body: 'plain' });
    expect(res.status).toBe(201);
    const { client } = await spansFor('/fetch-unread');
    expect(client.attributes['http.request.body']).toBe('plain'); // fetch's default text/plain
    expect(client.attributes['http.response.body']).toContain('"echo":"plain"');
    expect(res.bodyUsed).toBe(false);
    expect(JSON.parse(await res.text()).echo).toBe('plain'); // still all there for the app
  });

  it('caps a large fetch response (the app still reads all of it) and decodes gzip as fetch does', async () => {
    const big = await fetch(`${origin}/big?via=fetch`, { method: 'POST', body: BIG });
    expect(await big.text()).toBe(BIG);
    const gz = await fetch(`${origin}/gzip?via=fetch`, { method: 'POST', body: '{}' });
    expect(await gz.json()).toEqual({ hello: 'gzip', token: 't' });
    await forceFlush();
    const viaFetch = (path: string) => (all: FlatSpan[]) => all.find((x) => x.kind === 3 && String(x.attributes['url.full']).endsWith(`${path}?via=fetch`));
    const bigSpan = viaFetch('/big')(await collector.waitForSpans((all) => !!viaFetch('/big')(all)))!;
    expect(bigSpan.attributes['http.request.body']).toBe('x'.repeat(1024));
    expect(bigSpan.attributes['http.request.body.size']).toBe(200_000);
    expect(bigSpan.attributes['http.response.body']).toBe('x'.repeat(1024));
    expect(bigSpan.attributes['http.response.body.truncated']).toBe(true);
    const gzSpan = viaFetch('/gzip')(await collector.waitForSpans((all) => !!viaFetch('/gzip')(all)))!;
    expect(gzSpan.attributes['http.response.body']).toBe('{"hello":"gzip","token":"[REDACTED]"}');
  });

  it('summarises fetch request bodies it must not read, and records byte and form bodies', async () => {
    const send = async (path: string, body: BodyInit, headers?: Record<string, string>) => (await fetch(`${origin}${path}`, { method: 'POST', body, headers, duplex: 'half' } as RequestInit)).text();
    const form = new FormData();
    form.set('password', 'never-read');
    await send('/fetch-form', form);
    await send('/fetch-blob', new Blob(['blob body'], { type: 'text/plain' }));
    await send('/fetch-stream', new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode('streamed')), c.close()) }), { 'content-type': 'text/plain' });
    await send('/fetch-params', new URLSearchParams({ q: 'x', password: 'p' }));
    await send('/fetch-bytes', new TextEncoder().encode('{"bytes":true}'), { 'content-type': 'application/json' });
    const attrs = async (path: string) => (await spansFor(path)).client.attributes;
    const formAttrs = await attrs('/fetch-form');
    expect(formAttrs['http.request.body.skipped']).toBe('multipart');
    expect(formAttrs['http.request.body']).toBeUndefined();
    expect(await attrs('/fetch-blob')).toMatchObject({ 'http.request.body.skipped': 'binary', 'http.request.body.size': 9 });
    expect((await attrs('/fetch-stream'))['http.request.body.skipped']).toBe('stream');
    expect((await attrs('/fetch-params'))['http.request.body']).toBe('q=x&password=%5BREDACTED%5D');
    expect((await attrs('/fetch-bytes'))['http.request.body']).toBe('{"bytes":true}');
  });

  it('never captures its own exports', () => {
    expect(collector.spans().some((s) => String(s.attributes['url.full'] ?? '').startsWith(collector.url))).toBe(false);
  });
});
