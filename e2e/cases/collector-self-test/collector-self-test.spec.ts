/**
 * The receiver the other cases trust: logs and metrics (which later cases will need) decode to the
 * same objects from OTLP/JSON and protobuf, and malformed exports are rejected, not stored.
 * Payloads come from OpenTelemetry's own serializers: the otlp-transformer that the SDK's
 * exporter uses (otlp-proto-types' 0.57 serializers need core 1.x and cannot run here).
 */
import { createRequire } from 'node:module';
import { expect, test, type Collector } from '../../fixtures/test';

const require = createRequire(import.meta.url);
const otlp = require('@opentelemetry/otlp-transformer');

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const SPAN_ID = 'b7ad6b7169203331';
const resource = { attributes: { 'service.name': 'self-test', 'host.count': 2 } };

const logRecords = [
  {
    resource,
    instrumentationScope: { name: 'self-test-logger', version: '1.0.0' },
    hrTime: [1_700_000_000, 5],
    hrTimeObserved: [1_700_000_000, 6],
    severityNumber: 9,
    severityText: 'INFO',
    body: 'hello log',
    attributes: { 'user.count': 3, ok: true, tags: ['a', 'b'] },
    droppedAttributesCount: 0,
    spanContext: { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1 },
  },
];

const resourceMetrics = {
  resource,
  scopeMetrics: [
    {
      scope: { name: 'self-test-meter', version: '1.0.0' },
      metrics: [
        {
          descriptor: { name: 'requests', description: 'handled requests', unit: '{request}', valueType: 0 },
          dataPointType: 3, // SUM
          aggregationTemporality: 1, // the SDK's CUMULATIVE, which is 2 in OTLP
          isMonotonic: true,
          dataPoints: [{ startTime: [1_700_000_000, 0], endTime: [1_700_000_001, 0], attributes: { route: '/x' }, value: 42 }],
        },
      ],
    },
  ],
};

async function post(collector: Collector, path: string, contentType: string, body: Uint8Array | string) {
  const res = await fetch(`${collector.url}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : new Uint8Array(body) });
  await res.arrayBuffer();
  return res.status;
}

test('logs and metrics decode to the same objects from OTLP/JSON and protobuf', async ({ collector }) => {
  expect(await post(collector, '/v1/logs', 'application/json', otlp.JsonLogsSerializer.serializeRequest(logRecords))).toBe(200);
  expect(await post(collector, '/v1/logs', 'application/x-protobuf', otlp.ProtobufLogsSerializer.serializeRequest(logRecords))).toBe(200);
  expect(await post(collector, '/v1/metrics', 'application/json', otlp.JsonMetricsSerializer.serializeRequest(resourceMetrics))).toBe(200);
  expect(await post(collector, '/v1/metrics', 'application/x-protobuf', otlp.ProtobufMetricsSerializer.serializeRequest(resourceMetrics))).toBe(200);
  expect(collector.errors()).toEqual([]);

  const [jsonLogs, protoLogs] = collector.logs();
  expect(jsonLogs).toEqual(protoLogs);
  const log = jsonLogs.resourceLogs[0].scopeLogs[0].logRecords[0];
  expect(log).toMatchObject({
    timeUnixNano: '1700000000000000005',
    severityNumber: 9,
    body: { stringValue: 'hello log' },
    traceId: TRACE_ID,
    spanId: SPAN_ID,
  });
  expect(jsonLogs.resourceLogs[0].scopeLogs[0].scope).toMatchObject({ name: 'self-test-logger', version: '1.0.0' });

  const [jsonMetrics, protoMetrics] = collector.metrics();
  expect(jsonMetrics).toEqual(protoMetrics);
  const metric = jsonMetrics.resourceMetrics[0].scopeMetrics[0].metrics[0];
  expect(metric).toMatchObject({ name: 'requests', unit: '{request}', sum: { aggregationTemporality: 2, isMonotonic: true } });
  expect(metric.sum.dataPoints[0]).toMatchObject({ asInt: '42', timeUnixNano: '1700000001000000000' });
  expect(collector.spans()).toEqual([]);
});

test('malformed exports are rejected and CORS preflights are answered', async ({ collector }) => {
  const span = (extra: object) =>
    JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: TRACE_ID, spanId: SPAN_ID, name: 'n', kind: 2, startTimeUnixNano: '1', endTimeUnixNano: '2000001', ...extra }] }] }] });
  expect(await post(collector, '/v1/traces', 'application/json', span({}))).toBe(200);
  expect(await post(collector, '/v1/traces', 'application/json', span({ kind: 'SERVER' }))).toBe(400);
  expect(await post(collector, '/v1/traces', 'application/json', span({ spanId: 'not-hex' }))).toBe(400);
  expect(await post(collector, '/v1/traces', 'application/x-protobuf', 'not protobuf')).toBe(400);
  expect(await post(collector, '/v1/traces', 'text/plain', '{}')).toBe(415);
  expect(collector.errors()).toHaveLength(4);
  const [stored] = collector.spans();
  expect(collector.spans()).toHaveLength(1);
  expect(stored).toMatchObject({ traceId: TRACE_ID, spanId: SPAN_ID, parentSpanId: '', kind: 2, durationMs: 2, encoding: 'json' });

  const preflight = await fetch(`${collector.url}/v1/traces`, {
    method: 'OPTIONS',
    headers: { origin: 'http://127.0.0.1:1', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization, x-extra' },
  });
  expect(preflight.status).toBe(204);
  expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
  expect(preflight.headers.get('access-control-allow-headers')?.split(', ')).toEqual(
    expect.arrayContaining(['content-type', 'authorization', 'traceparent', 'tracestate', 'baggage', 'x-extra']),
  );
});
