import {
  defaultTextMapGetter,
  defaultTextMapSetter,
  propagation,
  ROOT_CONTEXT,
  trace,
  TraceFlags,
  type Context,
} from '@opentelemetry/api';
import {
  CompositePropagator,
  suppressTracing,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import { parseTraceState } from './w3c-propagator';
import { createPropagator } from './propagators';

const createW3CPropagator = () => createPropagator(['tracecontext', 'baggage']);

const ours = createW3CPropagator();
// The reference: what the SDK registered before (core's composite of the two W3C propagators).
const core = new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] });

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const SPAN_ID = 'b7ad6b7169203331';

function injected(p: typeof ours, ctx: Context): Record<string, string> {
  const carrier: Record<string, string> = {};
  p.inject(ctx, carrier, defaultTextMapSetter);
  return carrier;
}

function extractedView(p: typeof ours, carrier: Record<string, string | string[]>) {
  const ctx = p.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter);
  const sc = trace.getSpanContext(ctx);
  const baggage = propagation.getBaggage(ctx);
  return {
    span: sc && { ...sc, traceState: sc.traceState?.serialize() },
    baggage: baggage?.getAllEntries().map(([k, e]) => [k, e.value, e.metadata?.toString()]),
  };
}

const TRACEPARENTS = [
  `00-${TRACE_ID}-${SPAN_ID}-01`,
  `00-${TRACE_ID}-${SPAN_ID}-00`,
  ` 00-${TRACE_ID}-${SPAN_ID}-01 `,
  `00-${TRACE_ID}-${SPAN_ID}-01-extra`, // version 00 allows nothing after the flags
  `cc-${TRACE_ID}-${SPAN_ID}-01-future`, // a later version may add fields
  `ff-${TRACE_ID}-${SPAN_ID}-01`,
  `00-${'0'.repeat(32)}-${SPAN_ID}-01`,
  `00-${TRACE_ID}-${'0'.repeat(16)}-01`,
  `00-${TRACE_ID.toUpperCase()}-${SPAN_ID}-01`,
  '',
  'garbage',
];
const TRACESTATES = [
  'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE',
  'a=1, b=2 ,,c=3',
  'bad key=1,ok=2,UPPER=3,tenant@vendor=4,x=has space,y=ends ,z=a=b',
  'dup=1,dup=2',
  Array.from({ length: 40 }, (_, i) => `k${i}=v`).join(','),
  `big=${'x'.repeat(600)}`,
];
const BAGGAGES = [
  'userId=alice,isProduction=false',
  'key1=value1;property1;property2, key2 = value2, key3=value3; propertyKey=propertyValue',
  'a=%E2%9C%93,b=%E0%A4%A,c=ok', // one bad percent-encoding
  '=novalue,nokey,x=',
  Array.from({ length: 200 }, (_, i) => `k${i}=v`).join(','),
  `big=${'x'.repeat(5000)},small=1`,
  Array.from({ length: 3 }, (_, i) => `k${i}=${'y'.repeat(3000)}`).join(','),
];

describe('createW3CPropagator', () => {
  it('extracts what core composite extracts, for valid and invalid headers', () => {
    for (const traceparent of TRACEPARENTS) {
      for (const tracestate of [undefined, ...TRACESTATES]) {
        const carrier: Record<string, string> = { traceparent };
        if (tracestate !== undefined) carrier.tracestate = tracestate;
        expect(extractedView(ours, carrier), JSON.stringify(carrier)).toEqual(extractedView(core, carrier));
      }
    }
    for (const baggage of BAGGAGES) {
      expect(extractedView(ours, { baggage }), baggage).toEqual(extractedView(core, { baggage }));
    }
    const multi = { traceparent: [`00-${TRACE_ID}-${SPAN_ID}-01`, 'x'], tracestate: ['a=1', 'b=2'], baggage: ['a=1', 'b=2'] };
    expect(extractedView(ours, multi)).toEqual(extractedView(core, multi));
  });

  it('injects what core composite injects, and nothing while tracing is suppressed', () => {
    const spanContexts = [
      { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED },
      { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.NONE, traceState: parseTraceState('a=1,b=2') },
      { traceId: '0'.repeat(32), spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED },
    ];
    const baggages = [
      undefined,
      propagation.createBaggage({ 'user id': { value: 'a b,c;d' }, k: { value: 'v' } }),
      propagation.createBaggage(Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, { value: 'v'.repeat(60) }]))),
      propagation.createBaggage({ big: { value: 'x'.repeat(5000) }, ok: { value: '1' } }),
    ];
    for (const sc of spanContexts) {
      for (const baggage of baggages) {
        let ctx = trace.setSpanContext(ROOT_CONTEXT, sc);
        if (baggage) ctx = propagation.setBaggage(ctx, baggage);
        const got = injected(ours, ctx);
        expect(got).toEqual(injected(core, ctx));
        expect(injected(ours, suppressTracing(ctx))).toEqual({});
      }
    }
    expect(injected(ours, ROOT_CONTEXT)).toEqual({});
  });

  it('round-trips a sampled span context with its trace state', () => {
    const ctx = trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1, traceState: parseTraceState('a=1') });
    const view = extractedView(ours, injected(ours, ctx));
    expect(view.span).toEqual({ traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1, isRemote: true, traceState: 'a=1' });
  });

  it('trace state: set moves a key to the front, unset removes it, and it stays within 512 characters', () => {
    const state = parseTraceState('a=1,b=2,c=3');
    expect(state.set('b', 'x').serialize()).toBe('b=x,a=1,c=3');
    expect(state.set('d', '4').serialize()).toBe('d=4,a=1,b=2,c=3');
    expect(state.unset('a').serialize()).toBe('b=2,c=3');
    expect(state.get('c')).toBe('3');
    expect(state.serialize()).toBe('a=1,b=2,c=3'); // immutable
    expect(state.set('big', 'x'.repeat(600)).serialize()).toBe('a=1,b=2,c=3');
    expect(state.set('Bad Key', '1')).toBe(state);
    expect(state.set('k', 'a,b')).toBe(state);
  });

  it('never throws when the carrier does; the other header still goes through', () => {
    const ctx = propagation.setBaggage(
      trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1 }),
      propagation.createBaggage({ k: { value: 'v' } }),
    );
    const carrier: Record<string, string> = {};
    ours.inject(ctx, carrier, {
      set: (c, key, value) => {
        if (key === 'traceparent') throw new Error('frozen');
        (c as Record<string, string>)[key] = value;
      },
    });
    expect(carrier).toEqual({ baggage: 'k=v' });
    const hostile = {
      keys: () => [],
      get: (_c: unknown, key: string) => {
        if (key === 'traceparent') throw new Error('hostile');
        return 'k=v';
      },
    };
    const out = ours.extract(ROOT_CONTEXT, {}, hostile);
    expect(trace.getSpanContext(out)).toBeUndefined();
    expect(propagation.getBaggage(out)?.getEntry('k')?.value).toBe('v');
  });

  it('names its fields', () => {
    expect(ours.fields()).toEqual(['traceparent', 'tracestate', 'baggage']);
  });
});
