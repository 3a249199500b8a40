import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test, type Collector } from '../../fixtures/test';

interface FlatLog {
  severityNumber: number;
  severityText: string;
  body: string;
  traceId: string;
  spanId: string;
  scope: string;
  attributes: Record<string, string | number | boolean>;
  serviceName: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function flatten(requests: any[]): FlatLog[] {
  const rows: FlatLog[] = [];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const attrs = (list: any[] | undefined) =>
    Object.fromEntries((list ?? []).map((a) => [a.key, a.value.stringValue ?? a.value.boolValue ?? Number(a.value.intValue ?? a.value.doubleValue)]));
  for (const req of requests) {
    for (const rl of req.resourceLogs ?? []) {
      for (const sl of rl.scopeLogs ?? []) {
        for (const r of sl.logRecords ?? []) {
          rows.push({
            severityNumber: r.severityNumber,
            severityText: r.severityText,
            body: r.body?.stringValue,
            traceId: r.traceId ?? '',
            spanId: r.spanId ?? '',
            scope: sl.scope?.name ?? '',
            attributes: attrs(r.attributes),
            serviceName: String(attrs(rl.resource?.attributes)['service.name']),
          });
        }
      }
    }
  }
  return rows;
}

function sdkTag(collector: Collector, extra = '') {
  return `<script src="/vendor/clickstack-otel.global.js" data-service="errors-page" data-url="${collector.url}" data-console-capture="true" data-batch-scheduled-delay-millis="100"${extra}></script>`;
}

async function open(page: Page, serve: any, consumer: { packageDir: string }, sdk: string) {
  const site = await serve({
    files: { '/app.js': join(import.meta.dirname, 'app.js') },
    dirs: { '/vendor/': join(consumer.packageDir, 'dist', 'browser') },
    routes: {
      '/': (_req: any, res: any) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(readFileSync(join(import.meta.dirname, 'page.html'), 'utf8').replace('{{SDK}}', sdk));
      },
    },
  });
  const consoleLines: string[] = [];
  const pageErrors: string[] = [];
  // Each run has its own port; the rest of every line must match.
  page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`.replaceAll(site.origin, 'ORIGIN')));
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${site.origin}/`);
  await page.waitForFunction(() => (window as any).__done === true);
  const appSaw: string[] = await page.evaluate(() => (window as any).__appSaw);
  return { consoleLines, pageErrors, appSaw };
}

