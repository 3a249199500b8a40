/**
 * Library auto-instrumentation as users get it: express 5 and fastify apps, ESM and CommonJS,
 * under `clickstack-instrument` and `node --import clickstack-otel/register` (CommonJS apps also
under `--require`), with pino and winston
 * logging from the handler. Asserts route-named server spans (`GET /users/:id`, `http.route`),
 * the framework's child spans under them, and exactly one log record per logger call, correlated
 * with the server span's trace.
 */
import { join } from 'node:path';
import { expect, SpanKind, test, type FlatSpan } from '../../fixtures/test';

const bin = (consumerDir: string) => join(consumerDir, 'node_modules', '.bin', 'clickstack-instrument');

interface LogRow {
  body: string;
  traceId: string;
  spanId: string;
  scope: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function flattenLogs(requests: any[]): LogRow[] {
  const rows: LogRow[] = [];
  for (const req of requests)
    for (const rl of req.resourceLogs ?? [])
      for (const sl of rl.scopeLogs ?? [])
        for (const r of sl.logRecords ?? []) rows.push({ body: r.body?.stringValue, traceId: r.traceId, spanId: r.spanId, scope: sl.scope?.name });
  return rows;
}

/** Is `span` below `ancestor` in the trace (any depth)? */
function descendsFrom(spans: FlatSpan[], span: FlatSpan, ancestor: FlatSpan): boolean {
  for (let s: FlatSpan | undefined = span; s; s = spans.find((p) => p.spanId === s!.parentSpanId)) {
    if (s.parentSpanId === ancestor.spanId) return true;
  }
  return false;
}

const APPS = [
  { script: 'express-pino.mjs', framework: 'express', scope: 'clickstack-otel/express', logger: 'pino' },
  { script: 'express-winston.cjs', framework: 'express', scope: 'clickstack-otel/express', logger: 'winston' },
  { script: 'fastify-winston.mjs', framework: 'fastify', scope: '@fastify/otel', logger: 'winston' },
  { script: 'fastify-pino.cjs', framework: 'fastify', scope: '@fastify/otel', logger: 'pino' },
] as const;

for (const app of APPS) {
  const launchers = app.script.endsWith('.cjs') ? (['runner', '--import', '--require'] as const) : (['runner', '--import'] as const);
  for (const launcher of launchers) {
    test(`${app.script} under ${launcher}: route-named server span, ${app.framework} child spans, ${app.logger} records in the trace`, async ({ collector, consumer, startNode }) => {
      const dir = consumer.stage(app.script);
      const env = { OTEL_SERVICE_NAME: `libs-${app.script}`, OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_BSP_SCHEDULE_DELAY: '600000' };
      const proc =
        launcher === 'runner'
          ? startNode({ script: bin(consumer.dir), scriptArgs: [app.script], cwd: dir, env })
          : startNode({ script: app.script, nodeArgs: [launcher, 'clickstack-otel/register'], cwd: dir, env });
      const ready = await proc.ready();
      expect(await (await fetch(`${ready.url}/users/42`)).json()).toEqual({ id: '42' });
      proc.closeStdin();
      expect(await proc.waitForExit(10_000)).toEqual({ code: 0, signal: null });

      const spans = collector.spans();
      const server = spans.find((s) => s.kind === SpanKind.SERVER && s.attributes['url.path'] === '/users/42');
      expect(server, 'the server span was exported').toBeDefined();
      expect(server!.name).toBe('GET /users/:id');
      expect(server!.attributes['http.route']).toBe('/users/:id');
      const children = spans.filter((s) => s.scope.name === app.scope && s.traceId === server!.traceId);
      expect(children.length, `${app.framework} spans in the request's trace`).toBeGreaterThan(0);
      for (const child of children) expect(descendsFrom(spans, child, server!)).toBe(true);
      if (app.framework === 'express') expect(children.map((s) => s.name)).toContain('request handler - /users/:id');

      const records = flattenLogs(collector.logs()).filter((r) => r.body === 'lookup user 42');
      expect(records, 'one record per logger call: no duplicate through console capture').toHaveLength(1);
      expect(records[0]!.traceId).toBe(server!.traceId);
      expect(records[0]!.scope).toContain(app.logger);
      // The logger's own line carries the ids too (pino and winston JSON output).
      expect(proc.stdout()).toContain(`"trace_id":"${server!.traceId}"`);
      expect(proc.stderr()).toBe('');
    });
  }
}

test('OTEL_NODE_DISABLED_INSTRUMENTATIONS switches libraries off by name; unknown names get one message', async ({ collector, consumer, startNode }) => {
  const dir = consumer.stage('express-pino.mjs');
  const proc = startNode({
    script: 'express-pino.mjs',
    nodeArgs: ['--import', 'clickstack-otel/register'],
    cwd: dir,
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_BSP_SCHEDULE_DELAY: '600000',
      OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'express,pino,nosuchlib',
    },
  });
  const ready = await proc.ready();
  await (await fetch(`${ready.url}/users/7`)).text();
  proc.closeStdin();
  expect(await proc.waitForExit(10_000)).toEqual({ code: 0, signal: null });

  const server = collector.spans().find((s) => s.kind === SpanKind.SERVER && s.attributes['url.path'] === '/users/7');
  expect(server, 'http spans stay on').toBeDefined();
  expect(server!.name).toBe('GET');
  expect(server!.attributes['http.route']).toBeUndefined();
  expect(collector.spans().filter((s) => s.scope.name.includes('express'))).toEqual([]);
  expect(flattenLogs(collector.logs()).filter((r) => r.body === 'lookup user 7')).toEqual([]);
  expect(proc.stdout()).not.toContain('trace_id');
  const messages = proc.stderr().split('\n').filter((l) => l.includes('[clickstack-otel]'));
  expect(messages).toHaveLength(1);
  expect(messages[0]).toContain("'nosuchlib'");
});
