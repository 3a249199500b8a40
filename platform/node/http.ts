/**
 * Server and client spans for `node:http`/`node:https`, with as little interference as possible:
 *
 * - Server: the `http.server.request.start` diagnostics channel starts the span; each server's
 *   `emit` is wrapped once (per server object, not per module) so the app's `'request'` handler
 *   runs inside the span's context. Works for ESM and CJS apps alike, no module patching.
 * - Client: Node 20 publishes `http.client.request.start` only after the headers are sent, too
 *   late for `traceparent`, so `request`/`get` are wrapped on the module objects, and
 *   `syncBuiltinESMExports()` makes `import { request } from 'node:http'` see the wrappers too.
 *   We never add `'response'` or `'error'` listeners: either would change how Node treats the
 *   request (an unconsumed response is no longer dumped; an error no longer throws). The end of
 *   the exchange comes from diagnostics channels and passive `'end'`/`'close'` listeners.
 *
 * Requests made while tracing is suppressed (our own OTLP exports) are not traced.
 */
import dc from 'node:diagnostics_channel';
import http, { type ClientRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { getRPCMetadata, isTracingSuppressed, RPCType, suppressTracing } from '@opentelemetry/core';
import {
  ATTR_CLIENT_ADDRESS,
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_METHOD_ORIGINAL,
  ATTR_HTTP_ROUTE,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_FULL,
  ATTR_URL_PATH,
  ATTR_URL_QUERY,
  ATTR_URL_SCHEME,
  ATTR_USER_AGENT_ORIGINAL,
} from '../../src/semconv';
import type { CapturePolicy } from '../../src/network/policy';
import type { StopInstrumentation } from '../../src/platform';
import { isNetworkCaptureEnabled } from '../../src/network/toggle';
import { observeIncoming, observeOutgoing } from './body-observer';
import { normalizeMethod } from '../../src/http-method';
import { ATTR_HTTP_URL_LEGACY, legacyHttp } from '../../src/http-legacy';
import { splitHostPort } from './http-attributes';
import { ExchangeCapture, IncomingHeaders, OutgoingHeaders } from './network-capture';
import { routeOf, type HttpMetrics, type HttpTiming } from './http-metrics';
import { endOpenLayers, RequestContext, serverRequestMetadata, type ServerRequestMetadata } from './request-context';

interface ServerStart {
  request: IncomingMessage;
  response: ServerResponse;
  server: Server;
}
interface ClientError {
  request: ClientRequest;
  error: Error;
}
interface ClientResponse {
  request: ClientRequest;
  response: IncomingMessage;
}

const SERVER_REQUEST_START = 'http.server.request.start';
const SERVER_RESPONSE_FINISH = 'http.server.response.finish';
const CLIENT_REQUEST_ERROR = 'http.client.request.error';
const CLIENT_RESPONSE_FINISH = 'http.client.response.finish';

type RequestFn = typeof http.request;

/** Ends the span (at `endTime`, default now), or once capture has recorded a body that needed decoding (keeping the exchange's end time). */
function endWithCapture(span: Span, capture: ExchangeCapture | undefined, endTime = performance.now()): void {
  if (!capture) return span.end(endTime);
  // The exchange ends at endTime; decoding a compressed body may end the span later, with that time.
  const pending = capture.record(span);
  if (pending) void pending.then(() => span.end(endTime));
  else span.end(endTime);
}

export interface HttpIgnore {
  server(target: string, fullUrl: () => string): boolean;
  client(url: string): boolean;
}

const IGNORE_NOTHING: HttpIgnore = { server: () => false, client: () => false };

function emitOn(emit: (this: Server, event: string | symbol, ...args: unknown[]) => boolean, server: Server, event: string | symbol, args: unknown[]): boolean {
  return emit.call(server, event, ...args);
}

/** normalizeMethod's answer per raw method, for server and client requests alike; Node's parser accepts a fixed set, so this stays small. */
const normalizedMethods = new Map<string | undefined, ReturnType<typeof normalizeMethod>>();
const MAX_CACHED_METHODS = 64;

function normalizeMethodCached(raw: string | undefined): ReturnType<typeof normalizeMethod> {
  let normalized = normalizedMethods.get(raw);
  if (!normalized) {
    normalized = normalizeMethod(raw);
    if (normalizedMethods.size < MAX_CACHED_METHODS) normalizedMethods.set(raw, normalized);
  }
  return normalized;
}

/** One incoming request's state, from `http.server.request.start` until its span has ended. */
interface ServerExchange {
  request: IncomingMessage;
  response?: ServerResponse;
  /** The request context (span, RPC metadata, extracted baggage), read by the wrapped `emit`. */
  ctx: Context;
  /** Absent for an ignored request (its context only suppresses tracing). */
  span?: Span;
  /** The RPC metadata in `ctx`: the route frameworks match, the layer spans they leave open. */
  rpc?: ServerRequestMetadata;
  /** Duration metrics, kept apart from the span so unsampled requests count too. */
  timing?: HttpTiming;
  capture?: ExchangeCapture;
  /** `performance.now()` when the exchange ended; the span ends with this time a macrotask later. */
  endTime?: number;
}

export function instrumentNodeHttp(tracer: Tracer, policy?: CapturePolicy, metrics?: HttpMetrics, ignore: HttpIgnore = IGNORE_NOTHING): StopInstrumentation {
  let enabled = true;
  /** Client exchanges: duration metrics and capture, kept apart from the span. */
  const timings = new WeakMap<ClientRequest, HttpTiming>();
  const captures = new WeakMap<ClientRequest, ExchangeCapture>();
  /**
   * Each server request's exchange, on the request object under a symbol of this instance: a
   * WeakMap insertion per request (identity hash, ephemeron table growth) was the costliest line
   * of the request start in profiles. Cleared, not deleted, when the span ends (a delete would
   * turn every request object into a slow dictionary).
   */
  const EXCHANGE = Symbol('clickstack-otel.exchange');
  type WithExchange = IncomingMessage & { [EXCHANGE]?: ServerExchange };
  // Optional: an app may emit 'request' with anything (a WeakMap lookup never threw either).
  const exchangeOf = (request: IncomingMessage | undefined) => (request as WithExchange | undefined)?.[EXCHANGE];
  const setExchange = (request: IncomingMessage, exchange: ServerExchange | undefined) => {
    (request as WithExchange)[EXCHANGE] = exchange;
  };
  const clientSpans = new WeakMap<ClientRequest, Span>();
  const wrappedServers = new WeakSet<object>();

  const onServerStart = (message: unknown) => {
    const { request, response, server } = message as ServerStart;
    if (!enabled) return;
    if (ignore.server(request.url ?? '/', () => `${schemeOf(request)}://${request.headers.host ?? 'localhost'}${request.url ?? '/'}`)) {
      // No span, and nothing the handler does is traced either (a probe's DB ping is no trace).
      setExchange(request, { request, ctx: suppressTracing(ROOT_CONTEXT) });
      wrapServerEmit(server);
      return;
    }
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const method = normalizeMethodCached(request.method);
    const span = tracer.startSpan(
      method.method,
      { kind: SpanKind.SERVER, attributes: serverAttributes(request, server, method) },
      parent,
    );
    // RPC metadata: express/fastify/koa instrumentation write the matched route into it.
    const rpc = serverRequestMetadata(RPCType.HTTP, span);
    const exchange: ServerExchange = { request, response, ctx: new RequestContext(parent, span, rpc), span, rpc };
    if (metrics) exchange.timing = { start: performance.now(), method: method.method, scheme: schemeOf(request) };
    if (policy && isNetworkCaptureEnabled()) exchange.capture = captureServer(policy, request, response, span);
    setExchange(request, exchange);
    wrapServerEmit(server);
    // A response that never finishes (client went away) still ends the span. One shared listener
    // (no closure or once-wrapper per request); it does nothing once the span has ended.
    response.on('close', onServerResponseClose);
  };
  function onServerResponseClose(this: ServerResponse) {
    if (this.req) endServerSpan(this.req);
  }
  const onServerFinish = (message: unknown) => endServerSpan((message as ServerStart).request);
  /** Server spans whose exchange has ended, waiting out one macrotask (all of them on one setImmediate). */
  let pendingEnds: ServerExchange[] = [];
  let pendingScheduled = false;
  function endServerSpan(request: IncomingMessage) {
    const exchange = exchangeOf(request);
    if (!exchange?.span) return; // ignored, or already ended
    setExchange(request, undefined);
    // A framework layer that answered after returning (an async route handler) ends with the exchange.
    if (exchange.rpc) endOpenLayers(exchange.rpc);
    // The exchange ends now, the span one macrotask later: Next.js writes `http.route` onto this
    // (its host) span when its request promise settles, a few microtasks after the response has
    // finished; ended at once, the route would be lost and OpenTelemetry would warn about an
    // attribute set on an ended span on every request.
    // A flush or shutdown in between settles it at once (settle below), so none is lost.
    exchange.endTime = performance.now();
    pendingEnds.push(exchange);
    if (!pendingScheduled) {
      pendingScheduled = true;
      setImmediate(settle);
    }
  }
  /** Ends every server span waiting out its macrotask (the immediate, a flush, a shutdown). */
  function settle() {
    pendingScheduled = false;
    const batch = pendingEnds;
    pendingEnds = [];
    for (const exchange of batch) finishServerSpan(exchange);
  }
  function finishServerSpan({ ctx, request, response, span, timing, capture, endTime }: ServerExchange) {
    if (!span || !response) return;
    const route = getRPCMetadata(ctx)?.route ?? routeOf(span);
    const status = response.statusCode;
    // One setAttributes for everything the end adds: the span checks its limit once.
    const attributes: Attributes = {};
    if (route) {
      attributes[ATTR_HTTP_ROUTE] = route;
      span.updateName(`${normalizeMethodCached(request.method).method} ${route}`);
    }
    attributes[ATTR_HTTP_RESPONSE_STATUS_CODE] = status;
    let errorType: string | undefined;
    if (!response.writableFinished) {
      errorType = 'aborted';
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'response not completed' });
    } else if (status >= 500) {
      errorType = String(status);
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    if (errorType) attributes[ATTR_ERROR_TYPE] = errorType;
    span.setAttributes(attributes);
    if (timing) {
      timing.status = status;
      timing.errorType = errorType;
      timing.route = route;
      metrics!.recordServer(timing);
    }
    endWithCapture(span, capture, endTime);
  }
  function captureServer(policy: CapturePolicy, request: IncomingMessage, response: ServerResponse, span: Span): ExchangeCapture | undefined {
    if (!span.isRecording()) return undefined;
    const scheme = 'encrypted' in request.socket && request.socket.encrypted ? 'https' : 'http';
    const url = `${scheme}://${request.headers.host ?? 'localhost'}${request.url ?? '/'}`;
    if (!policy.shouldCapture(url)) return undefined;
    const capture = new ExchangeCapture(policy, url, request.method ?? 'GET');
    capture.request.headers = new IncomingHeaders(request);
    capture.response.headers = new OutgoingHeaders(response);
    capture.request.decide();
    observeIncoming(request, capture.request.collector);
    // The first chunk comes after setHeader/writeHead: the response's content type is known then.
    observeOutgoing(response, capture.response.collector, capture.response);
    return capture;
  }
  function wrapServerEmit(server: Server) {
    if (wrappedServers.has(server)) return;
    wrappedServers.add(server);
    const originalEmit = server.emit as (this: Server, event: string | symbol, ...args: unknown[]) => boolean;
    server.emit = function emitInRequestContext(this: Server, event: string | symbol, ...args: unknown[]) {
      const ctx = event === 'request' ? exchangeOf(args[0] as IncomingMessage)?.ctx : undefined;
      // Through a static trampoline, so no function is bound or closure made per request.
      return ctx ? context.with(ctx, emitOn, undefined, originalEmit, this, event, args) : originalEmit.call(this, event, ...args);
    } as Server['emit'];
  }

  function traceClientRequest(original: RequestFn, self: unknown, args: Parameters<RequestFn>): ClientRequest {
    const active = context.active();
    if (!enabled || isTracingSuppressed(active)) return original.apply(self, args);
    const start = performance.now();
    // The span starts once the request exists (its URL decides `ignoreUrls`), dated to before it.
    const startTime = performance.timeOrigin + start;
    let request: ClientRequest;
    try {
      request = original.apply(self, args);
    } catch (error) {
      const span = tracer.startSpan('HTTP', { kind: SpanKind.CLIENT, startTime }, active);
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      span.end();
      throw error;
    }
    const { method, original: methodOriginal } = normalizeMethodCached(request.method);
    const attributes = clientAttributes(request, method, methodOriginal);
    if (ignore.client(attributes[ATTR_URL_FULL] as string)) return request;
    const span = tracer.startSpan(method, { kind: SpanKind.CLIENT, startTime, attributes }, active);
    if (metrics) {
      timings.set(request, {
        start,
        method,
        scheme: request.protocol.replace(/:$/, ''),
        serverAddress: attributes[ATTR_SERVER_ADDRESS] as string,
        serverPort: attributes[ATTR_SERVER_PORT] as number,
      });
    }
    // Headers given as an array are written at construction; then there is nothing left to add to.
    if (!request.headersSent) {
      propagation.inject(trace.setSpan(active, span), request, {
        set: (req, key, value) => req.setHeader(key, value),
      });
    }
    clientSpans.set(request, span);
    if (policy && span.isRecording() && isNetworkCaptureEnabled()) captureClient(policy, request, method);
    request.once('close', () => endClientSpan(request));
    return request;
  }
  function endClientSpan(request: ClientRequest, error?: Error) {
    const span = clientSpans.get(request);
    if (!span || !clientSpans.delete(request)) return;
    const timing = timings.get(request);
    if (error) {
      const errorType = (error as { code?: string }).code ?? error.name;
      span.recordException(error);
      span.setAttribute(ATTR_ERROR_TYPE, errorType);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
      if (timing) timing.errorType = errorType;
    }
    if (timing) {
      timings.delete(request);
      metrics!.recordClient(timing);
    }
    const capture = captures.get(request);
    captures.delete(request);
    endWithCapture(span, capture);
  }
  function captureClient(policy: CapturePolicy, request: ClientRequest, method: string) {
    const scheme = request.protocol.replace(/:$/, '');
    const host = request.getHeader('host');
    const url = `${scheme}://${typeof host === 'string' ? host : request.host}${request.path}`;
    if (!policy.shouldCapture(url)) return;
    const capture = new ExchangeCapture(policy, url, method);
    capture.request.headers = new OutgoingHeaders(request);
    observeOutgoing(request, capture.request.collector, capture.request);
    captures.set(request, capture);
  }
  const onClientError = (message: unknown) => {
    const { request, error } = message as ClientError;
    endClientSpan(request, error);
  };
  const onClientResponse = (message: unknown) => {
    const { request, response } = message as ClientResponse;
    const span = clientSpans.get(request);
    if (!span) return;
    const status = response.statusCode ?? 0;
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
    span.setAttribute(ATTR_NETWORK_PROTOCOL_VERSION, response.httpVersion);
    if (status >= 400) {
      span.setAttribute(ATTR_ERROR_TYPE, String(status));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    const timing = timings.get(request);
    if (timing) {
      timing.status = status;
      if (status >= 400) timing.errorType = String(status);
    }
    const capture = captures.get(request);
    if (capture) {
      capture.response.headers = new IncomingHeaders(response);
      capture.response.decide();
      // The parser has handed over only the headers so far: every body chunk is still to come.
      observeIncoming(response, capture.response.collector);
    }
    // Passive listeners: they neither start the flow of data nor change error handling.
    const end = () => endClientSpan(request);
    response.once('end', end);
    response.once('close', end);
  };

  dc.subscribe(SERVER_REQUEST_START, onServerStart);
  dc.subscribe(SERVER_RESPONSE_FINISH, onServerFinish);
  dc.subscribe(CLIENT_REQUEST_ERROR, onClientError);
  dc.subscribe(CLIENT_RESPONSE_FINISH, onClientResponse);

  const restore: (() => void)[] = [];
  for (const mod of [http, https]) {
    const originalRequest = mod.request;
    const originalGet = mod.get;
    mod.request = function request(this: unknown, ...args: unknown[]) {
      return traceClientRequest(originalRequest, this, args as Parameters<RequestFn>);
    } as RequestFn;
    // Node's own `get` calls its internal `request`, not the export, so it is rebuilt on ours.
    mod.get = function get(this: unknown, ...args: unknown[]) {
      const req = (mod.request as (...a: unknown[]) => ClientRequest).apply(this, args);
      req.end();
      return req;
    } as typeof http.get;
    restore.push(() => {
      mod.request = originalRequest;
      mod.get = originalGet;
    });
  }
  syncBuiltinESMExports();

  const stop = () => {
    settle();
    enabled = false;
    dc.unsubscribe(SERVER_REQUEST_START, onServerStart);
    dc.unsubscribe(SERVER_RESPONSE_FINISH, onServerFinish);
    dc.unsubscribe(CLIENT_REQUEST_ERROR, onClientError);
    dc.unsubscribe(CLIENT_RESPONSE_FINISH, onClientResponse);
    for (const r of restore) r();
    syncBuiltinESMExports();
  };
  return Object.assign(stop, { settle });
}

/** Each server's listening port, so `server.address()` (a getsockname syscall) runs once per listen. */
const listeningPorts = new WeakMap<Server, number | undefined>();
const watchedServers = new WeakSet<Server>();

function listeningPort(server: Server): number | undefined {
  if (listeningPorts.has(server)) return listeningPorts.get(server);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : undefined;
  listeningPorts.set(server, port);
  if (!watchedServers.has(server)) {
    // Closing and listening again may pick another port. Two listeners per server, ever.
    watchedServers.add(server);
    server.on('close', forgetListeningPort);
    server.on('listening', forgetListeningPort);
  }
  return port;
}

function forgetListeningPort(this: Server): void {
  listeningPorts.delete(this);
}

function schemeOf(request: IncomingMessage): 'http' | 'https' {
  return 'encrypted' in request.socket && request.socket.encrypted ? 'https' : 'http';
}

function serverAttributes(
  request: IncomingMessage,
  server: Server,
  { method, original }: { method: string; original?: string },
): Attributes {
  const scheme = schemeOf(request);
  const target = request.url ?? '/';
  const q = target.indexOf('?');
  const { host, port } = splitHostPort(request.headers.host);
  const attributes: Attributes = {
    [ATTR_HTTP_REQUEST_METHOD]: method,
    [ATTR_URL_SCHEME]: scheme,
    [ATTR_URL_PATH]: q === -1 ? target : target.slice(0, q),
    [ATTR_NETWORK_PROTOCOL_VERSION]: request.httpVersion,
  };
  if (original) attributes[ATTR_HTTP_REQUEST_METHOD_ORIGINAL] = original;
  if (q !== -1) attributes[ATTR_URL_QUERY] = target.slice(q + 1);
  if (host) attributes[ATTR_SERVER_ADDRESS] = host;
  attributes[ATTR_SERVER_PORT] = port ?? listeningPort(server);
  if (request.socket.remoteAddress) attributes[ATTR_CLIENT_ADDRESS] = request.socket.remoteAddress;
  const ua = request.headers['user-agent'];
  if (ua) attributes[ATTR_USER_AGENT_ORIGINAL] = ua;
  // Semconv http/dup: server spans have no url.full to copy, so the legacy full URL is built here.
  if (legacyHttp.enabled) attributes[ATTR_HTTP_URL_LEGACY] = `${scheme}://${request.headers.host ?? `${host ?? 'localhost'}:${attributes[ATTR_SERVER_PORT]}`}${target}`;
  return attributes;
}

function clientAttributes(request: ClientRequest, method: string, original: string | undefined): Attributes {
  const scheme = request.protocol.replace(/:$/, '');
  const hostHeader = request.getHeader('host');
  const { host, port } = splitHostPort(typeof hostHeader === 'string' ? hostHeader : request.host);
  const authority = typeof hostHeader === 'string' ? hostHeader : request.host;
  const attributes: Attributes = {
    [ATTR_HTTP_REQUEST_METHOD]: method,
    [ATTR_URL_FULL]: `${scheme}://${authority}${request.path}`,
    [ATTR_SERVER_ADDRESS]: host ?? request.host,
    [ATTR_SERVER_PORT]: port ?? (scheme === 'https' ? 443 : 80),
  };
  if (original) attributes[ATTR_HTTP_REQUEST_METHOD_ORIGINAL] = original;
  return attributes;
}
