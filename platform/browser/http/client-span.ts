/**
 * What fetch and XHR spans share: the decision to trace, the span with its stable HTTP attributes,
 * the trace headers to add, and how the span ends. The span ends the moment the outcome is known
 * (fetch: response headers; XHR: loadend), so a request fired right before navigation is in the
 * batch queue by the time `pagehide` flushes it.
 */
import { propagation, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { normalizeMethod } from '../../../src/http-method';
import { parseServerTimingTraceparent } from '../../../src/server-timing';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_METHOD_ORIGINAL,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_FULL,
} from '../../../src/semconv';
import { parentContext } from '../interaction';
import type { HttpCaptureHooks } from './hooks';
import type { PropagationPolicy } from './propagation-policy';
import type { ResourceTiming } from './resource-timing';

/** Splunk/HyperDX convention for the server trace read from `Server-Timing`, next to the span link. */
const ATTR_LINK_TRACE_ID = 'link.traceId';
const ATTR_LINK_SPAN_ID = 'link.spanId';

export interface ClientSpanFactory {
  readonly hooks: HttpCaptureHooks;
  /** Starts a span for this request, or returns undefined when it is not traced. */
  start(rawMethod: string | undefined, rawUrl: string): StartedRequest | undefined;
}

export interface StartedRequest {
  span: Span;
  url: URL;
  method: string;
  /** `traceparent` (+ `tracestate`, `baggage`) to add, or undefined when this URL gets none. */
  headers: Record<string, string> | undefined;
}

export interface ClientSpanOptions {
  tracer: Tracer;
  /** Our own export endpoints: never traced, never timed. */
  isExportUrl(url: string): boolean;
  propagate: PropagationPolicy;
  timing: ResourceTiming;
  hooks: HttpCaptureHooks;
}

export function createClientSpanFactory(options: ClientSpanOptions): ClientSpanFactory {
  const { tracer, isExportUrl, propagate, timing, hooks } = options;
  return {
    hooks,
    start(rawMethod, rawUrl) {
      let url: URL;
      try {
        url = new URL(rawUrl, baseUrl());
      } catch {
        return undefined; // the browser will reject it too; nothing to trace
      }
      if (isExportUrl(url.href)) return undefined;
      const parent = parentContext();
      if (isTracingSuppressed(parent)) return undefined;
      const { method, original } = normalizeMethod(rawMethod);
      const host = url.hostname;
      const attributes: Record<string, string | number> = {
        [ATTR_HTTP_REQUEST_METHOD]: method,
        [ATTR_URL_FULL]: url.href,
        // An IPv6 host comes bracketed: server.address is the bare address.
        [ATTR_SERVER_ADDRESS]: host[0] === '[' ? host.slice(1, -1) : host,
        [ATTR_SERVER_PORT]: url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80,
      };
      if (original) attributes[ATTR_HTTP_REQUEST_METHOD_ORIGINAL] = original;
      const span = tracer.startSpan(method, { kind: SpanKind.CLIENT, attributes }, parent);
      let headers: Record<string, string> | undefined;
      if (propagate(url)) {
        headers = {};
        propagation.inject(trace.setSpan(parent, span), headers);
      }
      if (span.isRecording()) timing.expect(span, url.href, performance.now());
      return { span, url, method, headers };
    },
  };
}

/** Relative URLs resolve against the document's base URL, as `fetch` and `XMLHttpRequest` do. */
function baseUrl(): string {
  return typeof document !== 'undefined' ? document.baseURI : globalThis.location?.href;
}

/** Ends a span that got an HTTP response. `serverTiming` is the raw `Server-Timing` header, if readable. */
export function endWithResponse(span: Span, status: number, serverTiming: string | null): void {
  span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
  // Client spans: 4xx and 5xx are errors, typed by the status code (semconv).
  if (status >= 400) {
    span.setAttribute(ATTR_ERROR_TYPE, String(status));
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  const server = parseServerTimingTraceparent(serverTiming);
  if (server) {
    span.setAttribute(ATTR_LINK_TRACE_ID, server.traceId);
    span.setAttribute(ATTR_LINK_SPAN_ID, server.spanId);
    span.addLink({ context: { traceId: server.traceId, spanId: server.spanId, traceFlags: server.sampled ? 1 : 0, isRemote: true } });
  }
  span.end();
}

/** Ends a span whose request failed without a response (network error, abort, timeout). */
export function endWithError(span: Span, errorType: string, message?: string): void {
  span.setAttribute(ATTR_ERROR_TYPE, errorType);
  span.setStatus({ code: SpanStatusCode.ERROR, message });
  span.end();
}

/** Runs a response hook, then `end`; a hook's promise delays the end until it settles. */
export function afterHook<T>(hook: ((arg: T) => void | Promise<void>) | undefined, arg: T, end: () => void): void {
  let pending: void | Promise<void> = undefined;
  try {
    pending = hook?.(arg);
  } catch {
    // a failing capture never affects the span or the app
  }
  if (pending && typeof pending.then === 'function') pending.then(end, end);
  else end();
}
