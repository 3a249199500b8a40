/**
 * Express 4 and 5: one INTERNAL span per middleware, router and route a request goes through, and
 * the matched route (`/api/users/:id`) written into the server span's RPC metadata, which names
 * the server span (`GET /api/users/:id`) in ../../http.ts. Spans, names and attributes are those of
 * `@opentelemetry/instrumentation-express` 0.71, which this replaces, except where upstream loses
 * information: error-handling middleware (`(err, req, res, next)`) gets a span too; on express 5 a
 * route's span is named `request handler - <route>` as on express 4 (upstream reads `layer.path`,
 * which router 2 no longer sets, and names it `request handler`); and a matched route is kept for
 * `/` requests with a query string or a case-insensitive match (upstream drops it after comparing
 * with `req.originalUrl`).
 *
 * Why not upstream: it wraps every layer's `handle` in a closure that stores the layer's path in
 * an array on the request, filters and joins that array into a route, copies `arguments`, binds
 * two contexts and adds a `close` listener, for every layer of every request (~40 µs of a ~550 µs
 * express request in bench/node-profile.mjs). Here:
 * - the Layer prototype's one dispatch method (router 2's `handleRequest`/`handleError`, express 4's
 *   `handle_request`/`handle_error`) is wrapped once, so layers keep their own `handle`;
 * - `Router#use` and `Router#route` (which `app.use`, `app.get`, … call) tag each layer they add
 *   with its registered path, reduced once to what it adds to a route (./route.ts); a request
 *   carries its current route as one string;
 * - a layer that has answered by the time it returns ends then; one that returns before calling
 *   `next` or answering is listed in the request's RPC metadata and ended by ../../http.ts when
 *   the exchange ends (under another http instrumentation: by one shared `close` listener per
 *   response, added only then).
 * Express itself catches what a layer throws and passes it to `next`, so a thrown error reaches
 * the span through the wrapped `next`, and the app sees express's own behaviour unchanged.
 */
import { context, SpanStatusCode, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, isWrapped, type InstrumentationConfig } from '@opentelemetry/instrumentation';
import { DISTRO_NAME, VERSION } from '../../../../src/version';
import { asServerRequest, endOpenLayers, RequestContext, type ServerRequestMetadata } from '../../request-context';
import { httpRoute, joinRoute, registeredPath, routeSegment } from './route';

export const EXPRESS_SCOPE = `${DISTRO_NAME}/express`;
/** Express 4 (its own router) and 5 (the `router` package, 2.x). */
const SUPPORTED_VERSIONS = ['>=4.0.0 <6'];

export const ATTR_EXPRESS_NAME = 'express.name';
export const ATTR_EXPRESS_TYPE = 'express.type';
const ATTR_HTTP_ROUTE = 'http.route';

export type ExpressLayerType = 'router' | 'middleware' | 'request_handler';
export type LayerMatcher = string | RegExp | ((spanName: string) => boolean);

export interface ExpressInstrumentationConfig extends InstrumentationConfig {
  /** Layers whose span name (`middleware - jsonParser`) matches get no span. */
  ignoreLayers?: LayerMatcher[];
  /** Layers of these types get no span. */
  ignoreLayersType?: ExpressLayerType[];
}

/** How deep the router name looks for a first route through routers nested first in routers. */
const MAX_ROUTER_NESTING = 16;

/** Set on a layer by `Router#use`/`Router#route`: layers without it (a route's own handlers) are not traced. */
const LAYER = Symbol('clickstack-otel.express.layer');
/** A request's state, on the request object when ../../http.ts does not trace it. */
const STATE = Symbol('clickstack-otel.express.state');

