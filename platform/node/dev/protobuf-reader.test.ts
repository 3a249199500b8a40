import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { decodeOtlpProtobuf, type OtlpSignal } from './protobuf-reader';

// OpenTelemetry's own generated protobufjs types (devDependency `otlp-proto-types`) are the
// reference encoder and decoder: whatever they write, ours must read back as their toObject does.
const require = createRequire(import.meta.url);
const rootPath = require.resolve('otlp-proto-types/build/src/generated/root.js');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const proto = (require(rootPath) as any).opentelemetry.proto;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const Long = (createRequire(rootPath)('protobufjs/minimal') as any).util.Long;
const TYPES = {
  traces: proto.collector.trace.v1.ExportTraceServiceRequest,
  logs: proto.collector.logs.v1.ExportLogsServiceRequest,
  metrics: proto.collector.metrics.v1.ExportMetricsServiceRequest,
};
const HEX_KEYS = new Set(['traceId', 'spanId', 'parentSpanId']);

/** protobufjs toObject, with OTLP/JSON's one exception: ids as hex instead of base64. */
function reference(value: unknown, key = ''): unknown {
  if (typeof value === 'string' && HEX_KEYS.has(key)) return Buffer.from(value, 'base64').toString('hex');
  if (Array.isArray(value)) return value.map((v) => reference(v, key));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reference(v, k)]));
  return value;
}

function roundTrip(signal: OtlpSignal, object: Record<string, unknown>) {
  const Type = TYPES[signal];
  const message = Type.fromObject(object);
  expect(Type.verify(message)).toBeNull();
  const bytes: Uint8Array = Type.encode(message).finish();
  const expected = reference(Type.toObject(Type.decode(bytes), { longs: String, enums: Number, bytes: String, defaults: false }));
  const actual = decodeOtlpProtobuf(signal, bytes);
  expect(actual).toEqual(expected);
  return actual;
}

const id = (hex: string) => Buffer.from(hex, 'hex');
const resource = {
  attributes: [
    { key: 'service.name', value: { stringValue: 'checkout' } },
    { key: 'neg', value: { intValue: Long.fromString('-42') } },
    { key: 'big', value: { intValue: Long.fromString('-9223372036854775808') } },
    { key: 'max', value: { intValue: Long.fromString('9223372036854775807') } },
    { key: 'pi', value: { doubleValue: 3.14159 } },
    { key: 'negd', value: { doubleValue: -0.5 } },
    { key: 'ok', value: { boolValue: true } },
    { key: 'no', value: { boolValue: false } },
    { key: 'raw', value: { bytesValue: Buffer.from([0, 1, 2, 255]) } },
    {
      key: 'nested',
      value: {
        arrayValue: {
          values: [
            { stringValue: 'a' },
            { arrayValue: { values: [{ intValue: 1 }, { doubleValue: 2.5 }, { kvlistValue: { values: [{ key: 'deep', value: { stringValue: 'x' } }] } }] } },
            { kvlistValue: { values: [{ key: 'k', value: { arrayValue: { values: [{ boolValue: true }] } } }, { key: 'empty', value: {} }] } },
          ],
        },
      },
    },
    { key: 'ünïcode ✓', value: { stringValue: '日本語 🚀' } },
  ],
  droppedAttributesCount: 3,
};
const scope = { name: 'scope', version: '1.2.3', attributes: [{ key: 's', value: { stringValue: 'v' } }], droppedAttributesCount: 1 };

