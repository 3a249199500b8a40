/**
 * The global propagator: W3C trace context then W3C baggage, one after the other, as
 * core's CompositePropagator runs them (a propagator that throws is skipped with a diagnostic,
 * never thrown into the app), in a few lines instead of that class.
 */
import { diag, type TextMapPropagator } from '@opentelemetry/api';
import { W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';

export function createW3CPropagator(propagators: TextMapPropagator[] = [new W3CTraceContextPropagator(), new W3CBaggagePropagator()]): TextMapPropagator {
  const each = (run: (p: TextMapPropagator) => void) =>
    propagators.forEach((p) => {
      try {
        run(p);
      } catch (e) {
        diag.warn(`a propagator failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
  return {
    inject: (ctx, carrier, setter) => each((p) => p.inject(ctx, carrier, setter)),
    extract(ctx, carrier, getter) {
      each((p) => (ctx = p.extract(ctx, carrier, getter)));
      return ctx;
    },
    fields: () => [...new Set(propagators.flatMap((p) => p.fields()))],
  };
}
