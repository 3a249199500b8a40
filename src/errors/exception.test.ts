import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeException, MAX_EXCEPTION_MESSAGE_CHARS, recordException } from './exception';

describe('describeException', () => {
  it('reads Errors, subclasses and error-like objects', () => {
    const e = new TypeError('bad input');
    expect(describeException(e)).toEqual({ type: 'TypeError', message: 'bad input', stacktrace: e.stack });
    class CartError extends Error {}
    expect(describeException(new CartError('x')).type).toBe('Error'); // name is inherited, as Node prints it
    expect(describeException({ name: 'AbortError', message: 'stopped' })).toEqual({ type: 'AbortError', message: 'stopped' });
  });

  it('accepts anything that can be thrown', () => {
    expect(describeException('plain')).toEqual({ type: 'string', message: 'plain' });
    expect(describeException(42)).toEqual({ type: 'number', message: '42' });
    expect(describeException(null)).toEqual({ type: 'null', message: 'null' });
    expect(describeException(undefined)).toEqual({ type: 'undefined', message: 'undefined' });
    expect(describeException({ code: 7 })).toEqual({ type: 'Object', message: '{"code":7}' });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(describeException(cyclic)).toEqual({ type: 'Object', message: '[object Object]' });
  });

  it('never throws on hostile values and caps the message', () => {
    const hostile = new Proxy({}, { get: () => { throw new Error('trap'); } });
    expect(describeException(hostile)).toEqual({ type: 'unknown', message: '(the thrown value could not be read)' });
    const long = describeException(new Error('x'.repeat(MAX_EXCEPTION_MESSAGE_CHARS + 10)));
    expect(long.message).toHaveLength(MAX_EXCEPTION_MESSAGE_CHARS + 1);
  });
});

describe('recordException', () => {
  let spans: InMemorySpanExporter;
  let records: InMemoryLogRecordExporter;
  let tracerProvider: BasicTracerProvider;
  let loggerProvider: LoggerProvider;

  beforeEach(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    spans = new InMemorySpanExporter();
    records = new InMemoryLogRecordExporter();
    tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
    trace.setGlobalTracerProvider(tracerProvider);
    loggerProvider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter: records })] });
    logs.setGlobalLoggerProvider(loggerProvider);
  });

  afterEach(async () => {
    await Promise.all([tracerProvider.shutdown(), loggerProvider.shutdown()]);
    trace.disable();
    logs.disable();
    context.disable();
  });

  it('adds an exception event to the active span and emits a correlated ERROR record', () => {
    const error = new RangeError('out of range');
    trace.getTracer('t').startActiveSpan('work', (span) => {
      recordException(error, { 'order.id': 'o1', bad: { nested: true } as never });
      span.end();
    });
    const [span] = spans.getFinishedSpans();
    const expected = { 'order.id': 'o1', 'exception.type': 'RangeError', 'exception.message': 'out of range', 'exception.stacktrace': error.stack };
    expect(span!.events.map((e) => [e.name, e.attributes])).toEqual([['exception', expected]]);
    const [record] = records.getFinishedLogRecords();
    expect(record).toMatchObject({ severityText: 'ERROR', severityNumber: 17, body: 'RangeError: out of range', attributes: expected });
    expect(record!.spanContext).toMatchObject({ traceId: span!.spanContext().traceId, spanId: span!.spanContext().spanId });
  });

  it('outside any span, records on an ERROR span of its own (component=error) and joins the log record to it; never throws even when the pipeline does', () => {
    recordException(new TypeError('no span'), { 'clickstack.exception.source': 'window.error' });
    const [own] = spans.getFinishedSpans();
    expect(own!.name).toBe('TypeError');
    expect(own!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'no span' });
    expect(own!.attributes).toEqual({ 'clickstack.exception.source': 'window.error', component: 'error', 'error.message': 'no span' });
    expect(own!.events.map((e) => [e.name, e.attributes?.['exception.type'], e.attributes?.['exception.message']])).toEqual([['exception', 'TypeError', 'no span']]);
    expect(typeof own!.events[0]!.attributes?.['exception.stacktrace']).toBe('string');
    expect(records.getFinishedLogRecords().map((r) => [r.body, r.spanContext?.spanId])).toEqual([['TypeError: no span', own!.spanContext().spanId]]);
    const failing = new LoggerProvider({ processors: [{ onEmit: () => { throw new Error('processor broke'); }, forceFlush: async () => {}, shutdown: async () => {} }] });
    logs.disable();
    logs.setGlobalLoggerProvider(failing);
    expect(() => recordException(new Error('x'))).not.toThrow();
  });

  it('drops a recursive call made while recording', () => {
    let inner = 0;
    logs.disable();
    logs.setGlobalLoggerProvider(
      new LoggerProvider({
        processors: [{ onEmit: () => { inner++; recordException(new Error('from inside')); }, forceFlush: async () => {}, shutdown: async () => {} }],
      }),
    );
    recordException(new Error('outer'));
    expect(inner).toBe(1);
  });
});
