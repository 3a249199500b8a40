import { ROOT_CONTEXT } from '@opentelemetry/api';
import { AlwaysOnSampler } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { describe, expect, it } from 'vitest';
import { headerAttributes, headerRedactor, parseHeaderBlock, type RawHeaderValue } from '../../src/network/headers';
import { MAX_HEADERS } from '../../src/network/limits';
import type { LightSpan } from '../../src/trace/span';
import { createLightTracerProvider } from '../../src/trace/tracer-provider';
import { CaptureAttributes } from './capture-attributes';
import { headerMatcherOf, putHeaderAttributes, scanHeaderBlock } from './capture-headers';
import { createCapturePolicy, DEFAULT_NETWORK_CAPTURE } from '../../src/network/policy';

const spanWith = (limits = {}, attributes = {}) =>
  createLightTracerProvider({ resource: resourceFromAttributes({}), sampler: new AlwaysOnSampler(), spanProcessors: [], spanLimits: limits } as never)
    .getTracer('t')
    .startSpan('s', { attributes }, ROOT_CONTEXT) as unknown as LightSpan;

const isSensitive = headerRedactor(['x-custom-secret-name']);

/** What Node's capture puts on a fresh span for a flat header list. */
function put(direction: 'request' | 'response', flat: readonly unknown[]) {
  const span = spanWith();
  const out = new CaptureAttributes(span);
  putHeaderAttributes(direction, flat, isSensitive, out);
  return span.attributes;
}

describe('Node capture headers', () => {
  it('scans a written header block as the shared parser reads it', () => {
    const blocks = [
      'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nDate: Mon, 07 Dec 2026 12:00:00 GMT\r\nConnection: keep-alive\r\n\r\n',
      'POST /x HTTP/1.1\r\nHost: a:1\r\nX-Empty:\r\nno colon here\r\n: no name\r\nX-Pad:   spaced value  \r\nA:b:c\r\n\r\n',
      'HTTP/1.1 204 No Content\r\n\r\n',
      'HTTP/1.1 200 OK\r\nLast: line without end',
      'just a start line',
      '',
    ];
    for (const block of blocks) expect(scanHeaderBlock(block)).toEqual(parseHeaderBlock(block).flat());
  });

  it('puts the same attributes as the shared headerAttributes: merged names, lists, numbers, redaction, cut values', () => {
    const flat = [
      'Content-Type', 'application/json',
      'accept', 'a/b',
      'Accept', 'c/d',
      ' X-Trim ', 'v',
      '', 'empty name',
      'Authorization', 'Bearer secret',
      'Set-Cookie', ['a=1', 'b=2'],
      'x-custom-secret-name', 'hidden',
      'Content-Length', 42,
      'X-Null', null,
      'X-Long', 'v'.repeat(5000),
    ];
    for (const direction of ['request', 'response'] as const) {
      const pairs: [string, RawHeaderValue][] = [];
      for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i] as string, flat[i + 1] as RawHeaderValue]);
      const shared = headerAttributes(direction, pairs, isSensitive);
      expect(put(direction, flat)).toEqual(shared);
      expect(put(direction, flat)[`http.${direction}.header.authorization`]).toEqual(['[REDACTED]']);
      expect(put(direction, flat)[`http.${direction}.header.accept`]).toEqual(['a/b', 'c/d']);
    }
  });

  it('reads the redaction rule from the policy: defaults, the user\'s names and patterns', () => {
    const settings = { ...DEFAULT_NETWORK_CAPTURE, redactHeaders: ['X-Tenant', /^x-internal-/] };
    const matcher = headerMatcherOf(createCapturePolicy(settings));
    const rule = headerRedactor(settings.redactHeaders);
    for (const name of ['authorization', 'cookie', 'set-cookie', 'x-api-key', 'x-session-id', 'x-tenant', 'x-internal-route', 'content-type', 'accept', 'x-request-id'])
      for (let i = 0; i < 2; i++) expect([name, matcher(name)]).toEqual([name, rule(name)]);
    expect(matcher('x-tenant')).toBe(true);
    expect(matcher('accept')).toBe(false);
  });

  it('records at most MAX_HEADERS names per side', () => {
    const flat = Array.from({ length: MAX_HEADERS + 10 }, (_, i) => [`x-h${i}`, String(i)]).flat();
    const keys = Object.keys(put('request', flat)).filter((k) => k.startsWith('http.request.header.'));
    expect(keys).toHaveLength(MAX_HEADERS);
  });
});

describe('CaptureAttributes', () => {
  it('applies the span count limit exactly as setAttributes does, counting what it drops', () => {
    for (const limit of [3, 5, 8]) {
      const ours = spanWith({ attributeCountLimit: limit }, { a: 1, b: 2 });
      const out = new CaptureAttributes(ours);
      for (const [k, v] of [['b', 20], ['c', 3], ['d', 4], ['b', 200], ['e', 5], ['f', 6], ['c', 30]] as const) out.put(k, v);
      const reference = spanWith({ attributeCountLimit: limit }, { a: 1, b: 2 });
      for (const [k, v] of [['b', 20], ['c', 3], ['d', 4], ['b', 200], ['e', 5], ['f', 6], ['c', 30]] as const) reference.setAttribute(k, v);
      expect([ours.attributes, ours.droppedAttributesCount]).toEqual([reference.attributes, reference.droppedAttributesCount]);
    }
  });

  it('cuts values to the span value length limit, and writes nothing once the span has ended', () => {
    const span = spanWith({ attributeValueLengthLimit: 3 });
    const out = new CaptureAttributes(span);
    out.put('s', 'abcdef');
    out.put('l', ['abcdef', 'xy']);
    span.end();
    expect(out.put('late', 'x')).toBe(false);
    expect(span.attributes).toEqual({ s: 'abc', l: ['abc', 'xy'] });
  });

  it('hands its attributes to another kind of span in one setAttributes', () => {
    const got: Record<string, unknown>[] = [];
    const span = { setAttributes: (a: Record<string, unknown>) => got.push({ ...a }) } as never;
    const out = new CaptureAttributes(span);
    out.put('a', 1);
    out.put('b', ['x']);
    expect(got).toEqual([]);
    out.flush();
    expect(got).toEqual([{ a: 1, b: ['x'] }]);
  });
});
