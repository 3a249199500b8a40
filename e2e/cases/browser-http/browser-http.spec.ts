import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Page } from '@playwright/test';
import { expect, find, SpanKind, test, type Collector, type StaticServer } from '../../fixtures/test';

const SERVER_TRACE = '0af7651916cd43dd8448eb211c80319c';
const SERVER_SPAN = 'b7ad6b7169203331';

/** A JSON echo that lets any origin send the trace headers (what the README's CORS checklist asks for). */
function corsEcho(req: IncomingMessage, res: ServerResponse) {
  const cors = {
    'access-control-allow-origin': String(req.headers.origin ?? '*'),
    'access-control-allow-headers': 'traceparent, tracestate, baggage',
  };
  if (req.method === 'OPTIONS') {
    res.writeHead(204, cors);
    res.end();
    return;
  }
  res.writeHead(200, { ...cors, 'content-type': 'application/json' });
  res.end(JSON.stringify({ traceparent: req.headers.traceparent ?? null }));
}

/** Counts every PerformanceObserver the page creates, and every callback they get (`window.__observers`). */
function countObservers(page: Page) {
  return page.addInitScript(() => {
    const Native = PerformanceObserver;
    const stats = { created: 0, callbacks: 0 };
    (window as any).__observers = stats;
    (window as any).PerformanceObserver = class extends Native {
      constructor(cb: PerformanceObserverCallback) {
        super((list, obs) => {
          stats.callbacks++;
          cb(list, obs);
        });
        stats.created++;
      }
    };
  });
}

async function site(serve: (o: any) => Promise<StaticServer>, packageDir: string) {
  return serve({
    files: { '/': join(import.meta.dirname, 'page.html'), '/next': join(import.meta.dirname, 'page.html') },
    dirs: { '/vendor/': join(packageDir, 'dist', 'browser') },
    routes: {
      '/api/missing': (_req: IncomingMessage, res: ServerResponse) => {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('no');
      },
      '/api/server-timing': (_req: IncomingMessage, res: ServerResponse) => {
        res.writeHead(200, { 'content-type': 'text/plain', 'server-timing': `db;dur=3, traceparent;desc="00-${SERVER_TRACE}-${SERVER_SPAN}-01"` });
        res.end('ok');
      },
    },
  });
}

async function start(page: Page, origin: string, collector: Collector, extra = '') {
  await page.goto(`${origin}/`);
  await page.evaluate(`ClickStack.init({ service: 'browser-http', url: ${JSON.stringify(collector.url)}, batch: { scheduledDelayMillis: 100 } ${extra} })`);
}

test('cross-origin requests carry traceparent only when tracePropagationTargets allows them; debug says why not', async ({ page, collector, consumer, serve }) => {
  const web = await site(serve, consumer.packageDir);
  const allowed = await serve({ routes: { '/api/echo': corsEcho } });
  const byFunction = await serve({ routes: { '/api/echo': corsEcho } });
  const denied = await serve({ routes: { '/api/echo': corsEcho } });
  const messages: string[] = [];
  page.on('console', (m) => messages.push(m.text()));

  await start(page, web.origin, collector, `, debug: true, tracePropagationTargets: [${JSON.stringify(allowed.origin)}, (url) => url.startsWith(${JSON.stringify(byFunction.origin)} + '/api/')]`);
  const seen = await page.evaluate(async (urls) => {
    const out: Record<string, string | null> = {};
    for (const url of urls) out[url] = (await (await fetch(url)).json()).traceparent;
    // XHR follows the same rule
    out.xhr = await new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open('GET', urls[2]!);
      xhr.onload = () => resolve(JSON.parse(xhr.responseText).traceparent);
      xhr.send();
    });
    return out;
  }, [`${allowed.origin}/api/echo`, `${byFunction.origin}/api/echo`, `${denied.origin}/api/echo`]);

  const spans = await collector.waitForSpans((s) => s.filter((x) => x.kind === SpanKind.CLIENT && String(x.attributes['url.full']).endsWith('/api/echo')).length >= 4);
  const spanFor = (origin: string) => spans.find((s) => s.attributes['url.full'] === `${origin}/api/echo`)!;
  expect(seen[`${allowed.origin}/api/echo`]).toBe(`00-${spanFor(allowed.origin).traceId}-${spanFor(allowed.origin).spanId}-01`);
  expect(seen[`${byFunction.origin}/api/echo`]).toBe(`00-${spanFor(byFunction.origin).traceId}-${spanFor(byFunction.origin).spanId}-01`);
  expect(seen[`${denied.origin}/api/echo`]).toBeNull();
  expect(seen.xhr).toBeNull();
  // The denied server also saw no preflight: no custom header, so no OPTIONS request.
  expect(denied.requests().map((r) => r.method)).toEqual(['GET', 'GET']);
  expect(denied.requests().every((r) => r.headers.traceparent === undefined)).toBe(true);
  // Reported once per origin in debug mode, with the reason and the fix.
  const notes = messages.filter((m) => m.includes('traceparent not added'));
  expect(notes).toHaveLength(1);
  expect(notes[0]).toContain(denied.origin);
  expect(notes[0]).toContain('no entry of tracePropagationTargets matches');
});

