/**
 * The public options of `init()`. Precedence is the same for every key:
 * an explicit option beats the environment, which beats the default. The one exception is
 * `OTEL_SDK_DISABLED=true`, which always wins so an operator can switch telemetry off
 * without a code change. In the browser there is no environment: options and defaults only.
 */
import type { TextMapPropagator } from '@opentelemetry/api';
import type { BodyHook } from '../network/settings';
import type { LimitOptions } from './limits';
import type { Instrumentation, InstrumentationSwitches, LogRecord, LogRecordProcessor, MetricReader, ReadableSpan, SpanProcessor } from './extension-types';

export type { BodyHook, BodyHookInfo } from '../network/settings';
export type { LimitOptions } from './limits';

export interface Options {
  /**
   * ClickStack / HyperDX ingestion API key, sent as the `authorization` header of every export.
   * Never printed, not even in debug mode.
   * Env: `HYPERDX_API_KEY`. Default: none (no header).
   */
  apiKey?: string;

  /**
   * The `service.name` resource attribute.
   * Env: `OTEL_SERVICE_NAME`. Default: `unknown_service:node` in Node, `unknown_service` in browsers.
   * Example: `service: 'checkout-web'`
   */
  service?: string;

  /**
   * Base OTLP/HTTP endpoint; `/v1/traces`, `/v1/logs` and `/v1/metrics` are appended.
   * Env: `OTEL_EXPORTER_OTLP_ENDPOINT`. Default: `http://localhost:4318`.
   * Example: `url: 'https://otel.example.com:4318'`
   */
  url?: string;

  /**
   * Full URL for traces, used exactly as given (nothing appended).
   * Env: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`. Default: derived from `url`.
   */
  tracesUrl?: string;

  /**
   * Extra headers on every export request. Merged over the environment's headers, key by key.
   * Env: `OTEL_EXPORTER_OTLP_HEADERS` and `OTEL_EXPORTER_OTLP_TRACES_HEADERS` (`k1=v1,k2=v2`, URL-encoded values).
   * Default: none.
   */
  headers?: Record<string, string>;

  /**
   * Wire format. Browsers always send `http/json` (no protobuf encoder in the bundle).
   * Env: `OTEL_EXPORTER_OTLP_TRACES_PROTOCOL`, then `OTEL_EXPORTER_OTLP_PROTOCOL`.
   * Default: `http/protobuf` in Node, `http/json` in browsers.
   */
  protocol?: OtlpProtocol;

  /**
   * How long one export request may take, in milliseconds.
   * Env: `OTEL_EXPORTER_OTLP_TRACES_TIMEOUT`, then `OTEL_EXPORTER_OTLP_TIMEOUT`. Default: `10000`.
   */
  timeoutMillis?: number;

  /**
   * Extra resource attributes on everything exported.
   * Env: `OTEL_RESOURCE_ATTRIBUTES` (`k1=v1,k2=v2`). Default: none.
   * Example: `resourceAttributes: { 'deployment.environment.name': 'production' }`
   */
  resourceAttributes?: Record<string, string | number | boolean>;

  /**
   * Turns the whole SDK into a no-op. `OTEL_SDK_DISABLED=true` wins over `disabled: false`.
   * Env: `OTEL_SDK_DISABLED`. Default: `false`.
   */
  disabled?: boolean;

  /**
   * Export traces. `OTEL_TRACES_EXPORTER=none` turns it off; `console` prints spans instead of exporting them.
   * Env: `OTEL_TRACES_EXPORTER`. Default: `true`.
   */
  traces?: boolean;

  /**
   * Export logs (console capture, OpenTelemetry Logs API). `OTEL_LOGS_EXPORTER=none` turns it off;
   * `console` prints records instead of exporting them.
   * Env: `OTEL_LOGS_EXPORTER`. Default: `true`.
   */
  logs?: boolean;

  /**
   * Full URL for logs, used exactly as given (nothing appended).
   * Env: `OTEL_EXPORTER_OTLP_LOGS_ENDPOINT`. Default: derived from `url` (`/v1/logs`).
   * Headers, protocol and timeout also read `OTEL_EXPORTER_OTLP_LOGS_{HEADERS,PROTOCOL,TIMEOUT}`.
   */
  logsUrl?: string;

