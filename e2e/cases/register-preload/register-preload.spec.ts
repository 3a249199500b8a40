import { expect, find, SpanKind, test } from '../../fixtures/test';

/**
 * Exit-time checks compare with the same script run under bare `node` just before, so a loaded
 * machine (slow start-up for both) does not turn a time bound into a flaky test.
 */
const SHUTDOWN_BOUND_MS = 2_000;
const SLACK_MS = 1_500;
const EXIT_WAIT_MS = 30_000;

async function bareRunMillis(startNode: Parameters<Parameters<typeof test>[2]>[0]['startNode'], script: string, targetUrl: string) {
  const started = Date.now();
  const bare = startNode({ script, env: { TARGET_URL: targetUrl } });
  expect(await bare.waitForExit(EXIT_WAIT_MS)).toEqual({ code: 0, signal: null });
  return Date.now() - started;
}

const cases = [
  { script: 'app.mjs', flag: '--import' },
  { script: 'app.cjs', flag: '--require' },
];

for (const { script, flag } of cases) {
  test(`node ${flag} clickstack-otel/register ${script}: configured by environment alone`, async ({ collector, consumer, startNode }) => {
    const service = `preload-${flag.slice(2)}`;
    const dir = consumer.stage(script);
    const app = startNode({
      script: `${dir}/${script}`,
      nodeArgs: [flag, 'clickstack-otel/register'],
      env: {
        OTEL_SERVICE_NAME: service,
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
        HYPERDX_API_KEY: `key-for-${service}`,
        OTEL_BSP_SCHEDULE_DELAY: '200',
      },
    });
    const { url } = await app.ready();
    for (const path of ['/one', '/two']) expect(await (await fetch(`${url}${path}`)).text()).toBe(`hello from ${path}`);

    const spans = await collector.waitForSpans((s) => !!find.serverPath(s, '/one') && !!find.serverPath(s, '/two'));
    for (const path of ['/one', '/two']) {
      const span = find.serverPath(spans, path)!;
      expect(span.kind).toBe(SpanKind.SERVER);
      expect(span.attributes).toMatchObject({ 'http.request.method': 'GET', 'url.path': path, 'http.response.status_code': 200 });
      expect(span.resource).toMatchObject({ 'service.name': service, 'telemetry.distro.name': 'clickstack-otel' });
      expect(span.requestHeaders.authorization).toBe(`key-for-${service}`);
      expect(span.encoding).toBe('protobuf');
    }
    // Two separate requests: two separate traces.
    expect(find.serverPath(spans, '/one')!.traceId).not.toBe(find.serverPath(spans, '/two')!.traceId);

    // Once the app stops serving, the process ends by itself (exit 0), flushing the last span.
    await fetch(`${url}/stop`);
    expect(await app.waitForExit(5_000)).toEqual({ code: 0, signal: null });
    expect(collector.spans().some((s) => s.attributes['url.path'] === '/stop')).toBe(true);
    expect(app.output()).not.toContain('[clickstack-otel]');
  });
}

test('one-shot script under --import: the beforeExit flush exports its span and the process exits promptly', async ({ collector, consumer, startNode, serve }) => {
  const target = await serve({});
  const dir = consumer.stage('oneshot.mjs');
  const bare = await bareRunMillis(startNode, `${dir}/oneshot.mjs`, `${target.origin}/api/bare`);
  const started = Date.now();
  const script = startNode({
    script: `${dir}/oneshot.mjs`,
    nodeArgs: ['--import', 'clickstack-otel/register'],
    env: {
      OTEL_SERVICE_NAME: 'oneshot',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      HYPERDX_API_KEY: 'oneshot-key',
      // Far beyond the script's life: only the beforeExit flush can deliver the span.
      OTEL_BSP_SCHEDULE_DELAY: '60000',
      TARGET_URL: `${target.origin}/api/oneshot`,
    },
  });
  expect(await script.waitForExit(EXIT_WAIT_MS)).toEqual({ code: 0, signal: null });
  const elapsed = Date.now() - started;
  expect(script.stdout()).toContain('{"status":200}');
  expect(elapsed, `bare node took ${bare} ms`).toBeLessThan(bare + SLACK_MS);

  // Already there when the process has exited: no waiting needed.
  const span = find.urlEndsWith(collector.spans(), '/api/oneshot');
  expect(span, `spans: ${JSON.stringify(collector.spans().map((s) => s.name))}`).toBeDefined();
  expect(span!.kind).toBe(SpanKind.CLIENT);
  expect(span!.attributes).toMatchObject({ 'http.request.method': 'GET', 'url.full': `${target.origin}/api/oneshot`, 'http.response.status_code': 200 });
  expect(span!.resource['service.name']).toBe('oneshot');
  expect(span!.requestHeaders.authorization).toBe('oneshot-key');
  expect(target.requests().find((r) => r.path === '/api/oneshot')?.headers.traceparent).toBe(`00-${span!.traceId}-${span!.spanId}-01`);
});

for (const collectorState of ['refusing connections', 'never answering'] as const) {
  test(`one-shot script with a collector ${collectorState}: exit is held no longer than the 2 s shutdown bound`, async ({ consumer, startNode, serve }) => {
    // The flush holds the process for at most 2 s, then gives up on the export: sockets and retry
    // timers are unref'd and aborted (this took 8-10 s with OpenTelemetry's exporter).
    const target = await serve({});
    const otlp = await serve({ routes: { '/v1/traces': (req) => req.resume() } });
    if (collectorState === 'refusing connections') await otlp.close();
    const dir = consumer.stage('oneshot.mjs');
    const bare = await bareRunMillis(startNode, `${dir}/oneshot.mjs`, `${target.origin}/api/bare`);
    const started = Date.now();
    const script = startNode({
      script: `${dir}/oneshot.mjs`,
      nodeArgs: ['--import', 'clickstack-otel/register'],
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.origin, OTEL_BSP_SCHEDULE_DELAY: '60000', TARGET_URL: `${target.origin}/api/oneshot` },
    });
    expect(await script.waitForExit(EXIT_WAIT_MS)).toEqual({ code: 0, signal: null });
    // What bare node needs for the same script, plus the 2 s flush bound, plus slack.
    expect(Date.now() - started, `bare node took ${bare} ms`).toBeLessThan(bare + SHUTDOWN_BOUND_MS + SLACK_MS);
    expect(script.stdout()).toContain('{"status":200}');
  });
}
