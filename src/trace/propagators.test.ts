import { defaultTextMapGetter, defaultTextMapSetter, diag, propagation, ROOT_CONTEXT, trace, type TextMapPropagator } from '@opentelemetry/api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NAMED_PROPAGATORS } from './named-propagators';
import { createPropagator } from './propagators';

const T1 = '0af7651916cd43dd8448eb211c80319c';
const T2 = '80f198ee56343ba864fe8b2a57d3eff7';
const S = 'b7ad6b7169203331';
const ctx = propagation.setBaggage(trace.setSpanContext(ROOT_CONTEXT, { traceId: T1, spanId: S, traceFlags: 1 }), propagation.createBaggage({ k: { value: 'v' } }));
const inject = (p: TextMapPropagator) => {
  const carrier: Record<string, string> = {};
  p.inject(ctx, carrier, defaultTextMapSetter);
  return carrier;
};

afterEach(() => vi.restoreAllMocks());

describe('createPropagator', () => {
  it('writes every chosen propagator\'s headers, in order, and names their fields', () => {
    const p = createPropagator(['tracecontext', 'b3multi', 'jaeger', 'baggage'], NAMED_PROPAGATORS);
    expect(Object.keys(inject(p))).toEqual(['traceparent', 'x-b3-traceid', 'x-b3-spanid', 'x-b3-sampled', 'uber-trace-id', 'uberctx-k', 'baggage']);
    expect(p.fields()).toEqual(['traceparent', 'tracestate', 'x-b3-traceid', 'x-b3-spanid', 'x-b3-flags', 'x-b3-sampled', 'x-b3-parentspanid', 'uber-trace-id', 'baggage']);
  });

  it('extracts through all of them: a later one overrides what an earlier one found', () => {
    const carrier = { traceparent: `00-${T1}-${S}-01`, b3: `${T2}-${S}-1` };
    const read = (choice: Parameters<typeof createPropagator>[0]) => trace.getSpanContext(createPropagator(choice, NAMED_PROPAGATORS).extract(ROOT_CONTEXT, carrier, defaultTextMapGetter))?.traceId;
    expect(read(['tracecontext', 'b3'])).toBe(T2);
    expect(read(['b3', 'tracecontext'])).toBe(T1);
    expect(read(['tracecontext'])).toBe(T1);
  });

  it('none writes and reads nothing', () => {
    const p = createPropagator([]);
    expect(inject(p)).toEqual({});
    expect(p.extract(ROOT_CONTEXT, { traceparent: `00-${T1}-${S}-01` }, defaultTextMapGetter)).toBe(ROOT_CONTEXT);
    expect(p.fields()).toEqual([]);
  });

  it('a propagator object of the user\'s runs in its place; one that throws costs only its own part', () => {
    const warn = vi.spyOn(diag, 'warn').mockImplementation(() => {});
    const boom = () => {
      throw new Error('boom');
    };
    const broken: TextMapPropagator = { inject: boom, extract: boom, fields: boom };
    const custom: TextMapPropagator = { inject: (_c, carrier, setter) => setter.set(carrier, 'x-custom', '1'), extract: (c) => c, fields: () => ['x-custom'] };
    const p = createPropagator(['tracecontext', broken, custom]);
    expect(inject(p)).toEqual({ traceparent: `00-${T1}-${S}-01`, 'x-custom': '1' });
    expect(trace.getSpanContext(p.extract(ROOT_CONTEXT, { traceparent: `00-${T1}-${S}-01` }, defaultTextMapGetter))?.traceId).toBe(T1);
    expect(p.fields()).toEqual(['traceparent', 'tracestate', 'x-custom']);
    expect(warn).toHaveBeenCalled();
  });
});
