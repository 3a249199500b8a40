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
import { normalizeMethod } from './http-attributes';

/** The parts of undici's request object that its diagnostics messages expose. */
interface UndiciRequest {
  origin: string | URL;
  method: string;
  path: string;
  addHeader(name: string, value: string): unknown;
}
interface CreateMessage {
  request: UndiciRequest;
}
interface HeadersMessage {
  request: UndiciRequest;
  response: { statusCode: number };
}
interface ErrorMessage {
  request: UndiciRequest;
  error: Error;
}

const CREATE = 'undici:request:create';
const HEADERS = 'undici:request:headers';
const TRAILERS = 'undici:request:trailers';
const ERROR = 'undici:request:error';

export function instrumentUndici(tracer: Tracer): () => void {
  const spans = new WeakMap<UndiciRequest, Span>();

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
    const { method, original } = normalizeMethod(request.method);
    const span = tracer.startSpan(
      method,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          [ATTR_HTTP_REQUEST_METHOD]: method,
          [ATTR_URL_FULL]: url.href,
          [ATTR_SERVER_ADDRESS]: url.hostname.replace(/^\[|\]$/g, ''),
          [ATTR_SERVER_PORT]: url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80,
          ...(original ? { [ATTR_HTTP_REQUEST_METHOD_ORIGINAL]: original } : {}),
        },
      },
      active,
    );
    spans.set(request, span);
    propagation.inject(trace.setSpan(active, span), request, {
      set: (req, key, value) => req.addHeader(key, value),
    });
  };
  const onHeaders = (message: unknown) => {
    const { request, response } = message as HeadersMessage;
    const span = spans.get(request);
    if (!span) return;
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, response.statusCode);
    if (response.statusCode >= 400) {
      span.setAttribute(ATTR_ERROR_TYPE, String(response.statusCode));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
  };
  const onTrailers = (message: unknown) => {
    const { request } = message as CreateMessage;
    spans.get(request)?.end();
    spans.delete(request);
  };
  const onError = (message: unknown) => {
    const { request, error } = message as ErrorMessage;
    const span = spans.get(request);
    if (!span) return;
    spans.delete(request);
    span.recordException(error);
    span.setAttribute(ATTR_ERROR_TYPE, (error as { code?: string }).code ?? error.name);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    span.end();
  };

  const subscriptions: [string, (m: unknown) => void][] = [
    [CREATE, onCreate],
    [HEADERS, onHeaders],
    [TRAILERS, onTrailers],
    [ERROR, onError],
  ];
  for (const [name, fn] of subscriptions) dc.subscribe(name, fn);
  return () => {
    for (const [name, fn] of subscriptions) dc.unsubscribe(name, fn);
  };
}