  /**
   * Export metrics: in Node, runtime metrics (event loop, heap, GC, CPU, memory) and HTTP duration
   * histograms, plus whatever the app records through `@opentelemetry/api`'s `metrics`; in browsers,
   * web vitals when the `clickstack-otel/web-vitals` add-on is loaded. `OTEL_METRICS_EXPORTER=none`
   * (or `metrics: false`) turns it off; `console` prints each export instead.
   * Env: `OTEL_METRICS_EXPORTER`. Default: `true`.
   */
  metrics?: boolean;

  /**
   * Full URL for metrics, used exactly as given (nothing appended).
   * Env: `OTEL_EXPORTER_OTLP_METRICS_ENDPOINT`. Default: derived from `url` (`/v1/metrics`).
   * Headers, protocol and timeout also read `OTEL_EXPORTER_OTLP_METRICS_{HEADERS,PROTOCOL,TIMEOUT}`.
   */
  metricsUrl?: string;

  /**
   * Time between two metric exports, in milliseconds (a last one is sent at exit).
   * Env: `OTEL_METRIC_EXPORT_INTERVAL`. Default: `60000`. The bound of one collect-and-export
   * round is `OTEL_METRIC_EXPORT_TIMEOUT` (default `30000`, cut to the interval).
   */
  metricIntervalMillis?: number;

  /**
   * Batching of exported log records.
   * Env: `OTEL_BLRP_SCHEDULE_DELAY` (default 1000 ms), `OTEL_BLRP_EXPORT_TIMEOUT` (30000 ms),
   * `OTEL_BLRP_MAX_QUEUE_SIZE` (2048 records), `OTEL_BLRP_MAX_EXPORT_BATCH_SIZE` (512 records).
   */
  logsBatch?: Partial<BatchOptions>;

  /**
   * Turn `console.log/info/warn/error/debug/trace` calls into log records (the console still
   * prints exactly what it printed before). Needs logs export on. Opt-in in browsers
   * (`data-console-capture="true"` on the script tag works too).
   * Env: `HYPERDX_CONSOLE_CAPTURE`. Default: `true` in Node, `false` in browsers.
   */
  consoleCapture?: boolean;

  /**
   * Lowest console level captured: `console.debug` and `console.trace` are left out unless asked.
   * Env: `HYPERDX_CONSOLE_CAPTURE_LEVEL`. Default: `info` (`console.log` counts as `info`).
   */
  consoleCaptureLevel?: ConsoleLevel;

  /**
   * Record uncaught errors as exceptions (span event + ERROR log record): in browsers `error` and
   * `unhandledrejection` events and failed `<img>`/`<script>`/`<link>` loads; in Node uncaught
   * exceptions and unhandled rejections, flushed before the process dies. The app's own handling,
   * exit code and console output are unchanged. `recordException()` works either way.
   * Env: `HYPERDX_ERROR_CAPTURE`. Default: `true`.
   */
  errorCapture?: boolean;

  /**
   * Head sampler.
   * Env: `OTEL_TRACES_SAMPLER`. Default: `parentbased_always_on`.
   */
  sampler?: SamplerName;

  /**
   * Sampling ratio in [0, 1] for the `*traceidratio` samplers.
   * Env: `OTEL_TRACES_SAMPLER_ARG`. Default: `1`.
   */
  samplerArg?: number;

  /**
   * Batching of exported spans.
   * Env: `OTEL_BSP_SCHEDULE_DELAY` (default 5000 ms), `OTEL_BSP_EXPORT_TIMEOUT` (30000 ms),
   * `OTEL_BSP_MAX_QUEUE_SIZE` (2048 spans), `OTEL_BSP_MAX_EXPORT_BATCH_SIZE` (512 spans).
   */
  batch?: Partial<BatchOptions>;

  /**
   * Verbosity of the SDK's own diagnostics (never mixed into the app's captured logs).
   * Env: `OTEL_LOG_LEVEL`. Default: `warn`.
   */
  logLevel?: LogLevel;

  /**
   * Record HTTP request/response headers and bodies on spans (secrets redacted, bodies capped).
   * Env: `HYPERDX_ENABLE_ADVANCED_NETWORK_CAPTURE`. Default: `false`.
   */
  advancedNetworkCapture?: boolean;

