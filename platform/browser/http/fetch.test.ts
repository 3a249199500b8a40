// The fetch wrapper against Node's own fetch and a real HTTP server on loopback (Node has the same
// fetch/Request/Headers/Response classes as browsers); spans go to an in-memory exporter.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { propagation } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClientSpanFactory } from './client-span';
import { instrumentFetch } from './fetch';
import type { HttpCaptureHooks } from './hooks';

let server: Server;
let origin = '';
const seen: IncomingHttpHeaders[] = [];
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
let stop: () => void = () => {};

beforeAll(async () => {
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  server = createServer((req, res) => {
    seen.push(req.headers);
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('body');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  propagation.disable();
  await new Promise((r) => server.close(r));
});
afterEach(() => {
  stop();
  exporter.reset();
  seen.length = 0;
});

function instrument(hooks: HttpCaptureHooks = {}, propagate = true) {
  stop = instrumentFetch(
    createClientSpanFactory({
      tracer: provider.getTracer('test'),
      isExportUrl: (url) => url.startsWith(`${origin}/v1/`),
      propagate: () => propagate,
      timing: { expect: () => {}, stop: () => {} },
      hooks,
    }),
  );
}

describe('fetch instrumentation', () => {
  it('ends the span at the response headers, adds traceparent without touching the app init, never traces exports', async () => {
    instrument();
    const init = { headers: { 'x-app': '1' } };
    const response = await fetch(`${origin}/a`, init);
    expect(exporter.getFinishedSpans()).toHaveLength(1); // ended before the body was read
    expect(await response.text()).toBe('body'); // the app's body is intact (no clone drained it)
    expect(init).toEqual({ headers: { 'x-app': '1' } });
    const [span] = exporter.getFinishedSpans();
    expect(seen[0]!['x-app']).toBe('1');
    expect(seen[0]!.traceparent).toBe(`00-${span!.spanContext().traceId}-${span!.spanContext().spanId}-01`);

    await (await fetch(new Request(`${origin}/v1/traces`, { method: 'POST', body: '{}' }))).text();
    expect(exporter.getFinishedSpans()).toHaveLength(1);
    expect(seen[1]!.traceparent).toBeUndefined();
  });

  it('adds trace headers to every shape of app headers, and never overrides the app\'s own', async () => {
    instrument();
    const own = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const shapes: [string, RequestInit | undefined][] = [
      ['none', undefined],
      ['empty init', {}],
      ['plain object', { headers: { 'x-app': '1' } }],
      ['plain object, own traceparent', { headers: { TraceParent: own } }],
      ['pairs', { headers: [['x-app', '1']] }],
      ['pairs, own traceparent', { headers: [['traceparent', own]] }],
      ['Headers', { headers: new Headers({ 'x-app': '1' }) }],
      ['Headers, own traceparent', { headers: new Headers({ traceparent: own }) }],
    ];
    for (const [, init] of shapes) await (await fetch(`${origin}/shape`, init)).text();
    const spans = exporter.getFinishedSpans();
    shapes.forEach(([name, init], i) => {
      const { traceId, spanId } = spans[i]!.spanContext();
      expect(seen[i]!.traceparent, name).toBe(name.includes('own') ? own : `00-${traceId}-${spanId}-01`);
      if (!name.includes('own') && init?.headers) expect(seen[i]!['x-app'], name).toBe('1');
    });
    expect(shapes[2]![1]).toEqual({ headers: { 'x-app': '1' } }); // the app's init is never changed
  });

  it('gives capture hooks the request and the response, and lets them hold the span open', async () => {
    const calls: string[] = [];
    let release!: () => void;
    instrument({
      onFetchRequest(req) {
        calls.push(`request ${req.method} ${req.url.pathname}`);
        return async (res) => {
          calls.push(`response ${res.status} ${await res.clone().text()}`);
          await new Promise<void>((r) => (release = r));
        };
      },
    });
    const response = await fetch(`${origin}/captured`, { method: 'POST', body: 'x' });
    expect(await response.text()).toBe('body');
    await new Promise((r) => setTimeout(r, 20));
    expect(exporter.getFinishedSpans()).toHaveLength(0);
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(exporter.getFinishedSpans()).toHaveLength(1);
    expect(calls).toEqual(['request POST /captured', 'response 200 body']);
  });

  it('survives a throwing hook and records network errors', async () => {
    instrument({ onFetchRequest: () => { throw new Error('capture bug'); } }, false);
    await expect(fetch('http://127.0.0.1:9/refused')).rejects.toThrow();
    expect(await (await fetch(`${origin}/ok`)).text()).toBe('body');
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.attributes['error.type'])).toEqual(['TypeError', undefined]);
    expect(seen[0]!.traceparent).toBeUndefined(); // the policy said no
  });

  it('restores the original fetch when stopped', () => {
    const original = globalThis.fetch;
    instrument();
    expect(globalThis.fetch).not.toBe(original);
    stop();
    expect(globalThis.fetch).toBe(original);
  });
});
