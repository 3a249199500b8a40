/**
 * The escape hatches an OpenTelemetry user reaches for, in real apps: third-party instrumentation
 * instances (Node: @opentelemetry/instrumentation-generic-pool and -dns, ESM under the app's own
 * preload and CommonJS with init() in app code; browser: -document-load and -user-interaction,
 * bundled by esbuild, in Chromium), the app's span and log record processors (one adds an
 * attribute, one is an upstream exporter to a second receiver, one throws), and the beforeSend
 * filters, checked in what the real receiver gets.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startCollector } from '../../fixtures/collector.mjs';
import { expect, SpanKind, test, type FlatSpan } from '../../fixtures/test';

const APP_FILES = ['options.cjs', 'instrument.mjs', 'work.cjs', 'app.mjs', 'app.cjs'];

/** Body and attributes of every log record in the receiver's decoded export requests. */
function logRecords(requests: any[]): { body: string; tenant?: string }[] {
  return requests.flatMap((req) =>
    (req.resourceLogs ?? []).flatMap((rl: any) =>
      (rl.scopeLogs ?? []).flatMap((sl: any) =>
        (sl.logRecords ?? []).map((r: any) => ({ body: r.body?.stringValue, tenant: r.attributes?.find((a: any) => a.key === 'app.tenant')?.value?.stringValue })),
      ),
    ),
  );
}

const scopeOf = (spans: FlatSpan[], scope: string) => spans.filter((s) => s.scope.name === scope);

for (const variant of [
  { name: 'ESM app, its own preload (--import ./instrument.mjs)', script: 'app.mjs', preload: true },
  { name: 'CommonJS app, init() in app code', script: 'app.cjs', preload: false },
]) {
  test(`Node, ${variant.name}: third-party instrumentations, own processors and filters`, async ({ collector, consumer, startNode }) => {
    const second = await startCollector();
    try {
      const dir = consumer.stage(...APP_FILES);
      const app = startNode({
        script: `${dir}/${variant.script}`,
        nodeArgs: variant.preload ? ['--import', `${dir}/instrument.mjs`] : [],
        env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_SERVICE_NAME: 'user-pipeline', SECOND_COLLECTOR: second.url },
      });
      expect(await app.waitForExit(20_000)).toEqual({ code: 0, signal: null });
      expect(app.stdout()).toContain('app: done');

      const spans = collector.spans();
      const server = spans.find((s) => s.kind === SpanKind.SERVER && s.attributes['url.path'] === '/work')!;
      expect(server, 'the request span').toBeDefined();
      // generic-pool: a CommonJS package the ESM app imports; dns: a built-in (callback and promise
      // APIs, named import included). Both under the request's span.
      const children = spans.filter((s) => s.parentSpanId === server.spanId);
      expect(children.map((s) => `${s.scope.name} ${s.name}`).sort()).toEqual([
        '@opentelemetry/instrumentation-dns dns.lookup',
        '@opentelemetry/instrumentation-dns dns.lookup',
        '@opentelemetry/instrumentation-generic-pool generic-pool.acquire',
      ]);
      for (const s of children) expect(s.resource['service.name']).toBe('user-pipeline');
      // server.listen('127.0.0.1') looks its address up too, before any request: a root span.
      expect(scopeOf(spans, '@opentelemetry/instrumentation-dns').filter((s) => !s.parentSpanId)).toHaveLength(1);
      // The app's processor ran on every span; beforeSendSpan dropped one and marked the rest.
      expect(spans.map((s) => s.name)).not.toContain('secret work');
      for (const s of spans) expect(s.attributes, s.name).toMatchObject({ 'app.tenant': 'acme', 'app.filtered': true });
      // The upstream exporter behind the app's own processor got everything, the dropped span too.
      await expect.poll(() => second.spans().map((s) => s.name).sort()).toEqual([...spans.map((s) => s.name), 'secret work'].sort());

      const logs = logRecords(collector.logs());
      expect(logs.find((l) => l.body === 'login ok')?.tenant).toBe('acme');
      expect(logs.map((l) => l.body).join('\n')).not.toContain('password');
      // The broken processor: one message, and the app never noticed.
      expect(app.stderr().match(/\[clickstack-otel\].*spanProcessors\[2\] threw in onEnd/g)).toHaveLength(1);
      expect(app.output()).not.toMatch(/\[clickstack-otel\](?!.*spanProcessors\[2\])/);
    } finally {
      await second.close();
    }
  });
}