  /**
   * Which HTTP attribute names spans carry. `'http/dup'` (the default): the stable names
   * (`url.full`, `http.request.method`, `http.response.status_code`) AND the legacy ones
   * (`http.url`, `http.method`, `http.status_code`), which are what the HyperDX UI's network panel,
   * waterfall and session timeline read. `'http'`: stable names only (smaller spans).
   * Env: `OTEL_SEMCONV_STABILITY_OPT_IN` (a comma list; `http/dup` wins over `http`). Script tag: `data-semconv-stability-opt-in`.
   */
  semconvStabilityOptIn?: 'http' | 'http/dup';

  /**
   * Limits and privacy rules of advanced network capture (used only while it is on).
   * Sensitive headers and JSON/form keys are always redacted; these settings add to the defaults.
   * Example: `networkCapture: { maxBodyBytes: 16384, denyUrls: ['https://auth.example.com'] }`
   */
  networkCapture?: NetworkCaptureOptions;

  /**
   * Print the resolved configuration and every exported span to the console (API key redacted).
   * Env: `DEBUG` (`true`/`1`/…; values for the `debug` npm package such as `express:*` are ignored,
   * `*` or a list naming `clickstack-otel` turns it on). Default: `false`.
   */
  debug?: boolean;

  /**
   * Cross-origin URLs that may receive `traceparent`/`tracestate`/`baggage` headers (browser only;
   * same-origin requests always do). A string matches every URL that starts with it
   * (`'https://api.example.com'`); a RegExp is tested against the full URL; a function receives
   * the full URL and returns true to propagate (one that throws counts as false). Those servers
   * must allow the headers in CORS.
   * Default: none.
   * Example: `tracePropagationTargets: [/^https:\/\/api\.example\.com\//]`
   */
  tracePropagationTargets?: PropagationTarget | PropagationTarget[];

  /**
   * Requests that get no span: strings are URL prefixes (`'https://ads.example.com'`; on a Node
   * server also path prefixes, `'/metrics'`), RegExps are tested on the full URL (and, on a Node
   * server, on the path), functions get the full URL and return true to ignore it. For client
   * spans (fetch, XMLHttpRequest, http, undici) and Node server spans. Whatever the ignored
   * request does is not traced either. Default: none.
   * Example: `ignoreUrls: ['/internal/', /\/static\//]`
   */
  ignoreUrls?: PropagationTarget | PropagationTarget[];

  /**
   * Node: incoming `/health`, `/healthz` and `/ready` requests (any method, any query) get no
   * span, and nothing they do is traced. `false` traces them like any request. Default: `true`.
   */
  ignoreHealthChecks?: boolean;

  /**
   * Browser only: where the RUM session id (`session.id`, `rum.sessionId` on every span) lives
   * between page loads. `sessionStorage` keeps one session per tab across reloads; `localStorage`
   * and `cookie` share it between tabs; `none` starts a session per page load. A session ends
   * after 15 minutes without activity or 4 hours in total.
   * Default: `sessionStorage`.
   */
  sessionPersistence?: SessionPersistence;

  /**
   * Browser only: the share of sessions, in [0, 1], that record anything at all. Decided once per
   * session id, so a session is either complete or absent. Default: `1`.
   */
  sessionSampleRate?: number;

  /**
   * Node: switch library instrumentations on or off by name, e.g. `{ pino: false }`. Names:
   * http, undici, express, fastify, koa, pg, mysql2, mongodb, ioredis, redis, graphql, pino, winston.
   * All are on by default; each runs only when the app has that library installed.
   * Env: `OTEL_NODE_ENABLED_INSTRUMENTATIONS` (only these), `OTEL_NODE_DISABLED_INSTRUMENTATIONS`
   * (comma lists); the option has the last word per name.
   *
   * Node and bundled browser apps: also OpenTelemetry instrumentation instances, in an array with
   * or without switch objects: `[new KafkaJsInstrumentation(), { pino: false }]`. Each is enabled
   * with this SDK's tracer, meter and logger providers and disabled by `shutdown()`. In Node, an
   * instance for a library this SDK instruments itself (`new PgInstrumentation({…})`) replaces
   * the built-in one. The script tag build does not take instances (see README).
   */
  instrumentations?: InstrumentationSwitches | (Instrumentation | InstrumentationSwitches)[];

