/**
 * The express instrumentation on real express 4 and 5 apps, served on loopback by node:http with
 * the SDK's own server instrumentation (../../http.ts: the server span and its RPC metadata) and
 * context manager, spans read from an in-memory exporter.
 *
 * Express 5 is hooked as apps get it (require-in-the-middle sees `require('express')`); express 4
 * is the `express4` alias here, whose module name the hook does not match, so the test hands its
 * exports to the same patch function the hook calls.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { RPCType, setRPCMetadata, type RPCMetadata } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NodeContextManager } from '../../context-manager';
import { instrumentNodeHttp } from '../../http';
import { EXPRESS_SCOPE, ExpressInstrumentation } from './instrumentation';

const require = createRequire(import.meta.url);
/** How long the async handler waits before answering. */
const ASYNC_DELAY_MS = 20;
/** How long a test waits for a request's server span to be exported. */
const EXPORT_WAIT_MS = 2_000;

// The instrumentation first, then express: as in an app, the hook is in place when express loads.
const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const instrumentation = new ExpressInstrumentation();
instrumentation.setTracerProvider(provider);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Express = any;
const express5: Express = require('express');
const express4: Express = require('express4');
instrumentation.getModuleDefinitions()[0]!.patch!(express4, '4.21.2');

function buildApp(express: Express, major: 4 | 5) {
  const tracer = provider.getTracer('app');
  const app = express();
  app.use(function logger(_req: unknown, _res: unknown, next: () => void) {
    next();
  });
  app.use(express.json());

  const users = express.Router();
  users.use(function auth(_req: unknown, _res: unknown, next: () => void) {
    next();
  });
  users.get('/:id', (req: Express, res: Express) => {
    // A span of the app's own, started where the handler's span is active.
    tracer.startSpan('lookup').end();
    res.json({ id: req.params.id });
  });
  const api = express.Router();
  api.use('/users', users);
  // Leaves the router at once: the request goes on to the app's next layers.
  api.use('/skip-router', (_req: unknown, _res: unknown, next: (v: string) => void) => next('router'));
  app.use('/api', api);

  app.get('/', (_req: unknown, res: Express) => res.send('root'));
  app.get('/async', async (_req: unknown, res: Express) => {
    await new Promise((r) => setTimeout(r, ASYNC_DELAY_MS));
    res.send('later');
  });
  app.get('/throws', () => {
    throw new Error('boom');
  });
  app.get('/fail', (_req: unknown, _res: unknown, next: (e: Error) => void) => next(new Error('failed')));
  if (major === 5) {
    app.get('/rejects', async () => {
      throw new Error('rejected');
    });
  }
  app.get(
    '/skip',
    (_req: unknown, _res: unknown, next: (v: string) => void) => next('route'),
    (_req: unknown, res: Express) => res.send('never'),
  );
  app.get('/skip', (_req: unknown, res: Express) => res.send('second'));
  app.post('/echo', (req: Express, res: Express) => res.set('x-items', String(req.body.items.length)).json(req.body));
  app.use(function notFound(_req: unknown, res: Express) {
    res.status(404).send('nope');
  });
  app.use(function onError(err: Error, _req: unknown, res: Express, _next: unknown) {
    res.status(500).send(`handled: ${err.message}`);
  });
  return app;
}

interface Served {
  url: string;
  close(): Promise<void>;
}

