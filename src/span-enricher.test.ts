import { AlwaysOnSampler, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { jsonSpanSerializer } from './export/otlp-json';
import { globalAttributes, setGlobalAttributes } from './global-attributes';
import { createResource } from './resource';
import type { Session } from './session/session';
import { ATTR_RUM_SESSION_ID, ATTR_SESSION_ID, createSpanEnricher, sessionResources } from './span-enricher';
import { createLightTracerProvider } from './trace/tracer-provider';

const base = createResource({ 'service.name': 'web' });

function fakeSession(ids: string[]): Session {
  let i = 0;
  return { touch: () => ids[Math.min(i++, ids.length - 1)]!, peek: () => ids[Math.max(0, i - 1)]!, persist: () => {} } as Session;
}

function setup(session: Session | undefined) {
  const ended: ReadableSpan[] = [];
  const recorder: SpanProcessor = {
    onStart: () => {},
    onEnd: (span) => ended.push(span),
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
  const resourceFor = sessionResources(base);
  const provider = createLightTracerProvider({
    resource: base,
    sampler: new AlwaysOnSampler(),
    spanProcessors: [createSpanEnricher(session, resourceFor), recorder],
  });
  return { tracer: provider.getTracer('t'), ended, resourceFor };
}

type Json = { resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: { name: string; attributes: { key: string }[] }[] }[] }[] };
const decode = (spans: ReadableSpan[]) => JSON.parse(new TextDecoder().decode(jsonSpanSerializer.serializeRequest(spans))) as Json;
const attr = (kv: { key: string; value: { stringValue?: string } }[], key: string) => kv.find((a) => a.key === key)?.value.stringValue;

describe('span enricher: session on the resource', () => {
  afterEach(() => setGlobalAttributes(Object.fromEntries(Object.keys(globalAttributes()).map((k) => [k, null]))));

  it('puts rum.sessionId and session.id on the resource, not on the span, and splits a rotated session into its own resourceSpans', () => {
    const { tracer, ended } = setup(fakeSession(['aaa', 'aaa', 'bbb']));
    for (const name of ['a1', 'a2', 'b1']) tracer.startSpan(name).end();
    expect(ended[0]!.resource).toBe(ended[1]!.resource);
    expect(ended[2]!.resource).not.toBe(ended[0]!.resource);
    const body = decode(ended);
    expect(body.resourceSpans).toHaveLength(2);
    const [a, b] = body.resourceSpans;
    expect([attr(a!.resource.attributes, ATTR_RUM_SESSION_ID), attr(a!.resource.attributes, ATTR_SESSION_ID)]).toEqual(['aaa', 'aaa']);
    expect(attr(b!.resource.attributes, ATTR_RUM_SESSION_ID)).toBe('bbb');
    expect(attr(a!.resource.attributes, 'service.name')).toBe('web');
    expect(a!.scopeSpans[0]!.spans.map((s) => s.name)).toEqual(['a1', 'a2']);
    expect(b!.scopeSpans[0]!.spans.map((s) => s.name)).toEqual(['b1']);
    for (const s of [...a!.scopeSpans[0]!.spans, ...b!.scopeSpans[0]!.spans]) {
      expect(s.attributes.map((x) => x.key)).not.toContain(ATTR_RUM_SESSION_ID);
    }
  });

  it('leaves the base resource alone without sessions (Node), and resourceFor() without an id is the base', () => {
    const { tracer, ended, resourceFor } = setup(undefined);
    tracer.startSpan('n').end();
    expect(ended[0]!.resource).toBe(base);
    expect(resourceFor(undefined)).toBe(base);
    expect(resourceFor('x')).toBe(resourceFor('x'));
    expect(resourceFor('x').attributes).toMatchObject({ 'service.name': 'web', [ATTR_RUM_SESSION_ID]: 'x', [ATTR_SESSION_ID]: 'x' });
  });

  it('puts the user identity keys the HyperDX UI reads (setGlobalAttributes) on every span; the span\'s own value wins', () => {
    const { tracer, ended } = setup(fakeSession(['s']));
    setGlobalAttributes({ userEmail: 'ada@example.com', userName: 'Ada', teamName: 'Engines', teamId: 't-1' });
    tracer.startSpan('one').end();
    tracer.startSpan('two', { attributes: { teamId: 'own' } }).end();
    expect(ended[0]!.attributes).toMatchObject({ userEmail: 'ada@example.com', userName: 'Ada', teamName: 'Engines', teamId: 't-1' });
    expect(ended[1]!.attributes.teamId).toBe('own');
  });
});
