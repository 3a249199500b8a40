/**
 * Hostile payloads with capture on, in real Chromium (the Node side is
 * platform/node/hostile-payloads.test.ts): header values with control characters, obs-text and
 * padding, hundreds of headers each way, JSON nested 50,000 deep, invalid JSON, invalid UTF-8, over
 * fetch and XHR (text, json, arraybuffer). The page observes exactly what it observes with capture
 * off, nothing is thrown into it, the spans arrive, and the caps hold on what is exported.
 */
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { expect, SpanKind, test, type FlatSpan } from '../../fixtures/test';

const MAX_BODY_BYTES = 4096;
/** The SDK's default limit of attributes per span: header floods cannot exceed it. */
const SPAN_ATTRIBUTE_LIMIT = 128;
const DEPTH = 50_000;
const RESPONSE_HEADER_FLOOD = 2_000;

const handlers = {
  '/api/echo': (req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store' });
    res.end('ok');
  },
  '/api/odd-response-headers': (req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    // Node lets tabs and obs-text (0x80-0xff, sent as latin1) through; control characters it refuses.
    res.setHeader('x-odd', 'a\tb\u00ff\u00fe\u0080c');
    res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store' });
    res.end('odd');
  },
  '/api/many-response-headers': (req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    for (let i = 0; i < RESPONSE_HEADER_FLOOD; i++) res.setHeader(`x-flood-${i}`, `v${i}`);
    res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store' });
    res.end('many');
  },
  // Sends the request body back byte for byte, with the request's content type.
  '/api/mirror': (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/octet-stream', 'content-length': body.length, 'cache-control': 'no-store' });
      res.end(body);
    });
  },
};

test('hostile headers and bodies with capture on: the page observes the same, nothing is thrown, spans arrive, caps hold', async ({ page, collector, consumer, serve }) => {
  test.setTimeout(90_000);
  const web = await serve({
    files: { '/': join(import.meta.dirname, 'page.html') },
    dirs: { '/vendor/': join(consumer.packageDir, 'dist', 'browser') },
    routes: handlers,
  });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${web.origin}/`);
  await page.evaluate(
    `ClickStack.init({ service: 'browser-hostile', url: ${JSON.stringify(collector.url)}, batch: { scheduledDelayMillis: 100 }, networkCapture: { maxBodyBytes: ${MAX_BODY_BYTES} } })`,
  );
  const off = (await page.evaluate(`sequence('off')`)) as Record<string, any>;
  await page.evaluate(`ClickStack.enableAdvancedNetworkCapture()`);
  const on = (await page.evaluate(`sequence('on')`)) as Record<string, any>;

  // 1. The page saw exactly the same, and the scenario did what it claims.
  expect(on).toEqual(off);
  // Chromium sends a control character in a header value; Node's parser answers 400.
  expect(on.ctlHeader).toEqual({ ok: 400 });
  expect(on.nonLatin1Header.error).toMatch(/^TypeError/);
  expect(on.legalOddHeader).toEqual({ ok: 200 });
  expect(on.xhrCtlHeader).toEqual({ status: 400, response: 0 });
  expect(on.manyRequestHeaders).toEqual({ ok: 200 });
  expect(on.manyResponseHeaders.ok[0]).toBeGreaterThanOrEqual(RESPONSE_HEADER_FLOOD);
  expect(on['fetch-deep-array'].size).toBe(2 * DEPTH);
  expect(on['fetch-json-invalid-json'].error).toMatch(/^SyntaxError/);
  expect(on['fetch-invalid-utf8'].size).toBe(12);
  expect(pageErrors).toEqual([]);
  expect(await page.evaluate(() => (window as any).__errors)).toEqual([]);

  // 2. The spans of the capture-on run arrive.
  const last = `${web.origin}/api/mirror?name=invalid-utf8&via=xhr-buffer&run=on`;
  const spans = await collector.waitForSpans((s) => s.some((x) => x.attributes['url.full'] === last), 30_000);
  const client = spans.filter((s) => s.kind === SpanKind.CLIENT && String(s.attributes['url.full']).includes('run=on'));
  const span = (pathAndQuery: string): FlatSpan => {
    const found = client.find((s) => s.attributes['url.full'] === `${web.origin}${pathAndQuery}${pathAndQuery.includes('?') ? '&' : '?'}run=on`);
    expect(found, pathAndQuery).toBeDefined();
    return found!;
  };
  // 4 bodies × 5 exchanges, plus the header cases the browser let through.
  expect(client.filter((s) => String(s.attributes['url.full']).includes('/api/mirror'))).toHaveLength(20);

  // 3. Caps hold on everything exported.
  for (const s of client) {
    expect(Object.keys(s.attributes).length, String(s.attributes['url.full'])).toBeLessThanOrEqual(SPAN_ATTRIBUTE_LIMIT);
    for (const side of ['request', 'response']) {
      const body = s.attributes[`http.${side}.body`];
      if (typeof body === 'string') expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX_BODY_BYTES);
    }
  }
  for (const path of ['/api/echo?h=ctl', '/api/echo?h=xhr-ctl']) {
    expect(span(path).attributes['http.response.status_code']).toBe(400);
    expect(span(path).attributes['http.request.header.x-ctl']).toHaveLength(1);
  }
  expect(span('/api/echo?h=odd').attributes['http.request.header.x-odd']).toEqual(['a\tb\u00ff\u00fe\u0080c']);
  expect(span('/api/odd-response-headers').attributes['http.response.header.x-odd']).toEqual(['a\tb\u00ff\u00fe\u0080c']);
  const manyUp = Object.keys(span('/api/echo?h=many').attributes).filter((k) => k.startsWith('http.request.header.x-many-'));
  expect(manyUp.length).toBeGreaterThan(0);
  const manyDown = Object.keys(span('/api/many-response-headers').attributes).filter((k) => k.startsWith('http.response.header.x-flood-'));
  expect(manyDown.length).toBeGreaterThan(0);
  expect(span('/api/many-response-headers?via=xhr').attributes['http.response.header.x-flood-0']).toEqual(['v0']);

  for (const via of ['', '&via=xhr']) {
    const deep = span(`/api/mirror?name=deep-array${via}`).attributes;
    expect(deep['http.request.body']).toBe('['.repeat(MAX_BODY_BYTES));
    expect(deep['http.request.body.truncated']).toBe(true);
    expect(deep['http.response.body']).toBe('['.repeat(MAX_BODY_BYTES));
    expect(deep['http.response.body.truncated']).toBe(true);
    const utf8 = span(`/api/mirror?name=invalid-utf8${via}`).attributes;
    expect(utf8['http.response.body']).toMatch(/^hi\uFFFD/);
    expect(String(utf8['http.response.body'])).toContain('\uFFFD');
  }
  expect(span('/api/mirror?name=deep-object').attributes['http.response.body']).toBe('{"a":'.repeat(MAX_BODY_BYTES / 5) + '{"a"'.slice(0, MAX_BODY_BYTES % 5));
  // Invalid JSON is still masked (not thrown away, not leaked).
  const exported = JSON.stringify(client.map((s) => s.attributes));
  expect(exported).not.toContain('hunter2');
  expect(span('/api/mirror?name=invalid-json').attributes['http.request.body']).toContain('"unterminated"');
});