  /**
   * Compress export requests with gzip: fewer bytes on the wire for some CPU on the export path
   * (see README "Compression"). In Node, zlib on the thread pool. In browsers, `CompressionStream`
   * where it exists (plain requests elsewhere, silently), and never while the page is hidden: an
   * export that may be the page's last starts at once. The collector must accept
   * `Content-Encoding: gzip` (the OpenTelemetry Collector does; from a page, its CORS settings must
   * allow the `Content-Encoding` header, as ClickStack's `allowed_headers: ['*']` does).
   * Env: `OTEL_EXPORTER_OTLP_TRACES_COMPRESSION` (and `_LOGS_`, `_METRICS_`), then `OTEL_EXPORTER_OTLP_COMPRESSION`.
   * Default: `none`.
   */
  compression?: Compression;

  /**
   * Which headers carry the trace context in and out: `tracecontext` (W3C `traceparent`,
   * `tracestate`), `baggage` (W3C), `b3` (the single `b3` header), `b3multi` (`X-B3-*`), `jaeger`
   * (`uber-trace-id`, `uberctx-*`), or `none`. B3 and Jaeger extract both of their forms. Also
   * takes TextMapPropagator objects (your own, or from an OpenTelemetry package), run in list
   * order with the named ones. Browsers send them on the requests `tracePropagationTargets`
   * allows; cross-origin servers must allow those headers in CORS.
   * Env: `OTEL_PROPAGATORS` (comma list). Default: `['tracecontext', 'baggage']`.
   * Example: `propagators: ['tracecontext', 'b3multi']`
   */
  propagators?: PropagatorOption | PropagatorOption[];

  /**
   * Attribute, event and link limits of spans and log records (OpenTelemetry's span and log
   * record limits). Strings longer than a value length limit are cut (also inside arrays); what
   * a count limit drops is counted on the wire (`dropped*Count`). A value length limit also cuts
   * captured HTTP bodies and headers, which are attributes (after `networkCapture.maxBodyBytes`).
   * Env: `OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT`, `OTEL_ATTRIBUTE_COUNT_LIMIT`, `OTEL_SPAN_*_LIMIT`,
   * `OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT`, `OTEL_LINK_ATTRIBUTE_COUNT_LIMIT`, `OTEL_LOGRECORD_*_LIMIT`;
   * a specific limit beats the general one, an option beats any variable.
   * Default: 128 of each count, no length limit.
   * Example: `limits: { attributeValueLength: 4096, spanEventCount: 32 }`
   */
  limits?: LimitOptions;

  /**
   * Node: which resource detectors run at init(): `env` (Kubernetes Downward API variables),
   * `host`, `os`, `process`, `container` (container.id from cgroups), `serviceinstance`, `aws`
   * (Lambda), `azure` (App Service, Functions, Container Apps), or `all` / `none`. The cloud ones
   * read environment variables only (no metadata endpoint: not EC2, ECS, EKS, Azure VMs, GCP).
   * `OTEL_SERVICE_NAME` and `OTEL_RESOURCE_ATTRIBUTES` are configuration and are always read.
   * Env: `OTEL_NODE_RESOURCE_DETECTORS` (comma list). Default: all (none makes a network call).
   */
  resourceDetectors?: ('env' | 'host' | 'os' | 'process' | 'container' | 'serviceinstance' | 'aws' | 'azure' | 'all' | 'none')[];

  // ── Your own pipeline parts (src/config/extensions.ts, src/user-pipeline.ts) ──
  // Node, the bundled browser build (`import … from 'clickstack-otel'`) and the edge build; the
  // script tag build ignores them (README: "Your own pipeline parts").

  /**
   * Span processors of your own (an upstream `BatchSpanProcessor` with your exporter, or any object
   * with `onStart`/`onEnding`/`onEnd`), run in order after the SDK's own (global attributes and the
   * session are already on the span) and before `beforeSendSpan` and export. Attributes set in
   * `onStart` or `onEnding` are exported. One that throws is reported once and gets no more spans;
   * its `forceFlush`/`shutdown` still run with the SDK's.
   */
  spanProcessors?: SpanProcessor[];

  /**
   * Log record processors of your own (upstream `LogRecordProcessor`s, or objects with `onEmit`),
   * run in order before `beforeSendLog` and export; `record.setAttribute()` in `onEmit` is exported.
   * Same failure rule as `spanProcessors`.
   */
  logRecordProcessors?: LogRecordProcessor[];

