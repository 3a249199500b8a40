import { expect, find, test } from '../../fixtures/test';

/** Longer than any test: only a flush on the signal (or beforeExit) can deliver the spans. */
const NO_SCHEDULED_EXPORT = { OTEL_BSP_SCHEDULE_DELAY: '600000' };

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`${signal} to a server without its own handler: spans are flushed, then the process dies by ${signal}`, async ({ collector, consumer, startNode }) => {
    const dir = consumer.stage('server.mjs');
    const app = startNode({
      script: `${dir}/server.mjs`,
      nodeArgs: ['--import', 'clickstack-otel/register'],
      env: { OTEL_SERVICE_NAME: 'graceful', OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, ...NO_SCHEDULED_EXPORT },
    });
    const { url } = await app.ready();
    expect(await (await fetch(`${url}/before-${signal}`)).text()).toBe(`hello from /before-${signal}`);
    expect(collector.spans()).toHaveLength(0);

    process.kill(app.pid, signal);
    // Exactly what plain node does on an unhandled signal (a shell shows 143 / 130), never code 0.
    expect(await app.waitForExit(5_000)).toEqual({ code: null, signal });
    const span = find.serverPath(collector.spans(), `/before-${signal}`);
    expect(span, 'the span was exported before the process died').toBeDefined();
    expect(span!.resource['service.name']).toBe('graceful');
    expect(app.output()).not.toContain('[clickstack-otel]');
  });
}

test('SIGTERM to a server with its own handler: the handler runs and decides the exit status; spans are flushed', async ({ collector, consumer, startNode }) => {
  const dir = consumer.stage('server.mjs');
  const app = startNode({
    script: `${dir}/server.mjs`,
    nodeArgs: ['--import', 'clickstack-otel/register'],
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, APP_SIGNAL_HANDLER: '1', ...NO_SCHEDULED_EXPORT },
  });
  const { url } = await app.ready();
  await (await fetch(`${url}/handled`)).text();

  process.kill(app.pid, 'SIGTERM');
  await app.waitForOutput(/app handler: draining/);
  // Flushed at the signal, while the app is still draining (not only at its eventual exit).
  await collector.waitForSpans((s) => !!find.serverPath(s, '/handled'));
  expect(app.hasExited()).toBe(false);
  expect(await app.waitForExit(8_000)).toEqual({ code: 7, signal: null });
});

test('SIGTERM with a collector that never answers: the flush is cut off at its bound and the process still dies by SIGTERM', async ({ consumer, startNode, serve }) => {
  const otlp = await serve({ routes: { '/v1/traces': (req) => req.resume() } });
  const dir = consumer.stage('server.mjs');
  const app = startNode({
    script: `${dir}/server.mjs`,
    nodeArgs: ['--import', 'clickstack-otel/register'],
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.origin, ...NO_SCHEDULED_EXPORT },
  });
  const { url } = await app.ready();
  await (await fetch(`${url}/stuck`)).text();
  const sent = Date.now();
  process.kill(app.pid, 'SIGTERM');
  expect(await app.waitForExit(5_000)).toEqual({ code: null, signal: 'SIGTERM' });
  // The export was attempted (so the flush really waited) and given up on after SIGNAL_FLUSH_BOUND_MILLIS (1.5 s).
  expect(otlp.requests().some((r) => r.path === '/v1/traces')).toBe(true);
  expect(Date.now() - sent).toBeLessThan(4_000);
});