interface LayerTag {
  /** What the layer's registered path adds to the route (`''` for `/` or none). */
  readonly segment: string;
  /** The registered path as text; names a request handler when the route is empty. */
  readonly path: string | undefined;
}

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;
interface Layer {
  handle: AnyFunction & { stack?: Layer[] };
  name: string;
  route?: { path?: unknown };
  [LAYER]?: LayerTag;
}
interface RouterLike {
  stack: Layer[];
  use: AnyFunction;
  route: AnyFunction;
}
/**
 * A request's route so far (the joined paths of the layers it is inside) and the spans of layers
 * that returned before calling `next` or answering. Kept in the request's RPC metadata when
 * ../../http.ts traces the request (it ends the open spans with the exchange): no property is
 * added to express's request and response objects, whose stores were the costliest lines here.
 */
type RequestState = Pick<ServerRequestMetadata, 'layerRoute' | 'openLayers'>;
interface FallbackState extends RequestState {
  /** The response's `close` listener ends the open spans (no ../../http.ts exchange to do it). */
  listening: boolean;
}
interface TracedRequest {
  [STATE]?: FallbackState;
}
interface TracedResponse {
  on?(event: string, listener: () => void): unknown;
  writableEnded?: boolean;
  /** Node's own field behind `writableEnded` (a getter on OutgoingMessage's prototype). */
  finished?: boolean;
}
interface ExpressExports {
  Router?: (AnyFunction & { prototype?: RouterLike }) | (AnyFunction & RouterLike);
}
interface LayerPrototype {
  handleRequest?: AnyFunction;
  handleError?: AnyFunction;
  handle_request?: AnyFunction;
  handle_error?: AnyFunction;
}

/** Express 5's Router is a class (methods on its prototype), express 4's an object of methods. */
function routerMethodsOf(express: ExpressExports): RouterLike | undefined {
  const Router = express?.Router;
  if (typeof Router !== 'function') return undefined;
  const proto = Router.prototype as RouterLike | undefined;
  if (typeof proto?.route === 'function') return proto;
  return typeof (Router as unknown as RouterLike).route === 'function' ? (Router as unknown as RouterLike) : undefined;
}

/** The Layer prototype, from a layer of a throwaway router (express exports no Layer). */
function layerPrototypeOf(express: ExpressExports, routeMethod: AnyFunction): LayerPrototype | undefined {
  const probe = (express.Router as AnyFunction)() as RouterLike;
  routeMethod.call(probe, '/');
  const layer = probe.stack?.[0];
  return layer ? (Object.getPrototypeOf(layer) as LayerPrototype) : undefined;
}

/** The path `Router#use(…)` registers its layers with, by express's own rule: a first argument that is no function. */
function usePath(first: unknown): unknown {
  let arg = first;
  while (Array.isArray(arg) && arg.length !== 0) arg = arg[0];
  return typeof arg === 'function' ? undefined : first;
}

/** Tags the layers a `use`/`route` call added, once each, with what their path adds to routes. */
function tagLayers(router: RouterLike, from: number, path: unknown): void {
  const stack = router?.stack;
  if (!Array.isArray(stack)) return;
  const text = registeredPath(path);
  const tag: LayerTag = { segment: routeSegment(text), path: text };
  for (let i = from; i < stack.length; i++) {
    const layer = stack[i];
    if (layer !== null && (typeof layer === 'object' || typeof layer === 'function')) layer[LAYER] ??= tag;
  }
}

/**
 * Upstream's router name: the path of the first route found through the router's first layers,
 * not the router's own path (kept so names match what users of the upstream instrumentation see).
 */
function firstRoutePath(router: Layer): string {
  let current: Layer | undefined = router;
  for (let depth = 0; current && depth < MAX_ROUTER_NESTING; depth++) {
    const first: Layer | undefined = current.handle?.stack?.[0];
    if (first?.route?.path) return `${first.route.path as string}`;
    current = first?.handle?.stack ? first : undefined;
  }
  return '';
}

/** express considers anything passed to `next` an error except nothing, `'route'` and `'router'`. */
function isError(value: unknown): boolean {
  return value !== undefined && value !== null && value !== 'route' && value !== 'router';
}

