import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, find, SpanKind, test } from '../../fixtures/test';

test('script-tag build traces fetch and XHR and exports OTLP/JSON with the API key', async ({ page, collector, consumer, serve }) => {
  const version = JSON.parse(readFileSync(join(consumer.packageDir, 'package.json'), 'utf8')).version;
  const site = await serve({
    files: { '/': join(import.meta.dirname, 'page.html') },
    dirs: { '/vendor/': join(consumer.packageDir, 'dist', 'browser') },
  });

  await page.goto(`${site.origin}/?collector=${encodeURIComponent(collector.url)}`);
  const result = await page.waitForFunction(() => (window as any).__result).then((h) => h.jsonValue());
  expect(result.error).toBeUndefined();
  expect(result.done).toBe(true);

  const fetchUrl = `${site.origin}/api/from-fetch`;
  const xhrUrl = `${site.origin}/api/from-xhr`;
  const spans = await collector.waitForSpans((s) => !!find.urlEndsWith(s, '/api/from-fetch') && !!find.urlEndsWith(s, '/api/from-xhr'));
  const fetchSpan = find.urlEndsWith(spans, '/api/from-fetch')!;
  const xhrSpan = find.urlEndsWith(spans, '/api/from-xhr')!;

  const port = Number(new URL(site.origin).port);
  for (const [span, url] of [
    [fetchSpan, fetchUrl],
    [xhrSpan, xhrUrl],
  ] as const) {
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.encoding).toBe('json');
    expect(span.name).toBe('GET');
    expect(span.scope).toEqual({ name: 'clickstack-otel', version });
    expect(span.attributes).toMatchObject({
      'http.request.method': 'GET',
      'url.full': url,
      'http.response.status_code': 200,
      'server.address': '127.0.0.1',
      'server.port': port,
    });
    expect(span.attributes['error.type']).toBeUndefined();
    expect(span.resource).toMatchObject({
      'service.name': 'iife-page',
      'telemetry.distro.name': 'clickstack-otel',
      'telemetry.distro.version': version,
    });
    expect(span.requestHeaders.authorization).toBe('test-key-123');
    expect(span.requestHeaders['content-type']).toMatch(/^application\/json/);
    expect(span.durationMs).toBeGreaterThan(0);
  }

  // Same-origin requests carry the span's own context to the server.
  const [, traceId, spanId] = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(result.fetch.traceparent) ?? [];
  expect({ traceId, spanId }).toEqual({ traceId: fetchSpan.traceId, spanId: fetchSpan.spanId });
  expect(result.xhr.traceparent).toContain(xhrSpan.spanId);

  // Let any span for the export request itself end and be exported, then check there is none.
  await page.waitForTimeout(800);
  await page.evaluate(() => (window as any).ClickStack.forceFlush());
  const all = collector.spans();
  expect(all.filter((s) => String(s.attributes['url.full'] ?? '').startsWith(collector.url))).toEqual([]);
  expect(all.map((s) => s.attributes['url.full'])).toEqual(expect.arrayContaining([fetchUrl, xhrUrl]));
  expect(collector.errors()).toEqual([]);
  expect(
    await page.evaluate(() => ['init', 'forceFlush', 'shutdown'].map((k) => typeof (window as any).ClickStack[k])),
  ).toEqual(['function', 'function', 'function']);
  expect(collector.requests().filter((r) => r.method === 'POST').every((r) => r.path === '/v1/traces' && r.contentType === 'application/json')).toBe(true);

  // After shutdown() the page's requests are no longer traced (and nothing throws).
  await page.evaluate(async () => {
    await (window as any).ClickStack.shutdown();
    await (await fetch('/api/after-shutdown')).text();
  });
  await page.waitForTimeout(600);
  expect(find.urlEndsWith(collector.spans(), '/api/after-shutdown')).toBeUndefined();
  expect(site.requests().find((r) => r.path === '/api/after-shutdown')?.headers.traceparent).toBeUndefined();
});

test('data-compression="gzip": Chromium gzips exports with CompressionStream while the page is visible, and sends the export on hide plain', async ({ page, collector, consumer, serve }) => {
  const html = `<!doctype html><meta charset="utf-8"><title>gzip</title>
    <script src="/vendor/clickstack-otel.global.js" data-service="gzip-page" data-url="${collector.url}" data-compression="gzip" data-batch-scheduled-delay-millis="60000"></script>`;
  const site = await serve({
    dirs: { '/vendor/': join(consumer.packageDir, 'dist', 'browser') },
    routes: { '/': (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(html) },
  });
  await page.goto(`${site.origin}/`);
  await page.evaluate(async () => {
    await (await fetch('/api/while-visible')).text();
    await (window as any).ClickStack.forceFlush();
  });
  const visible = find.urlEndsWith(await collector.waitForSpans((s) => !!find.urlEndsWith(s, '/api/while-visible')), '/api/while-visible')!;
  expect(visible.resource['service.name']).toBe('gzip-page');
  expect(visible.requestHeaders['content-encoding']).toBe('gzip');

  // Hidden: the flush on visibilitychange may be the page's last chance, so it is not delayed by compression.
  await page.evaluate(async () => {
    await (await fetch('/api/then-hidden')).text();
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  const hidden = find.urlEndsWith(await collector.waitForSpans((s) => !!find.urlEndsWith(s, '/api/then-hidden')), '/api/then-hidden')!;
  expect(hidden.requestHeaders['content-encoding']).toBeUndefined();
  expect(collector.errors()).toEqual([]);
});
