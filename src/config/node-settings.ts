/**
 * Settings only a Node process reads: which library instrumentations run (./instrumentations,
 * instances included), the TLS files of the OTLP connection, which resource
 * detectors run, the user's metric readers and other pipeline parts (./extensions, shared with the
 * bundled browser build's ./browser-settings). Resolved inside resolveConfig with its layers and messages
 * (an option beats the per-signal variable, which beats the generic one), but handed in by the
 * Node platform (`RuntimeDefaults.settings`), so the script tag carries none of it.
 *
 * Browsers: TLS belongs to the browser itself there (`fetch` has no client certificates), and
 * resource detection is the page's own `resourceAttributes`. Compression is resolved for both
 * runtimes in ./resolve.
 */
import { NODE_INSTRUMENTATIONS, resolveInstrumentations } from './instrumentations';
import { parseBoolean, parseNonEmptyString, type Parser } from './parse';
import type { ConfigProblem } from './problems';
import type { Instrumentation, MetricReader } from './extension-types';
import { resolveExtensions, type ResolvedExtensions } from './extensions';

/** Paths of PEM files (`OTEL_EXPORTER_OTLP_CERTIFICATE`, `…_CLIENT_KEY`, `…_CLIENT_CERTIFICATE`); read by the transport. */
export interface TlsFiles {
  ca?: string;
  key?: string;
  cert?: string;
}

/**
 * `OTEL_NODE_RESOURCE_DETECTORS` names (those @opentelemetry/auto-instrumentations-node knows,
 * without `gcp` and `alibaba`, whose detectors need the metadata server; `aws` and `azure` run the
 * platforms described by environment variables only: platform/node/cloud-detectors.ts).
 */
export type ResourceDetectorName = 'env' | 'host' | 'os' | 'process' | 'container' | 'serviceinstance' | 'aws' | 'azure';
export const RESOURCE_DETECTORS: readonly ResourceDetectorName[] = ['env', 'host', 'os', 'process', 'container', 'serviceinstance', 'aws', 'azure'];

/** One source of a setting, as resolveConfig reads it. */
export interface SettingLayer {
  source: 'option' | 'env';
  key: string;
  raw: unknown;
}

/** The part of resolveConfig's toolkit these settings need. */
export interface SettingsReader {
  pick<T>(layers: SettingLayer[], parse: Parser<T>, fallback: T, describe?: (v: T) => string): T;
  /** One item or an array of them: those `ok` accepts; the rest dropped with one message. */
  items<T>(layer: SettingLayer, ok: (v: unknown) => boolean, expected: string): T[];
  /** A function (a hook), or undefined with one message for anything else. */
  fn<F>(layer: SettingLayer): F | undefined;
  option(key: never): SettingLayer;
  env(key: string): SettingLayer;
  warn(layer: SettingLayer, expected: string, outcome: string): void;
  /** resolveConfig's problem list, for resolvers that report their own. */
  problems: ConfigProblem[];
  /** The environment and options as given. */
  raw: Readonly<Record<string, string | undefined>>;
  options: Record<string, unknown>;
}

export interface SignalSettings {
  tls: TlsFiles;
}

export interface ProcessSettings {
  resourceDetectors: ResourceDetectorName[];
}

/** What this module fills in on the configuration resolveConfig made. */
interface Target extends Partial<ResolvedExtensions> {
  instrumentations: string[];
  ignoreHealthChecks?: boolean;
  traces: Partial<SignalSettings>;
  logs: Partial<SignalSettings>;
  metrics: Partial<SignalSettings>;
  resourceDetectors?: ResourceDetectorName[];
  instrumentationInstances?: Instrumentation[];
  metricReaders?: MetricReader[];
}

const TLS_ENV: Record<keyof TlsFiles, string> = { ca: 'CERTIFICATE', key: 'CLIENT_KEY', cert: 'CLIENT_CERTIFICATE' };

/** Called by resolveConfig last (Node's `RuntimeDefaults.settings`); adds the Node-only settings to `config`. */
export function resolveNodeSettings(r: SettingsReader, config: Target): void {
  const option = r.option as (key: string) => SettingLayer;
  const instrumentations = resolveInstrumentations(NODE_INSTRUMENTATIONS, r.raw, r.options.instrumentations);
  r.problems.push(...instrumentations.problems);
  config.instrumentations = instrumentations.names;
  config.instrumentationInstances = instrumentations.instances;
  config.metricReaders = r.items(option('metricReaders'), isMetricReader, 'MetricReader objects (e.g. new PeriodicExportingMetricReader(…))');
  resolveExtensions(r, config);
  for (const signal of ['traces', 'logs', 'metrics'] as const) Object.assign(config[signal], signalSettings(signal.toUpperCase(), r));
  config.resourceDetectors = resourceDetectors(r, option);
  config.ignoreHealthChecks = r.pick([option('ignoreHealthChecks')], parseBoolean, true);
}

function signalSettings(SIGNAL: string, r: SettingsReader): SignalSettings {
  const tls: TlsFiles = {};
  const set: Partial<Record<keyof TlsFiles, SettingLayer>> = {};
  for (const k of Object.keys(TLS_ENV) as (keyof TlsFiles)[]) {
    const layers = [r.env(`OTEL_EXPORTER_OTLP_${SIGNAL}_${TLS_ENV[k]}`), r.env(`OTEL_EXPORTER_OTLP_${TLS_ENV[k]}`)];
    const path = r.pick(layers, parseNonEmptyString, '');
    if (path) [tls[k], set[k]] = [path, layers.find((l) => l.raw === path)];
  }
  // A client certificate without its key (or the reverse) cannot be used: say so, send neither.
  const lone = tls.key && !tls.cert ? set.key : tls.cert && !tls.key ? set.cert : undefined;
  if (lone) {
    r.warn(lone, `${lone === set.key ? 'CLIENT_CERTIFICATE' : 'CLIENT_KEY'} set as well`, 'no client certificate is sent');
    delete tls.key;
    delete tls.cert;
  }
  return { tls };
}

/** A metric reader, by the methods a MeterProvider calls (any copy of sdk-metrics). */
function isMetricReader(m: unknown): boolean {
  const reader = m as Record<string, unknown> | null;
  return !!reader && typeof reader === 'object' && ['setMetricProducer', 'collect', 'forceFlush', 'shutdown'].every((k) => typeof reader[k] === 'function');
}

function resourceDetectors(r: SettingsReader, option: (key: string) => SettingLayer): ResourceDetectorName[] {
  const parse: Parser<ResourceDetectorName[]> = (raw) => {
    const names = (Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [raw]).map((n) => String(n).trim().toLowerCase()).filter(Boolean);
    if (names.includes('none')) return { value: [] };
    if (names.includes('all')) return { value: [...RESOURCE_DETECTORS] };
    const known = names.filter((n): n is ResourceDetectorName => (RESOURCE_DETECTORS as readonly string[]).includes(n));
    return known.length && known.length === names.length ? { value: known } : { expected: `a list of ${RESOURCE_DETECTORS.join(', ')}, all or none` };
  };
  return r.pick([option('resourceDetectors'), r.env('OTEL_NODE_RESOURCE_DETECTORS')], parse, [...RESOURCE_DETECTORS], (v) =>
    v.length === RESOURCE_DETECTORS.length ? 'all' : v.join(',') || 'none',
  );
}
