/**
 * A Node server behind an upstream that speaks B3 (Zipkin, Envoy/Istio) or Jaeger continues that
 * upstream's trace when OTEL_PROPAGATORS (or the `propagators` option) says so, honours its
 * sampling decision, and sends the same format on with its own outgoing calls (fetch and
 * http.get), as a second loopback server sees them. With the default (W3C) it ignores them.
 * In Chromium: a bundled app sends what it names; the script tag speaks W3C only.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, find, SpanKind, test, type Collector, type FlatSpan } from '../../fixtures/test';
import type { ConsumerProject, NodeProcess, ServeOptions, StartNodeOptions, StaticServer } from '../../fixtures/test';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
/** Every header any of the propagators writes: each test names those it expects, the rest must be absent. */
const PROPAGATION_HEADERS = ['traceparent', 'tracestate', 'baggage', 'b3', 'x-b3-traceid', 'x-b3-spanid', 'x-b3-sampled', 'x-b3-flags', 'x-b3-parentspanid', 'uber-trace-id'];

interface Fixtures {
  collector: Collector;
  consumer: ConsumerProject;
  startNode: (o: StartNodeOptions) => NodeProcess;
  serve: (o: ServeOptions) => Promise<StaticServer>;
}

interface Call {
  /** The server span of GET /checkout/<id>, if it was exported. */
  server?: FlatSpan;
  /** The server's fetch and http.get client spans to the downstream, if exported. */
  fetchSpan?: FlatSpan;
  httpSpan?: FlatSpan;
  /** Headers the downstream received from each call. */
  fetchHeaders: Record<string, unknown>;
  httpHeaders: Record<string, unknown>;
}

/** Starts the service with `env`, sends each request's headers to GET /checkout/<id>, shuts it down, and reads what came out. */
async function run({ collector, consumer, startNode, serve }: Fixtures, env: Record<string, string>, requests: Record<string, Record<string, string>>) {
  const downstream = await serve({});
  const dir = consumer.stage('service.mjs');
  const service = startNode({ script: `${dir}/service.mjs`, env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_BSP_SCHEDULE_DELAY: '200', DOWNSTREAM_URL: downstream.origin, ...env } });
  const { url } = await service.ready();
  for (const [id, headers] of Object.entries(requests)) {
    const res = await fetch(`${url}/checkout/${id}`, { headers });
    expect(await res.text()).toBe('ok');
  }
  // Shutting down flushes every span the service recorded.
  service.closeStdin();
  expect(await service.waitForExit(10_000)).toEqual({ code: 0, signal: null });
  expect(service.output()).not.toContain('[clickstack-otel]');
  const spans = collector.spans();
  const seen = (path: string) => downstream.requests().find((r) => r.path === path)?.headers ?? {};
  const calls: Record<string, Call> = {};
  for (const id of Object.keys(requests)) {
    calls[id] = {
      server: find.serverPath(spans, `/checkout/${id}`),
      fetchSpan: find.urlEndsWith(spans, `/api/fetch/${id}`, SpanKind.CLIENT),
      httpSpan: find.urlEndsWith(spans, `/api/http/${id}`, SpanKind.CLIENT),
      fetchHeaders: seen(`/api/fetch/${id}`),
      httpHeaders: seen(`/api/http/${id}`),
    };
  }
  return { spans, calls };
}

/** The propagation headers among `headers`, so a test states all of them at once. */
const propagation = (headers: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(headers).filter(([k]) => PROPAGATION_HEADERS.includes(k) || k.startsWith('uberctx-')));

/** A sampled call continued the upstream trace: server span parented by the upstream span, its calls by it. */
function expectContinued(call: Call, traceId: string, parentSpanId: string) {
  expect(call.server, 'the server span was not exported').toBeDefined();
  expect(call.server!.traceId).toBe(traceId);
  expect(call.server!.parentSpanId).toBe(parentSpanId);
  for (const client of [call.fetchSpan, call.httpSpan]) {
    expect(client?.traceId).toBe(traceId);
    expect(client?.parentSpanId).toBe(call.server!.spanId);
  }
}

/** An unsampled upstream decision: nothing of that trace is exported. */
function expectNothingOf(spans: FlatSpan[], traceId: string) {
  expect(spans.filter((s) => s.traceId === traceId).map((s) => s.name)).toEqual([]);
}

