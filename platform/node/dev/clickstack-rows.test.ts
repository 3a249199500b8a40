import { describe, expect, it } from 'vitest';
import { anyValueAsString, hexId, logRows, metricRows, traceRows } from './clickstack-rows';
import { clickStackLogTransform } from './clickstack-log-transform';

const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }, { key: 'rum.sessionId', value: { stringValue: 's1' } }] };

describe('pcommon AsString', () => {
  it('writes every attribute type the way the collector stores it', () => {
    expect(anyValueAsString({ intValue: '200' })).toBe('200');
    expect(anyValueAsString({ intValue: 9007199254740993 as unknown as string })).toBe('9007199254740992');
    expect(anyValueAsString({ intValue: '9007199254740993' })).toBe('9007199254740993');
    expect(anyValueAsString({ boolValue: false })).toBe('false');
    expect(anyValueAsString({ doubleValue: 1 })).toBe('1');
    expect(anyValueAsString({ doubleValue: 0.1 })).toBe('0.1');
    expect(anyValueAsString({ doubleValue: 1e21 })).toBe('1e+21');
    expect(anyValueAsString({ doubleValue: 1e-7 })).toBe('1e-7');
    expect(anyValueAsString({ doubleValue: -0 })).toBe('-0');
    expect(anyValueAsString({ arrayValue: { values: [{ stringValue: 'application/json' }, { intValue: '2' }] } })).toBe('["application/json",2]');
    expect(anyValueAsString({ kvlistValue: { values: [{ key: 'b', value: { stringValue: '<x>' } }, { key: 'a', value: { doubleValue: 1.5 } }] } })).toBe(
      '{"a":1.5,"b":"\\u003cx\\u003e"}',
    );
    expect(anyValueAsString({ bytesValue: 'AQID' })).toBe('AQID');
    expect(anyValueAsString({})).toBe('');
  });

  it('ids: lowercase hex, base64 decoded, all-zero empty', () => {
    expect(hexId('0AF7651916CD43DD8448EB211C80319C')).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(hexId(Buffer.from('0af7651916cd43dd8448eb211c80319c', 'hex').toString('base64'))).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(hexId('0000000000000000')).toBe('');
    expect(hexId(undefined)).toBe('');
  });
});