function recordError(span: Span, value: unknown): void {
  try {
    const message = value instanceof Error ? value.message : String(value);
    span.recordException(value instanceof Error ? value : message);
    span.setStatus({ code: SpanStatusCode.ERROR, message });
  } catch {
    // A value whose String() throws: the span keeps no error, the app its own value.
  }
}

/** The state of a request ../../http.ts does not trace (another http instrumentation, or none), on the request. */
function fallbackState(req: TracedRequest): RequestState {
  let state = req[STATE];
  if (state === undefined) {
    state = { layerRoute: undefined, openLayers: undefined, listening: false };
    try {
      req[STATE] = state;
    } catch {
      // A frozen request: the route restarts at every layer, the spans still end.
    }
  }
  return state;
}

/** The `close` listener of a response whose request has no ../../http.ts exchange; `this.req` is the request. */
function endFallbackOpenSpans(this: { req?: TracedRequest }): void {
  const state = this.req?.[STATE];
  if (state) endOpenLayers(state);
}

/**
 * Lists `span` to end when the exchange ends: by ../../http.ts, or by the response's `close` event.
 * False when nothing will (the span then ends only through `next`).
 */
function endWithExchange(state: RequestState, traced: boolean, res: TracedResponse, span: Span): boolean {
  if (!traced) {
    const fallback = state as FallbackState;
    if (!fallback.listening) {
      if (typeof res?.on !== 'function') return false;
      fallback.listening = true;
      res.on('close', endFallbackOpenSpans);
    }
  }
  if (state.openLayers) state.openLayers.push(span);
  else state.openLayers = [span];
  return true;
}

/** Static trampoline for `next` called in another context (no function bound per call). */
function callNext(next: AnyFunction, self: unknown, args: IArguments): unknown {
  return next.apply(self, args as unknown as unknown[]);
}

export class ExpressInstrumentation extends InstrumentationBase<ExpressInstrumentationConfig> {
  /** Are layers ignored by configuration? Checked before any matching work. */
  private declare ignoring: boolean;

  constructor(config: ExpressInstrumentationConfig = {}) {
    super(EXPRESS_SCOPE, VERSION, config);
  }

  override setConfig(config: ExpressInstrumentationConfig = {}): void {
    super.setConfig(config);
    this.ignoring = Boolean(config.ignoreLayers?.length || config.ignoreLayersType?.length);
  }

  protected init() {
    return [
      new InstrumentationNodeModuleDefinition(
        'express',
        SUPPORTED_VERSIONS,
        // Never into the app's `require('express')`: an express this code does not understand goes untraced.
        (exports: ExpressExports) => {
          try {
            this.patch(exports);
          } catch (error) {
            this._diag.warn('express is not traced: unexpected shape', String(error));
          }
          return exports;
        },
        (exports: ExpressExports | undefined) => {
          try {
            if (exports) this.unpatch(exports);
          } catch (error) {
            this._diag.warn('could not remove the express instrumentation', String(error));
          }
        },
      ),
    ];
  }