test('OTEL_PROPAGATORS=b3: a Zipkin-style single b3 header (64-bit trace id) is continued and sent on as b3', async ({ collector, consumer, startNode, serve }) => {
  const fixtures = { collector, consumer, startNode, serve };
  const [trace64, upstreamSpan, grandparent] = [hex(8), hex(8), hex(8)];
  const [unsampledTrace, unsampledSpan] = [hex(16), hex(8)];
  const { spans, calls } = await run(fixtures, { OTEL_PROPAGATORS: 'b3' }, {
    sampled: { b3: `${trace64}-${upstreamSpan}-1-${grandparent}` },
    unsampled: { b3: `${unsampledTrace}-${unsampledSpan}-0` },
  });
  // 64-bit B3 trace ids are widened to OpenTelemetry's 128 bits with leading zeros.
  const traceId = trace64.padStart(32, '0');
  const { sampled, unsampled } = calls;
  expectContinued(sampled!, traceId, upstreamSpan);
  expect(propagation(sampled!.fetchHeaders)).toEqual({ b3: `${traceId}-${sampled!.fetchSpan!.spanId}-1` });
  expect(propagation(sampled!.httpHeaders)).toEqual({ b3: `${traceId}-${sampled!.httpSpan!.spanId}-1` });

  expectNothingOf(spans, unsampledTrace);
  expect(propagation(unsampled!.fetchHeaders)).toEqual({ b3: expect.stringMatching(new RegExp(`^${unsampledTrace}-[0-9a-f]{16}-0$`)) });
  expect(propagation(unsampled!.httpHeaders)).toEqual({ b3: expect.stringMatching(new RegExp(`^${unsampledTrace}-[0-9a-f]{16}-0$`)) });
});

test('OTEL_PROPAGATORS=b3multi: X-B3-* headers (Envoy, Istio) are continued and sent on as X-B3-*', async ({ collector, consumer, startNode, serve }) => {
  const fixtures = { collector, consumer, startNode, serve };
  const [traceId, upstreamSpan, grandparent] = [hex(16), hex(8), hex(8)];
  const [unsampledTrace, unsampledSpan] = [hex(16), hex(8)];
  const { spans, calls } = await run(fixtures, { OTEL_PROPAGATORS: 'b3multi' }, {
    sampled: { 'X-B3-TraceId': traceId, 'X-B3-SpanId': upstreamSpan, 'X-B3-ParentSpanId': grandparent, 'X-B3-Sampled': '1' },
    unsampled: { 'X-B3-TraceId': unsampledTrace, 'X-B3-SpanId': unsampledSpan, 'X-B3-Sampled': '0' },
  });
  const { sampled, unsampled } = calls;
  expectContinued(sampled!, traceId, upstreamSpan);
  expect(propagation(sampled!.fetchHeaders)).toEqual({ 'x-b3-traceid': traceId, 'x-b3-spanid': sampled!.fetchSpan!.spanId, 'x-b3-sampled': '1' });
  expect(propagation(sampled!.httpHeaders)).toEqual({ 'x-b3-traceid': traceId, 'x-b3-spanid': sampled!.httpSpan!.spanId, 'x-b3-sampled': '1' });

  expectNothingOf(spans, unsampledTrace);
  for (const headers of [unsampled!.fetchHeaders, unsampled!.httpHeaders]) {
    expect(propagation(headers)).toEqual({ 'x-b3-traceid': unsampledTrace, 'x-b3-spanid': expect.stringMatching(/^[0-9a-f]{16}$/), 'x-b3-sampled': '0' });
  }
});

test('OTEL_PROPAGATORS=jaeger: uber-trace-id and uberctx-* baggage are continued and sent on', async ({ collector, consumer, startNode, serve }) => {
  const fixtures = { collector, consumer, startNode, serve };
  const [traceId, upstreamSpan] = [hex(16), hex(8)];
  const [unsampledTrace, unsampledSpan] = [hex(16), hex(8)];
  const { spans, calls } = await run(fixtures, { OTEL_PROPAGATORS: 'jaeger' }, {
    sampled: { 'uber-trace-id': `${traceId}:${upstreamSpan}:0:1`, 'uberctx-tenant': 'acme%20corp' },
    unsampled: { 'uber-trace-id': `${unsampledTrace}:${unsampledSpan}:0:0` },
  });
  const { sampled, unsampled } = calls;
  expectContinued(sampled!, traceId, upstreamSpan);
  // Jaeger's parent span id field is deprecated and always sent as 0; the baggage goes on too.
  expect(propagation(sampled!.fetchHeaders)).toEqual({ 'uber-trace-id': `${traceId}:${sampled!.fetchSpan!.spanId}:0:01`, 'uberctx-tenant': 'acme%20corp' });
  expect(propagation(sampled!.httpHeaders)).toEqual({ 'uber-trace-id': `${traceId}:${sampled!.httpSpan!.spanId}:0:01`, 'uberctx-tenant': 'acme%20corp' });

  expectNothingOf(spans, unsampledTrace);
  for (const headers of [unsampled!.fetchHeaders, unsampled!.httpHeaders]) {
    expect(propagation(headers)).toEqual({ 'uber-trace-id': expect.stringMatching(new RegExp(`^${unsampledTrace}:[0-9a-f]{16}:0:00$`)) });
  }
});

