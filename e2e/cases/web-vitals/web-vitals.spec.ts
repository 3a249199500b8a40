import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Page } from '@playwright/test';
import { expect, test, type Collector } from '../../fixtures/test';

interface VitalPoint {
  name: string;
  unit: string;
  value: number;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
}

type AnyValue = { stringValue?: string; intValue?: string; doubleValue?: number; boolValue?: boolean };
const attrs = (list: { key: string; value: AnyValue }[] | undefined) =>
  Object.fromEntries((list ?? []).map((a) => [a.key, a.value.stringValue ?? (a.value.intValue !== undefined ? Number(a.value.intValue) : (a.value.doubleValue ?? a.value.boolValue))]));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function vitals(collector: Collector): VitalPoint[] {
  const rows: VitalPoint[] = [];
  for (const req of collector.metrics()) {
    for (const rm of req.resourceMetrics ?? []) {
      for (const sm of rm.scopeMetrics ?? []) {
        for (const m of sm.metrics ?? []) {
          for (const p of m.gauge?.dataPoints ?? []) {
            rows.push({ name: m.name, unit: m.unit, value: p.asDouble, attributes: attrs(p.attributes), resource: attrs(rm.resource?.attributes) });
          }
        }
      }
    }
  }
  return rows;
}

async function site(serve: Parameters<Parameters<typeof test>[2]>[0]['serve'], packageDir: string, withAddon: boolean) {
  const html = readFileSync(join(import.meta.dirname, 'page.html'), 'utf8').replace(
    '<!--ADDON-->',
    withAddon ? '<script src="/vendor/clickstack-otel-web-vitals.global.js"></script>' : '',
  );
  return serve({
    dirs: { '/vendor/': join(packageDir, 'dist', 'browser') },
    routes: {
      '/': (_req: IncomingMessage, res: ServerResponse) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(html);
      },
      '/other': (_req: IncomingMessage, res: ServerResponse) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><title>other</title><p>other</p>');
      },
    },
  });
}

/** Load, let the banner shift the content, click the slow button, then leave the page. */
async function visit(page: Page, origin: string, collectorUrl: string) {
  await page.goto(`${origin}/`);
  await page.waitForLoadState('load');
  await page.evaluate((url) => (window as any).ClickStack.init({ service: 'vitals-page', url, apiKey: 'vitals-key' }), collectorUrl);
  await page.waitForFunction(() => (window as any).shifted === true);
  await page.click('#slow');
  await page.waitForFunction(() => (window as any).interacted === true);
  // Leaving the page hides it: the add-on exports with a keepalive request.
  await page.click('#away');
  await page.waitForURL(`${origin}/other`);
}

test('with the add-on: LCP, FCP, TTFB, CLS and INP arrive as OTLP gauges with session and page attributes', async ({ page, collector, consumer, serve }) => {
  const server = await site(serve, consumer.packageDir, true);
  await visit(page, server.origin, collector.url);
  await expect.poll(() => new Set(vitals(collector).map((v) => v.name)).size, { timeout: 15_000 }).toBe(5);
  expect(collector.errors()).toEqual([]);

  const points = vitals(collector);
  expect(points.map((p) => [p.name, p.unit]).sort()).toEqual([
    ['browser.web_vital.cls', '1'],
    ['browser.web_vital.fcp', 'ms'],
    ['browser.web_vital.inp', 'ms'],
    ['browser.web_vital.lcp', 'ms'],
    ['browser.web_vital.ttfb', 'ms'],
  ]);
  const byName = Object.fromEntries(points.map((p) => [p.name.split('.').pop()!, p]));
  expect(byName.ttfb!.value).toBeGreaterThanOrEqual(0);
  expect(byName.fcp!.value).toBeGreaterThan(0);
  expect(byName.lcp!.value).toBeGreaterThanOrEqual(byName.fcp!.value);
  expect(byName.cls!.value).toBeGreaterThan(0);
  expect(byName.cls!.value).toBeLessThan(1);
  // The handler blocks for 150 ms; event durations are rounded to 8 ms.
  expect(byName.inp!.value).toBeGreaterThanOrEqual(140);

  // Same session as the page's spans; the page URL, the rating, the SDK's resource and API key.
  const spans = await collector.waitForSpans((s) => s.some((x) => x.name === 'documentLoad'));
  const sessionId = spans.find((s) => s.name === 'documentLoad')!.resource['session.id'];
  expect(sessionId).toMatch(/^[0-9a-f]{32}$/);
  for (const p of points) {
    expect(p.attributes).toMatchObject({
      'session.id': sessionId,
      'rum.sessionId': sessionId,
      'url.full': `${server.origin}/`,
      'browser.web_vital.name': p.name.split('.').pop(),
      'browser.web_vital.rating': expect.stringMatching(/^(good|needs-improvement|poor)$/),
    });
    expect(p.resource).toMatchObject({ 'service.name': 'vitals-page', 'telemetry.distro.name': 'clickstack-otel' });
  }
  expect(byName.inp!.attributes['browser.web_vital.rating']).toBe('good'); // 150 ms ≤ 200 ms
  const requests = collector.requests().filter((r) => r.path === '/v1/metrics' && r.method === 'POST');
  expect(requests.map((r) => [r.contentType, r.headers.authorization])).toEqual(requests.map(() => ['application/json', 'vitals-key']));
});

test('without the add-on nothing is measured or sent: vitals are opt-in and not in the default bundle', async ({ page, collector, consumer, serve }) => {
  const iife = readFileSync(join(consumer.packageDir, 'dist', 'browser', 'clickstack-otel.global.js'), 'utf8');
  expect(iife).not.toContain('web_vital');
  expect(iife).not.toContain('largest-contentful-paint');
  const server = await site(serve, consumer.packageDir, false);
  await visit(page, server.origin, collector.url);
  // The spans of the visit arrive (page hide flushes them); no metrics request at all.
  await collector.waitForSpans((s) => s.some((x) => x.name === 'documentLoad'));
  expect(collector.requests().filter((r) => r.path === '/v1/metrics')).toEqual([]);
});