async function serve(app: Express): Promise<Served> {
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** The request's spans once its server span has been exported (it ends a macrotask after the response). */
async function spansOf(path: string): Promise<{ server: ReadableSpan; express: ReadableSpan[]; all: ReadableSpan[] }> {
  const deadline = Date.now() + EXPORT_WAIT_MS;
  for (;;) {
    const all = exporter.getFinishedSpans();
    const server = all.find((s) => s.kind === SpanKind.SERVER && s.attributes['url.path'] === path);
    if (server) {
      const trace = all.filter((s) => s.spanContext().traceId === server.spanContext().traceId);
      return { server, express: trace.filter((s) => s.instrumentationScope.name === EXPRESS_SCOPE), all: trace };
    }
    if (Date.now() > deadline) throw new Error(`no server span for ${path}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const names = (spans: ReadableSpan[]) => spans.map((s) => s.name);
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

let stopHttp: () => void;
beforeAll(() => {
  context.setGlobalContextManager(new NodeContextManager().enable());
  stopHttp = instrumentNodeHttp(provider.getTracer('http'));
});
// Each test reads only its own requests' spans.
beforeEach(() => exporter.reset());
afterAll(() => {
  stopHttp();
  instrumentation.disable();
  context.disable();
});

describe.each([
  { major: 5 as const, express: () => express5, before: [] as string[] },
  // Express 4 runs its own two middlewares first on every request.
  { major: 4 as const, express: () => express4, before: ['middleware - query', 'middleware - expressInit'] },
])('express $major', ({ major, express, before }) => {
  let served: Served;
  beforeAll(async () => {
    served = await serve(buildApp(express(), major));
  });
  afterAll(() => served.close());
  const get = async (path: string) => {
    const res = await fetch(served.url + path);
    return { status: res.status, body: await res.text() };
  };

  it('names the server span by the full route through mounted routers; spans per middleware, router and handler', async () => {
    expect(await get('/api/users/42')).toEqual({ status: 200, body: '{"id":"42"}' });
    const { server, express: spans, all } = await spansOf('/api/users/42');
    expect(server.name).toBe('GET /api/users/:id');
    expect(server.attributes['http.route']).toBe('/api/users/:id');
    expect(names(spans)).toEqual([...before, 'middleware - logger', 'middleware - jsonParser', 'router - /api', 'router - /users', 'middleware - auth', 'request handler - /api/users/:id']);
    // Siblings under the server span, routers included (as upstream: a router span only marks entry).
    for (const span of spans) {
      expect(span.kind).toBe(SpanKind.INTERNAL);
      expect(parentOf(span)).toBe(server.spanContext().spanId);
    }
    const byName = Object.fromEntries(spans.map((s) => [s.name, s]));
    expect(byName['middleware - logger']!.attributes).toEqual({ 'express.name': 'logger', 'express.type': 'middleware' });
    expect(byName['router - /api']!.attributes).toEqual({ 'express.name': '/api', 'express.type': 'router', 'http.route': '/api' });
    expect(byName['middleware - auth']!.attributes).toEqual({ 'express.name': 'auth', 'express.type': 'middleware', 'http.route': '/api/users' });
    const handler = byName['request handler - /api/users/:id']!;
    expect(handler.attributes).toEqual({ 'express.name': '/api/users/:id', 'express.type': 'request_handler', 'http.route': '/api/users/:id' });
    // The app's own span inside the handler is the handler's child.
    const lookup = all.find((s) => s.name === 'lookup')!;
    expect(parentOf(lookup)).toBe(handler.spanContext().spanId);
    expect(handler.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('keeps the request body and the response as the app sees them', async () => {
    const body = JSON.stringify({ items: [1, 2, 3], note: 'x' });
    const res = await fetch(`${served.url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-items')).toBe('3');
    expect(await res.text()).toBe(body);
    const { server, express: spans } = await spansOf('/echo');
    expect(server.name).toBe('POST /echo');
    expect(names(spans)).toEqual([...before, 'middleware - logger', 'middleware - jsonParser', 'request handler - /echo']);
  });

  it('routes `/` and answers a request no route matches without a route', async () => {
    expect(await get('/')).toEqual({ status: 200, body: 'root' });
    expect((await spansOf('/')).server.name).toBe('GET /');
    expect(await get('/nowhere')).toEqual({ status: 404, body: 'nope' });
    const { server, express: spans } = await spansOf('/nowhere');
    expect(server.name).toBe('GET');
    expect(server.attributes['http.route']).toBeUndefined();
    expect(names(spans)).toEqual([...before, 'middleware - logger', 'middleware - jsonParser', 'middleware - notFound']);
  });

  it('ends an async handler span when it answers', async () => {
    expect(await get('/async')).toEqual({ status: 200, body: 'later' });
    const { server, express: spans } = await spansOf('/async');
    expect(server.name).toBe('GET /async');
    const handler = spans.find((s) => s.name === 'request handler - /async')!;
    const [seconds, nanos] = handler.duration;
    expect(seconds * 1e3 + nanos / 1e6).toBeGreaterThanOrEqual(ASYNC_DELAY_MS - 1);
  });

  it('records a synchronous throw on the handler span; express handles it as without instrumentation', async () => {
    expect(await get('/throws')).toEqual({ status: 500, body: 'handled: boom' });
    const { server, express: spans } = await spansOf('/throws');
    expect(server.name).toBe('GET /throws');
    const handler = spans.find((s) => s.name === 'request handler - /throws')!;
    expect(handler.status).toEqual({ code: SpanStatusCode.ERROR, message: 'boom' });
    expect(handler.events.map((e) => e.attributes?.['exception.message'])).toEqual(['boom']);
    // The error handler gets a span of its own, under the server span.
    const onError = spans.find((s) => s.name === 'middleware - onError')!;
    expect(onError.attributes).toEqual({ 'express.name': 'onError', 'express.type': 'middleware', 'http.route': '/throws' });
    expect(parentOf(onError)).toBe(server.spanContext().spanId);
  });

  it('records next(err) on the layer that passed it', async () => {
    expect(await get('/fail')).toEqual({ status: 500, body: 'handled: failed' });
    const { express: spans } = await spansOf('/fail');
    expect(spans.find((s) => s.name === 'request handler - /fail')!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'failed' });
  });

  it.runIf(major === 5)('records a rejected async handler (express 5 passes it to next)', async () => {
    expect(await get('/rejects')).toEqual({ status: 500, body: 'handled: rejected' });
    const { express: spans } = await spansOf('/rejects');
    expect(spans.find((s) => s.name === 'request handler - /rejects')!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'rejected' });
  });

  it("treats next('route') and next('router') as routing, not errors", async () => {
    expect(await get('/skip')).toEqual({ status: 200, body: 'second' });
    const skip = await spansOf('/skip');
    expect(skip.server.name).toBe('GET /skip');
    const handlers = skip.express.filter((s) => s.name === 'request handler - /skip');
    expect(handlers).toHaveLength(2);
    for (const h of handlers) expect(h.status.code).toBe(SpanStatusCode.UNSET);

    expect(await get('/api/skip-router')).toEqual({ status: 404, body: 'nope' });
    const left = await spansOf('/api/skip-router');
    // The route of the router left does not stay on the request.
    expect(left.server.name).toBe('GET');
    const leaving = left.express.find((s) => s.name === 'middleware - <anonymous>')!;
    expect(leaving.status.code).toBe(SpanStatusCode.UNSET);
    expect(leaving.attributes['http.route']).toBe('/api/skip-router');
    expect(left.express.find((s) => s.name === 'middleware - notFound')!.attributes['http.route']).toBeUndefined();
  });
});