test('the default (tracecontext,baggage) ignores B3 and Jaeger headers: a new trace, sent on as traceparent', async ({ collector, consumer, startNode, serve }) => {
  const fixtures = { collector, consumer, startNode, serve };
  const upstream = { trace: hex(16), span: hex(8) };
  // All three say "not sampled": had any been read, nothing would be exported.
  const { calls } = await run(fixtures, {}, {
    foreign: {
      b3: `${upstream.trace}-${upstream.span}-0`,
      'X-B3-TraceId': upstream.trace, 'X-B3-SpanId': upstream.span, 'X-B3-Sampled': '0',
      'uber-trace-id': `${upstream.trace}:${upstream.span}:0:0`,
    },
  });
  const { server, fetchSpan, httpSpan, fetchHeaders, httpHeaders } = calls.foreign!;
  expect(server, 'the server span was not exported').toBeDefined();
  expect(server!.parentSpanId).toBe('');
  expect(server!.traceId).not.toBe(upstream.trace);
  expect(propagation(fetchHeaders)).toEqual({ traceparent: `00-${server!.traceId}-${fetchSpan!.spanId}-01` });
  expect(propagation(httpHeaders)).toEqual({ traceparent: `00-${server!.traceId}-${httpSpan!.spanId}-01` });
});

test('the propagators option in init() beats OTEL_PROPAGATORS: b3multi and tracecontext in, both out', async ({ collector, consumer, startNode, serve }) => {
  const fixtures = { collector, consumer, startNode, serve };
  const [traceId, upstreamSpan] = [hex(16), hex(8)];
  const { calls } = await run(fixtures, { OTEL_PROPAGATORS: 'jaeger', PROPAGATORS_OPTION: JSON.stringify(['b3multi', 'tracecontext']) }, {
    // Jaeger (the environment's choice) would read another trace: the option wins, so it is ignored.
    w3c: { traceparent: `00-${traceId}-${upstreamSpan}-01`, 'uber-trace-id': `${hex(16)}:${hex(8)}:0:1` },
  });
  const call = calls.w3c!;
  expectContinued(call, traceId, upstreamSpan);
  for (const [headers, span] of [[call.fetchHeaders, call.fetchSpan!], [call.httpHeaders, call.httpSpan!]] as const) {
    expect(propagation(headers)).toEqual({
      'x-b3-traceid': traceId, 'x-b3-spanid': span.spanId, 'x-b3-sampled': '1',
      traceparent: `00-${traceId}-${span.spanId}-01`,
    });
  }
});

test('browsers: a bundled app sends the propagators it names (b3 beside traceparent); the script tag speaks W3C only and says so', async ({ page, collector, consumer, serve }) => {
  const esbuild = await import('esbuild');
  const dir = consumer.stage('browser/main.js', 'browser/index.html');
  const outdir = join(dir, 'out');
  rmSync(outdir, { recursive: true, force: true });
  const built = await esbuild.build({ absWorkingDir: consumer.dir, entryPoints: [join(dir, 'browser', 'main.js')], outdir, bundle: true, platform: 'browser', format: 'esm', logLevel: 'silent' });
  expect(built.errors).toEqual([]);
  const scriptTag = `<!doctype html><meta charset="utf-8"><script src="/vendor/clickstack-otel.global.js"></script>
    <script>ClickStack.init({ service: 'propagators-tag', url: ${JSON.stringify(collector.url)}, propagators: ['b3'] });</script>`;
  const site = await serve({
    files: { '/': join(dir, 'browser', 'index.html') },
    dirs: { '/out/': outdir, '/vendor/': join(consumer.packageDir, 'dist', 'browser') },
    routes: { '/tag': (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(scriptTag) },
  });
  const messages: string[] = [];
  page.on('console', (m) => messages.push(m.text()));
  const headersOf = (path: string) => propagation(site.requests().find((r) => r.path === path)?.headers ?? {});

  await page.goto(`${site.origin}/?${new URLSearchParams({ collector: collector.url })}`);
  await page.waitForFunction(() => typeof (window as any).__run === 'function');
  await page.evaluate(() => (window as any).__run());
  const bundled = find.urlEndsWith(await collector.waitForSpans((s) => !!find.urlEndsWith(s, '/api/bundled')), '/api/bundled')!;
  expect(headersOf('/api/bundled')).toEqual({
    b3: `${bundled.traceId}-${bundled.spanId}-1`,
    traceparent: `00-${bundled.traceId}-${bundled.spanId}-01`,
  });

  await page.goto(`${site.origin}/tag`);
  await page.evaluate(async () => {
    await (await fetch('/api/tag')).text();
    await (window as any).ClickStack.forceFlush();
  });
  const tagged = find.urlEndsWith(await collector.waitForSpans((s) => !!find.urlEndsWith(s, '/api/tag')), '/api/tag')!;
  expect(headersOf('/api/tag')).toEqual({ traceparent: `00-${tagged.traceId}-${tagged.spanId}-01` });
  // Not silent: the script tag says it has no such option (the bundled app's page said nothing).
  expect(messages.filter((m) => m.includes('[clickstack-otel]'))).toEqual([
    "[clickstack-otel] Configuration: option 'propagators' is not known to this build and is ignored.",
  ]);
});
