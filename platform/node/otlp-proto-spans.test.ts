import { createRequire } from 'node:module';
import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags, type Span } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { AlwaysOnSampler } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { createLightTracerProvider } from '../../src/trace/tracer-provider';
import { encodeSpans, ProtobufSpanSerializer } from './otlp-proto-spans';

// OpenTelemetry's generated protobufjs types (otlp-transformer 0.57.2), as the e2e receiver uses them.
const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const root = require('otlp-proto-types/build/src/generated/root.js') as any;
const Request = root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/** Every field, defaults included: an omitted zero and a written zero are the same message. */
function decode(body: Uint8Array | undefined): unknown {
  const message = Request.decode(body);
  expect(Request.verify(message)).toBeNull();
  return Request.toObject(message, { longs: String, enums: Number, bytes: String, defaults: true, arrays: true, objects: true, oneofs: true });
}

const same = (spans: ReadableSpan[]) => expect(decode(encodeSpans(spans))).toEqual(decode(ProtobufTraceSerializer.serializeRequest(spans)));

const LONG = 'x'.repeat(300);
const HUGE = 'é'.repeat(40_000); // 80 KB of UTF-8: a three-byte length prefix
const VALUES = {
  s: 'text',
  empty: '',
  unicode: 'naïve ☃ 日本 🚀',
  longUnicode: `${'ü'.repeat(41)}!`, // 42 units, 83 bytes: the short-string path with non-ASCII
  long: LONG,
  huge: HUGE,
  int: 42,
  zero: 0,
  neg: -7,
  minInt32: -(2 ** 31),
  big: 2 ** 40,
  bigger: 2 ** 62,
  negBig: -(2 ** 53),
  minInt64: -(2 ** 63),
  pastInt64: 2 ** 63,
  double: 0.25,
  negDouble: -1.5e-7,
  nan: NaN,
  inf: Infinity,
  t: true,
  f: false,
  strings: ['a', '', 'ü', LONG],
  ints: [1, -2, 2 ** 33],
  doubles: [1.5, 2.25],
  bools: [true, false],
  holes: ['a', null, undefined, 'b'],
  emptyArray: [],
  // The length prefixes reserved ahead of a list are a guess from its UTF-16 length: lists where
  // the guess is right, too small (three-byte characters) and needs two and three bytes.
  headerList: ['application/json'],
  unicodeList: ['日本'.repeat(30), '☃'],
  bigList: [LONG.repeat(60), 'ü'.repeat(3000)],
  hugeList: [HUGE],
  // Keys are written from a cache of their encoded bytes; one of 128+ bytes and a non-ASCII one are not cached the same way.
  ['k'.repeat(130)]: 'long key',
  'clé.ünïcode': 'non-ASCII key',
};

/** Spans from a tracer (light or SDK) that use every part of the span message. */
function record(tracerProvider: { getTracer(name: string, version?: string, o?: { schemaUrl?: string }): ReturnType<typeof trace.getTracer> }): void {
  const a = tracerProvider.getTracer('scope-a', '1.2.3', { schemaUrl: 'https://opentelemetry.io/schemas/1.30.0' });
  const b = tracerProvider.getTracer('scope-b');
  const root = a.startSpan('root ☃', { kind: SpanKind.SERVER, attributes: VALUES, startTime: [1_700_000_000, 5] });
  root.addEvent('evt', { k: 'v', n: 3 }, [1_700_000_000, 999_999_999]);
  root.addEvent('bare', [1_700_000_001, 0]);
  root.recordException(new TypeError('boom'));
  root.setStatus({ code: SpanStatusCode.ERROR, message: 'failed: ✗' });
  const parent = trace.setSpan(ROOT_CONTEXT, root);
  const child = a.startSpan('child', { kind: SpanKind.CLIENT, startTime: [1_700_000_001, 1] }, parent);
  child.addLink({ context: { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1, isRemote: true, traceState: new TraceState('k=v,o=1') }, attributes: { l: 1 } });
  child.addLink({ context: { traceId: 'C'.repeat(32), spanId: 'D'.repeat(16), traceFlags: 0 } });
  child.setStatus({ code: SpanStatusCode.OK });
  child.end([1_700_000_002, 1]);
  const remote = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
    traceState: new TraceState('vendor=abc'),
  });
  b.startSpan('under-remote', { kind: SpanKind.PRODUCER, startTime: [4_102_444_800, 123_456_789] }, remote).end([4_102_444_801, 0]);
  b.startSpan('consumer', { kind: SpanKind.CONSUMER }).end();
  a.startSpan('internal').end();
  // Over the limits: dropped counts on the span and on an event.
  const crowded = b.startSpan('crowded');
  for (let i = 0; i < 140; i++) crowded.setAttribute(`k${i}`, i);
  crowded.addEvent('many', Object.fromEntries(Array.from({ length: 130 }, (_, i) => [`e${i}`, i])));
  for (let i = 0; i < 130; i++) crowded.addLink({ context: { traceId: 'e'.repeat(32), spanId: 'f'.repeat(16), traceFlags: 1 } });
  for (let i = 0; i < 130; i++) crowded.addEvent(`e${i}`);
  crowded.end();
  root.end([1_700_000_003, 0]);
}

