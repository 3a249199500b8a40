/**
 * The context a server request runs in: its parent's values (baggage, a remote span context)
 * plus the server span and the RPC metadata that express, fastify and koa write the matched
 * route into. `setRPCMetadata(trace.setSpan(parent, span), …)` made two BaseContexts per request,
 * each a copy of its parent's Map and three closures; this one object answers the two keys itself
 * and asks the parent for the rest. The first derived context (a framework's layer span, the
 * app's own `context.with`) is built on a BaseContext made once from the same values, so deriving
 * costs what it did.
 */
import { type Context, type Span } from '@opentelemetry/api';
import type { RPCMetadata } from '@opentelemetry/core';

// The API's keys are Symbol.for(description) (createContextKey), the same symbol in every copy.
const SPAN_KEY = Symbol.for('OpenTelemetry Context Key SPAN');
const RPC_METADATA_KEY = Symbol.for('OpenTelemetry SDK Context Key RPC_METADATA');

export class RequestContext implements Context {
  private derived?: Context;

  constructor(
    private readonly parent: Context,
    private readonly span: Span,
    private readonly rpcMetadata: RPCMetadata,
  ) {}

  getValue(key: symbol): unknown {
    if (key === SPAN_KEY) return this.span;
    if (key === RPC_METADATA_KEY) return this.rpcMetadata;
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
    return (this.derived ??= this.parent.setValue(SPAN_KEY, this.span).setValue(RPC_METADATA_KEY, this.rpcMetadata));
  }
}
