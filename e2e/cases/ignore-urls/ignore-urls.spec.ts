import { expect, SpanKind, test } from '../../fixtures/test';

const SERVED = 'served /health|served /healthz?verbose=1|served /ready|served /internal/stats|served /api/normal|served /api/skip-me|served /api/skip-me-too\n';
const path = (s: { attributes: Record<string, unknown> }) => String(s.attributes['url.path'] ?? s.attributes['url.full'] ?? '');

test('health checks and ignoreUrls get no spans, nor does what they do; the app sees the same responses', async ({ collector, consumer, startNode }) => {
  const dir = consumer.stage('server.mjs');
  const app = startNode({ script: `${dir}/server.mjs`, env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_SERVICE_NAME: 'ignore-urls' } });
  expect(await app.waitForExit(15_000)).toEqual({ code: 0, signal: null });
  expect(app.stdout()).toBe(SERVED);

  const spans = collector.spans();
  const servers = spans.filter((s) => s.kind === SpanKind.SERVER).map(path).sort();
  // ignoreUrls applies to both sides (the predicate matches /api/skip-me* as client URL and as
  // server path). A probe's own call is not traced, but the server it reaches cannot know that:
  // /api/from-probe arrives without traceparent and is a root span of its own.
  expect(servers).toEqual(['/api/from-probe', '/api/from-probe', '/api/normal']);
  for (const s of spans.filter((x) => path(x) === '/api/from-probe')) expect(s.parentSpanId).toBe('');
  const clients = spans.filter((s) => s.kind === SpanKind.CLIENT).map(path);
  // The script's own calls to the probes are ordinary client spans (health checks are a server
  // rule; '/internal' is a path prefix only on the server side); the skip-me predicate drops both
  // clients (fetch and http.get), and the probe handlers' calls are not traced.
  expect(clients.map((u) => u.replace(/^http:\/\/127\.0\.0\.1:\d+/, '')).sort(), clients.join('\n')).toEqual(
    ['/api/normal', '/health', '/healthz?verbose=1', '/internal/stats', '/ready'],
  );
  expect(spans.some((s) => s.kind === SpanKind.CLIENT && path(s).includes('from-probe')), 'a probe handler\'s own calls are not traced').toBe(false);
  expect(app.output()).not.toContain('[clickstack-otel]');
});

test('ignoreHealthChecks: false traces the probes and their calls like any request', async ({ collector, consumer, startNode }) => {
  const dir = consumer.stage('server.mjs');
  const app = startNode({ script: `${dir}/server.mjs`, env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, IGNORE_HEALTH: '0' } });
  expect(await app.waitForExit(15_000)).toEqual({ code: 0, signal: null });
  expect(app.stdout()).toBe(SERVED);
  const servers = collector.spans().filter((s) => s.kind === SpanKind.SERVER).map(path);
  for (const p of ['/health', '/healthz', '/ready']) expect(servers).toContain(p);
  expect(servers.filter((p) => p === '/api/from-probe')).toHaveLength(2);
  // Traced probes: their calls are children of the probe's span again.
  const probe = collector.spans().find((s) => s.kind === SpanKind.SERVER && path(s) === '/health')!;
  expect(collector.spans().some((s) => s.kind === SpanKind.CLIENT && s.parentSpanId === probe.spanId)).toBe(true);
  expect(servers).not.toContain('/internal/stats');
});
