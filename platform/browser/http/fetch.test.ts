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