  private patch(express: ExpressExports): void {
    const router = routerMethodsOf(express);
    if (!router) return;
    const routeMethod = (isWrapped(router.route) ? (router.route as unknown as { __original: AnyFunction }).__original : router.route) as AnyFunction;
    const layer = layerPrototypeOf(express, routeMethod);
    if (!layer) return;

    this.rewrap(router, 'use', (original) =>
      function use(this: RouterLike) {
        const from = this?.stack?.length ?? 0;
        const result = original.apply(this, arguments as unknown as unknown[]);
        tagLayers(this, from, usePath(arguments[0]));
        return result;
      },
    );
    this.rewrap(router, 'route', (original) =>
      function route(this: RouterLike, path: unknown) {
        const from = this?.stack?.length ?? 0;
        const result = original.apply(this, arguments as unknown as unknown[]);
        tagLayers(this, from, path);
        return result;
      },
    );

    const instrumentation = this;
    const [requestMethod, errorMethod] = typeof layer.handleRequest === 'function' ? (['handleRequest', 'handleError'] as const) : (['handle_request', 'handle_error'] as const);
    this.rewrap(layer, requestMethod, (original) =>
      function handleRequest(this: Layer, req: unknown, res: unknown, next: unknown) {
        const tag = this?.[LAYER];
        const fn = tag && this.handle;
        // Untagged (a route's own handlers) or not a request handler: express's own path.
        if (typeof fn !== 'function' || fn.length > 3 || typeof next !== 'function') return original.apply(this, arguments as unknown as unknown[]);
        return instrumentation.trace(original, this, tag!, false, undefined, req as TracedRequest, res as TracedResponse, next as AnyFunction);
      },
    );
    this.rewrap(layer, errorMethod, (original) =>
      function handleError(this: Layer, error: unknown, req: unknown, res: unknown, next: unknown) {
        const tag = this?.[LAYER];
        const fn = tag && this.handle;
        if (typeof fn !== 'function' || fn.length !== 4 || typeof next !== 'function') return original.apply(this, arguments as unknown as unknown[]);
        return instrumentation.trace(original, this, tag!, true, error, req as TracedRequest, res as TracedResponse, next as AnyFunction);
      },
    );
  }

  private unpatch(express: ExpressExports): void {
    const router = routerMethodsOf(express);
    if (!router) return;
    const routeMethod = (isWrapped(router.route) ? (router.route as unknown as { __original: AnyFunction }).__original : router.route) as AnyFunction;
    const layer = layerPrototypeOf(express, routeMethod);
    for (const name of ['use', 'route'] as const) if (isWrapped(router[name])) this._unwrap(router, name);
    if (!layer) return;
    for (const name of ['handleRequest', 'handleError', 'handle_request', 'handle_error'] as const) if (isWrapped(layer[name])) this._unwrap(layer, name);
  }

  /** Wraps `target[name]` once: a second copy of express sharing the same router unwraps first. */
  private rewrap<T extends object, K extends keyof T>(target: T, name: K, wrapper: (original: AnyFunction) => (this: never, ...args: never[]) => unknown): void {
    if (typeof target[name] !== 'function') return;
    if (isWrapped(target[name])) this._unwrap(target, name);
    this._wrap(target, name, wrapper as unknown as (original: T[K]) => T[K]);
  }

