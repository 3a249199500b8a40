/**
 * Our B3 propagator against @opentelemetry/propagator-b3 2.12.0 (the maintained package of the
 * pinned line): the same headers out, the same context in, both directions, single and multi.
 */
import { createContextKey, defaultTextMapGetter, defaultTextMapSetter, ROOT_CONTEXT, trace, TraceFlags, type Context, type TextMapPropagator } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { B3InjectEncoding, B3Propagator } from '@opentelemetry/propagator-b3';
import { describe, expect, it } from 'vitest';
import { createB3Propagator } from './b3-propagator';

const DEBUG = createContextKey('OpenTelemetry Context Key B3 Debug Flag');
const TRACE_ID = '80f198ee56343ba864fe8b2a57d3eff7';
const SPAN_ID = 'e457b5a2e4d86bd1';
const PARENT = '05e3ac9a4f6e3b90';

const pairs: [string, TextMapPropagator, TextMapPropagator][] = [
  ['b3 (single)', createB3Propagator(false), new B3Propagator()],
  ['b3multi', createB3Propagator(true), new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER })],
];

const inject = (p: TextMapPropagator, ctx: Context) => {
  const carrier: Record<string, string> = {};
  p.inject(ctx, carrier, defaultTextMapSetter);
  return carrier;
};
const view = (ctx: Context) => {
  const sc = trace.getSpanContext(ctx);
  return { span: sc && { traceId: sc.traceId, spanId: sc.spanId, traceFlags: sc.traceFlags, isRemote: sc.isRemote }, debug: ctx.getValue(DEBUG) };
};
const extract = (p: TextMapPropagator, carrier: Record<string, unknown>) => view(p.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter));

const withSpan = (traceFlags: number, ctx = ROOT_CONTEXT) => trace.setSpanContext(ctx, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags });
const CONTEXTS: [string, Context][] = [
  ['sampled', withSpan(TraceFlags.SAMPLED)],
  ['not sampled', withSpan(TraceFlags.NONE)],
  ['debug from a single header', withSpan(TraceFlags.SAMPLED, ROOT_CONTEXT.setValue(DEBUG, 'd'))],
  ['debug from X-B3-Flags', withSpan(TraceFlags.SAMPLED, ROOT_CONTEXT.setValue(DEBUG, '1'))],
  ['no span', ROOT_CONTEXT],
  ['invalid span', trace.setSpanContext(ROOT_CONTEXT, { traceId: '0'.repeat(32), spanId: SPAN_ID, traceFlags: 1 })],
  ['suppressed', suppressTracing(withSpan(TraceFlags.SAMPLED))],
];

