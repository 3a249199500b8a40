/**
 * resolveConfig(options, env, runtime): the one place where options, environment variables and
 * defaults meet. Pure: it reads only its arguments (Node hands in a snapshot of `process.env`
 * taken inside `init()`; the browser hands in nothing) and returns the configuration plus every
 * problem found. It never throws: a bad value falls back to the next layer, an unusable endpoint
 * switches export off, and each case becomes one message.
 */
import {
  DEFAULT_BATCH,
  DEFAULT_CONSOLE_CAPTURE_LEVEL,
  DEFAULT_LOGS_BATCH,
  DEFAULT_ENDPOINT,
  DEFAULT_EXPORT_TIMEOUT_MILLIS,
  DEFAULT_LOG_LEVEL,
  DEFAULT_SAMPLER,
} from './defaults';
import type { BatchOptions, Compression, ConsoleLevel, LogLevel, Options, OtlpProtocol, PropagationTarget, SamplerName, SessionPersistence } from './options';
import {
  isPlainObject,
  parseBoolean,
  parseHttpUrl,
  parseNonEmptyString,
  parseOneOf,
  parsePositiveInteger,
  parseTimerMillis,
  parseRatio,
  type Parser,
} from './parse';
import { formatProblem, type ConfigProblem } from './problems';
import { SCRIPT_TAG } from '../script-tag';
import { ENV_READERS, type EnvReaders } from './env-readers';
import { resolveNodeSettings, type ProcessSettings, type SettingsReader, type SignalSettings } from './node-settings';
import type { ResolvedLimits } from './limits';
import { resolveNpmSettings } from './npm-settings';
import type { NamedPropagators, PropagatorChoice } from './propagators';
import { MAX_BODY_BYTES_CEILING } from '../network/limits';
import { DEFAULT_NETWORK_CAPTURE, type NetworkCaptureSettings } from '../network/settings';
import { toUrlPatterns, urlPrefixPattern } from '../network/url-filter';
import type { ResolvedExtensions } from './extensions';
import type { Instrumentation, MetricReader } from './extension-types';

export type EnvRecord = Readonly<Record<string, string | undefined>>;
export type AttributeValue = string | number | boolean;

/** What differs between runtimes for defaults; supplied by the platform. */
export interface RuntimeDefaults {
  serviceName: string;
  /** Wire formats this runtime can send, preferred first. */
  protocols: readonly OtlpProtocol[];
  /** Whether `console.*` calls become log records unless configured otherwise. */
  consoleCapture?: boolean;
  /**
   * Readers of the settings only environment variables carry (./env-readers): exporter lists,
   * header and resource attribute lists, capture lists. Runtimes without an environment
   * (browsers) leave them out; those variables are then not read.
   */
  env?: EnvReaders;
  /**
   * Settings only this runtime reads (./node-settings: library instrumentations, TLS files,
   * resource detectors), resolved here with the same layers and messages; handed in by the
   * platform, so the script tag carries none of their code.
   */
  settings?: (reader: SettingsReader, config: ResolvedConfig) => void;
  /**
   * `limits` and `propagators` (./npm-settings), which the npm builds (Node, bundled browsers,
   * edge) hand in and the script tag leaves out for size; there the defaults stand.
   */
  npm?: typeof resolveNpmSettings;
  /**
   * The named propagators this build carries beyond the W3C pair (src/trace/named-propagators:
   * B3, Jaeger); their names are unknown where absent. The npm builds hand them in.
   */
  propagators?: NamedPropagators;
}

export const NODE_RUNTIME: RuntimeDefaults = { serviceName: 'unknown_service:node', protocols: ['http/protobuf', 'http/json'], consoleCapture: true, env: ENV_READERS, settings: resolveNodeSettings, npm: resolveNpmSettings };
export const BROWSER_RUNTIME: RuntimeDefaults = { serviceName: 'unknown_service', protocols: ['http/json'], consoleCapture: false };
/** Edge runtimes (platform/edge): the browser's wire format, plus an environment (`process.env` on Vercel, in Next.js, in workerd with `nodejs_compat`). */
export const EDGE_RUNTIME: RuntimeDefaults = { serviceName: 'unknown_service', protocols: ['http/json'], consoleCapture: false, env: ENV_READERS };

