/**
 * The named propagators beyond the W3C pair (which src/trace/propagators.ts always has): B3 in
 * both forms and Jaeger. A build hands them in as `RuntimeDefaults.propagators`: Node and the npm
 * browser build do; the script tag leaves them out (~700 B brotli it does not have), so there
 * those names are unknown (one message, the W3C default; a propagator object still works).
 */
import type { NamedPropagators } from '../config/propagators';
import { createB3Propagator } from './b3-propagator';
import { jaegerPropagator } from './jaeger-propagator';

export const NAMED_PROPAGATORS: NamedPropagators = {
  b3: createB3Propagator(false),
  b3multi: createB3Propagator(true),
  jaeger: jaegerPropagator,
};
