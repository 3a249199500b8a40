/**
 * Light contexts for the server request path.
 *
 * A server request runs in its parent's values (baggage, a remote span context) plus the server
 * span and the RPC metadata that express, fastify and koa write the matched route into; a
 * framework layer runs in its request's context plus the layer's span.
 * `setRPCMetadata(trace.setSpan(parent, span), …)` made two BaseContexts per request and
 * `trace.setSpan` one more per layer, each a copy of its parent's Map and three closures; here one
 * object answers its own keys and asks the parent for the rest. The first context derived from one
 * (the app's own `context.with`, baggage) is built on a BaseContext made once from the same values,
 * so deriving costs what it did.
 */
import { type Context, type Span } from '@opentelemetry/api';
import type { RPCMetadata } from '@opentelemetry/core';

// The API's keys are Symbol.for(description) (createContextKey), the same symbol in every copy.
const SPAN_KEY = Symbol.for('OpenTelemetry Context Key SPAN');
const RPC_METADATA_KEY = Symbol.for('OpenTelemetry SDK Context Key RPC_METADATA');
/**
 * Marks the RPC metadata of a server request traced by ./http.ts (a Symbol.for key: the library
 * instrumentations are bundled apart from it, dist/node/libs/).
 */
const SERVER_REQUEST = Symbol.for('clickstack-otel.server-request');

/**
 * The RPC metadata of a server request traced by ./http.ts, with room for a framework's
 * per-request state, so that state costs no property added to the framework's request and
 * response objects (express's, whose prototype it swaps per request, made such stores the
 * costliest lines of its instrumentation).
 */
export interface ServerRequestMetadata {
  readonly type: RPCMetadata['type'];
  readonly span: Span;
  /** The matched route, written by a framework instrumentation, read when the server span ends. */
  route: string | undefined;
  /** A framework's route so far (express: the joined paths of the routers the request is in). */
  layerRoute: string | undefined;
  /** Framework layer spans still open; ./http.ts ends them when the exchange ends. */
  openLayers: Span[] | undefined;
  readonly [SERVER_REQUEST]: true;
}

export function serverRequestMetadata(type: RPCMetadata['type'], span: Span): ServerRequestMetadata {
  return { type, span, route: undefined, layerRoute: undefined, openLayers: undefined, [SERVER_REQUEST]: true };
}

/** The request's metadata if ./http.ts traces it (and so ends `openLayers`), else undefined. */
export function asServerRequest(rpc: unknown): ServerRequestMetadata | undefined {
  return (rpc as ServerRequestMetadata | undefined)?.[SERVER_REQUEST] === true ? (rpc as ServerRequestMetadata) : undefined;
}

/** Ends the layer spans still open when the exchange ends (at the time it ended), once. */
export function endOpenLayers(state: Pick<ServerRequestMetadata, 'openLayers'>): void {
  const open = state.openLayers;
  if (open === undefined || open.length === 0) return;
  state.openLayers = undefined;
  for (const span of open) span.end();
}

/** `parent` with `span` active and, for a server request, its RPC metadata. */
export class RequestContext implements Context {
  private derived?: Context;

  constructor(
    private readonly parent: Context,
    private readonly span: Span,
    private readonly rpcMetadata?: RPCMetadata | ServerRequestMetadata,
  ) {}

  getValue(key: symbol): unknown {
    if (key === SPAN_KEY) return this.span;
    if (key === RPC_METADATA_KEY && this.rpcMetadata !== undefined) return this.rpcMetadata;
    return this.parent.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    return this.base().setValue(key, value);
  }

  deleteValue(key: symbol): Context {
    return this.base().deleteValue(key);
  }

  /** The same values as a BaseContext, made once, to derive from. */
  private base(): Context {
    if (this.derived) return this.derived;
    const withSpan = this.parent.setValue(SPAN_KEY, this.span);
    return (this.derived = this.rpcMetadata === undefined ? withSpan : withSpan.setValue(RPC_METADATA_KEY, this.rpcMetadata));
  }
}