export interface SignalExportConfig {
  /** False when switched off (`OTEL_<SIGNAL>_EXPORTER=none`, `traces: false`) or the endpoint is unusable. */
  enabled: boolean;
  /** Also print each item to the console (`DEBUG`, `OTEL_<SIGNAL>_EXPORTER=console`). */
  console: boolean;
  url: string;
  headers: Record<string, string>;
  protocol: OtlpProtocol;
  timeoutMillis: number;
  /** Gzip the request body (browsers: where CompressionStream exists). */
  compression: Compression;
  /** Runtimes with `settings` only (Node): the connection's TLS files. */
  tls?: SignalSettings['tls'];
}

export interface ResolvedConfig extends Partial<ResolvedExtensions> {
  disabled: boolean;
  serviceName: string;
  resourceAttributes: Record<string, AttributeValue>;
  traces: SignalExportConfig;
  logs: LogsConfig;
  /** Metrics export; the export interval and timeout come from ./metric-timing (Node only). */
  metrics: SignalExportConfig;
  sampler: { name: SamplerName; ratio: number };
  batch: BatchOptions;
  logLevel: LogLevel;
  advancedNetworkCapture: boolean;
  /** HTTP spans also carry the legacy `http.url`/`http.method`/`http.status_code` (semconv `http/dup`). */
  httpLegacyAttributes: boolean;
  /** Limits and privacy rules of network capture (always resolved, used only while capture is on). */
  networkCapture: NetworkCaptureSettings;
  debug: boolean;
  /**
   * Strings from the options become prefix patterns: `'https://api.example.com'` matches every URL
   * under it. Test a URL with `matchesPropagationTarget` (src/propagation-targets.ts).
   */
  tracePropagationTargets: PropagationMatcher[];
  /** Requests not traced (client spans; Node server spans also by path): same matchers as above. */
  ignoreUrls: PropagationMatcher[];
  /** Node: `/health`, `/healthz`, `/ready` get no server span (src/ignore-urls.ts). */
  ignoreHealthChecks?: boolean;
  /** Uncaught errors become exceptions (where the runtime supports it). */
  errorCapture: boolean;
  /** RUM session settings; only runtimes with sessions (browsers) use them. */
  session: { persistence: SessionPersistence; sampleRate: number };
  /** Library instrumentations switched on, by name (src/config/instrumentations.ts); libraries the app lacks are skipped later. */
  instrumentations: string[];
  /** Runtimes with `settings` only (Node): which resource detectors run at init(). */
  resourceDetectors?: ProcessSettings['resourceDetectors'];
  /** Runtimes with `settings` only (Node, bundled browsers): instrumentation instances from `instrumentations`. */
  instrumentationInstances?: Instrumentation[];
  /** Runtimes with `settings` only (Node): the user's metric readers. */
  metricReaders?: MetricReader[];
  /** Which propagators the global one is made of (./propagators); empty for `none`. */
  propagators: PropagatorChoice;
  /** Attribute, event and link limits of spans and log records (./limits); the spec's defaults where absent (script tag). */
  limits?: ResolvedLimits;
}

export interface LogsConfig extends SignalExportConfig {
  batch: BatchOptions;
  /** `console.*` calls become log records (only where the runtime supports it). */
  consoleCapture: boolean;
  consoleCaptureLevel: ConsoleLevel;
}

/** A resolved `tracePropagationTargets` entry: a pattern, or the user's predicate on the full URL. */
export type PropagationMatcher = RegExp | ((url: string) => boolean);

export interface ResolveResult {
  config: ResolvedConfig;
  problems: ConfigProblem[];
}

const SAMPLERS: readonly SamplerName[] = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
];
const LOG_LEVELS: readonly LogLevel[] = ['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'];
const PROTOCOLS: readonly OtlpProtocol[] = ['http/protobuf', 'http/json'];
const CONSOLE_LEVELS: readonly ConsoleLevel[] = ['trace', 'debug', 'info', 'warn', 'error'];
const SEMCONV_OPT_INS = ['http', 'http/dup'] as const;
const SESSION_PERSISTENCE: readonly SessionPersistence[] = ['sessionStorage', 'localStorage', 'cookie', 'none'];
const COMPRESSIONS: readonly Compression[] = ['gzip', 'none'];

