import { ROOT_CONTEXT } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOnSampler, BasicTracerProvider, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NODE_RUNTIME, resolveConfig } from '../../src/config/resolve';
import { nodePlatform } from './platform';

function recorder(): { processor: SpanProcessor; spans: ReadableSpan[] } {
  const spans: ReadableSpan[] = [];
  return { spans, processor: { onStart: () => {}, onEnd: (s) => void spans.push(s), forceFlush: () => Promise.resolve(), shutdown: () => Promise.resolve() } };
}

/** What limits leave of one busy span, from a tracer provider. */
function busySpan(provider: { getTracer(name: string): { startSpan(name: string, o?: object, c?: typeof ROOT_CONTEXT): import('@opentelemetry/api').Span } }) {
  const span = provider.getTracer('t').startSpan('busy', { attributes: { long: 'x'.repeat(50), list: ['y'.repeat(50), 3 as never] } }, ROOT_CONTEXT);
  for (let i = 0; i < 20; i++) span.setAttribute(`k${i}`, `v${i}`.repeat(20));
  for (let i = 0; i < 20; i++) span.addEvent(`e${i}`, Object.fromEntries(Array.from({ length: 10 }, (_, j) => [`a${j}`, j])));
  for (let i = 0; i < 20; i++) span.addLink({ context: { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 }, attributes: { l1: 1, l2: 2, l3: 3 } });
  span.end();
}

// An undefined dropped count and 0 are the same on the wire.
const shape = (s: ReadableSpan) => ({
  attributes: s.attributes,
  droppedAttributesCount: s.droppedAttributesCount,
  events: s.events.map((e) => [e.name, e.attributes, e.droppedAttributesCount ?? 0]),
  droppedEventsCount: s.droppedEventsCount,
  links: s.links.map((l) => [l.attributes, l.droppedAttributesCount ?? 0]),
  droppedLinksCount: s.droppedLinksCount,
});

// The variables reach Node's light tracer through the configuration (src/config/limits.ts).
describe('Node span limits from the environment', () => {
  afterEach(() => vi.unstubAllEnvs());

  const cases: Record<string, string>[] = [
    {},
    { OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: '5', OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT: '7', OTEL_SPAN_EVENT_COUNT_LIMIT: '4', OTEL_SPAN_LINK_COUNT_LIMIT: '3' },
    { OTEL_ATTRIBUTE_COUNT_LIMIT: '6', OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '9', OTEL_SPAN_ATTRIBUTE_PER_EVENT_COUNT_LIMIT: '2', OTEL_SPAN_ATTRIBUTE_PER_LINK_COUNT_LIMIT: '1' },
    { OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: '3', OTEL_ATTRIBUTE_COUNT_LIMIT: '10', OTEL_SPAN_EVENT_COUNT_LIMIT: '0' },
  ];
  for (const env of cases) {
    it(`keeps and drops what BasicTracerProvider does: ${JSON.stringify(env)}`, () => {
      for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
      const resource = resourceFromAttributes({});
      const ours = recorder();
      const theirs = recorder();
      const { config } = resolveConfig({}, env, NODE_RUNTIME);
      busySpan(nodePlatform.createTracerProvider({ resource, sampler: new AlwaysOnSampler(), spanProcessors: [ours.processor], spanLimits: config.limits?.span }));
      busySpan(new BasicTracerProvider({ resource, sampler: new AlwaysOnSampler(), spanProcessors: [theirs.processor] }));
      expect(shape(ours.spans[0]!)).toEqual(shape(theirs.spans[0]!));
    });
  }
});
