/**
 * Client spans for Node's global `fetch` (undici), from undici's diagnostics channels: no patching.
 * `undici:request:create` fires in the caller's async context before the headers are written,
 * so the span is a child of the active span and `traceparent` can still be added.
 */
import dc from 'node:diagnostics_channel';
import { context, propagation, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_METHOD_ORIGINAL,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_FULL,
} from '../../src/semconv';
import { pairsOf, parseHeaderBlock, type RawHeaderValue } from '../../src/network/headers';
import type { CapturePolicy } from '../../src/network/policy';
import { isNetworkCaptureEnabled } from '../../src/network/toggle';
import { normalizeMethod } from '../../src/http-method';
import { activeFetchSlot, attachFetchTarget, MAX_FETCH_BODY_WAIT_MILLIS, wrapGlobalFetch, type FetchBodyTarget } from './fetch-capture';
import type { HttpMetrics, HttpTiming } from './http-metrics';

/** The parts of undici's request object that its diagnostics messages expose. */
interface UndiciRequest {
  origin: string | URL;
  method: string;
  path: string;
  /** undici 6: `[name, value, …]`; undici 5: `'name: value\r\n…'`. */
  headers?: unknown;
  addHeader(name: string, value: string): unknown;
}
interface CreateMessage {
  request: UndiciRequest;
}
interface HeadersMessage {
  request: UndiciRequest;
  response: { statusCode: number; headers?: unknown[] };
}
interface SendHeadersMessage {
  request: UndiciRequest;
  /** The request's header block exactly as written to the socket. */
  headers: string;
}
interface ErrorMessage {
  request: UndiciRequest;
  error: Error;
}

const CREATE = 'undici:request:create';
const HEADERS = 'undici:request:headers';
const TRAILERS = 'undici:request:trailers';
const ERROR = 'undici:request:error';
const SEND_HEADERS = 'undici:client:sendHeaders';

/**
 * Network capture for fetch: request headers come from the block undici wrote to the socket (so
 * `host`, `traceparent` and headers given as a `Headers` object are all there), response headers
 * from the parsed list. undici publishes no body bytes on Node 20: bodies come from the global
 * fetch wrapper (./fetch-capture), which meets the request here through the active context.
 */
interface UndiciCapture {
  policy: CapturePolicy;
  request: UndiciRequest;
  /** Set when the request comes from the global `fetch()` with capture on: the body goes here. */
  body?: FetchBodyTarget;
  requestHeaders?: Iterable<readonly [string, RawHeaderValue]>;
  responseHeaders?: Iterable<readonly [string, RawHeaderValue]>;
}

function requestHeaderPairs(headers: unknown): Iterable<readonly [string, RawHeaderValue]> {
  if (Array.isArray(headers)) return pairsOf(headers);
  if (typeof headers === 'string') return parseHeaderBlock(`\r\n${headers}`);
  return [];
}

/** On every traced request: a scan of the names only, no copies. */
function hasTraceparent(headers: unknown): boolean {
  if (typeof headers === 'string') return TRACEPARENT_LINE.test(headers);
  if (!Array.isArray(headers)) return false;
  for (let i = 0; i < headers.length; i += 2) {
    const name = headers[i];
    if (typeof name === 'string' && name.length === 11 && name.toLowerCase() === 'traceparent') return true;
  }
  return false;
}
const TRACEPARENT_LINE = /(?:^|\n)traceparent:/i;

