/**
 * `withTracing(handler)`: a SERVER span for each request a `Request → Response` handler answers,
 * for runtimes that have no HTTP server to instrument: edge functions (Next.js edge routes and
 * middleware, Vercel), Cloudflare Workers, `Deno.serve`, service workers' fetch events.
 *
 * The span's parent is the request's `traceparent` (else whatever context is active), the
 * handler runs inside it (so its `fetch` calls are children, where the runtime carries context
 * across `await`), and it ends when the handler has produced its response: a streamed body is
 * not waited for. Runtimes that may freeze an isolate once the response is out
 * (`Platform.flushAfterRequest`) then export through the request's `waitUntil`, found in the
 * handler's own arguments (Cloudflare's `ctx`, Next.js middleware's `event`, a service worker's
 * `FetchEvent`) or in the request context Next.js and Vercel publish on a global symbol.
 *
 * Platform-free: requests and responses are read through the few members used here, so no DOM or
 * Node types are needed and the handler's own types pass through unchanged.
 */
import { context, propagation, SpanKind, SpanStatusCode, trace, type Span, type TextMapGetter } from '@opentelemetry/api';
import { normalizeMethod } from '../http-method';
import { ATTR_HTTP_URL_LEGACY, legacyHttp } from '../http-legacy';
import { serverIgnore } from '../ignore-urls';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_METHOD_ORIGINAL,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_PATH,
  ATTR_URL_QUERY,
  ATTR_URL_SCHEME,
  ATTR_USER_AGENT_ORIGINAL,
} from '../semconv';
import type { ResolvedConfig } from '../config/resolve';
import { activeHandle, type AddonHost } from '../sdk';
import { DISTRO_NAME, VERSION } from '../version';

/** What `withTracing` reads of a request: the Fetch API's `Request` has it. */
export interface RequestLike {
  readonly method: string;
  readonly url: string;
  readonly headers: { get(name: string): string | null };
}

export interface WithTracingOptions {
  /** The route template (`/users/[id]`): the span is named `GET /users/[id]` and gets `http.route`. */
  route?: string;
}


/**
 * Next.js and Vercel publish the current request's context (with its `waitUntil`) here; read at
 * request time, so it works in any runtime that defines it and costs nothing where none does.
 */
const NEXT_REQUEST_CONTEXT = Symbol.for('@next/request-context');

type WaitUntil = (promise: Promise<unknown>) => void;

const headerGetter: TextMapGetter<RequestLike['headers']> = {
  get: (headers, key) => headers.get(key) ?? undefined,
  // Only used by propagators that scan every header (none of ours).
  keys: () => [],
};

/**
 * `withTracing` for one platform. The running SDK is looked up per request, so handlers may be
 * wrapped before `init()`; before it (and after `shutdown()`) they run untouched.
 */
export function createWithTracing(flushAfterRequest: boolean) {
  return function withTracing<Req extends RequestLike, Args extends unknown[], Result>(
    handler: (request: Req, ...args: Args) => Result,
    options?: WithTracingOptions,
  ): (request: Req, ...args: Args) => Promise<Awaited<Result>> {
    return async function traced(this: unknown, request: Req, ...args: Args): Promise<Awaited<Result>> {
      const sdk = activeHandle() as ReturnType<typeof activeHandle> & AddonHost;
      const route = typeof options?.route === 'string' && options.route ? options.route : undefined;
      const span = sdk.active && sdk.addonHost ? startServerSpan(sdk.addonHost.config, request, route) : undefined;
      if (!span) return handler.call(this, request, ...args) as Awaited<Result>;
      const flush = () => {
        if (!flushAfterRequest) return;
        const waitUntil = findWaitUntil(args);
        try {
          waitUntil?.(sdk.forceFlush());
        } catch {
          // a context that no longer accepts work: the batch schedule exports later
        }
      };
      try {
        const result = await context.with(trace.setSpan(context.active(), span), () => handler.call(this, request, ...args));
        endWithResult(span, result);
        flush();
        return result;
      } catch (error) {
        endWithError(span, error);
        flush();
        throw error;
      }
    };
  };
}