describe('rows', () => {
  it('a span: start time, ns duration, kind and status as pdata String(), events and links', () => {
    const { otel_traces } = traceRows({
      resourceSpans: [
        {
          resource,
          scopeSpans: [
            {
              scope: { name: 'clickstack-otel', version: '1.0.0' },
              spans: [
                {
                  traceId: '0af7651916cd43dd8448eb211c80319c',
                  spanId: 'b7ad6b7169203331',
                  parentSpanId: '',
                  name: 'GET',
                  kind: 3,
                  startTimeUnixNano: '1764882000123456789',
                  endTimeUnixNano: '1764882000223456789',
                  attributes: [{ key: 'http.status_code', value: { intValue: 500 } }],
                  status: { code: 'STATUS_CODE_ERROR', message: 'boom' },
                  events: [{ name: 'exception', timeUnixNano: '1764882000200000000', attributes: [{ key: 'exception.type', value: { stringValue: 'TypeError' } }] }],
                  links: [{ traceId: 'ffeeddccbbaa99887766554433221100', spanId: '0102030405060708' }],
                },
              ],
            },
          ],
        },
      ],
    });
    expect(otel_traces).toEqual([
      expect.objectContaining({
        Timestamp: '2025-12-04T21:00:00.123456789Z',
        ParentSpanId: '',
        SpanKind: 'Client',
        ServiceName: 'svc',
        ScopeName: 'clickstack-otel',
        SpanAttributes: { 'http.status_code': '500' },
        Duration: '100000000',
        StatusCode: 'Error',
        StatusMessage: 'boom',
        'Events.Name': ['exception'],
        'Events.Timestamp': ['2025-12-04T21:00:00.200000000Z'],
        'Events.Attributes': [{ 'exception.type': 'TypeError' }],
        'Links.TraceId': ['ffeeddccbbaa99887766554433221100'],
        'Links.SpanId': ['0102030405060708'],
      }),
    ]);
  });

  it('logs: replay records go to hyperdx_sessions untouched, others through the transform', () => {
    const { otel_logs, hyperdx_sessions } = logRows({
      resourceLogs: [
        {
          resource,
          scopeLogs: [
            {
              scope: { name: 'rum.rr-web' },
              logRecords: [
                { timeUnixNano: '1764882000000000000', body: { stringValue: '{"type":2}' }, attributes: [{ key: 'rr-web.event', value: { intValue: '2' } }] },
                { observedTimeUnixNano: '1764882001000000000', severityText: 'WARN', severityNumber: 13, body: { stringValue: 'slow' }, traceId: 'AAECAwQFBgcICQoLDA0ODw==' },
              ],
            },
          ],
        },
      ],
    });
    expect(hyperdx_sessions).toEqual([expect.objectContaining({ Body: '{"type":2}', LogAttributes: { 'rr-web.event': '2' }, SeverityText: '' })]);
    expect(hyperdx_sessions![0]).not.toHaveProperty('EventName');
    expect(otel_logs).toEqual([expect.objectContaining({ Timestamp: '2025-12-04T21:00:01.000000000Z', SeverityText: 'warn', SeverityNumber: 13, TraceId: '000102030405060708090a0b0c0d0e0f', EventName: '' })]);
  });

  it('the transform: JSON body into attributes, flattening, severity inference, lowercase text', () => {
    const t = clickStackLogTransform({
      body: { stringValue: 'request done {"status":200,"user":{"id":"u1"}} trailing' },
      attributes: [{ key: 'tags', value: { arrayValue: { values: [{ stringValue: 'a' }] } } }],
    });
    expect(t.attributes).toEqual([
      { key: 'tags.0', value: { stringValue: 'a' } },
      { key: 'status', value: { doubleValue: 200 } },
      { key: 'user.id', value: { stringValue: 'u1' } },
    ]);
    expect([t.severityNumber, t.severityText]).toEqual([9, 'info']);
    expect(clickStackLogTransform({ body: { stringValue: 'Error: connection refused' } })).toMatchObject({ severityNumber: 17, severityText: 'error' });
    expect(clickStackLogTransform({ attributes: [{ key: 'level', value: { stringValue: 'WARNING' } }] })).toMatchObject({ severityNumber: 13, severityText: 'warning' });
    expect(clickStackLogTransform({ severityNumber: 9, severityText: 'INFO', body: { stringValue: 'error in text' } })).toMatchObject({ severityNumber: 9, severityText: 'info' });
  });

  it('metrics: one row per point in the table of its type, TimeUnix in seconds', () => {
    const out = metricRows({
      resourceMetrics: [
        {
          resource,
          scopeMetrics: [
            {
              metrics: [
                { name: 'g', gauge: { dataPoints: [{ timeUnixNano: '1764882000900000000', asInt: '3' }] } },
                { name: 's', sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [{ timeUnixNano: '1764882000000000000', asDouble: 1.5 }] } },
                { name: 'h', histogram: { aggregationTemporality: 1, dataPoints: [{ count: '2', sum: 3, bucketCounts: ['1', '1'], explicitBounds: [1] }] } },
              ],
            },
          ],
        },
      ],
    });
    expect(out.otel_metrics_gauge).toEqual([expect.objectContaining({ MetricName: 'g', Value: 3, TimeUnix: '2025-12-04T21:00:00Z', ServiceName: 'svc' })]);
    expect(out.otel_metrics_sum).toEqual([expect.objectContaining({ Value: 1.5, AggregationTemporality: 2, IsMonotonic: true })]);
    expect(out.otel_metrics_histogram).toEqual([expect.objectContaining({ Count: '2', BucketCounts: ['1', '1'], ExplicitBounds: [1], AggregationTemporality: 1 })]);
  });
});
