/**
 * The global propagator: the propagators `OTEL_PROPAGATORS` / `propagators` names (resolved by
 * src/config/propagators.ts), and any the user passed as objects, in that order. Extraction runs
 * through all of them (a later one sees, and may override, what an earlier one found), injection
 * writes every one's headers, as @opentelemetry/core's CompositePropagator does. A propagator that
 * throws (its own bug, or a frozen carrier, a hostile header object) costs its own headers only.
 *
 * The W3C pair is always here; B3 and Jaeger come from the build (./named-propagators, handed in
 * as `RuntimeDefaults.propagators`), which the script tag leaves out.
 */
import { diag, type Context, type TextMapGetter, type TextMapPropagator, type TextMapSetter } from '@opentelemetry/api';
import type { NamedPropagators, PropagatorChoice } from '../config/propagators';
import { baggagePropagator, traceContextPropagator } from './w3c-propagator';

/** Runs one propagator's part; a throw is reported and costs that part only (undefined then). */
function guarded<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch (e) {
    diag.warn('a propagator failed', e);
    return undefined;
  }
}

/** `named`: the build's propagators beyond the W3C pair, which hold every name `choice` has. */
export function createPropagator(choice: PropagatorChoice, named?: NamedPropagators): TextMapPropagator {
  const byName: NamedPropagators = { tracecontext: traceContextPropagator, baggage: baggagePropagator, ...named };
  const parts = choice.map((p) => (typeof p === 'string' ? byName[p]! : p));
  return {
    inject(context: Context, carrier: unknown, setter: TextMapSetter) {
      for (const p of parts) guarded(() => p.inject(context, carrier, setter));
    },
    // A loop with its own try, not reduce with a closure per part: this runs on every request.
    extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
      for (const p of parts) {
        try {
          context = p.extract(context, carrier, getter) ?? context;
        } catch (e) {
          diag.warn('a propagator failed', e);
        }
      }
      return context;
    },
    fields: () => parts.flatMap((p) => guarded(() => p.fields()) ?? []),
  };
}
