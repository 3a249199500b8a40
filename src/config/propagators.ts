/**
 * Which propagators read and write trace context on HTTP requests: the `propagators` option, then
 * `OTEL_PROPAGATORS` (a comma list), then the default, W3C `tracecontext,baggage`. `none` (or an
 * empty list) sends and reads nothing. The option also takes TextMapPropagator objects (a
 * propagator of your own, or one from an OpenTelemetry package), in any order with the names.
 * Names this SDK does not know are left out with one message; a list with nothing usable falls back.
 * src/trace/propagators.ts builds the propagator from the result.
 */
import type { TextMapPropagator } from '@opentelemetry/api';
import type { Parser } from './parse';
import type { SettingLayer, SettingsReader } from './node-settings';

export type PropagatorName = 'tracecontext' | 'baggage' | 'b3' | 'b3multi' | 'jaeger';
export const PROPAGATOR_NAMES: readonly PropagatorName[] = ['tracecontext', 'baggage', 'b3', 'b3multi', 'jaeger'];

/** Names and propagator objects, in the order they run; empty for `none`. */
export type PropagatorChoice = (PropagatorName | TextMapPropagator)[];

export const DEFAULT_PROPAGATORS: PropagatorChoice = ['tracecontext', 'baggage'];

const EXPECTED = `a list of ${PROPAGATOR_NAMES.join(', ')}, none, or propagator objects`;

const isPropagator = (p: unknown): p is TextMapPropagator =>
  typeof p === 'object' && p !== null && typeof (p as TextMapPropagator).inject === 'function' && typeof (p as TextMapPropagator).extract === 'function';

/** The usable entries of one layer, and what was not usable (for the message). */
function read(raw: unknown): { known: PropagatorChoice; none: boolean; unknown: string[] } {
  const known: PropagatorChoice = [];
  const unknown: string[] = [];
  let none = false;
  const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [raw];
  for (const item of items) {
    if (isPropagator(item)) {
      known.push(item);
      continue;
    }
    const name = typeof item === 'string' ? item.trim().toLowerCase() : undefined;
    if (name === 'none') none = true;
    else if ((PROPAGATOR_NAMES as readonly string[]).includes(name!)) known.includes(name as PropagatorName) || known.push(name as PropagatorName);
    else if (name !== '') unknown.push(name ?? typeof item);
  }
  return { known, none, unknown };
}

const parse: Parser<PropagatorChoice> = (raw) => {
  const { known, none, unknown } = read(raw);
  // `none` wins; an empty list is `none` too; a list of nothing but unknown names is unusable.
  return none || !(known.length || unknown.length) ? { value: [] } : known.length ? { value: known } : { expected: EXPECTED };
};

const describe = (choice: PropagatorChoice) => choice.map((p) => (typeof p === 'string' ? p : 'a propagator object')).join(',') || 'none';

export function resolvePropagators(r: Pick<SettingsReader, 'pick' | 'env' | 'warn'>, option: SettingLayer): PropagatorChoice {
  const layers = [option, r.env('OTEL_PROPAGATORS')];
  const choice = r.pick(layers, parse, DEFAULT_PROPAGATORS, describe);
  // The list that was used may still have named something unknown: one message for those.
  const used = layers.find((l) => l.raw !== undefined && 'value' in parse(l.raw));
  const unknown = used ? read(used.raw).unknown : [];
  if (used && unknown.length) r.warn(used, EXPECTED, `ignoring ${unknown.join(', ')}`);
  return choice;
}
