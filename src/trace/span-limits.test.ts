/**
 * The light tracer's span limits (a parameter, `spanLimits`) held to what sdk-trace-base's
 * BasicTracerProvider does with the same limits and the same calls: kept attributes, cut strings
 * (also in arrays, counting UTF-16 units as OpenTelemetry JS does), events and links kept and
 * dropped, the dropped counts, and those counts on the OTLP/JSON wire.
 */
import { context, ROOT_CONTEXT, type Attributes, type Link, type Tracer } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOnSampler, BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan, type SpanLimits } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { jsonSpanSerializer } from '../export/otlp-json';
import { createLightTracerProvider } from './tracer-provider';

const resource = resourceFromAttributes({ 'service.name': 'limits' });
const LINK_CONTEXT = { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), traceFlags: 1 };

function ours(spanLimits?: SpanLimits) {
  const ended: ReadableSpan[] = [];
  const provider = createLightTracerProvider({
    resource,
    sampler: new AlwaysOnSampler(),
    spanLimits,
    spanProcessors: [{ onStart() {}, onEnd: (s) => void ended.push(s), forceFlush: async () => {}, shutdown: async () => {} }],
  });
  return { tracer: provider.getTracer('t'), ended };
}

function upstream(spanLimits?: SpanLimits) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ resource, sampler: new AlwaysOnSampler(), spanLimits, spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return { tracer: provider.getTracer('t'), ended: exporter.getFinishedSpans() };
}

/** The same calls on both tracers. */
function record(tracer: Tracer, attributes: Attributes, more: Attributes, links: Link[] = []) {
  const span = tracer.startSpan('s', { attributes, links }, ROOT_CONTEXT);
  span.setAttributes(more);
  for (let i = 0; i < 5; i++) span.addEvent(`e${i}`, { a: 'x'.repeat(20), b: i, c: ['long string', 1 as never], d: true });
  span.addLink({ context: LINK_CONTEXT, attributes: { la: 'y'.repeat(30), lb: 1, lc: 2 } });
  span.end();
}

const view = (s: ReadableSpan) => ({
  attributes: s.attributes,
  droppedAttributesCount: s.droppedAttributesCount,
  events: s.events.map((e) => ({ name: e.name, attributes: e.attributes, droppedAttributesCount: e.droppedAttributesCount ?? 0 })),
  droppedEventsCount: s.droppedEventsCount,
  links: s.links.map((l) => ({ attributes: l.attributes, droppedAttributesCount: l.droppedAttributesCount ?? 0 })),
  droppedLinksCount: s.droppedLinksCount,
});

const ATTRIBUTES: Attributes = {
  ascii: 'abcdefghijklmnopqrstuvwxyz',
  accents: 'éèêëàâäôöûüçéèêëàâäôöûüç', // one UTF-16 unit each (several UTF-8 bytes)
  cjk: '日本語のテキストです。日本語のテキストです。',
  emoji: '😀😃😄😁😆😅🤣😂🙂🙃', // two UTF-16 units each
  list: ['short', 'a much longer string than the limit', 'ünïcödé strings are cut alike'],
  numbers: [1, 2, 3],
  n: 42,
  yes: true,
};

const LIMITS: [string, SpanLimits | undefined][] = [
  ['the defaults', undefined],
  ['value length 10', { attributeValueLengthLimit: 10 }],
  ['value length 3, counts 4', { attributeValueLengthLimit: 3, attributeCountLimit: 4, eventCountLimit: 3, linkCountLimit: 1, attributePerEventCountLimit: 2, attributePerLinkCountLimit: 1 }],
  ['zero counts', { attributeCountLimit: 0, eventCountLimit: 0, linkCountLimit: 0, attributePerEventCountLimit: 0, attributePerLinkCountLimit: 0 }],
];

describe('light tracer span limits', () => {
  for (const [name, limits] of LIMITS) {
    it(`does what BasicTracerProvider does with ${name}`, () => {
      const a = ours(limits);
      const b = upstream(limits);
      context.with(ROOT_CONTEXT, () => {
        record(a.tracer, ATTRIBUTES, { late: 'set after start, also limited', ascii: 'overwritten' });
        record(b.tracer, ATTRIBUTES, { late: 'set after start, also limited', ascii: 'overwritten' });
      });
      expect(view(a.ended[0]!)).toEqual(view(b.ended[0]!));
    });
  }

  it('cuts strings and strings in arrays, counting UTF-16 units like OpenTelemetry JS, and leaves other values alone', () => {
    const { tracer, ended } = ours({ attributeValueLengthLimit: 4 });
    tracer.startSpan('s', { attributes: ATTRIBUTES }).end();
    expect(ended[0]!.attributes).toEqual({
      ascii: 'abcd',
      accents: 'éèêë',
      cjk: '日本語の',
      emoji: '😀😃',
      list: ['shor', 'a mu', 'ünïc'],
      numbers: [1, 2, 3],
      n: 42,
      yes: true,
    });
  });

  it('puts the dropped counts on the wire', () => {
    const { tracer, ended } = ours({ attributeCountLimit: 1, eventCountLimit: 1, linkCountLimit: 0, attributePerEventCountLimit: 1 });
    const span = tracer.startSpan('s', { attributes: { a: 1, b: 2, c: 3 }, links: [{ context: LINK_CONTEXT }] });
    span.addEvent('first');
    span.addEvent('second', { x: 1, y: 2 });
    span.end();
    const wire = JSON.parse(new TextDecoder().decode(jsonSpanSerializer.serializeRequest(ended))).resourceSpans[0].scopeSpans[0].spans[0];
    expect(wire).toMatchObject({ droppedAttributesCount: 2, droppedEventsCount: 1, droppedLinksCount: 1, links: [] });
    expect(wire.events).toEqual([expect.objectContaining({ name: 'second', droppedAttributesCount: 1 })]);
  });
});
