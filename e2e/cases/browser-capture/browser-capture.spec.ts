import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { expect, SpanKind, test, type FlatSpan } from '../../fixtures/test';

/** 'a' then 50 000 two-byte characters: the 64 KiB cap falls inside a character. */
const BIG = 'a' + 'é'.repeat(50_000);
const BIG_BYTES = Buffer.byteLength(BIG);
const CAP = 64 * 1024;

function routes() {
  const open: ServerResponse[] = [];
  const held = new Map<string, ServerResponse>();
  const run = (req: IncomingMessage) => new URL(req.url!, 'http://x').searchParams.get('run')!;
  return {
    open,
    handlers: {
      '/api/json': (req: IncomingMessage, res: ServerResponse) => {
        let size = 0;
        req.on('data', (c: Buffer) => (size += c.length));
        req.on('end', () => {
          res.writeHead(200, { 'content-type': 'application/json', 'x-served': 'yes', 'cache-control': 'no-store' });
          res.end(JSON.stringify({ ok: true, token: 't0k', method: req.method, received: size }));
        });
      },
      '/api/big': (_req: IncomingMessage, res: ServerResponse) => {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(BIG_BYTES) });
        res.end(BIG);
      },
      '/api/sse': (_req: IncomingMessage, res: ServerResponse) => {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
        res.write('data: one\n\n');
        open.push(res); // never ended by the server while the page runs
      },
      '/api/slow': (req: IncomingMessage, res: ServerResponse) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('first;');
        held.set(run(req), res);
      },
      '/api/release': (req: IncomingMessage, res: ServerResponse) => {
        held.get(run(req))?.end('second');
        res.writeHead(204);
        res.end();
      },
    },
  };
}

test('capture on records headers and bodies through the policy, and the app observes exactly what it observes with capture off', async ({ page, collector, consumer, serve }) => {
  const server = routes();
  const web = await serve({
    files: { '/': join(import.meta.dirname, 'page.html') },
    dirs: { '/vendor/': join(consumer.packageDir, 'dist', 'browser') },
    routes: server.handlers,
  });
  try {
    await page.goto(`${web.origin}/`);
    await page.evaluate(`ClickStack.init({ service: 'browser-capture', url: ${JSON.stringify(collector.url)}, batch: { scheduledDelayMillis: 100 } })`);
    const off = await page.evaluate(`sequence('off')`);
    await page.evaluate(`ClickStack.enableAdvancedNetworkCapture()`);
    const on = await page.evaluate(`sequence('on')`);
    expect(on).toEqual(off);
    expect((off as { bigBytes: number }).bigBytes).toBe(BIG_BYTES);
    expect((off as { slowRest: string }).slowRest).toBe('second');

    const PER_RUN = 17;
    const spans = await collector.waitForSpans((s) => s.filter((x) => x.kind === SpanKind.CLIENT && /run=(on|off)/.test(String(x.attributes['url.full']))).length >= 2 * PER_RUN);
    const client = spans.filter((x) => x.kind === SpanKind.CLIENT);
    const span = (path: string, query = ''): FlatSpan => {
      const found = client.find((s) => s.attributes['url.full'] === `${web.origin}${path}?run=on${query}`);
      expect(found, `${path}?run=on${query}`).toBeDefined();
      return found!;
    };
    // (`http.response.body.size` is also set without capture, from resource timing.)
    const captured = (s: FlatSpan) =>
      Object.keys(s.attributes).filter((k) => /^http\.(request|response)\.(header|body)/.test(k) && k !== 'http.response.body.size');

    // Capture off: not one capture attribute on any span of the first run.
    const offSpans = client.filter((s) => String(s.attributes['url.full']).includes('run=off'));
    expect(offSpans.length).toBeGreaterThanOrEqual(PER_RUN);
    for (const s of offSpans) expect(captured(s)).toEqual([]);

    // fetch with secrets: headers redacted, JSON keys masked both ways.
    const first = span('/api/json');
    expect(first.attributes['http.request.header.authorization']).toEqual(['[REDACTED]']);
    expect(first.attributes['http.request.header.cookie']).toEqual(['[REDACTED]']);
    expect(first.attributes['http.request.header.x-app']).toEqual(['demo']);
    expect(first.attributes['http.request.body']).toBe('{"user":"ann","password":"[REDACTED]"}');
    expect(first.attributes['http.response.header.x-served']).toEqual(['yes']);
    expect(first.attributes['http.response.body']).toBe('{"ok":true,"token":"[REDACTED]","method":"POST","received":35}');
    // Whether the app read the body later or through its own clone, capture saw the same body.
    for (const q of ['&later', '&clone']) expect(span('/api/json', q).attributes['http.response.body']).toMatch(/^\{"ok":true,"token":"\[REDACTED\]"/);

    // Cap: cut on a UTF-8 boundary, marked truncated, wire size kept.
    const big = span('/api/big');
    const recorded = String(big.attributes['http.response.body']);
    expect(big.attributes['http.response.body.truncated']).toBe(true);
    expect(big.attributes['http.response.body.size']).toBe(BIG_BYTES);
    expect(Buffer.byteLength(recorded)).toBe(CAP - 1);
    expect(recorded).toBe(BIG.slice(0, (CAP - 2) / 2 + 1));

    // Request bodies of every kind; a Request input's headers; a Request's stream body never read.
    const request = span('/api/json', '&request');
    expect(request.attributes['http.request.header.x-from']).toEqual(['request']);
    expect(request.attributes['http.request.header.x-api-key']).toEqual(['[REDACTED]']);
    expect(request.attributes['http.request.body.skipped']).toBe('stream');
    const form = span('/api/json', '&headers');
    expect(form.attributes['http.request.header.x-h']).toEqual(['1']);
    expect(form.attributes['http.request.body']).toBe('a=1&pwd=%5BREDACTED%5D');
    expect(span('/api/json', '&blob').attributes).toMatchObject({ 'http.request.body.size': 5, 'http.request.body.skipped': 'binary' });
    expect(span('/api/json', '&buffer').attributes['http.request.body']).toBe('buffer body');
    expect(span('/api/json', '&form').attributes['http.request.body.skipped']).toBe('multipart');

    // XHR: headers from setRequestHeader, response per responseType.
    for (const type of ['default', 'text', 'json', 'arraybuffer', 'blob']) {
      const s = span('/api/json', `&xhr=${type}`);
      expect(s.attributes['http.request.header.authorization']).toEqual(['[REDACTED]']);
      expect(s.attributes['http.request.header.content-type']).toEqual(['application/json']);
      expect(s.attributes['http.request.body']).toMatch(/"password":"\[REDACTED\]"/);
      expect(s.attributes['http.response.header.x-served']).toEqual(['yes']);
      if (type === 'arraybuffer' || type === 'blob') {
        expect(s.attributes['http.response.body.skipped']).toBe('binary');
        expect(s.attributes['http.response.body.size']).toBeGreaterThan(40);
      } else expect(s.attributes['http.response.body']).toMatch(/^\{"ok":true,"token":"\[REDACTED\]","method":"POST"/);
    }

    // The event stream is never read (its span ended at the response); the slow stream was read to its end.
    expect(span('/api/sse').attributes['http.response.body.skipped']).toBe('stream');
    expect(span('/api/slow').attributes['http.response.body']).toBe('first;second');
  } finally {
    for (const res of server.open) res.destroy();
  }
});