const KNOWN_OPTIONS = new Set<string>([
  'apiKey', 'service', 'url', 'tracesUrl', 'headers', 'protocol', 'timeoutMillis', 'resourceAttributes',
  'disabled', 'traces', 'sampler', 'samplerArg', 'batch', 'logLevel', 'advancedNetworkCapture', 'networkCapture', 'debug',
  'tracePropagationTargets', 'sessionPersistence', 'sessionSampleRate',
  'logs', 'logsUrl', 'logsBatch', 'consoleCapture', 'consoleCaptureLevel', 'errorCapture', 'instrumentations',
  'metrics', 'metricsUrl', 'metricIntervalMillis', 'semconvStabilityOptIn',
  // Node only (./node-settings); browsers ignore them.
  'resourceDetectors', 'ignoreHealthChecks',
  'ignoreUrls', 'compression',
  // The npm builds' own (limits, propagators, the user's pipeline parts) are ./npm-settings' list.
] satisfies (keyof Options)[]);

/** `OTEL_BSP_*` for spans, `OTEL_BLRP_*` for log records. */
const batchEnv = (prefix: 'BSP' | 'BLRP'): Record<keyof BatchOptions, string> => ({
  scheduledDelayMillis: `OTEL_${prefix}_SCHEDULE_DELAY`,
  exportTimeoutMillis: `OTEL_${prefix}_EXPORT_TIMEOUT`,
  maxQueueSize: `OTEL_${prefix}_MAX_QUEUE_SIZE`,
  maxExportBatchSize: `OTEL_${prefix}_MAX_EXPORT_BATCH_SIZE`,
});

interface Layer {
  source: 'option' | 'env';
  key: string;
  raw: unknown;
  /** A layer-specific reading, e.g. `DEBUG`, which the `debug` npm package shares. */
  parse?: Parser<unknown>;
}