/**
 * The SERVER span, or undefined when this request gets none: the URL is ignored, or this runtime
 * already records a span around the handler (Node's HTTP server span and a framework's spans below
 * it): the request is traced already, and a second SERVER span would duplicate it. A remote or
 * pass-through parent (platform/edge/next-spans.ts) is not recording and does not count.
 */
function startServerSpan(config: ResolvedConfig, request: RequestLike, route: string | undefined): Span | undefined {
  if (trace.getSpan(context.active())?.isRecording()) return undefined;
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return undefined; // not an absolute URL: nothing a span could say about it
  }
  if (serverIgnore(config.ignoreUrls, config.ignoreHealthChecks ?? false)(url.pathname + url.search, () => url.href)) return undefined;
  const { method, original } = normalizeMethod(request.method);
  const attributes: Record<string, string | number> = {
    [ATTR_HTTP_REQUEST_METHOD]: method,
    [ATTR_URL_PATH]: url.pathname,
    [ATTR_URL_SCHEME]: url.protocol.slice(0, -1),
    [ATTR_SERVER_ADDRESS]: url.hostname.replace(/^\[|\]$/g, ''),
    [ATTR_SERVER_PORT]: url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80,
  };
  if (url.search) attributes[ATTR_URL_QUERY] = url.search.slice(1);
  if (original) attributes[ATTR_HTTP_REQUEST_METHOD_ORIGINAL] = original;
  if (route) attributes[ATTR_HTTP_ROUTE] = route;
  const userAgent = request.headers.get('user-agent');
  if (userAgent) attributes[ATTR_USER_AGENT_ORIGINAL] = userAgent;
  // Server spans have no url.full; the HyperDX UI reads the legacy http.url (src/http-legacy.ts).
  if (legacyHttp.enabled) attributes[ATTR_HTTP_URL_LEGACY] = url.href;
  // The incoming traceparent, when there is one, is the parent; otherwise the active context.
  const parent = propagation.extract(context.active(), request.headers, headerGetter);
  const tracer = trace.getTracer(DISTRO_NAME, VERSION);
  return tracer.startSpan(route ? `${method} ${route}` : method, { kind: SpanKind.SERVER, attributes }, parent);
}

function endWithResult(span: Span, result: unknown): void {
  const status = (result as { status?: unknown } | null | undefined)?.status;
  if (typeof status === 'number') {
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
    // Server spans: only 5xx are errors (a 404 is the client's problem).
    if (status >= 500) {
      span.setAttribute(ATTR_ERROR_TYPE, String(status));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
  }
  span.end();
}

function endWithError(span: Span, error: unknown): void {
  const name = (error as { name?: unknown } | null)?.name;
  span.setAttribute(ATTR_ERROR_TYPE, typeof name === 'string' && name ? name : '_OTHER');
  if (error instanceof Error) span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  span.end();
}

/** The request's `waitUntil`: from the handler's arguments first, else the Next.js/Vercel request context. */
function findWaitUntil(args: readonly unknown[]): WaitUntil | undefined {
  for (const arg of args) {
    const owner = arg as { waitUntil?: unknown } | null;
    if (owner && typeof owner === 'object' && typeof owner.waitUntil === 'function') return (p) => (owner.waitUntil as WaitUntil).call(owner, p);
  }
  const requestContext = (globalThis as { [NEXT_REQUEST_CONTEXT]?: { get?: () => { waitUntil?: unknown } | undefined } })[NEXT_REQUEST_CONTEXT];
  const current = typeof requestContext?.get === 'function' ? requestContext.get() : undefined;
  const waitUntil = current?.waitUntil;
  return typeof waitUntil === 'function' ? (p) => (waitUntil as WaitUntil).call(current, p) : undefined;
}
