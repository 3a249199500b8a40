import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { JsonLogsSerializer, JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, InMemoryLogRecordExporter, LoggerProvider } from '@opentelemetry/sdk-logs';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type Collector } from '../../e2e/fixtures/collector.mjs';
import { jsonLogSerializer, jsonSpanSerializer, nanos } from './otlp-json';

const resource = resourceFromAttributes({ 'service.name': 'enc', 'deployment.environment': 'test', n: 3, f: 1.5, ok: true });

function varietyOfSpans(): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('scope-a', '1.2.3');
  const other = provider.getTracer('scope-b');
  const root = tracer.startSpan('root', {
    kind: SpanKind.SERVER,
    attributes: { s: 'x', i: 42, big: 2 ** 40, d: 0.25, neg: -7, b: false, arr: ['a', 'b'], nums: [1, 2.5], bools: [true], empty: '' },
    startTime: [1_700_000_000, 5],
  });
  root.addEvent('evt', { k: 'v' }, [1_700_000_000, 999_999_999]);
  root.addEvent('bare', [1_700_000_001, 0]);
  root.recordException(new TypeError('boom'));
  root.setStatus({ code: SpanStatusCode.ERROR, message: 'failed' });
  const child = tracer.startSpan('child', { kind: SpanKind.CLIENT }, trace.setSpan(context.active(), root));
  child.addLink({ context: { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1, isRemote: true }, attributes: { l: 1 } });
  child.addLink({ context: { traceId: 'c'.repeat(32), spanId: 'd'.repeat(16), traceFlags: 0 } });
  child.setStatus({ code: SpanStatusCode.OK });
  child.end([1_700_000_002, 1]);
  const remoteParent = trace.setSpanContext(context.active(), {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    traceFlags: 1,
    isRemote: true,
  });
  other.startSpan('under-remote', { kind: SpanKind.PRODUCER }, remoteParent).end();
  other.startSpan('consumer', { kind: SpanKind.CONSUMER }).end();
  tracer.startSpan('internal').end();
  root.end([1_700_000_003, 0]);
  return exporter.getFinishedSpans();
}

const parse = (bytes: Uint8Array | undefined) => JSON.parse(new TextDecoder().decode(bytes));

describe('OTLP/JSON encoder', () => {
  let collector: Collector;
  beforeAll(async () => {
    collector = await startCollector();
  });
  afterAll(() => collector.close());

  it('encodes spans exactly as otlp-transformer does', () => {
    const spans = varietyOfSpans();
    expect(spans).toHaveLength(5);
    expect(parse(jsonSpanSerializer.serializeRequest(spans))).toEqual(parse(JsonTraceSerializer.serializeRequest(spans)));
  });

  it('escapes and writes awkward values exactly as otlp-transformer does', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const odd = 'quote " backslash \\ newline \n tab \t nul \u0000 line-sep \u2028 snow ☃ face 😀 lone \ud800 end';
    const span = provider.getTracer('s"cope', 'v\\1').startSpan(odd, {
      attributes: { [odd]: odd, 'k\u0001': 1, nan: NaN, inf: Infinity, negZero: -0, huge: 1e21, tiny: 5e-324, list: [odd, 'x'], holes: ['a', null, 'b'] },
    });
    span.setStatus({ code: SpanStatusCode.ERROR, message: odd });
    span.addEvent(odd, { [odd]: [1.5, 2] });
    span.end();
    const spans = exporter.getFinishedSpans();
    expect(parse(jsonSpanSerializer.serializeRequest(spans))).toEqual(parse(JsonTraceSerializer.serializeRequest(spans)));
  });

  it('encodes log records exactly as otlp-transformer does', async () => {
    const exporter = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({ resource, processors: [new BatchLogRecordProcessor({ exporter })] });
    const logger = provider.getLogger('logs-scope', '0.1');
    logger.emit({ body: 'hello', severityNumber: 9, severityText: 'INFO', attributes: { a: 1, list: ['x'] } });
    logger.emit({ body: { nested: { ok: true }, n: 1.5 }, timestamp: 1_700_000_000_123, eventName: 'ev' });
    const span = trace.wrapSpanContext({ traceId: 'e'.repeat(32), spanId: 'f'.repeat(16), traceFlags: 1 });
    logger.emit({ body: 7, context: trace.setSpan(context.active(), span) });
    logger.emit({ body: { bytes: new Uint8Array([0, 255, 34, 92]), list: [1, 'two', { three: [true] }], 'k"ey': null } as never, severityText: 'W"ARN' });
    await provider.forceFlush();
    const records = exporter.getFinishedLogRecords();
    expect(records).toHaveLength(4);
    expect(parse(jsonLogSerializer.serializeRequest(records))).toEqual(parse(JsonLogsSerializer.serializeRequest(records)));
  });

  it('is accepted by the real receiver, which decodes the same spans as from otlp-transformer', async () => {
    const spans = varietyOfSpans();
    const post = (body: Uint8Array | undefined) =>

      fetch(`${collector.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.from(body!) });
    collector.clear();
    expect((await post(jsonSpanSerializer.serializeRequest(spans))).status).toBe(200);
    const ours = collector.spans();
    collector.clear();
    expect((await post(JsonTraceSerializer.serializeRequest(spans))).status).toBe(200);
    expect(ours).toHaveLength(5);
    expect(ours).toEqual(collector.spans());
    expect(collector.errors()).toEqual([]);
  });

  it('writes nanoseconds exactly, past 2^53', () => {
    expect(nanos([1_700_000_000, 123])).toBe('1700000000000000123');
    expect(nanos([0, 42])).toBe('42');
    expect(nanos([5, 0])).toBe('5000000000');
  });
});
