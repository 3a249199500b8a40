/**
 * A light TracerProvider for browsers, in place of sdk-trace-base + sdk-trace-web (~20 KB minified
 * of the script tag, most of it features a page never uses: span-metrics, inspect helpers, config
 * merging, platform shims). It implements the @opentelemetry/api interfaces, so third-party code
 * that calls `trace.getTracer()` works against it, and hands the processors (the shared enricher,
 * batcher and debug printer) ReadableSpan-shaped LightSpans. Sampling is the configured Sampler's
 * (parent-based by default); suppressed contexts yield non-recording spans; ids are random. Span
 * limits are a parameter (`spanLimits`, from src/config/limits.ts), as for the SDK's providers.
 */
import {
  context as contextApi,
  SamplingDecision,
  SpanKind,
  trace,
  TraceFlags,
  INVALID_SPAN_CONTEXT,
  type Context,
  type Span,
  type SpanOptions,
  type Tracer,
  type TracerOptions,
} from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { PlatformTracerProvider, TracerProviderParams } from '../platform';
import { copyAttributes, LightSpan, validParentContext } from './span';
import { hrNow } from './time';

/** `bytes` random bytes as lower-case hex, never all zeros (an invalid id). */
export function randomHexId(bytes: number): string {
  let id = '';
  for (let i = 0; i < bytes; i += 4) id += ((Math.random() * 2 ** 32) >>> 0).toString(16).padStart(8, '0');
  id = id.slice(0, bytes * 2);
  return /[^0]/.test(id) ? id : id.slice(0, -1) + '1';
}

/** One processor that fans out to all, in order, like the SDK's MultiSpanProcessor. */
function fanOut(processors: SpanProcessor[]): SpanProcessor {
  const all = (run: (p: SpanProcessor) => Promise<void>) => Promise.all(processors.map(run)).then(() => {});
  // Loops, not forEach with a closure: these run for every span.
  return {
    onStart(span, ctx) {
      for (const p of processors) p.onStart(span, ctx);
    },
    onEnding(span) {
      for (const p of processors) p.onEnding?.(span);
    },
    onEnd(span) {
      for (const p of processors) p.onEnd(span);
    },
    forceFlush: () => all((p) => p.forceFlush()),
    shutdown: () => all((p) => p.shutdown()),
  };
}

export function createLightTracerProvider({ resource, sampler, spanProcessors, spanLimits: limits = {}, clock = hrNow, randomId: rid = randomHexId, deferCaptured = false }: TracerProviderParams): PlatformTracerProvider {
  const processor = fanOut(spanProcessors);
  const tracers = new Map<string, Tracer>();

  function tracerFor(name: string, version?: string, options?: TracerOptions): Tracer {
    const scope = { name, version, schemaUrl: options?.schemaUrl };

    function startSpan(spanName: string, options: SpanOptions = {}, ctx: Context = contextApi.active()): Span {
      if (options.root) ctx = trace.deleteSpan(ctx);
      if (isTracingSuppressed(ctx)) return trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
      const validParent = validParentContext(ctx);
      const traceId = validParent?.traceId ?? rid(16);
      const kind = options.kind ?? SpanKind.INTERNAL;
      const links = (options.links ?? []).map((link) => {
        const attributes = {};
        copyAttributes(attributes, link.attributes, limits.attributePerLinkCountLimit, limits.attributeValueLengthLimit);
        return { context: link.context, attributes };
      });
      // Checked once here; the span keeps this very object.
      const attributes = {};
      const dropped = copyAttributes(attributes, options.attributes, limits.attributeCountLimit, limits.attributeValueLengthLimit);
      const result = sampler.shouldSample(ctx, traceId, spanName, kind, attributes, links);
      const spanContext = {
        traceId,
        spanId: rid(8),
        traceFlags: result.decision === SamplingDecision.RECORD_AND_SAMPLED ? TraceFlags.SAMPLED : TraceFlags.NONE,
        traceState: result.traceState ?? validParent?.traceState,
      };
      if (result.decision === SamplingDecision.NOT_RECORD) return trace.wrapSpanContext(spanContext);
      return new LightSpan({
        resource,
        scope,
        processor,
        context: ctx,
        spanContext,
        parentSpanContext: validParent,
        name: spanName,
        kind,
        attributes,
        droppedAttributesCount: dropped + copyAttributes(attributes, result.attributes, limits.attributeCountLimit, limits.attributeValueLengthLimit),
        links,
        startTime: options.startTime,
        limits,
        clock,
        deferCaptured,
      });
    }

    return {
      startSpan,
      // (name, fn) | (name, options, fn) | (name, options, context, fn)
      startActiveSpan(spanName: string, ...args: unknown[]) {
        const fn = args.pop() as (span: Span) => unknown;
        const [options, ctx = contextApi.active()] = args as [SpanOptions?, Context?];
        const span = startSpan(spanName, options, ctx);
        return contextApi.with(trace.setSpan(ctx, span), fn, undefined, span);
      },
    } as Tracer;
  }

  return {
    getTracer(name, version, options) {
      const key = `${name}@${version ?? ''}:${options?.schemaUrl ?? ''}`;
      let tracer = tracers.get(key);
      if (!tracer) tracers.set(key, (tracer = tracerFor(name, version, options)));
      return tracer;
    },
    forceFlush: processor.forceFlush,
    shutdown: processor.shutdown,
  };
}
