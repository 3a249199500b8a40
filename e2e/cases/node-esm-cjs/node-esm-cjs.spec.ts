import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, find, SpanKind, test } from '../../fixtures/test';

for (const script of ['server.mjs', 'server.cjs']) {
  test(`${script}: server span parents node:http and fetch client spans, exported as protobuf`, async ({ collector, consumer, startNode }) => {
    const service = `node-${script.replace('.', '-')}`;
    const dir = consumer.stage(script);
    const app = startNode({ script: `${dir}/${script}`, env: { SERVICE_NAME: service, COLLECTOR_URL: collector.url } });
    const { url, backendUrl } = await app.ready();

    const res = await fetch(`${url}/work`);
    expect(res.status).toBe(200);
    const body = await res.json();

    const spans = await collector.waitForSpans(
      (s) => !!find.serverPath(s, '/work') && !!find.urlEndsWith(s, '/via-http') && !!find.urlEndsWith(s, '/via-fetch') &&
        !!find.serverPath(s, '/via-http') && !!find.serverPath(s, '/via-fetch'),
    );
    const server = find.serverPath(spans, '/work')!;
    const viaHttp = find.urlEndsWith(spans, '/via-http', SpanKind.CLIENT)!;
    const viaFetch = find.urlEndsWith(spans, '/via-fetch', SpanKind.CLIENT)!;

    expect(server.kind).toBe(SpanKind.SERVER);
    expect(server.parentSpanId).toBe('');
    expect(server.attributes).toMatchObject({ 'http.request.method': 'GET', 'url.path': '/work', 'url.scheme': 'http', 'http.response.status_code': 200 });
    // Semconv http/dup by default: the legacy keys the HyperDX UI reads, beside the stable ones.
    expect(server.attributes).toMatchObject({ 'http.method': 'GET', 'http.status_code': 200 });
    expect(String(server.attributes['http.url'])).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/work$/);
    for (const [client, path] of [[viaHttp, '/via-http'], [viaFetch, '/via-fetch']] as const) {
      expect(client, path).toBeDefined();
      expect(client.traceId).toBe(server.traceId);
      expect(client.parentSpanId).toBe(server.spanId);
      expect(client.attributes).toMatchObject({
        'http.request.method': 'GET',
        'url.full': `${backendUrl}${path}`,
        'http.response.status_code': 200,
        'server.address': '127.0.0.1',
        'server.port': Number(new URL(backendUrl).port),
        'http.method': 'GET',
        'http.url': `${backendUrl}${path}`,
        'http.status_code': 200,
      });
      // The client injected its own context: the backend's server span is its child.
      const downstream = find.serverPath(spans, path)!;
      expect(downstream.traceId).toBe(server.traceId);
      expect(downstream.parentSpanId).toBe(client.spanId);
    }
    expect(body.viaHttp.traceparent).toBe(`00-${server.traceId}-${viaHttp.spanId}-01`);
    expect(body.viaFetch.traceparent).toBe(`00-${server.traceId}-${viaFetch.spanId}-01`);

    const version = JSON.parse(readFileSync(join(consumer.packageDir, 'package.json'), 'utf8')).version;
    for (const s of spans) {
      expect(s.encoding).toBe('protobuf');
      expect(s.resource['telemetry.distro.version']).toBe(version);
      expect(s.requestHeaders['content-type']).toBe('application/x-protobuf');
      expect(s.resource).toMatchObject({ 'service.name': service, 'telemetry.distro.name': 'clickstack-otel', 'process.runtime.name': 'nodejs' });
      expect(String(s.attributes['url.full'] ?? '')).not.toContain(collector.url);
    }

    // shutdown() flushes what is left (the /shutdown span itself) and lets the process end on its own.
    expect((await fetch(`${url}/shutdown`)).status).toBe(200);
    const exit = await app.waitForExit(5_000);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(app.stdout()).toContain('{"shutdown":"done"}');
    expect(collector.spans().some((s) => s.attributes['url.path'] === '/shutdown')).toBe(true);
    expect(app.output()).not.toContain('[clickstack-otel]');
    expect(collector.errors()).toEqual([]);
  });
}

test('ESM and CJS builds loaded together share one SDK: one warning, no duplicate spans', async ({ collector, consumer, startNode }) => {
  const dir = consumer.stage('dual.mjs');
  const app = startNode({ script: `${dir}/dual.mjs`, env: { COLLECTOR_URL: collector.url } });
  expect(await app.waitForExit(10_000)).toEqual({ code: 0, signal: null });
  expect(app.stdout()).toContain('{"sameHandle":true,"active":true}');
  const messages = app.output().split('\n').filter((l) => l.includes('[clickstack-otel]'));
  expect(messages).toHaveLength(1);
  expect(messages[0]).toContain('init() was called more than once');

  const spans = collector.spans();
  expect(spans.map((s) => [s.kind, s.name]).sort()).toEqual([[SpanKind.SERVER, 'GET'], [SpanKind.CLIENT, 'GET']].sort());
  expect(new Set(spans.map((s) => s.resource['service.name']))).toEqual(new Set(['dual-esm']));
  const server = find.serverPath(spans, '/dual')!;
  expect(server.parentSpanId).toBe(find.urlEndsWith(spans, '/dual', SpanKind.CLIENT)!.spanId);
});
