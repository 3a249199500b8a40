import { context, propagation, ROOT_CONTEXT, trace, defaultTextMapGetter, defaultTextMapSetter, type TextMapPropagator } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { createW3CPropagator } from './propagator';

describe('W3C propagator', () => {
  it('injects and extracts traceparent, tracestate and baggage', () => {
    const p = createW3CPropagator();
    const headers = {
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      tracestate: 'vendor=x',
      baggage: 'user=42',
    };
    const ctx = p.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
    expect(trace.getSpanContext(ctx)).toMatchObject({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', isRemote: true });
    expect(propagation.getBaggage(ctx)?.getEntry('user')?.value).toBe('42');
    const out: Record<string, string> = {};
    p.inject(ctx, out, defaultTextMapSetter);
    expect(out).toEqual(headers);
    expect(p.fields()).toEqual(['traceparent', 'tracestate', 'baggage']);
  });

  it('skips a propagator that throws instead of throwing into the app', () => {
    const bad: TextMapPropagator = {
      inject: () => { throw new Error('inject'); },
      extract: () => { throw new Error('extract'); },
      fields: () => ['x'],
    };
    const p = createW3CPropagator([bad]);
    const out: Record<string, string> = {};
    expect(() => p.inject(context.active(), out, defaultTextMapSetter)).not.toThrow();
    expect(p.extract(ROOT_CONTEXT, {}, defaultTextMapGetter)).toBe(ROOT_CONTEXT);
  });
});
