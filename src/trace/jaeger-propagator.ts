/**
 * Jaeger's native headers (`OTEL_PROPAGATORS=jaeger`): `uber-trace-id: {trace}:{span}:{parent}:{flags}`
 * and one `uberctx-{key}` header per baggage entry. Same wire behaviour as
 * @opentelemetry/propagator-jaeger 2.12.0 with its default header names (./jaeger-propagator.test.ts
 * holds it to that package's answers). Where it differs on purpose: a context whose ids are not
 * valid is neither extracted nor injected, ids are lower-cased, and nothing is injected while
 * tracing is suppressed (the package still sends the baggage then; W3C baggage does not).
 */
import { isSpanContextValid, propagation, trace, type Context, type TextMapGetter, type TextMapPropagator } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';

const TRACE_HEADER = 'uber-trace-id';
const BAGGAGE_PREFIX = 'uberctx-';

/** The span context of an `uber-trace-id` value (percent-encoded or not), or undefined. */
function parseUberTraceId(value: string): { traceId: string; spanId: string; traceFlags: number; isRemote: true } | undefined {
  let parts: string[];
  try {
    parts = decodeURIComponent(value).split(':');
  } catch {
    return undefined;
  }
  if (parts.length !== 4) return undefined;
  const [traceId, spanId, , flags] = parts as [string, string, string, string];
  const sc = {
    traceId: traceId.padStart(32, '0').toLowerCase(),
    spanId: spanId.padStart(16, '0').toLowerCase(),
    // Unreadable flags count as sampled, as the package reads them.
    traceFlags: /^[\da-f]{1,2}$/i.test(flags) ? parseInt(flags, 16) & 1 : 1,
    isRemote: true as const,
  };
  return isSpanContextValid(sc) ? sc : undefined;
}

export const jaegerPropagator: TextMapPropagator = {
  inject(context, carrier, setter) {
    if (isTracingSuppressed(context)) return;
    const sc = trace.getSpanContext(context);
    // The parent span id is deprecated in Jaeger and always sent as 0.
    if (sc && isSpanContextValid(sc)) setter.set(carrier, TRACE_HEADER, `${sc.traceId}:${sc.spanId}:0:0${(sc.traceFlags || 0).toString(16)}`);
    for (const [key, entry] of propagation.getBaggage(context)?.getAllEntries() ?? []) {
      setter.set(carrier, BAGGAGE_PREFIX + key, encodeURIComponent(entry.value));
    }
  },

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    const first = (key: string) => {
      const value = getter.get(carrier, key);
      return Array.isArray(value) ? value[0] : value;
    };
    const header = first(TRACE_HEADER);
    const sc = typeof header === 'string' ? parseUberTraceId(header) : undefined;
    let next = sc ? trace.setSpanContext(context, sc) : context;
    // Baggage headers add to (and override) the baggage the context already has.
    let baggage = propagation.getBaggage(context);
    for (const key of getter.keys(carrier)) {
      const value = key.startsWith(BAGGAGE_PREFIX) ? first(key) : undefined;
      if (typeof value !== 'string') continue;
      try {
        baggage = (baggage ?? propagation.createBaggage()).setEntry(key.slice(BAGGAGE_PREFIX.length), { value: decodeURIComponent(value) });
      } catch {
        // bad percent-encoding: that entry only
      }
    }
    if (baggage) next = propagation.setBaggage(next, baggage);
    return next;
  },

  fields: () => [TRACE_HEADER],
};
