/**
 * Which propagators read and write trace context on HTTP requests: the `propagators` option, then
 * `OTEL_PROPAGATORS` (a comma list), then the default, W3C `tracecontext,baggage`. `none` (or an
 * empty list) sends and reads nothing. The option also takes TextMapPropagator objects (a
 * propagator of your own, or one from an OpenTelemetry package), in any order with the names.
 * Names the build does not carry (`named`) are left out with one message; a list with nothing
 * usable falls back. The npm builds carry B3 and Jaeger; the script tag does not read this
 * setting at all (./npm-settings). src/trace/propagators.ts builds the propagator.
 */
import type { TextMapPropagator } from '@opentelemetry/api';
import type { Parser } from './parse';
import type { SettingLayer, SettingsReader } from './node-settings';

export type PropagatorName = 'tracecontext' | 'baggage' | 'b3' | 'b3multi' | 'jaeger';

/** The named propagators a build carries beyond the W3C pair (`RuntimeDefaults.propagators`). */
export type NamedPropagators = Partial<Record<PropagatorName, TextMapPropagator>>;

/** Names and propagator objects, in the order they run; empty for `none`. */
export type PropagatorChoice = (PropagatorName | TextMapPropagator)[];

const isPropagator = (p: unknown): p is TextMapPropagator =>
  typeof (p as TextMapPropagator | undefined)?.inject === 'function' && typeof (p as TextMapPropagator).extract === 'function';

/** `named`: what the build carries beyond tracecontext and baggage; other names are unknown here. */
export function resolvePropagators(r: Pick<SettingsReader, 'pick' | 'env' | 'warn'>, option: SettingLayer, named: NamedPropagators = {}): PropagatorChoice {
  const NAMES = ['tracecontext', 'baggage', ...Object.keys(named), 'none'];
  const expected = `a list of ${NAMES.join(', ')} or propagator objects`;
  const layers = [option, r.env('OTEL_PROPAGATORS')];
  // Set by the last list read; pick stops at the first usable one, so afterwards they are its own.
  let used: unknown;
  let unknown: unknown[] = [];
  const parse: Parser<PropagatorChoice> = (raw) => {
    const items = (Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [raw])
      .map((p) => (typeof p === 'string' ? p.trim().toLowerCase() : p))
      .filter((p) => p !== '');
    const known = items.filter((p) => NAMES.includes(p as string) || isPropagator(p));
    unknown = items.filter((p) => !known.includes(p));
    // A list of nothing but unknown names is unusable; `none` (or an empty list) sends nothing.
    used = known.length || !items.length ? raw : undefined;
    if (used === undefined) return { expected };
    return { value: known.includes('none') ? [] : ([...new Set(known)] as PropagatorChoice) };
  };
  const choice = r.pick(layers, parse, ['tracecontext', 'baggage'], (c) => String(c) || 'none');
  const layer = used === undefined ? undefined : layers.find((l) => l.raw === used);
  if (layer && unknown.length) r.warn(layer, expected, `ignoring ${unknown.map((p) => (typeof p === 'string' ? p : typeof p)).join(', ')}`);
  return choice;
}