test('browser, bundled by esbuild: document-load and user-interaction instrumentations on the light tracer, own processors and filter', async ({ page, collector, consumer, serve }) => {
  const esbuild = await import('esbuild');
  const dir = consumer.stage('browser/main.js', 'browser/index.html');
  const outdir = join(dir, 'out');
  rmSync(outdir, { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: consumer.dir,
    entryPoints: [join(dir, 'browser', 'main.js')],
    outdir,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    logLevel: 'silent',
  });
  expect(result.errors).toEqual([]);
  const site = await serve({ files: { '/': join(dir, 'browser', 'index.html') }, dirs: { '/out/': outdir } });
  const messages: string[] = [];
  page.on('console', (m) => messages.push(m.text()));
  await page.goto(`${site.origin}/?${new URLSearchParams({ collector: collector.url })}`);
  await page.waitForFunction(() => (window as any).__ready);
  await page.click('#go');
  await page.waitForFunction(() => (window as any).__clicked);
  // documentLoad is recorded once the load event has passed.
  await page.waitForFunction(() => (window as any).__seen.includes('documentLoad') && (window as any).__seen.includes('click'));
  await page.evaluate(() => (window as any).__flush());

  const spans = await collector.waitForSpans(
    (s) => scopeOf(s, '@opentelemetry/instrumentation-user-interaction').length > 0 && scopeOf(s, '@opentelemetry/instrumentation-document-load').length >= 2,
  );
  const load = scopeOf(spans, '@opentelemetry/instrumentation-document-load');
  expect(load.map((s) => s.name)).toEqual(expect.arrayContaining(['documentLoad', 'documentFetch']));
  const documentLoad = load.find((s) => s.name === 'documentLoad')!;
  // The instrumentation's timing events, written through the light span's addEvent.
  expect(documentLoad.events.map((e) => e.name)).toEqual(expect.arrayContaining(['fetchStart', 'domInteractive', 'loadEventEnd']));
  expect(load.find((s) => s.name === 'documentFetch')!.parentSpanId).toBe(documentLoad.spanId);
  const click = scopeOf(spans, '@opentelemetry/instrumentation-user-interaction')[0]!;
  expect(click.name).toBe('click');
  expect(click.attributes).toMatchObject({ event_type: 'click', target_element: 'BUTTON' });
  expect(click.resource['service.name']).toBe('user-pipeline-web');

  for (const s of collector.spans()) expect(s.attributes, s.name).toMatchObject({ 'app.tenant': 'acme', 'app.filtered': true });
  expect(collector.spans().map((s) => s.name)).not.toContain('secret work');
  expect(await page.evaluate(() => (window as any).__seen)).toContain('secret work');
  // Console capture through the light log pipeline: the app's log processor, then its filter.
  await expect.poll(() => logRecords(collector.logs()).map((l) => l.body)).toContain('clicked go');
  const logs = logRecords(collector.logs());
  expect(logs.find((l) => l.body === 'clicked go')?.tenant).toBe('acme');
  expect(logs.map((l) => l.body).join('\n')).not.toContain('password');
  expect(messages.filter((m) => m.includes('[clickstack-otel]'))).toEqual([
    expect.stringMatching(/^\[clickstack-otel\] spanProcessors\[1\] threw in onEnd \(Error: a bug in the app’s processor\); it gets nothing more from now on\.$/),
  ]);
});

test('the script tag build carries none of it', async ({ consumer }) => {
  const iife = readFileSync(join(consumer.packageDir, 'dist/browser/clickstack-otel.global.js'), 'utf8');
  // Instance enabling, processor guards and the hooks' messages live in the bundled build only.
  for (const marker of ['setTracerProvider', 'threw in', 'not the item or null']) expect(iife).not.toContain(marker);
  const bundled = readFileSync(join(consumer.packageDir, 'dist/browser/index.js'), 'utf8');
  for (const marker of ['setTracerProvider', 'threw in', 'not the item or null']) expect(bundled).toContain(marker);
});