test('console capture, recordException, thrown errors, rejections and a broken <img> arrive as correlated log records; the page sees the same', async ({ page, browser, collector, consumer, serve }) => {
  // The same page without the SDK, in a fresh context: what the page and its console show.
  const bareContext = await browser.newContext();
  const bare = await open(await bareContext.newPage(), serve, consumer, '');
  await bareContext.close();

  const withSdk = await open(page, serve, consumer, sdkTag(collector));
  await page.evaluate(() => (window as any).ClickStack.forceFlush());

  // Nothing the page observes changed: its console, its error events and its own handlers.
  expect(withSdk.consoleLines.sort()).toEqual(bare.consoleLines.sort());
  expect(withSdk.pageErrors).toEqual(bare.pageErrors);
  expect(withSdk.appSaw).toEqual(bare.appSaw);
  expect(bare.appSaw).toEqual(
    expect.arrayContaining([
      'onerror: Uncaught RangeError: thrown in a timer',
      'unhandledrejection: rejected and never handled prevented=false',
      'img error: /missing-image.png',
    ]),
  );

  await expect.poll(() => flatten(collector.logs()).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(7);
  const spans = await collector.waitForSpans((s) => s.some((x) => x.name === 'checkout'));
  const checkout = spans.find((s) => s.name === 'checkout')!;
  const records = flatten(collector.logs());
  for (const r of records) expect(r.serviceName).toBe('errors-page');

  // Console capture (opted in by data-console-capture): formatted like the console, correlated.
  const consoleRecords = records.filter((r) => r.scope === 'clickstack-otel/console');
  expect(consoleRecords.map((r) => [r.severityText, r.severityNumber, r.attributes['console.method'], r.body.split('\n')[0]])).toEqual([
    ['INFO', 9, 'log', "checkout started for {items: 2, tags: ['a', 'b']} 42"],
    ['WARN', 13, 'warn', 'no span here null undefined true'],
    ['ERROR', 17, 'error', 'failed: Error: inner failure'],
  ]);
  expect(consoleRecords[0]).toMatchObject({ traceId: checkout.traceId, spanId: checkout.spanId });
  expect(consoleRecords[1]!.traceId).toBe('');
  expect(records.some((r) => r.body.includes('below the default level'))).toBe(false);

  // Exceptions: recordException (an Error in a span, a plain string) and the three automatic kinds.
  const exceptions = records.filter((r) => r.scope === 'clickstack-otel/exceptions');
  for (const r of exceptions) expect([r.severityText, r.severityNumber]).toEqual(['ERROR', 17]);
  const byType = (type: string) => exceptions.find((r) => r.attributes['exception.type'] === type);
  expect(byType('TypeError')).toMatchObject({
    body: 'TypeError: bad cart',
    traceId: checkout.traceId,
    spanId: checkout.spanId,
    attributes: { 'exception.message': 'bad cart', 'cart.id': 'c1' },
  });
  expect(String(byType('TypeError')!.attributes['exception.stacktrace'])).toContain('/app.js');
  expect(byType('string')).toMatchObject({ body: 'string: a plain string', attributes: { 'exception.message': 'a plain string' } });
  expect(byType('RangeError')).toMatchObject({
    attributes: { 'exception.message': 'thrown in a timer', 'clickstack.exception.source': 'window.error', 'code.line.number': expect.any(Number) },
  });
  expect(String(byType('RangeError')!.attributes['code.file.path'])).toMatch(/\/app\.js$/);
  expect(exceptions.find((r) => r.attributes['clickstack.exception.source'] === 'unhandledrejection')).toMatchObject({
    attributes: { 'exception.type': 'Error', 'exception.message': 'rejected and never handled' },
  });
  const resource = byType('ResourceLoadError')!;
  expect(resource.attributes).toMatchObject({ 'clickstack.exception.source': 'resource', 'clickstack.element.tag': 'img' });
  expect(String(resource.attributes['url.full'])).toMatch(/\/missing-image\.png$/);
  expect(exceptions).toHaveLength(5);

  // The span carries the exception event too.
  expect(checkout.events.map((e) => [e.name, e.attributes['exception.type'], e.attributes['exception.message']])).toEqual([['exception', 'TypeError', 'bad cart']]);
  // Our own messages never loop back as records, and logs travel as OTLP/JSON.
  expect(records.some((r) => r.body.includes('[clickstack-otel]'))).toBe(false);
  expect([...new Set(collector.requests().filter((r) => r.path === '/v1/logs' && r.method === 'POST').map((r) => r.contentType))]).toEqual(['application/json']);
  expect(collector.errors()).toEqual([]);
});

test('error capture can be switched off and console capture stays off unless asked', async ({ page, collector, consumer, serve }) => {
  const tag = `<script src="/vendor/clickstack-otel.global.js" data-service="errors-page" data-url="${collector.url}" data-error-capture="false"></script>`;
  await open(page, serve, consumer, tag);
  await page.evaluate(() => (window as any).ClickStack.forceFlush());
  const records = flatten(collector.logs());
  // Only the two explicit recordException calls: no console records, no automatic exceptions.
  expect(records.map((r) => r.body).sort()).toEqual(['TypeError: bad cart', 'string: a plain string']);
});

test('log records still queued when the page is left are delivered by the page-hide flush', async ({ page, collector, consumer, serve }) => {
  // A long batch delay: nothing would be sent on its own before the navigation.
  const tag = `<script src="/vendor/clickstack-otel.global.js" data-service="errors-page" data-url="${collector.url}" data-console-capture="true" data-batch-scheduled-delay-millis="60000" data-logs-batch-scheduled-delay-millis="60000"></script>`;
  await open(page, serve, consumer, tag);
  expect(collector.requests().filter((r) => r.path === '/v1/logs' && r.method === 'POST')).toEqual([]);
  await page.goto('about:blank');
  await expect.poll(() => flatten(collector.logs()).map((r) => r.body), { timeout: 10_000 }).toEqual(
    expect.arrayContaining(['TypeError: bad cart', 'RangeError: thrown in a timer']),
  );
});

test('in debug mode the SDK prints its own lines, and none of them becomes a captured record', async ({ page, collector, consumer, serve }) => {
  const tag = `<script src="/vendor/clickstack-otel.global.js" data-service="errors-page" data-url="${collector.url}" data-console-capture="true" data-debug="true"></script>`;
  const { consoleLines } = await open(page, serve, consumer, tag);
  await page.evaluate(() => (window as any).ClickStack.forceFlush());
  expect(consoleLines.filter((l) => l.includes('[clickstack-otel]')).join('\n')).toMatch(/debug mode: .*consoleCapture=info and above .*errorCapture=true/);
  expect(consoleLines.some((l) => l.includes('[clickstack-otel] log ERROR(17) "TypeError: bad cart"'))).toBe(true);
  const records = flatten(collector.logs());
  expect(records.map((r) => r.body)).toEqual(expect.arrayContaining(['TypeError: bad cart', 'no span here null undefined true']));
  expect(records.filter((r) => r.body.includes('[clickstack-otel]'))).toEqual([]);
});