export function instrumentUndici(tracer: Tracer, policy?: CapturePolicy, metrics?: HttpMetrics, ignoreUrl: (url: string) => boolean = () => false): () => void {
  const spans = new WeakMap<UndiciRequest, Span>();
  const captures = new WeakMap<UndiciRequest, UndiciCapture>();
  /** Duration metrics per request, kept apart from the span so unsampled requests count too. */
  const timings = new WeakMap<UndiciRequest, HttpTiming>();
  const endSpan = (request: UndiciRequest, span: Span) => {
    const timing = timings.get(request);
    if (timing) {
      timings.delete(request);
      metrics!.recordClient(timing);
    }
    const capture = captures.get(request);
    captures.delete(request);
    const body = capture?.body;
    if (body) {
      // The response may have ended before the app's fetch() even resolved (a small body arrives
      // with the headers): wait for our read of the body, briefly; the span is never held longer,
      // and it still ends at the response's end, not after the wait.
      const endedAt = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, MAX_FETCH_BODY_WAIT_MILLIS);
        timer.unref();
      });
      void Promise.race([body.bodyDone, waited]).then(() => {
        clearTimeout(timer);
        body.ended = true;
        finishSpan(span, capture, endedAt);
      });
      return;
    }
    finishSpan(span, capture);
  };
  const finishSpan = (span: Span, capture: UndiciCapture | undefined, endTime?: number) => {
    if (capture) {
      try {
        const headers = capture.requestHeaders ?? requestHeaderPairs(capture.request.headers);
        span.setAttributes(capture.policy.headers('request', headers));
        if (capture.responseHeaders) span.setAttributes(capture.policy.headers('response', capture.responseHeaders));
      } catch {
        // Capture never breaks the span.
      }
    }
    span.end(endTime);
  };

  const onCreate = (message: unknown) => {
    const { request } = message as CreateMessage;
    const active = context.active();
    if (isTracingSuppressed(active)) return;
    let url: URL;
    try {
      url = new URL(request.path, request.origin);
    } catch {
      return;
    }
    if (ignoreUrl(url.href)) return;
    const { method, original } = normalizeMethod(request.method);
    const serverAddress = url.hostname.replace(/^\[|\]$/g, '');
    const serverPort = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    if (metrics) timings.set(request, { start: performance.now(), method, scheme: url.protocol.slice(0, -1), serverAddress, serverPort });
    const span = tracer.startSpan(
      method,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          [ATTR_HTTP_REQUEST_METHOD]: method,
          [ATTR_URL_FULL]: url.href,
          [ATTR_SERVER_ADDRESS]: serverAddress,
          [ATTR_SERVER_PORT]: serverPort,
          ...(original ? { [ATTR_HTTP_REQUEST_METHOD_ORIGINAL]: original } : {}),
        },
      },
      active,
    );
    spans.set(request, span);
    if (policy && span.isRecording() && isNetworkCaptureEnabled() && policy.shouldCapture(url.href)) {
      const slot = activeFetchSlot();
      captures.set(request, { policy, request, body: slot ? attachFetchTarget(slot, span) : undefined });
    }
    // A request that already carries a traceparent (set by the app, or by the edge build's fetch
    // spans in Next.js's edge sandbox, which runs inside this process) keeps it: a second header
    // would reach the server as one malformed, comma-joined value.
    if (!hasTraceparent(request.headers)) {
      propagation.inject(trace.setSpan(active, span), request, {
        set: (req, key, value) => req.addHeader(key, value),
      });
    }
  };
  const onHeaders = (message: unknown) => {
    const { request, response } = message as HeadersMessage;
    const span = spans.get(request);
    if (!span) return;
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, response.statusCode);
    const timing = timings.get(request);
    if (timing) {
      timing.status = response.statusCode;
      if (response.statusCode >= 400) timing.errorType = String(response.statusCode);
    }
    const capture = captures.get(request);
    if (capture && Array.isArray(response.headers)) capture.responseHeaders = pairsOf(response.headers);
    if (response.statusCode >= 400) {
      span.setAttribute(ATTR_ERROR_TYPE, String(response.statusCode));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
  };
  const onSendHeaders = (message: unknown) => {
    const { request, headers } = message as SendHeadersMessage;
    const capture = captures.get(request);
    if (capture && typeof headers === 'string') capture.requestHeaders = parseHeaderBlock(headers);
  };
  const onTrailers = (message: unknown) => {
    const { request } = message as CreateMessage;
    const span = spans.get(request);
    spans.delete(request);
    if (span) endSpan(request, span);
  };
  const onError = (message: unknown) => {
    const { request, error } = message as ErrorMessage;
    const span = spans.get(request);
    if (!span) return;
    spans.delete(request);
    const errorType = (error as { code?: string }).code ?? error.name;
    const timing = timings.get(request);
    if (timing) timing.errorType = errorType;
    span.recordException(error);
    span.setAttribute(ATTR_ERROR_TYPE, errorType);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    endSpan(request, span);
  };

  const subscriptions: [string, (m: unknown) => void][] = [
    [CREATE, onCreate],
    [HEADERS, onHeaders],
    [SEND_HEADERS, onSendHeaders],
    [TRAILERS, onTrailers],
    [ERROR, onError],
  ];
  for (const [name, fn] of subscriptions) dc.subscribe(name, fn);
  const unwrapFetch = policy ? wrapGlobalFetch(policy) : () => {};
  return () => {
    unwrapFetch();
    for (const [name, fn] of subscriptions) dc.unsubscribe(name, fn);
  };
}
