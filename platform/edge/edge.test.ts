/**
 * The edge entry end to end within one process: init(), withTracing around a Request → Response
 * handler, its outgoing fetch, the export through the request's waitUntil, and Next.js's own spans
 * passing through. A real loopback OTLP receiver and upstream server; the runtime is Node's Web
 * APIs (the e2e cases run the same build in workerd and in Next.js's edge sandbox).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { forceFlush, init, shutdown, withTracing } from './index';
import { NEXT_TRACER_NAME } from './next-spans';

interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: Record<string, unknown> }[];
  status: { code?: number };
  scope: string;
}

let receiver: Server;
let upstream: Server;
let receiverUrl = '';
let upstreamUrl = '';
const exports: ExportedSpan[][] = [];
const upstreamSaw: (string | undefined)[] = [];

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const parsed = JSON.parse(body) as { resourceSpans: { scopeSpans: { scope: { name: string }; spans: Omit<ExportedSpan, 'scope'>[] }[] }[] };
        exports.push(parsed.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => ({ ...s, scope: ss.scope.name })))));
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  upstream = createServer((req, res) => {
    upstreamSaw.push(req.headers.traceparent as string | undefined);
    res.end('ok');
  });
  [receiverUrl, upstreamUrl] = await Promise.all([listen(receiver), listen(upstream)]);
});

afterEach(async () => {
  await shutdown();
  exports.length = 0;
  upstreamSaw.length = 0;
});

afterAll(() => {
  receiver.close();
  upstream.close();
});

const attr = (span: ExportedSpan, key: string) => {
  const v = span.attributes.find((a) => a.key === key)?.value;
  return v && (v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : undefined));
};

/** A long batch delay: only the waitUntil flush can export within the test. */
const start = () => init({ service: 'edge-unit', url: receiverUrl, batch: { scheduledDelayMillis: 60_000 }, logs: false });