describe('decodeOtlpProtobuf', () => {
  it('decodes a trace request like protobufjs, with hex ids and decimal-string times', () => {
    const out = roundTrip('traces', {
      resourceSpans: [
        {
          resource,
          schemaUrl: 'https://opentelemetry.io/schemas/1.21.0',
          scopeSpans: [
            {
              scope,
              schemaUrl: 'x',
              spans: [
                {
                  traceId: id('0af7651916cd43dd8448eb211c80319c'),
                  spanId: id('b7ad6b7169203331'),
                  parentSpanId: id('00f067aa0ba902b7'),
                  traceState: 'a=b',
                  flags: 257,
                  name: 'GET /api',
                  kind: 2,
                  startTimeUnixNano: Long.fromString('1764860000123456789', true),
                  endTimeUnixNano: Long.fromString('18446744073709551615', true),
                  attributes: [{ key: 'http.response.status_code', value: { intValue: 200 } }],
                  droppedAttributesCount: 1,
                  events: [{ timeUnixNano: Long.fromString('1764860000123456790', true), name: 'exception', attributes: [{ key: 'exception.message', value: { stringValue: 'boom' } }], droppedAttributesCount: 2 }],
                  droppedEventsCount: 4,
                  links: [{ traceId: id('11111111111111111111111111111111'), spanId: id('2222222222222222'), traceState: 'c=d', attributes: [], droppedAttributesCount: 0, flags: 1 }],
                  droppedLinksCount: 5,
                  status: { code: 2, message: 'failed' },
                },
                { traceId: id('0af7651916cd43dd8448eb211c80319c'), spanId: id('c7ad6b7169203331'), name: 'root', kind: 1 },
              ],
            },
          ],
        },
      ],
    });
    const span = (out as any).resourceSpans[0].scopeSpans[0].spans[0];
    expect(span.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(span.endTimeUnixNano).toBe('18446744073709551615');
    expect((out as any).resourceSpans[0].resource.attributes[1].value).toEqual({ intValue: '-42' });
    expect((out as any).resourceSpans[0].resource.attributes[8].value).toEqual({ bytesValue: 'AAEC/w==' });
  });

  it('decodes a logs request like protobufjs', () => {
    const out = roundTrip('logs', {
      resourceLogs: [
        {
          resource,
          scopeLogs: [
            {
              scope,
              logRecords: [
                {
                  timeUnixNano: Long.fromString('1764860000123456789', true),
                  observedTimeUnixNano: Long.fromString('1764860000123456799', true),
                  severityNumber: 17,
                  severityText: 'ERROR',
                  body: { kvlistValue: { values: [{ key: 'msg', value: { stringValue: 'hi' } }] } },
                  attributes: [{ key: 'n', value: { intValue: Long.fromString('-1') } }],
                  droppedAttributesCount: 2,
                  flags: 1,
                  traceId: id('0af7651916cd43dd8448eb211c80319c'),
                  spanId: id('b7ad6b7169203331'),
                },
                { body: { stringValue: 'plain' }, severityNumber: 9 },
              ],
            },
          ],
        },
      ],
    });
    expect((out as any).resourceLogs[0].scopeLogs[0].logRecords[1]).toEqual({ body: { stringValue: 'plain' }, severityNumber: 9 });
  });

  it('decodes every metric type like protobufjs', () => {
    const t = (s: string) => Long.fromString(s, true);
    const attrs = [{ key: 'route', value: { stringValue: '/a' } }];
    const exemplar = { filteredAttributes: attrs, timeUnixNano: t('5'), asInt: Long.fromString('-7'), spanId: id('b7ad6b7169203331'), traceId: id('0af7651916cd43dd8448eb211c80319c') };
    const out = roundTrip('metrics', {
      resourceMetrics: [
        {
          resource,
          scopeMetrics: [
            {
              scope,
              metrics: [
                { name: 'g', description: 'gauge', unit: '1', gauge: { dataPoints: [{ attributes: attrs, startTimeUnixNano: t('1'), timeUnixNano: t('2'), asDouble: -1.25, exemplars: [{ ...exemplar, asInt: undefined, asDouble: 0.5 }], flags: 1 }] } },
                { name: 's', sum: { dataPoints: [{ timeUnixNano: t('2'), asInt: Long.fromString('-123456789012') , exemplars: [exemplar] }], aggregationTemporality: 2, isMonotonic: true } },
                {
                  name: 'h',
                  unit: 'ms',
                  histogram: {
                    dataPoints: [{ attributes: attrs, startTimeUnixNano: t('1'), timeUnixNano: t('2'), count: t('6'), sum: 12.5, bucketCounts: [t('1'), t('0'), t('5')], explicitBounds: [0, 2.5], min: -1, max: 9.75, flags: 0 }],
                    aggregationTemporality: 1,
                  },
                },
                {
                  name: 'eh',
                  exponentialHistogram: {
                    dataPoints: [{ count: t('10'), sum: 3, scale: -3, zeroCount: t('2'), positive: { offset: -5, bucketCounts: [t('1'), t('2')] }, negative: { offset: 7, bucketCounts: [t('3')] }, flags: 1, min: 0.1, max: 100, zeroThreshold: 0.001 }],
                    aggregationTemporality: 2,
                  },
                },
                { name: 'sm', summary: { dataPoints: [{ timeUnixNano: t('2'), count: t('3'), sum: 4.5, quantileValues: [{ quantile: 0.5, value: 1 }, { quantile: 0.99, value: 3 }], flags: 0 }] } },
              ],
            },
          ],
        },
      ],
    });
    const metrics = (out as any).resourceMetrics[0].scopeMetrics[0].metrics;
    expect(metrics[1].sum.dataPoints[0].asInt).toBe('-123456789012');
    expect(metrics[2].histogram.dataPoints[0].bucketCounts).toEqual(['1', '0', '5']);
    expect(metrics[3].exponentialHistogram.dataPoints[0].positive).toEqual({ offset: -5, bucketCounts: ['1', '2'] });
  });

  it('reads what the OpenTelemetry SDK exporter writes (unpacked and packed repeated, unknown fields skipped)', () => {
    // field 1 (resourceSpans) containing field 99 (unknown varint) — skipped, not an error.
    const bytes = Uint8Array.from([0x0a, 0x03, 0x98, 0x06, 0x01]);
    expect(decodeOtlpProtobuf('traces', bytes)).toEqual({ resourceSpans: [{}] });
  });

  it('throws on truncated input instead of returning partial data', () => {
    const Type = TYPES.traces;
    const bytes: Uint8Array = Type.encode(Type.fromObject({ resourceSpans: [{ resource }] })).finish();
    expect(() => decodeOtlpProtobuf('traces', bytes.subarray(0, bytes.length - 3))).toThrow(/truncated/);
  });
});