/** Headers both must read alike. */
const CARRIERS: Record<string, unknown>[] = [
  { b3: `${TRACE_ID}-${SPAN_ID}-1` },
  { b3: `${TRACE_ID}-${SPAN_ID}-0` },
  { b3: `${TRACE_ID}-${SPAN_ID}-d` },
  { b3: `${TRACE_ID}-${SPAN_ID}` },
  { b3: `${TRACE_ID}-${SPAN_ID}-1-${PARENT}` },
  { b3: `${TRACE_ID.slice(16)}-${SPAN_ID}-1` }, // 64-bit trace id
  { b3: [`${TRACE_ID}-${SPAN_ID}-1`, 'ignored'] },
  { b3: `${'0'.repeat(32)}-${SPAN_ID}-1` },
  { b3: `${TRACE_ID}-${'0'.repeat(16)}-1` },
  { b3: '0' }, // a decision without ids: nothing to continue
  { b3: 'garbage', 'x-b3-traceid': TRACE_ID, 'x-b3-spanid': SPAN_ID }, // a b3 header wins, even a bad one
  { 'x-b3-traceid': TRACE_ID, 'x-b3-spanid': SPAN_ID, 'x-b3-sampled': '1' },
  { 'x-b3-traceid': TRACE_ID, 'x-b3-spanid': SPAN_ID, 'x-b3-sampled': 'true' },
  { 'x-b3-traceid': TRACE_ID, 'x-b3-spanid': SPAN_ID, 'x-b3-sampled': 'True' },
  { 'x-b3-traceid': TRACE_ID, 'x-b3-spanid': SPAN_ID, 'x-b3-sampled': '0' },
  { 'x-b3-traceid': TRACE_ID, 'x-b3-spanid': SPAN_ID, 'x-b3-sampled': 'false' },
  { 'x-b3-traceid': TRACE_ID, 'x-b3-spanid': SPAN_ID },
  { 'x-b3-traceid': TRACE_ID, 'x-b3-spanid': SPAN_ID, 'x-b3-flags': '1' },
  { 'x-b3-traceid': TRACE_ID, 'x-b3-spanid': SPAN_ID, 'x-b3-flags': '1', 'x-b3-sampled': '0' },
  { 'x-b3-traceid': TRACE_ID, 'x-b3-spanid': SPAN_ID, 'x-b3-sampled': '2' }, // unreadable decision
  { 'x-b3-traceid': TRACE_ID.slice(16), 'x-b3-spanid': SPAN_ID, 'x-b3-sampled': '1' },
  { 'x-b3-traceid': [TRACE_ID, 'x'], 'x-b3-spanid': [SPAN_ID], 'x-b3-sampled': ['1'] },
  { 'x-b3-traceid': TRACE_ID, 'x-b3-spanid': 'short', 'x-b3-sampled': '1' },
  { 'x-b3-traceid': 'not hex at all, no', 'x-b3-spanid': SPAN_ID },
  { 'x-b3-spanid': SPAN_ID, 'x-b3-sampled': '1' },
  {},
];

describe('B3 propagator', () => {
  for (const [name, ours, upstream] of pairs) {
    describe(name, () => {
      it('injects what @opentelemetry/propagator-b3 injects', () => {
        for (const [what, ctx] of CONTEXTS) expect(inject(ours, ctx), what).toEqual(inject(upstream, ctx));
      });

      it('extracts what @opentelemetry/propagator-b3 extracts', () => {
        for (const carrier of CARRIERS) expect(extract(ours, carrier), JSON.stringify(carrier)).toEqual(extract(upstream, carrier));
      });

      it('round-trips with the package both ways', () => {
        for (const [what, ctx] of CONTEXTS.slice(0, 4)) {
          expect(extract(upstream, inject(ours, ctx)), what).toEqual(extract(ours, inject(ours, ctx)));
          expect(extract(ours, inject(upstream, ctx)), what).toEqual(extract(upstream, inject(upstream, ctx)));
          expect(extract(ours, inject(ours, ctx)).span, what).toMatchObject({ traceId: TRACE_ID, spanId: SPAN_ID, isRemote: true });
        }
      });

      it('names the fields the package names', () => expect(ours.fields()).toEqual(upstream.fields()));
    });
  }

  it('differs on purpose: a b3 header must be the whole value, and ids are lower-cased', () => {
    const [, ours, upstream] = pairs[0]!;
    for (const b3 of [`xx${TRACE_ID}-${SPAN_ID}-1`, `${TRACE_ID}-${SPAN_ID}-x`, `${TRACE_ID}-${SPAN_ID}-1-${PARENT}-more`]) {
      expect(extract(upstream, { b3 }).span?.traceId, b3).toBe(TRACE_ID);
      expect(extract(ours, { b3 }).span, b3).toBeUndefined();
    }
    const upper = { 'x-b3-traceid': TRACE_ID.toUpperCase(), 'x-b3-spanid': SPAN_ID.toUpperCase(), 'x-b3-sampled': '1' };
    expect(extract(upstream, upper).span?.traceId).toBe(TRACE_ID.toUpperCase());
    expect(extract(ours, upper).span).toMatchObject({ traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1 });
  });
});
