/**
 * The global propagator: the propagators `OTEL_PROPAGATORS` / `propagators` names (resolved by
 * src/config/propagators.ts), and any the user passed as objects, in that order. Extraction runs
 * through all of them (a later one sees, and may override, what an earlier one found), injection
 * writes every one's headers, as @opentelemetry/core's CompositePropagator does. A propagator that
 * throws (its own bug, or a frozen carrier, a hostile header object) costs its own headers only.
 *
 * The W3C pair is always here; B3 and Jaeger come from the build (./named-propagators, handed in
 * as `Platform.propagators`), which the script tag leaves out.
 */
import { diag, type Context, type TextMapGetter, type TextMapPropagator, type TextMapSetter } from '@opentelemetry/api';
import type { PropagatorChoice, PropagatorName } from '../config/propagators';
import { baggagePropagator, traceContextPropagator } from './w3c-propagator';

/** Runs one propagator's part; a throw is reported and costs that part only. */
function guarded<T>(what: string, run: () => T, fallback: T): T {
  try {
    return run();
  } catch (e) {
    diag.warn(`propagator ${what} failed`, e);
    return fallback;
  }
}

export function createPropagator(choice: PropagatorChoice, named?: Partial<Record<PropagatorName, TextMapPropagator>>): TextMapPropagator {
  const byName: typeof named = { tracecontext: traceContextPropagator, baggage: baggagePropagator, ...named };
  const missing = choice.filter((p) => typeof p === 'string' && !byName[p]);
  let parts = choice.map((p) => (typeof p === 'string' ? byName[p] : p)).filter((p) => !!p);
  if (missing.length) {
    // Only the script tag lacks names; with nothing else left, the default headers still go.
    const fallback = !parts.length;
    if (fallback) parts = [traceContextPropagator, baggagePropagator];
    diag.warn(
      `propagators: ${missing.join(', ')} not in the script-tag build (use the npm package, or pass a propagator object); ${fallback ? 'using tracecontext,baggage' : 'ignoring it'}.`,
    );
  }
  return {
    inject(context: Context, carrier: unknown, setter: TextMapSetter) {
      for (const p of parts) guarded('inject', () => p.inject(context, carrier, setter), undefined);
    },
    extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
      return parts.reduce((ctx, p) => guarded('extract', () => p.extract(ctx, carrier, getter), ctx), context);
    },
    fields: () => [...new Set(parts.flatMap((p) => guarded('fields', () => p.fields(), [])))],
  };
}