function collector(): { processor: SpanProcessor; spans: ReadableSpan[] } {
  const spans: ReadableSpan[] = [];
  return {
    spans,
    processor: { onStart: () => {}, onEnd: (s) => void spans.push(s), forceFlush: () => Promise.resolve(), shutdown: () => Promise.resolve() },
  };
}

const resource = resourceFromAttributes({ 'service.name': 'enc', 'deployment.environment': 'test', n: 3, f: 1.5, ok: true, list: ['a', 'b'], 'host.name': LONG });

describe('OTLP/protobuf span encoder', () => {
  it('decodes to what otlp-transformer encodes, for the light tracer’s spans', () => {
    const { processor, spans } = collector();
    record(createLightTracerProvider({ resource, sampler: new AlwaysOnSampler(), spanProcessors: [processor] }));
    expect(spans).toHaveLength(6);
    same(spans);
  });

  it('decodes to what otlp-transformer encodes, for the SDK’s own spans (a user processor may hand those on)', () => {
    const exporter = new InMemorySpanExporter();
    record(new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    expect(exporter.getFinishedSpans()).toHaveLength(6);
    same(exporter.getFinishedSpans());
  });

  it('keeps spans of different resources and scopes apart, in first-seen order, across requests', () => {
    const { processor, spans } = collector();
    const other = resourceFromAttributes({ 'service.name': 'other', 'rum.sessionId': 's1' }, { schemaUrl: 'https://example.com/schema' });
    const first = createLightTracerProvider({ resource, sampler: new AlwaysOnSampler(), spanProcessors: [processor] });
    const second = createLightTracerProvider({ resource: other, sampler: new AlwaysOnSampler(), spanProcessors: [processor] });
    for (let i = 0; i < 3; i++) {
      first.getTracer('x').startSpan(`a${i}`).end();
      second.getTracer('y', '2').startSpan(`b${i}`).end();
      first.getTracer('z').startSpan(`c${i}`).end();
    }
    same(spans);
    // The cached resource and scope bytes give the same message the second time round.
    same(spans);
    same(spans.slice(4));
  });

  it('repeated attribute values (copied as bytes) give the same message as fresh ones, whatever changes between spans', () => {
    const { processor, spans } = collector();
    const tracer = createLightTracerProvider({ resource, sampler: new AlwaysOnSampler(), spanProcessors: [processor] }).getTracer('t');
    // Values that repeat, change, change type, go long and come back; the same key in events and links (other fields).
    const values: unknown[] = ['GET', 'GET', 'POST', 200, 200, 0, -0, 7.5, true, false, 'ü-ß', 'x'.repeat(90), 'x'.repeat(200), 'GET', NaN, NaN, ['a'], 'GET'];
    // One-item lists (captured headers) are remembered by their item: the list and its bare item are different values.
    values.push(['GET'], ['GET'], 'GET', ['GET'], [200], 200, [200], ['a', 'b'], ['a'], [['a']], ['a'], [null], [], ['a']);
    values.forEach((v, i) => {
      const span = tracer.startSpan(`s${i}`, { attributes: { k: v as string, same: 'always', port: 40_000 + (i % 3), [`only${i % 2}`]: i } });
      span.addEvent('e', { k: v as string, same: 'always' });
      span.addLink({ context: { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 }, attributes: { same: 'always' } });
      // A child next to its parent: the same trace id string twice in a row (its bytes are reused).
      tracer.startSpan(`child${i}`, { attributes: { port: 50_000 + i } }, trace.setSpan(ROOT_CONTEXT, span)).end();
      span.end();
    });
    same(spans);
    // Again with every value remembered, then in reverse order and one by one.
    same(spans);
    same([...spans].reverse());
    for (const s of spans) same([s]);
  });

  it('writes exact nanoseconds, including sub-second parts that carry into the high word', () => {
    const { processor, spans } = collector();
    const tracer = createLightTracerProvider({ resource, sampler: new AlwaysOnSampler(), spanProcessors: [processor] }).getTracer('t');
    const times: [number, number][] = [[0, 0], [0, 1], [4, 294_967_295], [4, 294_967_296], [1_700_000_000, 999_999_999], [2 ** 32 + 5, 7], [65_535, 999_999_999], [65_536, 0]];
    for (const t of times) tracer.startSpan('t', { startTime: t }).end(t);
    same(spans);
    const decoded = decode(encodeSpans(spans)) as { resourceSpans: { scopeSpans: { spans: { startTimeUnixNano: string }[] }[] }[] };
    const starts = decoded.resourceSpans[0]!.scopeSpans[0]!.spans.map((s) => s.startTimeUnixNano);
    expect(starts).toEqual(times.map(([s, ns]) => String(BigInt(s) * 1_000_000_000n + BigInt(ns))));
  });

  it('grows its buffer for large batches and is the same message after shrinking back', () => {
    const { processor, spans } = collector();
    const tracer = createLightTracerProvider({ resource, sampler: new AlwaysOnSampler(), spanProcessors: [processor] }).getTracer('t');
    for (let i = 0; i < 40; i++) tracer.startSpan(`big${i}`, { attributes: { body: HUGE } }).end();
    same(spans);
    same(spans.slice(0, 2));
  });

  it('a request handed out is never written again by later requests, large (its buffer let go) or small (copied out)', () => {
    const { processor, spans } = collector();
    const tracer = createLightTracerProvider({ resource, sampler: new AlwaysOnSampler(), spanProcessors: [processor] }).getTracer('t');
    for (let i = 0; i < 40; i++) tracer.startSpan(`big${i}`, { attributes: { body: HUGE } }).end();
    const large = encodeSpans(spans);
    expect(large.byteLength).toBeGreaterThan(1024 * 1024);
    const small = encodeSpans(spans.slice(0, 1));
    const [largeBefore, smallBefore] = [Buffer.from(large), Buffer.from(small)];
    encodeSpans(spans.slice(1, 2));
    encodeSpans(spans);
    encodeSpans(spans.slice(2, 3));
    expect(Buffer.from(large).equals(largeBefore)).toBe(true);
    expect(Buffer.from(small).equals(smallBefore)).toBe(true);
  });

  it('an empty batch is an empty request; responses are read by otlp-transformer', () => {
    expect(decode(encodeSpans([]))).toEqual(decode(ProtobufTraceSerializer.serializeRequest([])));
    expect(ProtobufSpanSerializer.deserializeResponse(new Uint8Array())).toEqual(ProtobufTraceSerializer.deserializeResponse(new Uint8Array()));
  });

  it('spans in the active context are unaffected by encoding (no span or context is read from it)', () => {
    const { processor, spans } = collector();
    const tracer = createLightTracerProvider({ resource, sampler: new AlwaysOnSampler(), spanProcessors: [processor] }).getTracer('t');
    const outer = tracer.startSpan('outer') as Span;
    context.with(trace.setSpan(context.active(), outer), () => {
      tracer.startSpan('inner').end();
      encodeSpans(spans);
    });
    outer.end();
    same(spans);
  });
});
