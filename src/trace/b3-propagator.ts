/**
 * B3 (Zipkin, Envoy/Istio): `OTEL_PROPAGATORS=b3` injects the single `b3` header, `b3multi` the
 * `X-B3-*` headers; both extract either form (the single header first, as B3 says). Same wire
 * behaviour as @opentelemetry/propagator-b3 2.12.0 for well-formed headers (./b3-propagator.test.ts
 * holds it to that package's answers), in a few lines both platforms and the script tag share.
 * Where it differs on purpose: a `b3` header must be exactly `trace-span[-sampling[-parent]]`
 * (the package also finds one inside longer text), and ids are lower-cased (W3C `traceparent`,
 * which the same context may be sent on with, allows nothing else).
 */
import { createContextKey, isSpanContextValid, trace, TraceFlags, type Context, type TextMapGetter, type TextMapPropagator } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';

/** The package's key (the same symbol), so a debug flag extracted by either is injected by both. */
const DEBUG_FLAG = createContextKey('OpenTelemetry Context Key B3 Debug Flag');

const SINGLE = 'b3';
const TRACE_ID = 'x-b3-traceid';
const SPAN_ID = 'x-b3-spanid';
const SAMPLED = 'x-b3-sampled';
const FLAGS = 'x-b3-flags';
const PARENT_SPAN_ID = 'x-b3-parentspanid';

/** `{trace id: 16 or 32 hex}-{span id}[-{1|0|d}[-{parent span id}]]` */
const SINGLE_PATTERN = /^\s*((?:[\da-f]{16}){1,2})-([\da-f]{16})(?:-([01d]))?(?:-[\da-f]{16})?\s*$/;
const SAMPLED_WORDS: unknown[] = ['1', 'true', 'True', 1, true];
const UNSAMPLED_WORDS: unknown[] = ['0', 'false', 'False', 0, false, undefined];

const first = (carrier: unknown, getter: TextMapGetter, key: string): unknown => {
  const value = getter.get(carrier, key);
  return Array.isArray(value) ? value[0] : value;
};

/** A remote span context with 64-bit trace ids widened to 128, or undefined when the ids are not valid. */
function remote(context: Context, traceId: unknown, spanId: unknown, traceFlags: number, debug?: string): Context {
  if (typeof traceId !== 'string' || typeof spanId !== 'string') return context;
  const sc = { traceId: traceId.padStart(32, '0').toLowerCase(), spanId: spanId.toLowerCase(), traceFlags, isRemote: true };
  return isSpanContextValid(sc) ? trace.setSpanContext(context.setValue(DEBUG_FLAG, debug), sc) : context;
}

function extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
  const single = first(carrier, getter, SINGLE);
  if (single) {
    const m = typeof single === 'string' ? SINGLE_PATTERN.exec(single) : null;
    // `d` (debug) implies sampled; the flag rides along in the context to be sent on.
    return m ? remote(context, m[1], m[2], m[3] === '1' || m[3] === 'd' ? TraceFlags.SAMPLED : TraceFlags.NONE, m[3] === 'd' ? 'd' : undefined) : context;
  }
  const debug = first(carrier, getter, FLAGS) === '1' ? '1' : undefined;
  const sampled = first(carrier, getter, SAMPLED);
  const flags = debug || SAMPLED_WORDS.includes(sampled) ? TraceFlags.SAMPLED : UNSAMPLED_WORDS.includes(sampled) ? TraceFlags.NONE : -1;
  // An unreadable sampling decision makes the whole context unusable.
  return flags < 0 ? context : remote(context, first(carrier, getter, TRACE_ID), first(carrier, getter, SPAN_ID), flags, debug);
}

/** `multi`: the `X-B3-*` headers (`b3multi`); otherwise the single `b3` header (`b3`). */
export function createB3Propagator(multi: boolean): TextMapPropagator {
  return {
    inject(context, carrier, setter) {
      const sc = trace.getSpanContext(context);
      if (!sc || !isSpanContextValid(sc) || isTracingSuppressed(context)) return;
      const debug = context.getValue(DEBUG_FLAG);
      const sampled = sc.traceFlags & TraceFlags.SAMPLED;
      if (!multi) return setter.set(carrier, SINGLE, `${sc.traceId}-${sc.spanId}-${debug || sampled}`);
      setter.set(carrier, TRACE_ID, sc.traceId);
      setter.set(carrier, SPAN_ID, sc.spanId);
      // B3: with the debug flag, the sampling decision is implied and not sent.
      if (debug === '1') setter.set(carrier, FLAGS, debug);
      else setter.set(carrier, SAMPLED, String(sampled));
    },
    extract,
    fields: () => (multi ? [TRACE_ID, SPAN_ID, FLAGS, SAMPLED, PARENT_SPAN_ID] : [SINGLE]),
  };
}
