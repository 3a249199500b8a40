/**
 * Network capture's attributes kept beside a span's record (LightSpan.captured), which the SDK
 * does when only its own readers see ended spans: the same attributes on the wire as when they go
 * into the record, the same limits, the bodies where the batch processor's budget finds them.
 */
import { createRequire } from 'node:module';
import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { AlwaysOnSampler } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { addLegacyHttpAttributes } from '../../src/http-legacy';
import { capturedCount, LightSpan } from '../../src/trace/span';
import { createLightTracerProvider } from '../../src/trace/tracer-provider';
import { CaptureAttributes } from './capture-attributes';
import { encodeSpans } from './otlp-proto-spans';

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const root = require('otlp-proto-types/build/src/generated/root.js') as any;
const Request = root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/** The span's attributes as OTLP carries them, key → decoded AnyValue, and how many entries. */
function wireAttributes(span: ReadableSpan): { entries: number; byKey: Record<string, unknown> } {
  const message = Request.toObject(Request.decode(encodeSpans([span])), { longs: String, arrays: true, defaults: true });
  const attributes = message.resourceSpans[0].scopeSpans[0].spans[0].attributes as { key: string; value: unknown }[];
  return { entries: attributes.length, byKey: Object.fromEntries(attributes.map((kv) => [kv.key, kv.value])) };
}

function span(deferCaptured: boolean, attributeCountLimit?: number): LightSpan {
  const ended: ReadableSpan[] = [];
  const processor = { onStart() {}, onEnd: (s: ReadableSpan) => ended.push(s), forceFlush: async () => {}, shutdown: async () => {} } as SpanProcessor;
  const provider = createLightTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'captured-test' }),
    sampler: new AlwaysOnSampler(),
    spanProcessors: [processor],
    spanLimits: attributeCountLimit === undefined ? {} : { attributeCountLimit },
    deferCaptured,
  });
  const attributes = { 'http.request.method': 'POST', 'url.path': '/api/orders/42', 'server.port': 8080 };
  return provider.getTracer('t').startSpan('POST', { kind: SpanKind.SERVER, attributes }, ROOT_CONTEXT) as LightSpan;
}

const HEADERS: [string, string[]][] = Array.from({ length: 20 }, (_, i) => [`http.request.header.x-h${i}`, [`v${i}`]]);
const BODIES: [string, string | number][] = [
  ['http.request.body', '{"a":1}'],
  ['http.request.body.size', 7],
  ['http.response.body', '{"ok":true}'],
];

function record(s: LightSpan): void {
  const out = new CaptureAttributes(s);
  for (const [key, value] of [...HEADERS, ...BODIES]) out.put(key, value);
  out.flush();
}

describe('captured attributes beside the record', () => {
  it('put the same attributes on the wire as the record does, with header lists out of the record and bodies in it', () => {
    const deferred = span(true);
    const inRecord = span(false);
    record(deferred);
    record(inRecord);
    deferred.end();
    inRecord.end();
    expect(capturedCount(deferred)).toBe(HEADERS.length + 1); // the headers and the body size
    expect(deferred.captured).toContain('http.request.header.x-h0');
    expect(Object.keys(deferred.attributes)).not.toContain('http.request.header.x-h0');
    expect(deferred.attributes['http.request.body']).toBe('{"a":1}');
    expect(deferred.attributes['http.response.body']).toBe('{"ok":true}');
    expect(inRecord.captured).toBeUndefined();
    const a = wireAttributes(deferred);
    const b = wireAttributes(inRecord);
    expect(a.entries).toBe(3 + HEADERS.length + BODIES.length);
    expect(a).toEqual(b);
  });

  it('counts them against the attribute count limit, for capture, setAttribute and the legacy keys alike', () => {
    const s = span(true, 12);
    record(s);
    // 3 attributes at start, 9 captured: the other 14 dropped.
    expect(Object.keys(s.attributes).length + capturedCount(s)).toBe(12);
    expect(s.droppedAttributesCount).toBe(HEADERS.length + BODIES.length - 9);
    s.setAttribute('late', 1);
    expect(s.attributes.late).toBeUndefined();
    expect(s.droppedAttributesCount).toBe(HEADERS.length + BODIES.length - 9 + 1);
    addLegacyHttpAttributes(s.attributes, 12, capturedCount(s));
    expect(s.attributes['http.method']).toBeUndefined();
    s.end();
    expect(wireAttributes(s).entries).toBe(12);
  });

  it('overwrites a key the record already has there, as setAttributes would', () => {
    const s = span(true);
    const out = new CaptureAttributes(s);
    out.put('url.path', '/other');
    out.put('http.request.header.accept', ['*/*']);
    expect(s.attributes['url.path']).toBe('/other');
    expect(s.captured).toEqual(['http.request.header.accept', ['*/*']]);
    s.end();
    expect(wireAttributes(s).entries).toBe(4);
  });
});

describe('who gets them beside the record', () => {
  it('a user span processor sees every captured attribute in the record', async () => {
    const http = await import('node:http');
    const { init, shutdown } = await import('./index');
    const { startCollector } = await import('../../e2e/fixtures/collector.mjs');
    const collector = await startCollector();
    const seen: ReadableSpan[] = [];
    init({
      url: collector.url,
      advancedNetworkCapture: true,
      spanProcessors: [{ onEnd: (s: ReadableSpan) => void seen.push(s) } as unknown as SpanProcessor],
    });
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json', 'x-echo': 'yes' }).end('{"ok":true}'));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    await fetch(`http://127.0.0.1:${port}/x`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-tenant': 't1' }, body: '{"a":1}' });
    await new Promise((r) => setTimeout(r, 100));
    await shutdown();
    server.close();
    await collector.close();
    const serverSpan = seen.find((s) => s.kind === SpanKind.SERVER);
    expect(serverSpan).toBeDefined();
    expect((serverSpan as LightSpan).captured).toBeUndefined();
    expect(serverSpan!.attributes['http.request.header.x-tenant']).toEqual(['t1']);
    expect(serverSpan!.attributes['http.response.header.x-echo']).toEqual(['yes']);
    expect(serverSpan!.attributes['http.response.body']).toBe('{"ok":true}');
  });
});
