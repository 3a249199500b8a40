import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { expect, find, test, SpanKind } from '../../fixtures/test';
import config from '../../playwright.config';

const SERVER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SERVER_SPAN = '00f067aa0ba902b7';

test('document load, History API route changes and clicks become spans', async ({ page, collector, consumer, serve }) => {
  const html = readFileSync(join(import.meta.dirname, 'page.html'));
  const site = await serve({
    dirs: { '/vendor/': join(consumer.packageDir, 'dist', 'browser') },
    routes: {
      // The document itself links to its server trace through Server-Timing.
      '/': (_req: IncomingMessage, res: ServerResponse) => {
        res.writeHead(200, { 'content-type': 'text/html', 'server-timing': `traceparent;desc="00-${SERVER_TRACE}-${SERVER_SPAN}-01"` });
        res.end(html);
      },
      '/other': (_req: IncomingMessage, res: ServerResponse) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><title>other</title><p>other</p>');
      },
    },
  });
  await page.goto(`${site.origin}/`);
  await page.waitForLoadState('load');
  await page.evaluate((url) => (window as any).ClickStack.init({ service: 'page-rum', url, batch: { scheduledDelayMillis: 100 } }), collector.url);
  // The app's own click handler (bubble phase, after our capture listener) starts a request.
  await page.evaluate(() => document.getElementById('buy')!.addEventListener('click', () => void fetch('/api/buy')));
  await page.click('#buy');
  await page.evaluate(() => {
    history.pushState({}, '', '/products/42');
    history.replaceState({}, '', '/products/42?tab=reviews');
    history.replaceState({ again: true }, '', '/products/42?tab=reviews'); // same URL: no span
  });
  await page.goBack(); // popstate to /
  await expect.poll(() => page.url()).toBe(`${site.origin}/`);

  await page.evaluate(() => (window as any).ClickStack.forceFlush());

  const spans = await collector.waitForSpans(
    (s) => s.some((x) => x.name === 'documentLoad') && s.filter((x) => x.name === 'routeChange').length >= 3 && !!find.urlEndsWith(s, '/api/buy', SpanKind.CLIENT),
  );
  const load = spans.find((s) => s.name === 'documentLoad')!;
  expect(load.kind).toBe(SpanKind.INTERNAL);
  expect(load.attributes).toMatchObject({ 'url.full': `${site.origin}/`, 'browser.navigation.type': 'navigate' });
  expect(load.attributes['browser.timing.load_ms']).toBeGreaterThan(0);
  expect(load.resource['session.id']).toMatch(/^[0-9a-f]{32}$/);
  expect(load.links).toEqual([expect.objectContaining({ traceId: SERVER_TRACE, spanId: SERVER_SPAN })]);

  const routes = spans.filter((s) => s.name === 'routeChange').map((s) => [s.attributes['browser.route.trigger'], s.attributes['url.full'], s.attributes['browser.route.previous_url']]);
  expect(routes.slice(0, 3)).toEqual([
    ['pushState', `${site.origin}/products/42`, `${site.origin}/`],
    ['replaceState', `${site.origin}/products/42?tab=reviews`, `${site.origin}/products/42`],
    ['popstate', `${site.origin}/`, `${site.origin}/products/42?tab=reviews`],
  ]);

  const click = spans.find((s) => s.name === 'click' && s.attributes['browser.target'] === 'button#buy.primary.large')!;
  expect(click).toBeDefined();
  expect(JSON.stringify(click.attributes)).not.toContain('Jane');
  expect(click.durationMs).toBe(0);
  // The trace starts at the click: the request its handler sent is a child of the click span.
  const buy = find.urlEndsWith(spans, '/api/buy', SpanKind.CLIENT)!;
  expect({ traceId: buy.traceId, parentSpanId: buy.parentSpanId }).toEqual({ traceId: click.traceId, parentSpanId: click.spanId });
});

test('after a back/forward-cache restore the page reports it and keeps tracing and flushing', async ({ collector, consumer, serve }) => {
  const site = await serve({
    files: { '/': join(import.meta.dirname, 'page.html') },
    dirs: { '/vendor/': join(consumer.packageDir, 'dist', 'browser') },
    routes: {
      '/other': (_req: IncomingMessage, res: ServerResponse) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><title>other</title><p>other</p>');
      },
    },
  });
  // Playwright launches Chromium with --disable-back-forward-cache; this test needs the real thing.
  const browser = await chromium.launch({ ...config.use?.launchOptions, ignoreDefaultArgs: ['--disable-back-forward-cache'] });
  try {
    const page = await browser.newPage();
    await page.goto(`${site.origin}/`);
    await page.evaluate((url) => {
      (window as any).__pageId = Math.random();
      (window as any).ClickStack.init({ service: 'page-bfcache', url, batch: { scheduledDelayMillis: 60000 } });
    }, collector.url);
    const pageId = await page.evaluate(() => (window as any).__pageId);
    await page.click('#away');
    await page.waitForURL(`${site.origin}/other`);
    // A restored page fires pageshow, not load: wait for the commit only.
    await page.goBack({ waitUntil: 'commit' });
    await expect.poll(() => page.url()).toBe(`${site.origin}/`);
    // Same JS heap: the page was restored, not reloaded.
    expect(await page.evaluate(() => (window as any).__pageId)).toBe(pageId);
    await page.evaluate(async () => {
      await (await fetch('/api/after-restore')).text();
      await (window as any).ClickStack.forceFlush();
    });
    const spans = await collector.waitForSpans((s) => s.some((x) => x.name === 'pageRestore') && !!find.urlEndsWith(s, '/api/after-restore'));
    const restore = spans.find((s) => s.name === 'pageRestore')!;
    expect(restore.attributes).toMatchObject({ 'browser.navigation.type': 'back_forward_cache', 'url.full': `${site.origin}/` });
    // The click that left the page was flushed on pagehide, before the page froze.
    expect(spans.some((s) => s.name === 'click' && s.attributes['browser.target'] === 'a#away')).toBe(true);
    expect(find.urlEndsWith(spans, '/api/after-restore', SpanKind.CLIENT)!.resource['session.id']).toBe(restore.resource['session.id']);
  } finally {
    await browser.close();
  }
});
