import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Page } from '@playwright/test';
import { expect, find, SpanKind, test, type Collector } from '../../fixtures/test';

const NONCE = 'e2e-nonce-4f9a';

/** No unsafe-inline, no unsafe-eval, Trusted Types enforced; only the collector besides 'self'. */
const policy = (collector: string, nonce?: string) =>
  [
    "default-src 'self'",
    `script-src 'self'${nonce ? ` 'nonce-${nonce}'` : ''}`,
    `connect-src 'self' ${collector}`,
    "require-trusted-types-for 'script'",
  ].join('; ');

function htmlRoute(file: string, collector: Collector, nonce?: string) {
  return (_req: IncomingMessage, res: ServerResponse) => {
    const html = readFileSync(join(import.meta.dirname, file), 'utf8').replaceAll('{{COLLECTOR}}', collector.url).replaceAll('{{NONCE}}', nonce ?? '');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': policy(collector.url, nonce), 'cache-control': 'no-store' });
    res.end(html);
  };
}

/** Records every CSP / Trusted Types violation from the first byte of the document. */
async function watchViolations(page: Page) {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as any).__violations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
}

async function serveCase(serve: any, consumer: { packageDir: string }, collector: Collector) {
  return serve({
    files: { '/app.js': join(import.meta.dirname, 'app.js') },
    dirs: { '/vendor/': join(consumer.packageDir, 'dist', 'browser') },
    routes: {
      '/': htmlRoute('data-attributes.html', collector),
      '/queue': htmlRoute('queue.html', collector, NONCE),
      '/control': htmlRoute('control.html', collector),
    },
  });
}

test('control: the strict policy blocks inline script and the violation is observed', async ({ page, collector, consumer, serve }) => {
  const site = await serveCase(serve, consumer, collector);
  await watchViolations(page);
  await page.goto(`${site.origin}/control`);
  await expect.poll(() => page.evaluate(() => (window as any).__violations.length)).toBe(1);
  expect(await page.evaluate(() => (window as any).__inlineRan)).toBeUndefined();
  // Trusted Types are enforced too: a plain string into a script sink throws and is reported.
  const sink = await page.evaluate(() => {
    try {
      document.createElement('div').innerHTML = '<b>x</b>';
      return 'allowed';
    } catch (e) {
      return (e as Error).name;
    }
  });
  expect(sink).toBe('TypeError');
  await expect.poll(() => page.evaluate(() => (window as any).__violations.length)).toBe(2);
});

test('data-* attributes configure the script tag under script-src self + Trusted Types, with zero violations', async ({ page, collector, consumer, serve }) => {
  const site = await serveCase(serve, consumer, collector);
  await watchViolations(page);
  await page.goto(`${site.origin}/`);
  const result = await page.waitForFunction(() => (window as any).__result).then((h) => h.jsonValue());
  expect(result.error).toBeUndefined();
  expect(result.sessionId).toMatch(/^[0-9a-f]{32}$/);

  const spans = await collector.waitForSpans((s) => !!find.urlEndsWith(s, '/api/csp-fetch') && !!find.urlEndsWith(s, '/api/csp-xhr'));
  for (const path of ['/api/csp-fetch', '/api/csp-xhr']) {
    const span = find.urlEndsWith(spans, path, SpanKind.CLIENT)!;
    expect(span.resource).toMatchObject({ 'service.name': 'csp-page', 'deployment.environment.name': 'e2e' });
    expect(span.requestHeaders.authorization).toBe('csp-key');
    expect(span.resource).toMatchObject({ 'session.id': result.sessionId, 'rum.sessionId': result.sessionId });
  }
  expect(result.fetch.traceparent).toContain(find.urlEndsWith(spans, '/api/csp-fetch')!.spanId);
  expect(await page.evaluate(() => (window as any).__violations)).toEqual([]);
});

test('async loading: the queue snippet (nonce) replays init and setGlobalAttributes, with zero violations', async ({ page, collector, consumer, serve }) => {
  const site = await serveCase(serve, consumer, collector);
  await watchViolations(page);
  await page.goto(`${site.origin}/queue`);
  const result = await page.waitForFunction(() => (window as any).__result).then((h) => h.jsonValue());
  expect(result.error).toBeUndefined();
  const spans = await collector.waitForSpans((s) => !!find.urlEndsWith(s, '/api/csp-fetch'));
  const span = find.urlEndsWith(spans, '/api/csp-fetch')!;
  expect(span.resource['service.name']).toBe('queue-page');
  expect(span.requestHeaders.authorization).toBe('queue-key');
  expect(span.attributes).toMatchObject({ 'user.id': 'u-42' });
  expect(span.resource['session.id']).toBe(result.sessionId);
  // After load the global is still callable both ways.
  expect(await page.evaluate(() => [typeof (window as any).ClickStack, typeof (window as any).ClickStack.init])).toEqual(['function', 'function']);
  expect(await page.evaluate(() => (window as any).__violations)).toEqual([]);
});