describe('edge entry', () => {
  it('makes a SERVER span per request, parented by traceparent, with the fetch as its child, exported through waitUntil', async () => {
    expect(start().active).toBe(true);
    const handler = withTracing(
      // A Cloudflare-style handler: (request, env, ctx).
      async (request: Request, _env: object, _ctx: { waitUntil(p: Promise<unknown>): void }) => {
        await new Promise((r) => setTimeout(r, 1)); // context must survive an await
        const res = await fetch(`${upstreamUrl}/item`);
        return new Response(`${request.method} ${await res.text()}`, { status: 201 });
      },
      { route: '/items/[id]' },
    );
    const waited: Promise<unknown>[] = [];
    const ctx = { waitUntil: (p: Promise<unknown>) => void waited.push(p) };
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const response = await handler(new Request('https://edge.example/items/7?x=1', { headers: { traceparent: `00-${traceId}-b7ad6b7169203331-01`, 'user-agent': 'unit' } }), {}, ctx);
    expect(await response.text()).toBe('GET ok');
    expect(waited).toHaveLength(1);
    await Promise.all(waited);
    expect(exports).toHaveLength(1);
    const spans = exports[0]!;
    const server = spans.find((s) => s.kind === SpanKind.SERVER + 1)!;
    expect(server).toMatchObject({ traceId, parentSpanId: 'b7ad6b7169203331', name: 'GET /items/[id]', scope: 'clickstack-otel' });
    expect(attr(server, 'http.route')).toBe('/items/[id]');
    expect(attr(server, 'url.path')).toBe('/items/7');
    expect(attr(server, 'url.query')).toBe('x=1');
    expect(attr(server, 'http.response.status_code')).toBe(201);
    expect(attr(server, 'user_agent.original')).toBe('unit');
    const client = spans.find((s) => s.kind === SpanKind.CLIENT + 1)!;
    expect(client.parentSpanId).toBe(server.spanId);
    expect(upstreamSaw).toEqual([`00-${traceId}-${client.spanId}-01`]);
  });

  it('finds waitUntil in the Next.js/Vercel request context when the handler has none', async () => {
    start();
    const waited: Promise<unknown>[] = [];
    const key = Symbol.for('@next/request-context');
    (globalThis as Record<symbol, unknown>)[key] = { get: () => ({ waitUntil: (p: Promise<unknown>) => void waited.push(p) }) };
    try {
      // A Next.js route handler: (request, { params }).
      const handler = withTracing((_request: Request, _context: { params: Promise<object> }) => new Response('ok'));
      await handler(new Request('https://edge.example/plain'), { params: Promise.resolve({}) });
    } finally {
      delete (globalThis as Record<symbol, unknown>)[key];
    }
    expect(waited).toHaveLength(1);
    await Promise.all(waited);
    expect(exports.flat().map((s) => s.name)).toEqual(['GET']);
  });

  it('records a throwing handler as an error and rethrows; no waitUntil means no flush', async () => {
    start();
    const boom = new TypeError('boom');
    const handler = withTracing(() => {
      throw boom;
    });
    await expect(handler(new Request('https://edge.example/fail'))).rejects.toBe(boom);
    await forceFlush();
    const span = exports.flat()[0]!;
    expect(attr(span, 'error.type')).toBe('TypeError');
    expect(span.status.code).toBe(2);
  });

  it('passes Next.js spans through: not recorded, their children keep the caller as parent', async () => {
    start();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const waited: Promise<unknown>[] = [];
    const nextTracer = trace.getTracer(NEXT_TRACER_NAME, '16.5.0');
    const remote = trace.setSpanContext(context.active(), { traceId, spanId: '00f067aa0ba902b7', traceFlags: 1, isRemote: true });
    // Next.js middleware: (request, event).
    const handler = withTracing((_request: Request, _event: { waitUntil(p: Promise<unknown>): void }) => new Response('ok'));
    await context.with(remote, () =>
      nextTracer.startActiveSpan('middleware GET', async (span) => {
        expect(span.isRecording()).toBe(false);
        expect(span.spanContext().spanId).toBe('00f067aa0ba902b7');
        await handler(new Request('https://edge.example/mw'), { waitUntil: (p: Promise<unknown>) => void waited.push(p) });
        span.end();
      }),
    );
    await Promise.all(waited);
    const spans = exports.flat();
    expect(spans.map((s) => [s.name, s.scope, s.parentSpanId])).toEqual([['GET', 'clickstack-otel', '00f067aa0ba902b7']]);
    expect(spans[0]!.traceId).toBe(traceId);
  });

  it("takes the bundled build's extension points: the app's span processor and beforeSendSpan", async () => {
    const seen: string[] = [];
    init({
      service: 'edge-unit',
      url: receiverUrl,
      logs: false,
      spanProcessors: [{ onStart: (span) => span.setAttribute('app.tag', 'edge'), onEnd: (span) => void seen.push(span.name), forceFlush: async () => {}, shutdown: async () => {} }],
      beforeSendSpan: (span) => (span.name === 'drop-me' ? null : span),
    });
    const tracer = trace.getTracer('app');
    tracer.startSpan('keep-me').end();
    tracer.startSpan('drop-me').end();
    await forceFlush();
    expect(seen).toEqual(['keep-me', 'drop-me']);
    const spans = exports.flat();
    expect(spans.map((s) => s.name)).toEqual(['keep-me']);
    expect(attr(spans[0]!, 'app.tag')).toBe('edge');
  });

  it('runs handlers untouched before init() and adds no span inside an already recorded one', async () => {
    const handler = withTracing((request: Request) => new Response(request.url));
    expect(await (await handler(new Request('https://edge.example/early'))).text()).toBe('https://edge.example/early');
    start();
    const tracer = trace.getTracer('app');
    await tracer.startActiveSpan('outer', async (outer) => {
      await handler(new Request('https://edge.example/inner'));
      outer.end();
    });
    await forceFlush();
    expect(exports.flat().map((s) => s.name)).toEqual(['outer']);
  });
});
