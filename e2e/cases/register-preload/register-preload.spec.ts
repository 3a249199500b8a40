import { expect, find, SpanKind, test, type NodeProcess } from '../../fixtures/test';

const cases = [
  { script: 'app.mjs', flag: '--import' },
  { script: 'app.cjs', flag: '--require' },
];

/** SHUTDOWN_TIMEOUT_MILLIS: the longest the SDK may hold a process that is done. */
const SHUTDOWN_BOUND_MS = 2_000;

/**
 * How long the process lived after the script's own work was done (its status line), so Node's
 * start-up time, which varies a lot on a busy machine, is not counted. Also checks a clean exit.
 */
async function exitHold(script: NodeProcess): Promise<number> {
  await script.waitForOutput(/\{"status":200\}/, 15_000);
  const done = Date.now();
  expect(await script.waitForExit(15_000)).toEqual({ code: 0, signal: null });
  return Date.now() - done;
}

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
  const held = await exitHold(script);
  // The flush is one quick export: well inside the 2 s bound, not the 60 s schedule delay.
  expect(held).toBeLessThan(SHUTDOWN_BOUND_MS);

  // Already there when the process has exited: no waiting needed.
  const span = find.urlEndsWith(collector.spans(), '/api/oneshot');
  expect(span, `spans: ${JSON.stringify(collector.spans().map((s) => s.name))}`).toBeDefined();
  expect(span!.kind).toBe(SpanKind.CLIENT);
  expect(span!.attributes).toMatchObject({ 'http.request.method': 'GET', 'url.full': `${target.origin}/api/oneshot`, 'http.response.status_code': 200 });
  expect(span!.resource['service.name']).toBe('oneshot');
  expect(span!.requestHeaders.authorization).toBe('oneshot-key');
  expect(target.requests()[0]?.headers.traceparent).toBe(`00-${span!.traceId}-${span!.spanId}-01`);
});

for (const collectorState of ['refusing connections', 'never answering'] as const) {
  test(`one-shot script with a collector ${collectorState}: exit is held no longer than the 2 s shutdown bound`, async ({ consumer, startNode, serve }) => {
    // The flush holds the process for at most 2 s, then gives up on the export: sockets and retry
    // timers are unref'd and aborted (this took 8-10 s with OpenTelemetry's exporter).
    const target = await serve({});
    const otlp = await serve({ routes: { '/v1/traces': (req) => req.resume() } });
    if (collectorState === 'refusing connections') await otlp.close();
    const dir = consumer.stage('oneshot.mjs');
    const script = startNode({
      script: `${dir}/oneshot.mjs`,
      nodeArgs: ['--import', 'clickstack-otel/register'],
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.origin, OTEL_BSP_SCHEDULE_DELAY: '60000', TARGET_URL: `${target.origin}/api/oneshot` },
    });
    // The 2 s bound, plus generous slack for a loaded machine (timers and process teardown lag);
    // still far from the 10-11 s an export's retry cycle holds the process without the bound.
    expect(await exitHold(script)).toBeLessThan(SHUTDOWN_BOUND_MS + 3_000);
  });
}