  /**
   * Node: metric readers of your own (e.g. a `PeriodicExportingMetricReader` with your exporter),
   * reading the same meter provider as the SDK's OTLP export. Browsers and edge runtimes (no meter
   * provider there) ignore it.
   */
  metricReaders?: MetricReader[];

  /**
   * Called with every ended span about to be exported (after all processors): return that span
   * (changed in place or not: `span.attributes` is writable) to export it, or `null` to drop it.
   * A hook that throws, or returns anything else, leaves that span as it was (one message) and
   * keeps running for the next spans.
   * Example: `beforeSendSpan: (span) => (span.name === 'GET /internal' ? null : span)`
   */
  beforeSendSpan?(span: ReadableSpan): ReadableSpan | null;

  /**
   * Called with every log record about to be exported (after all log record processors): return
   * that record (changed in place or not, e.g. `record.setBody(…)`) or `null` to drop it. Same
   * failure rule as `beforeSendSpan`.
   */
  beforeSendLog?(record: LogRecord): LogRecord | null;
}

export interface NetworkCaptureOptions {
  /**
   * Most bytes recorded per body (request or response); longer bodies are cut on a UTF-8
   * character boundary and marked `http.<request|response>.body.truncated=true`. At most 1 MiB.
   * Env: `HYPERDX_NETWORK_CAPTURE_MAX_BODY_BYTES`. Default: `65536` (64 KiB).
   */
  maxBodyBytes?: number;
  /**
   * More header names (exact, case-insensitive) or patterns whose values are recorded as `[REDACTED]`,
   * on top of `authorization`, `proxy-authorization`, `cookie`, `set-cookie`, `x-api-key` and
   * names matching token/secret/password/session/auth/api-key/signature.
   * Env: `HYPERDX_NETWORK_CAPTURE_REDACT_HEADERS` (comma-separated names). Default: none extra.
   */
  redactHeaders?: (string | RegExp)[];
  /**
   * More JSON/form keys whose values are masked (substring match, case-insensitive, `-`/`_` ignored),
   * on top of password, token, secret, auth, apiKey, session, cookie, credential, card numbers, ….
   * Env: `HYPERDX_NETWORK_CAPTURE_REDACT_BODY_KEYS` (comma-separated). Default: none extra.
   */
  redactBodyKeys?: string[];
  /**
   * Capture only these URLs (prefix strings or RegExps tested on the full URL). Empty: all URLs.
   * Env: `HYPERDX_NETWORK_CAPTURE_ALLOW_URLS` (comma-separated prefixes). Default: all.
   */
  allowUrls?: PropagationTarget[];
  /**
   * Never capture these URLs (wins over `allowUrls`). The SDK's own export URL is always denied.
   * Env: `HYPERDX_NETWORK_CAPTURE_DENY_URLS` (comma-separated prefixes). Default: none.
   */
  denyUrls?: PropagationTarget[];
  /**
   * Rewrites a captured body (already cut and masked) before it is recorded: return a string to
   * record instead, `undefined` to keep it, `null` to drop it. A hook that throws drops the body.
   * Default: none.
   */
  bodyHook?: BodyHook;
}

export type SessionPersistence = 'sessionStorage' | 'localStorage' | 'cookie' | 'none';

export type OtlpProtocol = 'http/protobuf' | 'http/json';

export type Compression = 'gzip' | 'none';

/** A propagator name (`OTEL_PROPAGATORS`), or a TextMapPropagator object. */
export type PropagatorOption = 'tracecontext' | 'baggage' | 'b3' | 'b3multi' | 'jaeger' | 'none' | TextMapPropagator;

export type SamplerName =
  | 'always_on'
  | 'always_off'
  | 'traceidratio'
  | 'parentbased_always_on'
  | 'parentbased_always_off'
  | 'parentbased_traceidratio';

/** Console levels, lowest first. */
export type ConsoleLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export type LogLevel = 'none' | 'error' | 'warn' | 'info' | 'debug' | 'verbose' | 'all';

export type PropagationTarget = string | RegExp | ((url: string) => boolean);

export interface BatchOptions {
  scheduledDelayMillis: number;
  exportTimeoutMillis: number;
  maxQueueSize: number;
  maxExportBatchSize: number;
}
