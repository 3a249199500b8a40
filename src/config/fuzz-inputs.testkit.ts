/**
 * Generated configurations for the fuzz tests (resolveConfig and init()): a seeded PRNG so any
 * failure reproduces from its seed, and value pools full of what users get wrong. The API key and
 * header values are drawn from FUZZ_SECRET, which no message may ever contain.
 */
import type { EnvRecord } from './resolve';

export const FUZZ_SECRET = 'sk-fuzz-SECRET-4242';
const SECRET = FUZZ_SECRET;

/** Small deterministic PRNG (mulberry32) so a failure reproduces from its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STRINGS = ['', ' ', 'true', 'false', 'TRUE', '0', '1', 'yes', 'off', 'maybe', '-1', '0.5', '1e9', '99999999999999999999', 'NaN',
  'http://localhost:4318', 'https://collector.example.com/otlp/', 'not a url', 'ftp://x', 'localhost:4318', '://', 'http://',
  'http/json', 'http/protobuf', 'grpc', 'always_off', 'parentbased_traceidratio', 'DEBUG', 'none', 'console', 'otlp,console',
  'a=1,b=2', '=x', 'k=%E0%A4%A', 'service.name=from-attrs', '\u0000\u001f', 'x'.repeat(5000)];
/** What the secret-bearing keys get: the key itself, broken shapes of it, or ordinary junk. */
const SECRET_VALUES: unknown[] = [SECRET, ` ${SECRET} `, `authorization=${SECRET}`, `x-api-key=${SECRET},=bad`, { authorization: SECRET }, { authorization: 42, k: SECRET }, '', 7, null, [SECRET]];
const SECRET_KEYS = new Set(['apiKey', 'headers', 'HYPERDX_API_KEY', 'OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_EXPORTER_OTLP_TRACES_HEADERS']);
const VALUES: unknown[] = [...STRINGS, 0, -5, 1.5, 10_000, Number.MAX_SAFE_INTEGER, Infinity, NaN, true, false, null, [], ['x', /y/],
  {}, { a: 1 }, /re/, () => 1, Symbol.for('s')];

const ENV_KEYS = ['HYPERDX_API_KEY', 'OTEL_SERVICE_NAME', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_EXPORTER_OTLP_TRACES_HEADERS', 'OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_EXPORTER_OTLP_TIMEOUT',
  'OTEL_RESOURCE_ATTRIBUTES', 'OTEL_SDK_DISABLED', 'OTEL_TRACES_SAMPLER', 'OTEL_TRACES_SAMPLER_ARG', 'OTEL_TRACES_EXPORTER',
  'OTEL_BSP_SCHEDULE_DELAY', 'OTEL_BSP_MAX_QUEUE_SIZE', 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 'OTEL_LOG_LEVEL',
  'HYPERDX_ENABLE_ADVANCED_NETWORK_CAPTURE', 'DEBUG', 'SOME_UNRELATED_VAR'];
const OPTION_KEYS = ['apiKey', 'service', 'url', 'tracesUrl', 'headers', 'protocol', 'timeoutMillis', 'resourceAttributes',
  'disabled', 'traces', 'sampler', 'samplerArg', 'batch', 'logLevel', 'advancedNetworkCapture', 'debug',
  'tracePropagationTargets', 'serviceName', 'endpoint', '__proto__x'];

// Metrics keys, kept on lines of their own so other signals' additions merge cleanly.
ENV_KEYS.push('OTEL_METRICS_EXPORTER', 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT', 'OTEL_METRIC_EXPORT_INTERVAL', 'OTEL_METRIC_EXPORT_TIMEOUT');
OPTION_KEYS.push('metrics', 'metricsUrl', 'metricIntervalMillis');

// Propagators, compression, limits (src/config/propagators.ts, resolve.ts, limits.ts).
ENV_KEYS.push('OTEL_PROPAGATORS', 'OTEL_EXPORTER_OTLP_COMPRESSION', 'OTEL_EXPORTER_OTLP_TRACES_COMPRESSION', 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT',
  'OTEL_ATTRIBUTE_COUNT_LIMIT', 'OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT', 'OTEL_SPAN_EVENT_COUNT_LIMIT', 'OTEL_LINK_ATTRIBUTE_COUNT_LIMIT',
  'OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT');
OPTION_KEYS.push('propagators', 'compression', 'limits');
STRINGS.push('b3', 'b3multi,jaeger', 'tracecontext,xray', 'gzip', 'zstd', '128');
/** What the `limits` option gets half the time: an object of good, bad and unknown keys. */
const limitsOption = (pick: <T>(list: readonly T[]) => T) => ({ attributeCount: pick(VALUES), spanAttributeValueLength: pick(VALUES), spanEventCount: pick(VALUES), attributeCountLimit: 3 });
// The user's pipeline parts (src/config/extensions.ts): code, so their own pool of right and wrong
// shapes, processors whose every method throws or rejects, instances that cannot be enabled.
OPTION_KEYS.push('spanProcessors', 'logRecordProcessors', 'metricReaders', 'beforeSendSpan', 'beforeSendLog', 'instrumentations');
const EXTENSION_KEYS = new Set(['spanProcessors', 'logRecordProcessors', 'metricReaders', 'beforeSendSpan', 'beforeSendLog', 'instrumentations']);
const boom = () => {
  throw Object.create(null); // not even printable
};
const EXTENSION_VALUES: unknown[] = [
  [{ onStart: boom, onEnd: boom, forceFlush: boom, shutdown: () => Promise.reject(new Error('no')) }],
  [{ onEmit: boom, forceFlush: () => Promise.reject(Symbol('s')) }, 7, null],
  { onEnd: 1 },
  [{ setMetricProducer: boom, collect: boom, forceFlush: boom, shutdown: boom }, {}],
  [{ instrumentationName: 'fuzz', enable: boom, disable: boom, setTracerProvider: boom, setMeterProvider: boom }, { pino: false }, 'x'],
  [{ instrumentationName: 3, enable() {}, disable() {}, setTracerProvider() {}, setMeterProvider() {} }],
  (span: unknown) => span,
  () => undefined,
  boom,
  [[]],
];

export function generateConfig(seed: number): { env: EnvRecord; options: unknown } {
  const next = rng(seed);
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const env: Record<string, string> = {};
  for (const key of ENV_KEYS) {
    if (next() >= 0.3) continue;
    const value = SECRET_KEYS.has(key) ? pick(SECRET_VALUES) : pick(STRINGS);
    if (typeof value === 'string') env[key] = value;
  }
  if (next() < 0.05) return { env, options: pick(VALUES) }; // not even an object
  const options: Record<string, unknown> = {};
  for (const key of OPTION_KEYS) {
    if (next() >= 0.25) continue;
    if (SECRET_KEYS.has(key)) options[key] = pick(SECRET_VALUES);
    else if (key === 'limits' && next() < 0.5) options[key] = limitsOption(pick);
    else if (EXTENSION_KEYS.has(key)) options[key] = next() < 0.7 ? pick(EXTENSION_VALUES) : pick(VALUES);
    else options[key] = key === 'batch' && next() < 0.5 ? { scheduledDelayMillis: pick(VALUES), maxQueueSize: pick(VALUES) } : pick(VALUES);
  }
  return { env, options };
}