test('fetch and XHR spans: status, errors, Server-Timing link, resource timing without an observer task per request, exports never traced', async ({ page, collector, consumer, serve }) => {
  const web = await site(serve, consumer.packageDir);
  await countObservers(page);
  // Spans leave only on forceFlush, after the browser has had time to deliver the timing entries.
  await start(page, web.origin, collector, ', batch: { scheduledDelayMillis: 60000 }');
  const N = 50;
  const result = await page.evaluate(async (n) => {
    for (let i = 0; i < n; i++) await (await fetch(`/api/item?i=${i}`)).text();
    const missing = (await fetch(new Request('/api/missing', { method: 'POST', body: 'x' }))).status;
    const timing = await (await fetch('/api/server-timing')).text();
    const failed = await fetch('http://127.0.0.1:1/refused').then(() => 'ok', (e) => e.name);
    const xhrFailed = await new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open('GET', 'http://127.0.0.1:1/refused');
      xhr.onloadend = () => resolve(xhr.status);
      xhr.send();
    });
    // The last entry is in the timeline; its observer callback is a queued task, let it run.
    while (performance.getEntriesByName(new URL(`/api/item?i=${n - 1}`, location.href).href).length === 0) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300));
    await (window as any).ClickStack.forceFlush();
    return { missing, timing, failed, xhrFailed, observers: (window as any).__observers };
  }, N);
  expect(result).toMatchObject({ missing: 404, timing: 'ok', failed: 'TypeError', xhrFailed: 0 });
  // One observer for the whole SDK, whatever the number of requests (raw OpenTelemetry: one per
  // request), and while the resource timing buffer has room (250 entries) it is not even observing:
  // no callback, no task per request; the entries are read from the buffer when the spans export.
  expect(result.observers.created).toBe(1);
  expect(result.observers.callbacks).toBe(0);

  const spans = await collector.waitForSpans((s) => s.filter((x) => String(x.attributes['url.full']).includes('/api/item?i=')).length === N && !!find.urlEndsWith(s, '/refused'));
  const items = spans.filter((s) => String(s.attributes['url.full']).includes('/api/item?i='));
  expect(items.every((s) => s.kind === SpanKind.CLIENT && s.attributes['http.response.status_code'] === 200)).toBe(true);
  // Resource timing reached the spans, though their end never waited for it (a busy machine may
  // deliver a few entries only after the flush; those spans simply go without sizes).
  expect(items.filter((s) => (s.attributes['http.response.body.size'] as number) > 0).length).toBeGreaterThanOrEqual(N * 0.8);
  expect(items.find((s) => s.attributes['network.protocol.version'])?.attributes['network.protocol.version']).toBe('1.1');

  const missing = find.urlEndsWith(spans, '/api/missing')!;
  expect(missing.attributes).toMatchObject({ 'http.request.method': 'POST', 'http.response.status_code': 404, 'error.type': '404' });
  expect(missing.status.code).toBe(2);
  const linked = find.urlEndsWith(spans, '/api/server-timing')!;
  expect(linked.links).toEqual([expect.objectContaining({ traceId: SERVER_TRACE, spanId: SERVER_SPAN })]);
  expect(linked.attributes).toMatchObject({ 'link.traceId': SERVER_TRACE, 'link.spanId': SERVER_SPAN });
  const refused = spans.filter((s) => s.attributes['url.full'] === 'http://127.0.0.1:1/refused');
  expect(refused.map((s) => s.attributes['error.type']).sort()).toEqual(['NetworkError', 'TypeError']);
  expect(refused.every((s) => s.attributes['http.response.status_code'] === undefined && s.status.code === 2)).toBe(true);
  expect(spans.filter((s) => String(s.attributes['url.full'] ?? '').startsWith(collector.url))).toEqual([]);
});

test('resource timing still arrives once the browser\'s resource timing buffer is full (ONE observer from then on)', async ({ page, collector, consumer, serve }) => {
  const web = await site(serve, consumer.packageDir);
  await countObservers(page);
  await page.goto(`${web.origin}/`);
  // A small buffer (the default is 250 entries): it fills after a few requests, and later entries
  // reach observers only.
  await page.evaluate(() => performance.setResourceTimingBufferSize(8));
  await page.evaluate(`ClickStack.init({ service: 'browser-http', url: ${JSON.stringify(collector.url)}, batch: { scheduledDelayMillis: 60000 } })`);
  const N = 40;
  const observers = await page.evaluate(async (n) => {
    for (let i = 0; i < n; i++) await (await fetch(`/api/full?i=${i}`)).text();
    await new Promise((r) => setTimeout(r, 300));
    await (window as any).ClickStack.forceFlush();
    return (window as any).__observers;
  }, N);
  // The observer took over when the buffer filled: about one callback per request from then on.
  expect(observers.created).toBe(1);
  expect(observers.callbacks).toBeGreaterThan(N / 2);
  expect(observers.callbacks).toBeLessThanOrEqual(2 * N);
  const spans = await collector.waitForSpans((s) => s.filter((x) => String(x.attributes['url.full']).includes('/api/full?i=')).length === N);
  const items = spans.filter((s) => String(s.attributes['url.full']).includes('/api/full?i='));
  // Before the buffer filled, from the buffer; after, from the observer (an entry or two at the switch may be missed).
  expect(items.filter((s) => (s.attributes['http.response.body.size'] as number) > 0).length).toBeGreaterThanOrEqual(N * 0.8);
  const last = items.find((s) => String(s.attributes['url.full']).endsWith(`i=${N - 1}`))!;
  expect(last.attributes).toMatchObject({ 'http.response.body.size': expect.any(Number), 'network.protocol.version': '1.1' });
});

