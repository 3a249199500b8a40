/**
 * Next.js's own spans in the edge runtime pass through instead of being recorded. Next creates
 * them through the OpenTelemetry API we register (tracer `next.js`): a root `GET` SERVER span when
 * the request has no `traceparent`, `middleware GET`, `executing api route (app) …`, a CLIENT span
 * per `fetch`. With `withTracing` they would duplicate its SERVER span and our fetch CLIENT spans,
 * and without it they name neither the route nor the status. A pass-through span carries its
 * parent's context, so everything Next runs inside it keeps the caller's trace and parent, and the
 * `traceparent` Next forwards from middleware to the render is still the caller's.
 */
import { context, INVALID_SPAN_CONTEXT, trace, type Context, type Span, type SpanOptions, type Tracer } from '@opentelemetry/api';
import type { PlatformTracerProvider } from '../../src/platform';

/** The tracer name Next.js asks for (`next/dist/server/lib/trace/tracer`). */
export const NEXT_TRACER_NAME = 'next.js';

function passThrough(options: SpanOptions | undefined, ctx: Context): Span {
  const parent = options?.root ? undefined : trace.getSpanContext(ctx);
  return trace.wrapSpanContext(parent ?? INVALID_SPAN_CONTEXT);
}

const passThroughTracer = {
  startSpan: (_name: string, options?: SpanOptions, ctx: Context = context.active()) => passThrough(options, ctx),
  // (name, fn) | (name, options, fn) | (name, options, context, fn)
  startActiveSpan(_name: string, ...args: unknown[]) {
    const fn = args.pop() as (span: Span) => unknown;
    const [options, ctx = context.active()] = args as [SpanOptions?, Context?];
    const span = passThrough(options, ctx);
    return context.with(trace.setSpan(ctx, span), fn, undefined, span);
  },
} as Tracer;

export function withoutNextSpans(provider: PlatformTracerProvider): PlatformTracerProvider {
  return {
    getTracer: (name, version, options) => (name === NEXT_TRACER_NAME ? passThroughTracer : provider.getTracer(name, version, options)),
    forceFlush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}
