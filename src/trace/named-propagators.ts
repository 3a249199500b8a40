/**
 * The named propagators beyond the W3C pair (which src/trace/propagators.ts always has): B3 in
 * both forms and Jaeger. A build hands them in as `Platform.propagators`: Node and the npm browser
 * build do; the script tag leaves them out (~700 B brotli it does not have), and a page there that
 * names one hears so once and keeps the W3C headers (a propagator object still works).
 */
import type { TextMapPropagator } from '@opentelemetry/api';
import type { PropagatorName } from '../config/propagators';
import { createB3Propagator } from './b3-propagator';
import { jaegerPropagator } from './jaeger-propagator';

export const NAMED_PROPAGATORS: Partial<Record<PropagatorName, TextMapPropagator>> = {
  b3: createB3Propagator(false),
  b3multi: createB3Propagator(true),
  jaeger: jaegerPropagator,
};
