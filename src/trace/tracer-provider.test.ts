import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags, type Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { suppressTracing } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  SamplingDecision,
  type ReadableSpan,
  type Sampler,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonSpanSerializer } from '../export/otlp-json';
import { SPAN_ATTRIBUTE_COUNT_LIMIT, SPAN_EVENT_COUNT_LIMIT, SPAN_LINK_COUNT_LIMIT } from './span';
import { createLightTracerProvider, randomHexId } from './tracer-provider';

const resource = resourceFromAttributes({ 'service.name': 'light' });

function setup(sampler: Sampler = new ParentBasedSampler({ root: new AlwaysOnSampler() })) {
  const started: ReadableSpan[] = [];
  const ended: ReadableSpan[] = [];
  const recorder: SpanProcessor = {
    onStart: (span) => {
      started.push(span as unknown as ReadableSpan);
      span.setAttribute('from.onStart', true);
    },
    onEnd: (span) => ended.push(span),
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
  const provider = createLightTracerProvider({ resource, sampler, spanProcessors: [recorder] });
  return { provider, tracer: provider.getTracer('scope', '1.0'), started, ended };
}

describe('light tracer provider', () => {
  const manager = new AsyncLocalStorageContextManager();
  beforeAll(() => context.setGlobalContextManager(manager.enable()));
  afterAll(() => context.disable());

  it('records a root span with everything the wire format carries', () => {
    const { tracer, started, ended } = setup();
    const span = tracer.startSpan('op', { kind: SpanKind.CLIENT, attributes: { a: 1, bad: {} as never, '': 'x' }, startTime: [100, 5] });
    span.setAttribute('b', 'two').setAttributes({ c: [true, false] }).addEvent('e1', { k: 'v' }, [100, 10]).addEvent('e2', [100, 20]);
    span.recordException(new RangeError('bad range'));
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'no' });
    span.updateName('op2');
    span.end([101, 0]);
    expect(started).toHaveLength(1);
    expect(ended).toEqual(started);
    const r = ended[0]!;
    expect(r.name).toBe('op2');
    expect(r.kind).toBe(SpanKind.CLIENT);
    expect(r.attributes).toEqual({ a: 1, b: 'two', c: [true, false], 'from.onStart': true });
    expect(r.events.map((e) => [e.name, e.time])).toEqual([['e1', [100, 10]], ['e2', [100, 20]], ['exception', r.events[2]!.time]]);
    expect(r.events[2]!.attributes).toMatchObject({ 'exception.type': 'RangeError', 'exception.message': 'bad range' });
    expect(r.status).toEqual({ code: SpanStatusCode.ERROR, message: 'no' });
    expect(r.duration).toEqual([0, 999_999_995]);
    expect(r.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(r.spanContext().spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(r.spanContext().traceFlags).toBe(TraceFlags.SAMPLED);
    expect(r.parentSpanContext).toBeUndefined();
    expect(r.instrumentationScope).toMatchObject({ name: 'scope', version: '1.0' });
    expect(r.resource).toBe(resource);
    // Nothing changes once ended.
    span.setAttribute('late', 1).addEvent('late').setStatus({ code: SpanStatusCode.OK });
    span.end();
    expect(r.attributes).not.toHaveProperty('late');
    expect(r.events).toHaveLength(3);
    expect(r.status.code).toBe(SpanStatusCode.ERROR);
    expect(ended).toHaveLength(1);
    expect(span.isRecording()).toBe(false);
  });

  it('parents through the active context and through an explicit one; root: true starts a new trace', () => {
    const { tracer, ended } = setup();
    tracer.startActiveSpan('parent', (parent: Span) => {
      tracer.startSpan('child').end();
      tracer.startSpan('root', { root: true }).end();
      parent.end();
    });
    const remote = trace.setSpanContext(ROOT_CONTEXT, { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), traceFlags: 1, isRemote: true });
    tracer.startSpan('under-remote', {}, remote).end();
    const [child, root, parent, underRemote] = ended;
    expect(child!.parentSpanContext?.spanId).toBe(parent!.spanContext().spanId);
    expect(child!.spanContext().traceId).toBe(parent!.spanContext().traceId);
    expect(root!.parentSpanContext).toBeUndefined();
    expect(root!.spanContext().traceId).not.toBe(parent!.spanContext().traceId);
    expect(underRemote!.spanContext().traceId).toBe('ab'.repeat(16));
    expect(underRemote!.parentSpanContext?.isRemote).toBe(true);
  });

  it('follows the sampler: unsampled parent and always_off yield non-recording spans that still propagate', () => {
    const { tracer, ended } = setup();
    const unsampled = trace.setSpanContext(ROOT_CONTEXT, { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), traceFlags: 0, isRemote: true });
    const span = tracer.startSpan('x', {}, unsampled);
    expect(span.isRecording()).toBe(false);
    expect(span.spanContext().traceId).toBe('ab'.repeat(16));
    expect(span.spanContext().traceFlags).toBe(TraceFlags.NONE);
    span.end();
    const off = setup(new AlwaysOffSampler());
    off.tracer.startSpan('y').end();
    expect(ended).toHaveLength(0);
    expect(off.ended).toHaveLength(0);
    // RECORD (not sampled): recorded and handed to processors, flagged unsampled; sampler attributes added.
    const recordOnly = setup({ shouldSample: () => ({ decision: SamplingDecision.RECORD, attributes: { sampled: 'no' } }) });
    recordOnly.tracer.startSpan('z').end();
    expect(recordOnly.ended[0]!.spanContext().traceFlags).toBe(TraceFlags.NONE);
    expect(recordOnly.ended[0]!.attributes).toMatchObject({ sampled: 'no' });
  });

  it('does not record under suppressTracing', () => {
    const { tracer, started } = setup();
    const span = tracer.startSpan('s', {}, suppressTracing(ROOT_CONTEXT));
    expect(span.isRecording()).toBe(false);
    expect(trace.isSpanContextValid(span.spanContext())).toBe(false);
    expect(started).toHaveLength(0);
  });

  it('keeps the span limits and counts what it dropped', () => {
    const { tracer, ended } = setup();
    const span = tracer.startSpan('limits');
    for (let i = 0; i < SPAN_ATTRIBUTE_COUNT_LIMIT + 5; i++) span.setAttribute(`k${i}`, i);
    span.setAttribute('k0', 'overwrite is fine');
    for (let i = 0; i < SPAN_EVENT_COUNT_LIMIT + 3; i++) span.addEvent(`e${i}`);
    for (let i = 0; i < SPAN_LINK_COUNT_LIMIT + 2; i++) span.addLink({ context: { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), traceFlags: 1 } });
    span.end();
    const r = ended[0]!;
    expect(Object.keys(r.attributes)).toHaveLength(SPAN_ATTRIBUTE_COUNT_LIMIT);
    expect(r.attributes['k0']).toBe('overwrite is fine');
    // 'from.onStart' took one slot first, so six were dropped.
    expect(r.droppedAttributesCount).toBe(6);
    expect(r.events).toHaveLength(SPAN_EVENT_COUNT_LIMIT);
    expect(r.events[0]!.name).toBe('e3'); // the newest are kept
    expect(r.droppedEventsCount).toBe(3);
    expect(r.links).toHaveLength(SPAN_LINK_COUNT_LIMIT);
    expect(r.droppedLinksCount).toBe(2);
  });

  it('turns a negative duration into zero, and its spans encode to OTLP/JSON', () => {
    const { tracer, ended } = setup();
    tracer.startSpan('backwards', { startTime: [200, 0] }).end([199, 0]);
    const r = ended[0]!;
    expect(r.duration).toEqual([0, 0]);
    expect(r.endTime).toEqual([200, 0]);
    const body = JSON.parse(new TextDecoder().decode(jsonSpanSerializer.serializeRequest(ended)));
    expect(body.resourceSpans[0].scopeSpans[0].spans[0]).toMatchObject({ name: 'backwards', kind: 1, startTimeUnixNano: '200000000000' });
  });

  it('serves third-party code through the global API, same tracer per scope', () => {
    const { provider, ended } = setup();
    expect(provider.getTracer('lib', '2')).toBe(provider.getTracer('lib', '2'));
    trace.setGlobalTracerProvider(provider);
    try {
      trace.getTracer('third-party').startActiveSpan('lib-op', { attributes: { x: 1 } }, (span) => span.end());
    } finally {
      trace.disable();
    }
    expect(ended[0]).toMatchObject({ name: 'lib-op', attributes: { x: 1 } });
    expect(ended[0]!.instrumentationScope.name).toBe('third-party');
  });

  it('makes valid random ids', () => {
    for (let i = 0; i < 50; i++) {
      expect(randomHexId(16)).toMatch(/^[0-9a-f]{32}$/);
      expect(randomHexId(8)).toMatch(/^[0-9a-f]{16}$/);
    }
  });
});
