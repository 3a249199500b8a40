/**
 * Our Jaeger propagator against @opentelemetry/propagator-jaeger 2.12.0 with its default header
 * names: the same `uber-trace-id` and `uberctx-*` headers out, the same context and baggage in.
 */
import { defaultTextMapGetter, defaultTextMapSetter, propagation, ROOT_CONTEXT, trace, TraceFlags, type Context, type TextMapPropagator } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { JaegerPropagator } from '@opentelemetry/propagator-jaeger';
import { describe, expect, it } from 'vitest';
import { jaegerPropagator as ours } from './jaeger-propagator';

const upstream = new JaegerPropagator();
const TRACE_ID = 'd4cda95b652f4a1592b449d5929fda1b';
const SPAN_ID = '6e0c63257de34c92';

const inject = (p: TextMapPropagator, ctx: Context) => {
  const carrier: Record<string, string> = {};
  p.inject(ctx, carrier, defaultTextMapSetter);
  return carrier;
};
const extract = (p: TextMapPropagator, carrier: Record<string, unknown>, ctx = ROOT_CONTEXT) => {
  const out = p.extract(ctx, carrier, defaultTextMapGetter);
  const sc = trace.getSpanContext(out);
  return {
    span: sc && { traceId: sc.traceId, spanId: sc.spanId, traceFlags: sc.traceFlags, isRemote: sc.isRemote },
    baggage: propagation.getBaggage(out)?.getAllEntries().map(([k, e]) => [k, e.value]).sort(),
  };
};

const withSpan = (traceFlags: number, ctx = ROOT_CONTEXT) => trace.setSpanContext(ctx, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags });
const baggage = propagation.createBaggage({ user: { value: 'ada lovelace' }, 'tenant-id': { value: 'a/b=c' } });
const CONTEXTS: [string, Context][] = [
  ['sampled', withSpan(TraceFlags.SAMPLED)],
  ['not sampled', withSpan(TraceFlags.NONE)],
  ['with baggage', propagation.setBaggage(withSpan(TraceFlags.SAMPLED), baggage)],
  ['baggage only', propagation.setBaggage(ROOT_CONTEXT, baggage)],
  ['nothing', ROOT_CONTEXT],
];

const CARRIERS: Record<string, unknown>[] = [
  { 'uber-trace-id': `${TRACE_ID}:${SPAN_ID}:0:1` },
  { 'uber-trace-id': `${TRACE_ID}:${SPAN_ID}:0:0` },
  { 'uber-trace-id': `${TRACE_ID}:${SPAN_ID}:0:3` }, // debug bit: sampled
  { 'uber-trace-id': `${TRACE_ID}:${SPAN_ID}:0:01` },
  { 'uber-trace-id': `${TRACE_ID}%3A${SPAN_ID}%3A0%3A1` }, // percent-encoded, as some clients send it
  { 'uber-trace-id': `${TRACE_ID.slice(16)}:${SPAN_ID}:0:1` }, // 64-bit trace id
  { 'uber-trace-id': `${TRACE_ID}:${SPAN_ID.slice(4)}:0:1` }, // short span id, zero-padded
  { 'uber-trace-id': `${TRACE_ID}:${SPAN_ID}:0:zz` }, // unreadable flags count as sampled
  { 'uber-trace-id': [`${TRACE_ID}:${SPAN_ID}:0:1`, 'x'] },
  { 'uber-trace-id': `${TRACE_ID}:${SPAN_ID}:1` },
  { 'uber-trace-id': '%E0%A4%A' },
  { 'uber-trace-id': `${TRACE_ID}:${SPAN_ID}:0:1`, 'uberctx-user': 'ada%20lovelace', 'uberctx-tenant-id': 'a%2Fb%3Dc' },
  { 'uberctx-only': 'yes' },
  { 'uberctx-bad': '%E0%A4%A', 'uberctx-good': 'ok' },
  { other: 'header' },
];

describe('Jaeger propagator', () => {
  it('injects what @opentelemetry/propagator-jaeger injects', () => {
    for (const [what, ctx] of CONTEXTS) expect(inject(ours, ctx), what).toEqual(inject(upstream, ctx));
  });

  it('extracts what @opentelemetry/propagator-jaeger extracts, adding to the baggage a context has', () => {
    for (const carrier of CARRIERS) expect(extract(ours, carrier), JSON.stringify(carrier)).toEqual(extract(upstream, carrier));
    const existing = propagation.setBaggage(ROOT_CONTEXT, propagation.createBaggage({ kept: { value: '1' }, user: { value: 'old' } }));
    const carrier = { 'uberctx-user': 'new' };
    expect(extract(ours, carrier, existing)).toEqual(extract(upstream, carrier, existing));
    expect(extract(ours, carrier, existing).baggage).toEqual([['kept', '1'], ['user', 'new']]);
  });

  it('round-trips with the package both ways', () => {
    for (const [what, ctx] of CONTEXTS) {
      expect(extract(upstream, inject(ours, ctx)), what).toEqual(extract(ours, inject(upstream, ctx)));
    }
  });

  it('differs on purpose: invalid ids are not a context, ids are lower-cased, nothing goes out while suppressed', () => {
    const zero = { 'uber-trace-id': `${'0'.repeat(32)}:${SPAN_ID}:0:1` };
    expect(extract(upstream, zero).span?.traceId).toBe('0'.repeat(32));
    expect(extract(ours, zero).span).toBeUndefined();
    const upper = { 'uber-trace-id': `${TRACE_ID.toUpperCase()}:${SPAN_ID}:0:1` };
    expect(extract(ours, upper).span?.traceId).toBe(TRACE_ID);
    const suppressed = suppressTracing(propagation.setBaggage(withSpan(1), baggage));
    expect(inject(ours, suppressed)).toEqual({});
    expect(Object.keys(inject(upstream, suppressed))).toEqual(['uberctx-user', 'uberctx-tenant-id']);
  });

  it('names the field the package names', () => expect(ours.fields()).toEqual(upstream.fields()));
});
