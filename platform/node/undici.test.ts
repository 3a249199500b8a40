import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, propagation } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instrumentUndici } from './undici';

/** Real fetch (undici) to a real loopback server, with the real instrumentation. */
describe('undici instrumentation: traceparent', () => {
  const seen: (string | string[] | undefined)[] = [];
  const exporter = new InMemorySpanExporter();
  let server: http.Server;
  let url = '';
  let stop: () => void;
  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    stop = instrumentUndici(provider.getTracer('test'));
    server = http.createServer((req, res) => {
      seen.push(req.headers.traceparent);
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    stop();
    context.disable();
    propagation.disable();
    await new Promise((r) => server.close(r));
  });

  it('adds its own when the request has none', async () => {
    seen.length = 0;
    await (await fetch(url)).text();
    const [span] = exporter.getFinishedSpans().slice(-1);
    expect(seen).toEqual([`00-${span!.spanContext().traceId}-${span!.spanContext().spanId}-01`]);
  });

  it('keeps a traceparent the request already carries (one header, not two joined)', async () => {
    seen.length = 0;
    const given = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await (await fetch(url, { headers: { traceparent: given } })).text();
    await (await fetch(url, { headers: new Headers({ TraceParent: given }) })).text();
    expect(seen).toEqual([given, given]);
  });
});
