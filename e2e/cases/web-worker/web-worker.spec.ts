/**
 * A dedicated Web Worker that imports the package (esbuild, platform: browser, as a worker
 * bundle): init() must not throw on the missing window/document, fetches made in the worker become
 * client spans and are exported (forceFlush before the worker reports back: a terminated worker
 * gets no pagehide to flush on), and no page-only RUM spans (documentLoad, click, routeChange) appear.
 */
import { join } from 'node:path';
import { expect, find, SpanKind, test } from '../../fixtures/test';

test('dedicated Web Worker: init() works without window/document and fetch spans arrive', async ({ page, collector, consumer, serve }) => {
  const esbuild = await import('esbuild');
  const dir = consumer.stage('worker.js', 'worker.html');
  const outdir = join(dir, 'out');
  const result = await esbuild.build({ absWorkingDir: consumer.dir, entryPoints: [join(dir, 'worker.js')], outdir, bundle: true, platform: 'browser', format: 'iife', logLevel: 'silent' });
  expect(result.errors).toEqual([]);
  expect(result.warnings).toEqual([]);
  const site = await serve({ files: { '/': join(dir, 'worker.html') }, dirs: { '/out/': outdir } });
  await page.goto(`${site.origin}/?${new URLSearchParams({ collector: collector.url })}`);
  const out = await page.waitForFunction(() => (window as any).__result).then((h) => h.jsonValue());
  expect(out.error).toBeUndefined();
  expect(out.problems).toEqual([]);
  const spans = await collector.waitForSpans((s) => !!find.urlEndsWith(s, '/api/in-worker'));
  const span = find.urlEndsWith(spans, '/api/in-worker')!;
  expect(span.kind).toBe(SpanKind.CLIENT);
  expect(span.resource).toMatchObject({ 'service.name': 'web-worker', 'telemetry.distro.name': 'clickstack-otel' });
  expect(out.body.traceparent).toBe(`00-${span.traceId}-${span.spanId}-01`);
  expect(spans.map((s) => s.name).filter((n) => ['documentLoad', 'click', 'routeChange', 'pageRestore'].includes(n))).toEqual([]);
});

test('module Service Worker: init() works there, fetch spans arrive (flushed inside waitUntil), withTracing answers fetch events', async ({ page, collector, consumer, serve }) => {
  const esbuild = await import('esbuild');
  const dir = consumer.stage('sw.js', 'sw.html');
  const outdir = join(dir, 'out-sw');
  const result = await esbuild.build({ absWorkingDir: consumer.dir, entryPoints: [join(dir, 'sw.js')], outdir, bundle: true, platform: 'browser', format: 'esm', logLevel: 'silent' });
  expect(result.errors).toEqual([]);
  expect(result.warnings).toEqual([]);
  // Served from the root so its scope covers the page.
  const site = await serve({ files: { '/': join(dir, 'sw.html'), '/sw.js': join(outdir, 'sw.js') } });
  await page.goto(`${site.origin}/?${new URLSearchParams({ collector: collector.url })}`);
  const out = await page.waitForFunction(() => (window as any).__result).then((h) => h.jsonValue());
  expect(out.error).toBeUndefined();
  expect(out.problems).toEqual([]);
  const spans = await collector.waitForSpans((s) => !!find.urlEndsWith(s, '/api/in-sw'));
  const span = find.urlEndsWith(spans, '/api/in-sw')!;
  expect(span.kind).toBe(SpanKind.CLIENT);
  expect(span.resource).toMatchObject({ 'service.name': 'service-worker', 'telemetry.distro.name': 'clickstack-otel' });
  expect(out.body.traceparent).toBe(`00-${span.traceId}-${span.spanId}-01`);

  // A request the service worker answers through withTracing: SERVER span in the caller's trace,
  // the worker's own fetch as its child, delivered through the FetchEvent's waitUntil.
  await page.waitForFunction(() => !!navigator.serviceWorker.controller);
  const traceId = 'ab'.repeat(16);
  const reply = await page.evaluate(async (tp) => (await fetch('/sw-api/hello', { headers: { traceparent: tp } })).json(), `00-${traceId}-${'cd'.repeat(8)}-01`);
  const handled = await collector.waitForSpans((s) => s.some((x) => x.traceId === traceId && x.kind === SpanKind.SERVER) && !!find.urlEndsWith(s, '/api/from-sw-handler'));
  const server = handled.find((x) => x.traceId === traceId && x.kind === SpanKind.SERVER)!;
  expect(server).toMatchObject({ name: 'GET /sw-api/hello', parentSpanId: 'cd'.repeat(8) });
  expect(server.resource['service.name']).toBe('service-worker');
  const inner = find.urlEndsWith(handled, '/api/from-sw-handler', SpanKind.CLIENT)!;
  expect(inner).toMatchObject({ traceId, parentSpanId: server.spanId });
  expect(reply.upstreamTraceparent).toBe(`00-${traceId}-${inner.spanId}-01`);
  expect(spans.concat(handled).map((s) => s.name).filter((n) => ['documentLoad', 'click', 'routeChange', 'pageRestore'].includes(n))).toEqual([]);
});