test('resource timing survives an app that empties the buffer (clearResourceTimings) before the spans export', async ({ page, collector, consumer, serve }) => {
  const web = await site(serve, consumer.packageDir);
  await page.goto(`${web.origin}/`);
  await page.evaluate(`ClickStack.init({ service: 'browser-http', url: ${JSON.stringify(collector.url)}, batch: { scheduledDelayMillis: 60000 } })`);
  const N = 6;
  const left = await page.evaluate(async (n) => {
    for (let i = 0; i < n; i++) await (await fetch(`/api/cleared?i=${i}`)).text();
    await new Promise((r) => setTimeout(r, 300));
    // As apps do when the buffer fills: the entries are gone before the batch is encoded.
    performance.clearResourceTimings();
    const remaining = performance.getEntriesByType('resource').length;
    await (window as any).ClickStack.forceFlush();
    return remaining;
  }, N);
  expect(left).toBe(0);
  const spans = await collector.waitForSpans((s) => s.filter((x) => String(x.attributes['url.full']).includes('/api/cleared?i=')).length === N);
  const items = spans.filter((s) => String(s.attributes['url.full']).includes('/api/cleared?i='));
  for (const span of items) expect(span.attributes).toMatchObject({ 'http.response.body.size': expect.any(Number), 'network.protocol.version': '1.1' });
});

test('a fetch that completes right before navigation is exported on pagehide', async ({ page, collector, consumer, serve }) => {
  const web = await site(serve, consumer.packageDir);
  // A long batch delay: only the page-hide flush can deliver the span before the next page loads.
  await start(page, web.origin, collector, ', batch: { scheduledDelayMillis: 60000 }');
  await page.evaluate(async () => {
    await (await fetch('/api/save-before-leaving')).text();
    location.href = '/next';
  });
  await page.waitForURL(`${web.origin}/next`);
  const spans = await collector.waitForSpans((s) => !!find.urlEndsWith(s, '/api/save-before-leaving'));
  expect(find.urlEndsWith(spans, '/api/save-before-leaving')!.attributes['http.response.status_code']).toBe(200);
});

test('ignoreUrls: fetch and XHR to ignored URLs get no span and no traceparent; the page reads the same responses', async ({ page, collector, consumer, serve }) => {
  const web = await site(serve, consumer.packageDir);
  const echo = await serve({ routes: { '/api/echo': corsEcho, '/api/ignored-echo': corsEcho } });
  await start(
    page,
    web.origin,
    collector,
    `, tracePropagationTargets: [${JSON.stringify(echo.origin)}], ignoreUrls: [${JSON.stringify(`${echo.origin}/api/ignored-echo`)}, /\\/api\\/noise/, (u) => u.endsWith('/api/fn-ignored')]`,
  );
  const answers = await page.evaluate(async (echoOrigin) => {
    const xhr = (url: string) =>
      new Promise<string>((resolve) => {
        const r = new XMLHttpRequest();
        r.open('GET', url);
        r.onload = () => resolve(r.responseText);
        r.send();
      });
    return [
      await (await fetch(`${echoOrigin}/api/ignored-echo?x=1`)).text(),
      await (await fetch('/api/noise')).status,
      await xhr('/api/fn-ignored'),
      await (await fetch(`${echoOrigin}/api/echo?keep=1`)).text(),
    ];
  }, echo.origin);
  expect(JSON.parse(answers[0] as string).traceparent, 'an ignored URL gets no trace header').toBeNull();
  expect(JSON.parse(answers[3] as string).traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  const spans = await collector.waitForSpans((s) => !!find.urlEndsWith(s, '/api/echo?keep=1'));
  await page.evaluate(() => (window as unknown as { ClickStack: { forceFlush(): Promise<void> } }).ClickStack.forceFlush());
  const urls = collector.spans().filter((s) => s.kind === SpanKind.CLIENT).map((s) => String(s.attributes['url.full']));
  expect(urls.some((u) => /ignored-echo|\/api\/noise|fn-ignored/.test(u)), urls.join('\n')).toBe(false);
  expect(spans.length).toBeGreaterThan(0);
});
