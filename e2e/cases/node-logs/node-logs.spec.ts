import { expect, find, test } from '../../fixtures/test';

interface FlatLog {
  severityNumber: number;
  severityText: string;
  body: string;
  traceId: string;
  spanId: string;
  serviceName: string;
  method: string;
}

/** Flattens decoded ExportLogsServiceRequests into one row per record. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function flatten(requests: any[]): FlatLog[] {
  const rows: FlatLog[] = [];
  const str = (attrs: { key: string; value: { stringValue?: string } }[] | undefined, key: string) =>
    attrs?.find((a) => a.key === key)?.value.stringValue ?? '';
  for (const req of requests) {
    for (const rl of req.resourceLogs ?? []) {
      for (const sl of rl.scopeLogs ?? []) {
        for (const r of sl.logRecords ?? []) {
          rows.push({
            severityNumber: r.severityNumber,
            severityText: r.severityText,
            body: r.body?.stringValue,
            traceId: r.traceId,
            spanId: r.spanId,
            serviceName: str(rl.resource?.attributes, 'service.name'),
            method: str(r.attributes, 'console.method'),
          });
        }
      }
    }
  }
  return rows;
}

test('console calls in a request handler arrive as log records of the server span; stdout unchanged', async ({ collector, consumer, startNode }) => {
  const dir = consumer.stage('server.mjs');
  const env = { OTEL_SERVICE_NAME: 'logs-scenario', OTEL_EXPORTER_OTLP_ENDPOINT: collector.url };

  const plain = startNode({ script: `${dir}/server.mjs`, env: { ...env, NO_SDK: '1' } });
  expect(await plain.waitForExit(15_000)).toEqual({ code: 0, signal: null });
  expect(collector.requests(), 'nothing is sent without init()').toHaveLength(0);

  const app = startNode({ script: `${dir}/server.mjs`, env });
  expect(await app.waitForExit(15_000)).toEqual({ code: 0, signal: null });
  expect(app.stdout(), 'stdout is byte-identical with and without the SDK').toBe(plain.stdout());
  expect(app.stdout()).toContain("handling /work?x=1 for { user: 'ada', tags: [ 'a', 'b', [length]: 2 ] }");

  const server = find.serverPath(collector.spans(), '/work');
  expect(server, 'the server span was exported').toBeDefined();
  const records = flatten(collector.logs());
  const inHandler = records.filter((r) => r.spanId === server!.spanId);
  expect(inHandler.map((r) => [r.severityNumber, r.severityText, r.method, r.body])).toEqual([
    [9, 'INFO', 'log', "handling /work?x=1 for { user: 'ada', tags: [ 'a', 'b', [length]: 2 ] }"],
    [13, 'WARN', 'warn', 'slow path taken: 12.5 ms'],
    [9, 'INFO', 'info', 'uses the key none'],
  ]);
  for (const r of inHandler) {
    expect(r.traceId).toBe(server!.traceId);
    expect(r.serviceName).toBe('logs-scenario');
  }
  // debug is below the default capture level; the two logs after the request carry no span.
  expect(records.some((r) => r.body.startsWith('debug detail'))).toBe(false);
  const after = records.filter((r) => r.spanId !== server!.spanId);
  expect(after.map((r) => r.body)).toEqual(["status 200 ok Map(1) { 'k' => 1 } [ 1, 2, 3 ] null undefined", ' styled text Symbol(s) 10n']);
  expect(after.every((r) => !r.traceId && !r.spanId)).toBe(true);
  // Our own exports are not traced, and our own messages are not records.
  expect(records.some((r) => r.body.includes('[clickstack-otel]'))).toBe(false);
});

test('OTEL_LOGS_EXPORTER=none sends no logs, traces still flow', async ({ collector, consumer, startNode }) => {
  const dir = consumer.stage('server.mjs');
  const app = startNode({
    script: `${dir}/server.mjs`,
    env: { OTEL_LOGS_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: collector.url },
  });
  expect(await app.waitForExit(15_000)).toEqual({ code: 0, signal: null });
  expect(find.serverPath(collector.spans(), '/work')).toBeDefined();
  expect(collector.requests().filter((r) => r.path === '/v1/logs')).toHaveLength(0);
  expect(collector.logs()).toHaveLength(0);
});

test('DEBUG=true prints each record readably and never the API key', async ({ collector, consumer, startNode }) => {
  const secret = 'logs-secret-key-123';
  const dir = consumer.stage('server.mjs');
  const app = startNode({
    script: `${dir}/server.mjs`,
    env: { DEBUG: 'true', HYPERDX_API_KEY: secret, OTEL_EXPORTER_OTLP_ENDPOINT: collector.url },
  });
  expect(await app.waitForExit(15_000)).toEqual({ code: 0, signal: null });
  const output = app.output();
  expect(output).toMatch(/debug mode: .*logs=http:\/\/127\.0\.0\.1:\d+\/v1\/logs \(http\/protobuf\) consoleCapture=info and above/);
  expect(output).toMatch(/\[clickstack-otel\] log WARN\(13\) "slow path taken: 12\.5 ms" trace=[0-9a-f]{32} span=[0-9a-f]{16}/);
  // The app printed its key itself (that is its business); our copy of the record hides it.
  expect(output).toContain(`uses the key ${secret}`);
  expect(output).toContain('[clickstack-otel] log INFO(9) "uses the key <redacted>"');
  expect(output.split('\n').filter((l) => l.startsWith('[clickstack-otel]') && l.includes(secret))).toEqual([]);
  // The exported record is untouched and the key was in use.
  const records = flatten(collector.logs());
  expect(records.map((r) => r.body)).toContain(`uses the key ${secret}`);
  expect(collector.requests().find((r) => r.path === '/v1/logs')!.headers.authorization).toBe(secret);
});