export function resolveConfig(options: Options | null | undefined, env: EnvRecord, runtime: RuntimeDefaults): ResolveResult {
  const problems: ConfigProblem[] = [];
  const warn = (layer: Layer, expected: string, outcome: string, severity: ConfigProblem['severity'] = 'warn') =>
    problems.push({ key: layer.key, source: layer.source, severity, message: formatProblem(layer.key, expected, layer.raw, outcome) });

  let opts: Record<string, unknown> = {};
  if (isPlainObject(options)) opts = options as Record<string, unknown>;
  else if (options !== undefined && options !== null) warn({ source: 'option', key: 'options', raw: options }, 'an object', 'using the environment and defaults');
  for (const key of Object.keys(opts)) {
    if (!KNOWN_OPTIONS.has(key) && !runtime.npm?.options.includes(key)) {
      problems.push({ key, source: 'option', severity: 'warn', message: `Configuration: option '${key}' is not known to this build and is ignored.` });
    }
  }

  const opt = (key: keyof Options): Layer => ({ source: 'option', key, raw: opts[key] });
  // The OTel spec treats an empty environment variable as unset; the script tag has no environment.
  const fromEnv = (key: string): Layer => ({ source: 'env', key, raw: SCRIPT_TAG || env[key] === '' ? undefined : env[key] });
  // The script tag's runtime has no environment: its build drops every env reading (src/script-tag.ts).
  const envReaders = SCRIPT_TAG ? undefined : runtime.env;
  /** An env-only string setting with the runtime's reader; nothing where the runtime has no environment. */
  function readEnv<T>(key: string, read: (raw: string, warn: (expected: string, outcome: string) => void, readers: EnvReaders) => T): T | undefined {
    const layer = fromEnv(key);
    return envReaders && typeof layer.raw === 'string' ? read(layer.raw, (expected, outcome) => warn(layer, expected, outcome), envReaders) : undefined;
  }

  /** First layer that parses wins; every unparsable layer above it yields one message naming the fallback. */
  function pick<T>(layers: Layer[], parse: Parser<T>, fallback: T, describe: (v: T) => string = String): T {
    const rejected: { layer: Layer; expected: string }[] = [];
    let value = fallback;
    let from = 'the default';
    for (const layer of layers) {
      if (layer.raw === undefined) continue;
      const parsed = (layer.parse ?? parse)(layer.raw) as ReturnType<Parser<T>>;
      if ('value' in parsed) {
        value = parsed.value;
        from = layer.key;
        break;
      }
      rejected.push({ layer, expected: parsed.expected });
    }
    for (const r of rejected) warn(r.layer, r.expected, `using ${describe(value)} from ${from}`);
    return value;
  }

  // Kill switch: OTEL_SDK_DISABLED=true wins over everything, including `disabled: false`.
  const envDisabled = pick([fromEnv('OTEL_SDK_DISABLED')], parseBoolean, false);
  const disabled = envDisabled || pick([opt('disabled')], parseBoolean, false);

  const debug = pick([opt('debug'), { ...fromEnv('DEBUG'), parse: envReaders?.debug }], parseBoolean, false);

  const traces = resolveSignalExport('traces');
  const serviceAndResource = resolveResource();

  const samplerName = pick([opt('sampler'), fromEnv('OTEL_TRACES_SAMPLER')], parseOneOf(SAMPLERS), DEFAULT_SAMPLER);
  const ratio = pick([opt('samplerArg'), fromEnv('OTEL_TRACES_SAMPLER_ARG')], parseRatio, 1);

  const batch = resolveBatch('batch', 'BSP', DEFAULT_BATCH);
  const logs = resolveLogs();
  const metrics = resolveSignalExport('metrics');

  const config: ResolvedConfig = {
    disabled,
    ...serviceAndResource,
    traces,
    logs,
    metrics,
    sampler: { name: samplerName, ratio },
    batch,
    logLevel: pick([opt('logLevel'), fromEnv('OTEL_LOG_LEVEL')], parseOneOf(LOG_LEVELS), DEFAULT_LOG_LEVEL),
    advancedNetworkCapture: pick(
      [opt('advancedNetworkCapture'), fromEnv('HYPERDX_ENABLE_ADVANCED_NETWORK_CAPTURE')],
      parseBoolean,
      false,
    ),
    httpLegacyAttributes:
      pick(
        [opt('semconvStabilityOptIn'), { ...fromEnv('OTEL_SEMCONV_STABILITY_OPT_IN'), parse: envReaders?.semconv }],
        parseOneOf(SEMCONV_OPT_INS),
        'http/dup',
      ) !== 'http',
    networkCapture: resolveNetworkCapture(),
    debug,
    tracePropagationTargets: resolveUrlMatchers('tracePropagationTargets'),
    ignoreUrls: resolveUrlMatchers('ignoreUrls'),
    errorCapture: pick([opt('errorCapture'), fromEnv('HYPERDX_ERROR_CAPTURE')], parseBoolean, true),
    session: {
      persistence: pick([opt('sessionPersistence')], parseOneOf(SESSION_PERSISTENCE), 'sessionStorage'),
      sampleRate: pick([opt('sessionSampleRate')], parseRatio, 1),
    },
    instrumentations: [],
    propagators: ['tracecontext', 'baggage'],
  };
  // The script tag's runtime (BROWSER_RUNTIME) hands in neither (src/script-tag.ts).
  if (!SCRIPT_TAG) {
    const reader = { pick, items, fn, option: opt, env: fromEnv, warn, problems, raw: env, options: opts };
    runtime.settings?.(reader, config);
    // The script tag has no `limits` and `propagators`: reported above as options it does not know.
    runtime.npm?.(reader, config, runtime.propagators);
  }
  // Settings shared by traces and logs (a bad generic header list, API key, …) are read once per
  // signal; the user hears about each setting once.
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const id = `${p.source}:${p.key}`;
    return !seen.has(id) && !!seen.add(id);
  });
  return { config, problems: unique };

  /** An option of one item or an array of them: the items `ok` accepts; any other is dropped, with one message. */
  function items<T>(layer: Layer, ok: (v: unknown) => boolean, expected: string): T[] {
    if (layer.raw === undefined) return [];
    const all: unknown[] = Array.isArray(layer.raw) ? layer.raw : [layer.raw];
    const kept = all.filter(ok);
    const n = all.length - kept.length;
    if (n) warn(layer, expected, `ignoring ${n} entr${n === 1 ? 'y' : 'ies'}`);
    return kept as T[];
  }

  /** An option that must be a function (a hook): anything else is ignored, with one message. */
  function fn<F>(layer: Layer): F | undefined {
    if (typeof layer.raw === 'function') return layer.raw as F;
    if (layer.raw !== undefined) warn(layer, 'a function', 'ignoring it');
    return undefined;
  }

  function resolveBatch(key: 'batch' | 'logsBatch', prefix: 'BSP' | 'BLRP', defaults: BatchOptions): BatchOptions {
    const envKeys = batchEnv(prefix);
    const batchOpts: Record<string, unknown> = isPlainObject(opts[key]) ? opts[key] : {};
    if (opts[key] !== undefined && !isPlainObject(opts[key])) warn(opt(key), 'an object', 'using the environment and defaults');
    const batchLayers = (k: keyof BatchOptions): Layer[] => [
      { source: 'option', key: `${key}.${k}`, raw: batchOpts[k] },
      fromEnv(envKeys[k]),
    ];
    const batch: BatchOptions = {
      scheduledDelayMillis: pick(batchLayers('scheduledDelayMillis'), parseTimerMillis, defaults.scheduledDelayMillis),
      exportTimeoutMillis: pick(batchLayers('exportTimeoutMillis'), parseTimerMillis, defaults.exportTimeoutMillis),
      maxQueueSize: pick(batchLayers('maxQueueSize'), parsePositiveInteger, defaults.maxQueueSize),
      maxExportBatchSize: pick(batchLayers('maxExportBatchSize'), parsePositiveInteger, defaults.maxExportBatchSize),
    };
    if (batch.maxExportBatchSize > batch.maxQueueSize) {
      warn(
        { source: batchOpts.maxExportBatchSize !== undefined ? 'option' : 'env', key: key === 'batch' ? 'maxExportBatchSize' : `${key}.maxExportBatchSize`, raw: batch.maxExportBatchSize },
        `at most maxQueueSize (${batch.maxQueueSize})`,
        `using ${batch.maxQueueSize}`,
      );
      batch.maxExportBatchSize = batch.maxQueueSize;
    }
    return batch;
  }

  function resolveLogs(): LogsConfig {
    return {
      ...resolveSignalExport('logs'),
      batch: resolveBatch('logsBatch', 'BLRP', DEFAULT_LOGS_BATCH),
      consoleCapture: pick([opt('consoleCapture'), fromEnv('HYPERDX_CONSOLE_CAPTURE')], parseBoolean, runtime.consoleCapture ?? false),
      consoleCaptureLevel: pick(
        [opt('consoleCaptureLevel'), fromEnv('HYPERDX_CONSOLE_CAPTURE_LEVEL')],
        parseOneOf(CONSOLE_LEVELS),
        DEFAULT_CONSOLE_CAPTURE_LEVEL,
      ),
    };
  }

  /** Traces, logs and metrics resolve alike; only the names of their own option and env keys differ. */
  function resolveSignalExport(signal: 'traces' | 'logs' | 'metrics'): SignalExportConfig {
    const SIGNAL = signal.toUpperCase();
    // Which exporters: `traces: false` or OTEL_TRACES_EXPORTER (otlp,console,none); same for logs.
    let exportOtlp = true;
    let printToConsole = debug;
    const tracesOpt = opt(signal);
    if (tracesOpt.raw !== undefined) {
      exportOtlp = pick([tracesOpt], parseBoolean, true);
    } else {
      const chosen = readEnv(`OTEL_${SIGNAL}_EXPORTER`, (raw, w, r) => r.exporters(raw, w));
      if (chosen) {
        exportOtlp = chosen.otlp;
        printToConsole ||= chosen.console;
      }
    }

    const headers = resolveHeaders(SIGNAL);
    const protocol = resolveProtocol(SIGNAL);
    const timeoutMillis = pick(
      [opt('timeoutMillis'), fromEnv(`OTEL_EXPORTER_OTLP_${SIGNAL}_TIMEOUT`), fromEnv('OTEL_EXPORTER_OTLP_TIMEOUT')],
      parseTimerMillis,
      DEFAULT_EXPORT_TIMEOUT_MILLIS,
    );

    // Endpoint: the first layer that is set decides. An unusable one switches export off rather
    // than sending the data somewhere the user did not ask for.
    const endpointLayers: { layer: Layer; append: boolean }[] = [
      { layer: opt(`${signal}Url` as 'tracesUrl' | 'logsUrl' | 'metricsUrl'), append: false },
      { layer: opt('url'), append: true },
      { layer: fromEnv(`OTEL_EXPORTER_OTLP_${SIGNAL}_ENDPOINT`), append: false },
      { layer: fromEnv('OTEL_EXPORTER_OTLP_ENDPOINT'), append: true },
    ];
    let url = signalUrl(DEFAULT_ENDPOINT, signal);
    let usable = true;
    const chosen = endpointLayers.find((e) => e.layer.raw !== undefined);
    if (chosen) {
      const parsed = parseHttpUrl(chosen.layer.raw);
      if ('value' in parsed) url = chosen.append ? signalUrl(parsed.value, signal) : parsed.value;
      else {
        usable = false;
        // The generic endpoint feeds every signal: one message names all the consequences.
        const outcome = `${chosen.append ? 'all' : signal.slice(0, -1)} export is disabled`;
        warn(chosen.layer, parsed.expected, outcome, 'error');
      }
    }
    const compression = pick(
      [opt('compression'), fromEnv(`OTEL_EXPORTER_OTLP_${SIGNAL}_COMPRESSION`), fromEnv('OTEL_EXPORTER_OTLP_COMPRESSION')],
      parseOneOf(COMPRESSIONS),
      'none',
    );
    return { enabled: exportOtlp && usable, console: printToConsole, url, headers, protocol, timeoutMillis, compression };
  }

  function resolveHeaders(SIGNAL: string): Record<string, string> {
    const headers: Record<string, string> = {};
    const add = (entries: Record<string, unknown>) => {
      for (const [k, v] of Object.entries(entries)) if (typeof v === 'string') headers[k.toLowerCase()] = v;
    };
    for (const key of ['OTEL_EXPORTER_OTLP_HEADERS', `OTEL_EXPORTER_OTLP_${SIGNAL}_HEADERS`]) {
      add(readEnv(key, (raw, w, r) => r.keyValues(raw, 'name', w)) ?? {});
    }
    const headersOpt = opt('headers');
    if (isPlainObject(headersOpt.raw)) {
      const nonString = Object.entries(headersOpt.raw).filter(([, v]) => typeof v !== 'string');
      if (nonString.length) warn(headersOpt, 'string header values', `ignoring ${nonString.map(([k]) => k).join(', ')}`);
      add(headersOpt.raw);
    } else if (headersOpt.raw !== undefined) {
      warn(headersOpt, 'an object of header names to values', 'using the environment headers');
    }
    const apiKey = pick([opt('apiKey'), fromEnv('HYPERDX_API_KEY')], parseNonEmptyString, '', () => 'no API key');
    if (apiKey) headers.authorization = apiKey;
    return headers;
  }

  function resolveProtocol(SIGNAL: string): OtlpProtocol {
    const preferred = runtime.protocols[0] ?? 'http/json';
    const layers = [opt('protocol'), fromEnv(`OTEL_EXPORTER_OTLP_${SIGNAL}_PROTOCOL`), fromEnv('OTEL_EXPORTER_OTLP_PROTOCOL')];
    const parseProtocol = parseOneOf(PROTOCOLS);
    const protocol = pick(layers, parseProtocol, preferred);
    if (runtime.protocols.includes(protocol)) return protocol;
    // Blame the layer the unsupported value came from, not an invalid one above it.
    const layer = layers.find((l) => l.raw !== undefined && 'value' in parseProtocol(l.raw)) ?? layers[0]!;
    warn(layer, `one of ${runtime.protocols.join(', ')} in this runtime`, `using ${preferred}`);
    return preferred;
  }

  function resolveResource(): { serviceName: string; resourceAttributes: Record<string, AttributeValue> } {
    const attributes: Record<string, AttributeValue> = {};
    Object.assign(attributes, readEnv('OTEL_RESOURCE_ATTRIBUTES', (raw, w, r) => r.keyValues(raw, 'key', w)));
    const envServiceAttr = attributes['service.name'];
    const attrsOpt = opt('resourceAttributes');
    let optServiceAttr: unknown;
    if (isPlainObject(attrsOpt.raw)) {
      for (const [k, v] of Object.entries(attrsOpt.raw)) {
        if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) attributes[k] = v;
        else warn({ ...attrsOpt, key: `resourceAttributes.${k}`, raw: v }, 'a string, number or boolean', 'ignoring it');
      }
      optServiceAttr = attrsOpt.raw['service.name'];
    } else if (attrsOpt.raw !== undefined) {
      warn(attrsOpt, 'an object of attribute names to values', 'ignoring it');
    }
    // Options beat the environment; within each, the dedicated key beats the generic attribute list.
    const serviceName = pick(
      [
        opt('service'),
        { source: 'option', key: 'resourceAttributes.service.name', raw: optServiceAttr },
        fromEnv('OTEL_SERVICE_NAME'),
        { source: 'env', key: 'OTEL_RESOURCE_ATTRIBUTES service.name', raw: envServiceAttr },
      ],
      parseNonEmptyString,
      runtime.serviceName,
    );
    delete attributes['service.name'];
    return { serviceName, resourceAttributes: attributes };
  }

  function resolveNetworkCapture(): NetworkCaptureSettings {
    const layer = opt('networkCapture');
    if (layer.raw !== undefined && !isPlainObject(layer.raw)) warn(layer, 'an object', 'using the environment and defaults');
    const nc: Record<string, unknown> = isPlainObject(layer.raw) ? layer.raw : {};
    const sub = (key: string): Layer => ({ source: 'option', key: `networkCapture.${key}`, raw: nc[key] });
    const envList = (key: string): string[] | undefined => readEnv(key, (raw, _w, r) => r.list(raw));
    const maxBodyBytes = pick(
      [sub('maxBodyBytes'), fromEnv('HYPERDX_NETWORK_CAPTURE_MAX_BODY_BYTES')],
      (raw) => {
        const parsed = parsePositiveInteger(raw);
        return 'value' in parsed && parsed.value > MAX_BODY_BYTES_CEILING ? { expected: `a positive integer up to ${MAX_BODY_BYTES_CEILING}` } : parsed;
      },
      DEFAULT_NETWORK_CAPTURE.maxBodyBytes,
    );
    /** An option list of allowed item types beats the env list; bad entries are dropped with one message. */
    function list<T>(key: string, envKey: string, ok: (v: unknown) => v is T, expected: string): T[] | string[] {
      const l = sub(key);
      return l.raw === undefined ? (envList(envKey) ?? []) : items<T>(l, ok, expected);
    }
    const isPattern = (v: unknown): v is string | RegExp => (typeof v === 'string' && v.trim() !== '') || v instanceof RegExp;
    const isName = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
    const bodyHook = fn<NetworkCaptureSettings['bodyHook']>(sub('bodyHook'));
    for (const key of Object.keys(nc)) {
      if (!['maxBodyBytes', 'redactHeaders', 'redactBodyKeys', 'allowUrls', 'denyUrls', 'bodyHook'].includes(key)) {
        problems.push({ key: `networkCapture.${key}`, source: 'option', severity: 'warn', message: `Configuration: unknown option 'networkCapture.${key}' is ignored.` });
      }
    }
    return {
      maxBodyBytes,
      redactHeaders: list('redactHeaders', 'HYPERDX_NETWORK_CAPTURE_REDACT_HEADERS', isPattern, 'header names or regular expressions'),
      redactBodyKeys: list('redactBodyKeys', 'HYPERDX_NETWORK_CAPTURE_REDACT_BODY_KEYS', isName, 'non-empty key names') as string[],
      allowUrls: toUrlPatterns(list('allowUrls', 'HYPERDX_NETWORK_CAPTURE_ALLOW_URLS', isPattern, 'URL prefixes or regular expressions')),
      denyUrls: toUrlPatterns(list('denyUrls', 'HYPERDX_NETWORK_CAPTURE_DENY_URLS', isPattern, 'URL prefixes or regular expressions')),
      ...(bodyHook ? { bodyHook } : {}),
    };
  }

  /** `tracePropagationTargets`, `ignoreUrls`: strings (URL prefixes), RegExps or predicates. */
  function resolveUrlMatchers(key: 'tracePropagationTargets' | 'ignoreUrls'): PropagationMatcher[] {
    const ok = items<PropagationTarget>(
      opt(key),
      (t) => (typeof t === 'string' && t !== '') || t instanceof RegExp || typeof t === 'function',
      'non-empty strings, regular expressions or functions',
    );
    return ok.map((t) => (typeof t === 'string' ? urlPrefixPattern(t) : t));
  }
}

/** OTLP spec: the generic endpoint gets `/v1/<signal>` appended to its path. */
export function signalUrl(base: string, signal: 'traces' | 'logs' | 'metrics'): string {
  const url = new URL(base);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/v1/${signal}`;
  return url.href;
}
