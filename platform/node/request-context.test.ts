import { createContextKey, propagation, ROOT_CONTEXT, trace, type Span } from '@opentelemetry/api';
import { getRPCMetadata, RPCType, setRPCMetadata } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import { asServerRequest, endOpenLayers, RequestContext, serverRequestMetadata } from './request-context';

const span = trace.wrapSpanContext({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 }) as Span;
const other = trace.wrapSpanContext({ traceId: 'c'.repeat(32), spanId: 'd'.repeat(16), traceFlags: 1 }) as Span;
const USER_KEY = createContextKey('request-context-test');

describe('RequestContext', () => {
  it('answers the API helpers as setRPCMetadata(trace.setSpan(parent, span)) does, parent values included', () => {
    const parent = propagation.setBaggage(ROOT_CONTEXT.setValue(USER_KEY, 'kept'), propagation.createBaggage({ tenant: { value: 't1' } }));
    const rpc = { type: RPCType.HTTP, span } as const;
    const ours = new RequestContext(parent, span, rpc);
    const upstream = setRPCMetadata(trace.setSpan(parent, span), rpc);
    for (const ctx of [ours, upstream]) {
      expect(trace.getSpan(ctx)).toBe(span);
      expect(getRPCMetadata(ctx)).toBe(rpc);
      expect(ctx.getValue(USER_KEY)).toBe('kept');
      expect(propagation.getBaggage(ctx)?.getEntry('tenant')?.value).toBe('t1');
    }
    // The route a framework writes lands in the object http.ts reads at the end.
    (getRPCMetadata(ours) as { route?: string }).route = '/users/:id';
    expect(rpc).toMatchObject({ route: '/users/:id' });
  });

  it('derives like a BaseContext: set and delete keep everything else, the original stays as it was', () => {
    const rpc = { type: RPCType.HTTP, span } as const;
    const ours = new RequestContext(ROOT_CONTEXT.setValue(USER_KEY, 'kept'), span, rpc);
    const child = trace.setSpan(ours, other);
    expect(trace.getSpan(child)).toBe(other);
    expect(getRPCMetadata(child)).toBe(rpc);
    expect(child.getValue(USER_KEY)).toBe('kept');
    expect(trace.getSpan(ours)).toBe(span);
    const without = trace.deleteSpan(ours);
    expect(trace.getSpan(without)).toBeUndefined();
    expect(getRPCMetadata(without)).toBe(rpc);
    expect(without.getValue(USER_KEY)).toBe('kept');
    expect(ours.deleteValue(USER_KEY).getValue(USER_KEY)).toBeUndefined();
    expect(ours.getValue(USER_KEY)).toBe('kept');
  });

  it("a layer's context: its span over the request's, everything else from the request", () => {
    const rpc = serverRequestMetadata(RPCType.HTTP, span);
    const request = new RequestContext(ROOT_CONTEXT.setValue(USER_KEY, 'kept'), span, rpc);
    const layer = new RequestContext(request, other);
    expect(trace.getSpan(layer)).toBe(other);
    expect(getRPCMetadata(layer)).toBe(rpc);
    expect(layer.getValue(USER_KEY)).toBe('kept');
    const derived = layer.setValue(USER_KEY, 'changed');
    expect([trace.getSpan(derived), getRPCMetadata(derived), derived.getValue(USER_KEY)]).toEqual([other, rpc, 'changed']);
    expect(trace.getSpan(trace.deleteSpan(layer))).toBeUndefined();
  });
});

describe('server request metadata', () => {
  it('is told apart from RPC metadata another http instrumentation made, and ends the layers left open once', () => {
    const rpc = serverRequestMetadata(RPCType.HTTP, span);
    expect(asServerRequest(rpc)).toBe(rpc);
    expect(asServerRequest({ type: RPCType.HTTP, span })).toBeUndefined();
    expect(asServerRequest(undefined)).toBeUndefined();
    let ended = 0;
    const layer = { end: () => ended++ } as unknown as Span;
    rpc.openLayers = [layer, layer];
    endOpenLayers(rpc);
    endOpenLayers(rpc);
    expect(ended).toBe(2);
    expect(rpc.openLayers).toBeUndefined();
  });
});
