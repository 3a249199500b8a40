import { join } from 'node:path';
import { expect, find, SpanKind, test, type Collector } from '../../fixtures/test';
import type { Page } from '@playwright/test';

async function runPage(page: Page, pageOrigin: string, api: string, collector: Collector, target: 'origin' | 'regexp') {
  const q = new URLSearchParams({ api, collector: collector.url, target });
  await page.goto(`${pageOrigin}/?${q}`);
  return page.waitForFunction(() => (window as any).__result).then((h) => h.jsonValue());
}

for (const target of ['regexp', 'origin'] as const) {
  test(`browser fetch → Node server on another origin is one trace (tracePropagationTargets as ${target})`, async ({ page, collector, consumer, serve, startNode }) => {
    const site = await serve({
      files: { '/': join(import.meta.dirname, 'page.html') },
      dirs: { '/vendor/': join(consumer.packageDir, 'dist', 'browser') },
    });
    const dir = consumer.stage('api-server.mjs');
    const api = startNode({ script: `${dir}/api-server.mjs`, env: { COLLECTOR_URL: collector.url } });
    const { url: apiOrigin } = await api.ready();
    expect(new URL(apiOrigin).origin).not.toBe(site.origin);

    const result = await runPage(page, site.origin, apiOrigin, collector, target);
    expect(result.error).toBeUndefined();
    expect(result.response.traceparent, 'the cross-origin request carried no traceparent').toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);

    const spans = await collector.waitForSpans((s) => !!find.serverPath(s, '/api/orders') && !!find.urlEndsWith(s, '/api/orders', SpanKind.CLIENT));
    const browser = find.urlEndsWith(spans, '/api/orders', SpanKind.CLIENT)!;
    const server = find.serverPath(spans, '/api/orders')!;

    expect(browser.resource['service.name']).toBe('distributed-web');
    expect(browser.encoding).toBe('json');
    expect(browser.attributes).toMatchObject({ 'url.full': `${apiOrigin}/api/orders`, 'http.response.status_code': 200 });
    expect(server.resource['service.name']).toBe('distributed-api');
    expect(server.encoding).toBe('protobuf');
    expect(server.traceId).toBe(browser.traceId);
    expect(server.parentSpanId).toBe(browser.spanId);
    expect(result.response.traceparent).toBe(`00-${browser.traceId}-${browser.spanId}-01`);

    // Closing stdin makes the API shut the SDK down and stop serving; it must then exit cleanly.
    api.closeStdin();
    expect(await api.waitForExit(5_000)).toEqual({ code: 0, signal: null });
    expect(api.output()).not.toContain('[clickstack-otel]');
  });
}