describe('a request the SDK does not trace (another http instrumentation runs the app)', () => {
  it('keeps the route and ends a layer that answers later by the response', async () => {
    const tracer = provider.getTracer('foreign-http');
    const app = buildApp(express5, 5);
    const rpcs = new Map<string, RPCMetadata>();
    // As another http instrumentation would: its own server span and RPC metadata around the app.
    const server = http.createServer((req, res) => {
      const span = tracer.startSpan(`foreign ${req.url}`);
      const rpc: RPCMetadata = { type: RPCType.HTTP, span };
      rpcs.set(req.url!, rpc);
      res.on('close', () => span.end());
      context.with(setRPCMetadata(trace.setSpan(ROOT_CONTEXT, span), rpc), () => app(req, res));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect(await (await fetch(`${url}/api/users/9`)).text()).toBe('{"id":"9"}');
      expect(await (await fetch(`${url}/async`)).text()).toBe('later');
      expect(rpcs.get('/api/users/9')!.route).toBe('/api/users/:id');
      expect(rpcs.get('/async')!.route).toBe('/async');
      const deadline = Date.now() + EXPORT_WAIT_MS;
      let handler: ReadableSpan | undefined;
      while (!(handler = exporter.getFinishedSpans().find((s) => s.name === 'request handler - /async')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      expect(handler).toBeDefined();
      expect(parentOf(handler!)).toBe(rpcs.get('/async')!.span!.spanContext().spanId);
      const [seconds, nanos] = handler!.duration;
      expect(seconds * 1e3 + nanos / 1e6).toBeGreaterThanOrEqual(ASYNC_DELAY_MS - 1);
      const users = exporter.getFinishedSpans().filter((s) => s.parentSpanContext?.spanId === rpcs.get('/api/users/9')!.span!.spanContext().spanId);
      expect(names(users)).toEqual(['middleware - logger', 'middleware - jsonParser', 'router - /api', 'router - /users', 'middleware - auth', 'request handler - /api/users/:id']);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe('configuration and disable', () => {
  it('ignoreLayersType and ignoreLayers skip spans, not routes', async () => {
    instrumentation.setConfig({ ignoreLayersType: ['middleware'], ignoreLayers: [/router - /] });
    const served = await serve(buildApp(express5, 5));
    try {
      expect((await fetch(`${served.url}/api/users/7`)).status).toBe(200);
      const { server, express: spans } = await spansOf('/api/users/7');
      expect(server.name).toBe('GET /api/users/:id');
      expect(names(spans)).toEqual(['request handler - /api/users/:id']);
    } finally {
      instrumentation.setConfig({});
      await served.close();
    }
  });

  it('disable() puts express back: no spans, no route, same answers', async () => {
    instrumentation.disable();
    const served = await serve(buildApp(express5, 5));
    try {
      expect(await (await fetch(`${served.url}/api/users/8`)).text()).toBe('{"id":"8"}');
      const { server, express: spans } = await spansOf('/api/users/8');
      expect(server.name).toBe('GET');
      expect(spans).toEqual([]);
    } finally {
      await served.close();
      instrumentation.enable();
    }
  });
});