  /**
   * One layer of one request: route bookkeeping, the span, the layer run with its span active,
   * and a `next` that ends the span and hands the parent context to the following layer.
   */
  private trace(original: AnyFunction, layer: Layer, tag: LayerTag, isErrorHandler: boolean, error: unknown, req: TracedRequest, res: TracedResponse, next: AnyFunction): unknown {
    const parentCtx = context.active();
    const rpc = getRPCMetadata(parentCtx);
    const server = asServerRequest(rpc);
    const state = server ?? fallbackState(req);
    const outerRoute = state.layerRoute;
    const base = outerRoute ?? '';
    const route = joinRoute(base, tag.segment);
    const isRequestHandler = layer.route !== undefined && layer.route !== null;
    const type: ExpressLayerType = isRequestHandler ? 'request_handler' : layer.name === 'router' && !isErrorHandler ? 'router' : 'middleware';

    // The route the request has reached: the last layer run names the server span (as upstream,
    // a middleware after the routes takes the name back, so a request no route answers has none).
    let matched: string | undefined;
    if (isErrorHandler) matched = rpc?.route;
    else {
      matched = httpRoute(route, isRequestHandler);
      if (rpc?.type === RPCType.HTTP) rpc.route = matched;
    }

    const parentSpan = trace.getSpan(parentCtx);
    let span: Span | undefined;
    if (parentSpan !== undefined) {
      let name: string;
      let expressName: string;
      if (type === 'request_handler') {
        expressName = route || tag.path || 'request handler';
        name = route || tag.path ? `request handler - ${expressName}` : 'request handler';
      } else if (type === 'router') {
        expressName = firstRoutePath(layer) || tag.path || route || '/';
        name = `router - ${expressName}`;
      } else {
        expressName = layer.name;
        name = `middleware - ${expressName}`;
      }
      if (!this.ignoring || !this.isIgnored(name, type)) {
        const attributes: Attributes = { [ATTR_EXPRESS_NAME]: expressName, [ATTR_EXPRESS_TYPE]: type };
        if (matched !== undefined) attributes[ATTR_HTTP_ROUTE] = matched;
        span = this.tracer.startSpan(name, { attributes }, parentCtx);
      }
    }

    const entersRoute = route !== base;
    if (span === undefined && !entersRoute) return isErrorHandler ? original.call(layer, error, req, res, next) : original.call(layer, req, res, next);
    if (entersRoute) state.layerRoute = route;

    // As upstream, a router's span only marks that the request entered it: the layers inside are
    // its siblings, under the same parent.
    let open = span !== undefined && type !== 'router';
    if (span !== undefined && !open) span.end();
    let waiting = false;
    const spanCtx = open ? new RequestContext(parentCtx, span!) : parentCtx;

    const tracedNext = function (this: unknown, value?: unknown) {
      if (open) {
        open = false;
        let ended = false;
        if (waiting) {
          // Already ended if the response closed first.
          const list = state.openLayers;
          const at = list ? list.indexOf(span!) : -1;
          if (at === -1) ended = true;
          // Usually the only one open (a body parser waiting for the body): no splice then.
          else if (list!.length === 1) state.openLayers = undefined;
          else list!.splice(at, 1);
        }
        if (!ended) {
          if (isError(value)) recordError(span!, value);
          span!.end();
        }
      }
      if (entersRoute) state.layerRoute = outerRoute;
      // The following layer runs in the parent's context: its span is a sibling, not a child.
      // A context the layer set up for it (baggage, a span of its own) is kept, with the parent span.
      const active = context.active();
      const target = active === spanCtx || active === parentCtx || parentSpan === undefined || trace.getSpan(active) === undefined ? parentCtx : trace.setSpan(active, parentSpan);
      return target === active ? next.apply(this, arguments as unknown as unknown[]) : context.with(target, callNext, undefined, next, this, arguments);
    };

    let result: unknown;
    try {
      result = open
        ? isErrorHandler
          ? context.with(spanCtx, original, layer, error, req, res, tracedNext)
          : context.with(spanCtx, original, layer, req, res, tracedNext)
        : isErrorHandler
          ? original.call(layer, error, req, res, tracedNext)
          : original.call(layer, req, res, tracedNext);
    } catch (thrown) {
      // Express catches what a layer throws; this is for a dispatch that does not. Rethrown as is.
      if (open) {
        open = false;
        recordError(span!, thrown);
        span!.end();
      }
      throw thrown;
    }
    if (open) {
      // `finished` is the response's own field: express swaps the response's prototype per
      // request, and the `writableEnded` getter read through it was this function's costliest line.
      if ((res?.finished ?? res?.writableEnded) === true) {
        // Answered before returning (`res.json(…)` in a route): done now, no listener needed.
        open = false;
        span!.end();
      } else {
        // Answers later, or goes on through a later `next`: whichever comes first ends the span.
        waiting = endWithExchange(state, server !== undefined, res, span!);
      }
    }
    return result;
  }

  private isIgnored(name: string, type: ExpressLayerType): boolean {
    const { ignoreLayers, ignoreLayersType } = this.getConfig();
    if (ignoreLayersType?.includes(type)) return true;
    for (const matcher of ignoreLayers ?? []) {
      try {
        if (typeof matcher === 'string' ? matcher === name : matcher instanceof RegExp ? matcher.test(name) : matcher(name)) return true;
      } catch {
        // A throwing matcher ignores nothing.
      }
    }
    return false;
  }
}
