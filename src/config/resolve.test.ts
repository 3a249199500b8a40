import { describe, expect, it } from 'vitest';
import type { Options } from './options';
import { matchesPropagationTarget } from '../propagation-targets';
import { BROWSER_RUNTIME, NODE_RUNTIME, resolveConfig, signalUrl, type EnvRecord, type ResolvedConfig } from './resolve';

type Case = {
  name: string;
  options?: unknown;
  env?: EnvRecord;
  runtime?: typeof NODE_RUNTIME;
  /** Picks what the case is about out of the resolved config. */
  pick: (c: ResolvedConfig) => unknown;
  expected: unknown;
  /** Keys that must each have exactly one problem; every other key none. */
  problems?: string[];
};

const cases: Case[] = [
  // Endpoint rules (OTLP spec): generic gets /v1/traces, per-signal used as given.
  { name: 'default endpoint', pick: (c) => c.traces.url, expected: 'http://localhost:4318/v1/traces' },
  { name: 'generic env endpoint gets /v1/traces', env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example.com:4318' }, pick: (c) => c.traces.url, expected: 'https://otel.example.com:4318/v1/traces' },
  { name: 'generic endpoint keeps its path', env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://h:1/base/' }, pick: (c) => c.traces.url, expected: 'http://h:1/base/v1/traces' },
  { name: 'per-signal env endpoint used as given', env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:1', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:2/custom' }, pick: (c) => c.traces.url, expected: 'http://b:2/custom' },
  { name: 'url option beats every env endpoint', options: { url: 'http://opt:3' }, env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:2/custom' }, pick: (c) => c.traces.url, expected: 'http://opt:3/v1/traces' },
  { name: 'tracesUrl option beats url option', options: { url: 'http://opt:3', tracesUrl: 'http://t:4/x' }, pick: (c) => c.traces.url, expected: 'http://t:4/x' },
  { name: 'unusable env endpoint disables export', env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' }, pick: (c) => c.traces.enabled, expected: false, problems: ['OTEL_EXPORTER_OTLP_ENDPOINT'] },
  { name: 'non-http endpoint disables export', options: { url: 'ftp://x' }, pick: (c) => c.traces.enabled, expected: false, problems: ['url'] },
  { name: 'empty env endpoint is unset', env: { OTEL_EXPORTER_OTLP_ENDPOINT: '' }, pick: (c) => [c.traces.enabled, c.traces.url], expected: [true, 'http://localhost:4318/v1/traces'] },

  // API key and headers.
  { name: 'HYPERDX_API_KEY becomes authorization', env: { HYPERDX_API_KEY: 'k1' }, pick: (c) => c.traces.headers, expected: { authorization: 'k1' } },
  { name: 'apiKey option beats env', options: { apiKey: 'k2' }, env: { HYPERDX_API_KEY: 'k1' }, pick: (c) => c.traces.headers.authorization, expected: 'k2' },
  { name: 'env headers parsed, decoded, per-signal merged over generic', env: { OTEL_EXPORTER_OTLP_HEADERS: 'a=1,b=x%20y', OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'b=2' }, pick: (c) => c.traces.headers, expected: { a: '1', b: '2' } },
  { name: 'header option merged over env by key', options: { headers: { B: '3' } }, env: { OTEL_EXPORTER_OTLP_HEADERS: 'a=1,b=2' }, pick: (c) => c.traces.headers, expected: { a: '1', b: '3' } },
  { name: 'malformed header pair skipped with one message', env: { OTEL_EXPORTER_OTLP_HEADERS: 'a=1,=oops,c=3' }, pick: (c) => c.traces.headers, expected: { a: '1', c: '3' }, problems: ['OTEL_EXPORTER_OTLP_HEADERS'] },

  // Protocol per runtime.
  { name: 'node defaults to protobuf', pick: (c) => c.traces.protocol, expected: 'http/protobuf' },
  { name: 'browser defaults to json', runtime: BROWSER_RUNTIME, pick: (c) => c.traces.protocol, expected: 'http/json' },
  { name: 'json accepted in node', env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }, pick: (c) => c.traces.protocol, expected: 'http/json' },
  { name: 'per-signal protocol beats generic', env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf' }, pick: (c) => c.traces.protocol, expected: 'http/protobuf' },
  { name: 'grpc falls back with a message', env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, pick: (c) => c.traces.protocol, expected: 'http/protobuf', problems: ['OTEL_EXPORTER_OTLP_PROTOCOL'] },
  { name: 'protobuf in the browser falls back to json', runtime: BROWSER_RUNTIME, options: { protocol: 'http/protobuf' }, pick: (c) => c.traces.protocol, expected: 'http/json', problems: ['protocol'] },

  // Timeouts and numbers.
  { name: 'timeout from env', env: { OTEL_EXPORTER_OTLP_TIMEOUT: '2500' }, pick: (c) => c.traces.timeoutMillis, expected: 2500 },
  { name: 'per-signal timeout beats generic', env: { OTEL_EXPORTER_OTLP_TIMEOUT: '2500', OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '700' }, pick: (c) => c.traces.timeoutMillis, expected: 700 },
  { name: 'bad timeout option falls back to env', options: { timeoutMillis: -5 }, env: { OTEL_EXPORTER_OTLP_TIMEOUT: '2500' }, pick: (c) => c.traces.timeoutMillis, expected: 2500, problems: ['timeoutMillis'] },
  { name: 'garbage timeout env falls back to default', env: { OTEL_EXPORTER_OTLP_TIMEOUT: '10s' }, pick: (c) => c.traces.timeoutMillis, expected: 10000, problems: ['OTEL_EXPORTER_OTLP_TIMEOUT'] },
  { name: 'OTEL_BSP_* read', env: { OTEL_BSP_SCHEDULE_DELAY: '100', OTEL_BSP_MAX_QUEUE_SIZE: '50', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '10', OTEL_BSP_EXPORT_TIMEOUT: '900' }, pick: (c) => c.batch, expected: { scheduledDelayMillis: 100, maxQueueSize: 50, maxExportBatchSize: 10, exportTimeoutMillis: 900 } },
  { name: 'batch option beats env', options: { batch: { scheduledDelayMillis: 7 } }, env: { OTEL_BSP_SCHEDULE_DELAY: '100' }, pick: (c) => c.batch.scheduledDelayMillis, expected: 7 },
  { name: 'batch size clamped to queue size', env: { OTEL_BSP_MAX_QUEUE_SIZE: '10', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '100' }, pick: (c) => c.batch.maxExportBatchSize, expected: 10, problems: ['maxExportBatchSize'] },

  // Booleans: never Boolean('false') === true.
  ...(['true', 'TRUE', '1', 'yes', 'On'] as const).map((v): Case => ({ name: `capture flag '${v}' is on`, env: { HYPERDX_ENABLE_ADVANCED_NETWORK_CAPTURE: v }, pick: (c) => c.advancedNetworkCapture, expected: true })),
  ...(['false', 'False', '0', 'no', 'OFF'] as const).map((v): Case => ({ name: `capture flag '${v}' is off`, env: { HYPERDX_ENABLE_ADVANCED_NETWORK_CAPTURE: v }, pick: (c) => c.advancedNetworkCapture, expected: false })),
  { name: 'unreadable boolean warns and defaults', env: { HYPERDX_ENABLE_ADVANCED_NETWORK_CAPTURE: 'maybe' }, pick: (c) => c.advancedNetworkCapture, expected: false, problems: ['HYPERDX_ENABLE_ADVANCED_NETWORK_CAPTURE'] },
  { name: 'capture option beats env', options: { advancedNetworkCapture: false }, env: { HYPERDX_ENABLE_ADVANCED_NETWORK_CAPTURE: '1' }, pick: (c) => c.advancedNetworkCapture, expected: false },

  // Logs resolve exactly like traces, with their own per-signal keys.
  { name: 'logs default endpoint', pick: (c) => [c.logs.enabled, c.logs.url], expected: [true, 'http://localhost:4318/v1/logs'] },
  { name: 'generic env endpoint gets /v1/logs', env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://h:1/base/' }, pick: (c) => c.logs.url, expected: 'http://h:1/base/v1/logs' },
  { name: 'logs env endpoint used as given, traces untouched', env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:1', OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'http://b:2/l' }, pick: (c) => [c.logs.url, c.traces.url], expected: ['http://b:2/l', 'http://a:1/v1/traces'] },
  { name: 'logsUrl option beats url option', options: { url: 'http://opt:3', logsUrl: 'http://l:4/x' }, pick: (c) => [c.logs.url, c.traces.url], expected: ['http://l:4/x', 'http://opt:3/v1/traces'] },
  { name: 'bad logs endpoint disables only logs', env: { OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'nope' }, pick: (c) => [c.logs.enabled, c.traces.enabled], expected: [false, true], problems: ['OTEL_EXPORTER_OTLP_LOGS_ENDPOINT'] },
  { name: 'bad generic endpoint: one message for both signals', env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'nope' }, pick: (c) => [c.logs.enabled, c.traces.enabled], expected: [false, false], problems: ['OTEL_EXPORTER_OTLP_ENDPOINT'] },
  { name: 'logs headers: per-signal over generic, API key', env: { HYPERDX_API_KEY: 'k', OTEL_EXPORTER_OTLP_HEADERS: 'a=1,b=1', OTEL_EXPORTER_OTLP_LOGS_HEADERS: 'b=2' }, pick: (c) => [c.logs.headers, c.traces.headers], expected: [{ a: '1', b: '2', authorization: 'k' }, { a: '1', b: '1', authorization: 'k' }] },
  { name: 'malformed generic headers: one message, not one per signal', env: { OTEL_EXPORTER_OTLP_HEADERS: '=x' }, pick: (c) => c.logs.headers, expected: {}, problems: ['OTEL_EXPORTER_OTLP_HEADERS'] },
  { name: 'logs protocol and timeout per signal', env: { OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_TIMEOUT: '900', OTEL_EXPORTER_OTLP_LOGS_TIMEOUT: '300' }, pick: (c) => [c.logs.protocol, c.logs.timeoutMillis, c.traces.protocol, c.traces.timeoutMillis], expected: ['http/json', 300, 'http/protobuf', 900] },
  { name: 'OTEL_LOGS_EXPORTER=none', env: { OTEL_LOGS_EXPORTER: 'none' }, pick: (c) => [c.logs.enabled, c.logs.console, c.traces.enabled], expected: [false, false, true] },
  { name: 'OTEL_LOGS_EXPORTER=console', env: { OTEL_LOGS_EXPORTER: 'console' }, pick: (c) => [c.logs.enabled, c.logs.console], expected: [false, true] },
  { name: 'unknown logs exporter warns, otlp kept', env: { OTEL_LOGS_EXPORTER: 'loki' }, pick: (c) => c.logs.enabled, expected: true, problems: ['OTEL_LOGS_EXPORTER'] },
  { name: 'logs: false beats OTEL_LOGS_EXPORTER', options: { logs: false }, env: { OTEL_LOGS_EXPORTER: 'otlp' }, pick: (c) => c.logs.enabled, expected: false },
  { name: 'DEBUG prints log records too', env: { DEBUG: 'true' }, pick: (c) => c.logs.console, expected: true },
  { name: 'OTEL_BLRP_* defaults', pick: (c) => c.logs.batch, expected: { scheduledDelayMillis: 1000, exportTimeoutMillis: 30000, maxQueueSize: 2048, maxExportBatchSize: 512 } },
  { name: 'OTEL_BLRP_* read, BSP untouched', env: { OTEL_BLRP_SCHEDULE_DELAY: '100', OTEL_BLRP_MAX_QUEUE_SIZE: '50', OTEL_BLRP_MAX_EXPORT_BATCH_SIZE: '10', OTEL_BLRP_EXPORT_TIMEOUT: '900' }, pick: (c) => [c.logs.batch, c.batch.scheduledDelayMillis], expected: [{ scheduledDelayMillis: 100, maxQueueSize: 50, maxExportBatchSize: 10, exportTimeoutMillis: 900 }, 5000] },
  { name: 'logsBatch option beats env', options: { logsBatch: { maxQueueSize: 20 } }, env: { OTEL_BLRP_MAX_QUEUE_SIZE: '50' }, pick: (c) => [c.logs.batch.maxQueueSize, c.logs.batch.maxExportBatchSize], expected: [20, 20], problems: ['logsBatch.maxExportBatchSize'] },
  { name: 'console capture on in node by default', pick: (c) => [c.logs.consoleCapture, c.logs.consoleCaptureLevel], expected: [true, 'info'] },
  { name: 'console capture off in browsers by default', runtime: BROWSER_RUNTIME, pick: (c) => c.logs.consoleCapture, expected: false },
  { name: 'HYPERDX_CONSOLE_CAPTURE=false', env: { HYPERDX_CONSOLE_CAPTURE: 'false' }, pick: (c) => c.logs.consoleCapture, expected: false },
  { name: 'consoleCapture option beats env', options: { consoleCapture: true }, env: { HYPERDX_CONSOLE_CAPTURE: '0' }, pick: (c) => c.logs.consoleCapture, expected: true },
  { name: 'capture level from env', env: { HYPERDX_CONSOLE_CAPTURE_LEVEL: 'debug' }, pick: (c) => c.logs.consoleCaptureLevel, expected: 'debug' },
  { name: 'bad capture level falls back to info', options: { consoleCaptureLevel: 'loud' }, pick: (c) => c.logs.consoleCaptureLevel, expected: 'info', problems: ['consoleCaptureLevel'] },
  { name: 'error capture on by default', pick: (c) => c.errorCapture, expected: true },
  { name: 'HYPERDX_ERROR_CAPTURE=false', env: { HYPERDX_ERROR_CAPTURE: 'false' }, pick: (c) => c.errorCapture, expected: false },
  { name: 'errorCapture option beats env', options: { errorCapture: true }, env: { HYPERDX_ERROR_CAPTURE: '0' }, pick: (c) => c.errorCapture, expected: true },
  { name: 'bad errorCapture falls back to on', options: { errorCapture: 'sometimes' }, pick: (c) => c.errorCapture, expected: true, problems: ['errorCapture'] },

  // Metrics resolve like traces and logs (interval and timeout: ./metric-timing.test.ts).
  { name: 'metrics default endpoint', pick: (c) => [c.metrics.enabled, c.metrics.url], expected: [true, 'http://localhost:4318/v1/metrics'] },
  { name: 'generic env endpoint gets /v1/metrics', env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://h:1/base/' }, pick: (c) => c.metrics.url, expected: 'http://h:1/base/v1/metrics' },
  { name: 'metrics env endpoint used as given, others untouched', env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:1', OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://b:2/m' }, pick: (c) => [c.metrics.url, c.logs.url, c.traces.url], expected: ['http://b:2/m', 'http://a:1/v1/logs', 'http://a:1/v1/traces'] },
  { name: 'metricsUrl option beats url option', options: { url: 'http://opt:3', metricsUrl: 'http://m:4/x' }, pick: (c) => [c.metrics.url, c.traces.url], expected: ['http://m:4/x', 'http://opt:3/v1/traces'] },
  { name: 'bad metrics endpoint disables only metrics', env: { OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'nope' }, pick: (c) => [c.metrics.enabled, c.logs.enabled, c.traces.enabled], expected: [false, true, true], problems: ['OTEL_EXPORTER_OTLP_METRICS_ENDPOINT'] },
  { name: 'bad generic endpoint disables metrics too, one message', env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'nope' }, pick: (c) => c.metrics.enabled, expected: false, problems: ['OTEL_EXPORTER_OTLP_ENDPOINT'] },
  { name: 'metrics headers: per-signal over generic, API key', env: { HYPERDX_API_KEY: 'k', OTEL_EXPORTER_OTLP_HEADERS: 'a=1,b=1', OTEL_EXPORTER_OTLP_METRICS_HEADERS: 'b=3' }, pick: (c) => [c.metrics.headers, c.traces.headers], expected: [{ a: '1', b: '3', authorization: 'k' }, { a: '1', b: '1', authorization: 'k' }] },
  { name: 'metrics protocol and timeout per signal', env: { OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_TIMEOUT: '900', OTEL_EXPORTER_OTLP_METRICS_TIMEOUT: '400' }, pick: (c) => [c.metrics.protocol, c.metrics.timeoutMillis, c.traces.protocol, c.traces.timeoutMillis], expected: ['http/json', 400, 'http/protobuf', 900] },
  { name: 'metrics protocol is json in browsers', runtime: BROWSER_RUNTIME, pick: (c) => c.metrics.protocol, expected: 'http/json' },
  { name: 'OTEL_METRICS_EXPORTER=none', env: { OTEL_METRICS_EXPORTER: 'none' }, pick: (c) => [c.metrics.enabled, c.metrics.console, c.traces.enabled, c.logs.enabled], expected: [false, false, true, true] },
  { name: 'OTEL_METRICS_EXPORTER=console', env: { OTEL_METRICS_EXPORTER: 'console' }, pick: (c) => [c.metrics.enabled, c.metrics.console], expected: [false, true] },
  { name: 'OTEL_METRICS_EXPORTER=otlp,console', env: { OTEL_METRICS_EXPORTER: 'otlp,console' }, pick: (c) => [c.metrics.enabled, c.metrics.console], expected: [true, true] },
  { name: 'unknown metrics exporter (prometheus) warns, otlp kept', env: { OTEL_METRICS_EXPORTER: 'prometheus' }, pick: (c) => c.metrics.enabled, expected: true, problems: ['OTEL_METRICS_EXPORTER'] },
  { name: 'metrics: false beats OTEL_METRICS_EXPORTER', options: { metrics: false }, env: { OTEL_METRICS_EXPORTER: 'otlp' }, pick: (c) => c.metrics.enabled, expected: false },
  { name: 'DEBUG prints metric exports too', env: { DEBUG: 'true' }, pick: (c) => c.metrics.console, expected: true },

  // DEBUG is shared with the debug package.
  { name: 'DEBUG=true', env: { DEBUG: 'true' }, pick: (c) => [c.debug, c.traces.console], expected: [true, true] },
  { name: 'DEBUG=express:* is not ours and not a problem', env: { DEBUG: 'express:*' }, pick: (c) => c.debug, expected: false },
  { name: 'DEBUG list naming us', env: { DEBUG: 'express:*,clickstack-otel' }, pick: (c) => c.debug, expected: true },
  { name: 'debug option false beats DEBUG env', options: { debug: false }, env: { DEBUG: '1' }, pick: (c) => c.debug, expected: false },

  // Kill switch.
  { name: 'OTEL_SDK_DISABLED=true wins over disabled:false', options: { disabled: false }, env: { OTEL_SDK_DISABLED: 'true' }, pick: (c) => c.disabled, expected: true },
  { name: 'disabled option', options: { disabled: true }, pick: (c) => c.disabled, expected: true },
  { name: 'OTEL_SDK_DISABLED=false keeps it on', env: { OTEL_SDK_DISABLED: 'false' }, pick: (c) => c.disabled, expected: false },

  // Exporter selection.
  { name: 'OTEL_TRACES_EXPORTER=none', env: { OTEL_TRACES_EXPORTER: 'none' }, pick: (c) => [c.traces.enabled, c.traces.console], expected: [false, false] },
  { name: 'OTEL_TRACES_EXPORTER=console prints instead', env: { OTEL_TRACES_EXPORTER: 'console' }, pick: (c) => [c.traces.enabled, c.traces.console], expected: [false, true] },
  { name: 'OTEL_TRACES_EXPORTER=otlp,console', env: { OTEL_TRACES_EXPORTER: 'otlp,console' }, pick: (c) => [c.traces.enabled, c.traces.console], expected: [true, true] },
  { name: 'unknown exporter name warns, otlp kept', env: { OTEL_TRACES_EXPORTER: 'zipkin' }, pick: (c) => c.traces.enabled, expected: true, problems: ['OTEL_TRACES_EXPORTER'] },
  { name: 'traces:false option beats env', options: { traces: false }, env: { OTEL_TRACES_EXPORTER: 'otlp' }, pick: (c) => c.traces.enabled, expected: false },

  // Sampler.
  { name: 'default sampler', pick: (c) => c.sampler, expected: { name: 'parentbased_always_on', ratio: 1 } },
  { name: 'ratio sampler from env', env: { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' }, pick: (c) => c.sampler, expected: { name: 'parentbased_traceidratio', ratio: 0.25 } },
  { name: 'sampler name is case-insensitive', env: { OTEL_TRACES_SAMPLER: 'ALWAYS_OFF' }, pick: (c) => c.sampler.name, expected: 'always_off' },
  { name: 'unsupported sampler falls back', env: { OTEL_TRACES_SAMPLER: 'jaeger_remote' }, pick: (c) => c.sampler.name, expected: 'parentbased_always_on', problems: ['OTEL_TRACES_SAMPLER'] },
  { name: 'ratio out of range falls back to 1', env: { OTEL_TRACES_SAMPLER_ARG: '1.5' }, pick: (c) => c.sampler.ratio, expected: 1, problems: ['OTEL_TRACES_SAMPLER_ARG'] },

  // Service name and resource.
  { name: 'node default service name', pick: (c) => c.serviceName, expected: 'unknown_service:node' },
  { name: 'browser default service name', runtime: BROWSER_RUNTIME, pick: (c) => c.serviceName, expected: 'unknown_service' },
  { name: 'OTEL_SERVICE_NAME', env: { OTEL_SERVICE_NAME: 'api' }, pick: (c) => c.serviceName, expected: 'api' },
  { name: 'service option beats env', options: { service: 'web' }, env: { OTEL_SERVICE_NAME: 'api' }, pick: (c) => c.serviceName, expected: 'web' },
  { name: 'OTEL_SERVICE_NAME beats service.name in OTEL_RESOURCE_ATTRIBUTES', env: { OTEL_SERVICE_NAME: 'api', OTEL_RESOURCE_ATTRIBUTES: 'service.name=other' }, pick: (c) => c.serviceName, expected: 'api' },
  { name: 'resource attributes merged, option over env', options: { resourceAttributes: { b: 2, c: true } }, env: { OTEL_RESOURCE_ATTRIBUTES: 'a=x%2Cy,b=1' }, pick: (c) => c.resourceAttributes, expected: { a: 'x,y', b: 2, c: true } },
  { name: 'empty service option falls back to env', options: { service: '  ' }, env: { OTEL_SERVICE_NAME: 'api' }, pick: (c) => c.serviceName, expected: 'api', problems: ['service'] },

  // Log level.
  { name: 'default log level', pick: (c) => c.logLevel, expected: 'warn' },
  { name: 'OTEL_LOG_LEVEL any case', env: { OTEL_LOG_LEVEL: 'DEBUG' }, pick: (c) => c.logLevel, expected: 'debug' },
  { name: 'bad OTEL_LOG_LEVEL', env: { OTEL_LOG_LEVEL: 'loud' }, pick: (c) => c.logLevel, expected: 'warn', problems: ['OTEL_LOG_LEVEL'] },

  // Shapes users get wrong.
  { name: 'unknown option key is reported', options: { serviceName: 'x' }, pick: (c) => c.serviceName, expected: 'unknown_service:node', problems: ['serviceName'] },
  // Network capture limits and privacy lists.
  { name: 'capture body cap defaults to 64 KiB', pick: (c) => c.networkCapture.maxBodyBytes, expected: 65536 },
  { name: 'capture body cap from env', env: { HYPERDX_NETWORK_CAPTURE_MAX_BODY_BYTES: '1000' }, pick: (c) => c.networkCapture.maxBodyBytes, expected: 1000 },
  { name: 'capture body cap option beats env', options: { networkCapture: { maxBodyBytes: 10 } }, env: { HYPERDX_NETWORK_CAPTURE_MAX_BODY_BYTES: '1000' }, pick: (c) => c.networkCapture.maxBodyBytes, expected: 10 },
  { name: 'capture body cap above 1 MiB falls back', env: { HYPERDX_NETWORK_CAPTURE_MAX_BODY_BYTES: '5000000' }, pick: (c) => c.networkCapture.maxBodyBytes, expected: 65536, problems: ['HYPERDX_NETWORK_CAPTURE_MAX_BODY_BYTES'] },
  { name: 'bad capture body cap option falls back to env', options: { networkCapture: { maxBodyBytes: 0 } }, env: { HYPERDX_NETWORK_CAPTURE_MAX_BODY_BYTES: '2048' }, pick: (c) => c.networkCapture.maxBodyBytes, expected: 2048, problems: ['networkCapture.maxBodyBytes'] },
  { name: 'capture lists from env, comma-separated and trimmed', env: { HYPERDX_NETWORK_CAPTURE_REDACT_HEADERS: ' x-a , x-b,', HYPERDX_NETWORK_CAPTURE_REDACT_BODY_KEYS: 'ssn2' }, pick: (c) => [c.networkCapture.redactHeaders, c.networkCapture.redactBodyKeys], expected: [['x-a', 'x-b'], ['ssn2']] },
  {
    name: 'capture URL lists: env prefixes, option RegExps, option beats env',
    options: { networkCapture: { denyUrls: [/\/health$/] } },
    env: { HYPERDX_NETWORK_CAPTURE_DENY_URLS: 'http://x', HYPERDX_NETWORK_CAPTURE_ALLOW_URLS: 'http://a.test' },
    pick: (c) => [c.networkCapture.denyUrls.map(String), ['http://a.test/x', 'http://a.test.evil/'].map((u) => c.networkCapture.allowUrls.some((re) => re.test(u)))],
    expected: [['/\\/health$/'], [true, false]],
  },
  { name: 'bad capture list entries dropped with one message', options: { networkCapture: { redactHeaders: ['x-a', 3, ''] } }, pick: (c) => c.networkCapture.redactHeaders, expected: ['x-a'], problems: ['networkCapture.redactHeaders'] },
  { name: 'a non-function body hook is ignored with a message', options: { networkCapture: { bodyHook: 'nope' } }, pick: (c) => c.networkCapture.bodyHook, expected: undefined, problems: ['networkCapture.bodyHook'] },
  { name: 'a body hook is kept', options: { networkCapture: { bodyHook: () => null } }, pick: (c) => typeof c.networkCapture.bodyHook, expected: 'function' },
  { name: 'unknown capture option and non-object capture options warn', options: { networkCapture: { maxBody: 1 } }, pick: (c) => c.networkCapture.maxBodyBytes, expected: 65536, problems: ['networkCapture.maxBody'] },
  { name: 'non-object capture options warn once', options: { networkCapture: true }, pick: (c) => c.networkCapture.maxBodyBytes, expected: 65536, problems: ['networkCapture'] },
  { name: 'non-object options ignored with a message', options: 'my-key', pick: (c) => c.traces.enabled, expected: true, problems: ['options'] },
  { name: 'propagation targets keep strings, regexps and functions', options: { tracePropagationTargets: ['http://a', /b/, () => true, 42, ''] }, pick: (c) => c.tracePropagationTargets.length, expected: 3, problems: ['tracePropagationTargets'] },
  {
    name: 'a string target is a literal prefix of the URL',
    options: { tracePropagationTargets: 'http://127.0.0.1:8080' },
    pick: (c) => ['http://127.0.0.1:8080/api/x', 'http://127.0.0.1:8080', 'http://127.0.0.1:8080?q', 'http://127.0.0.1:80801/', 'http://127.0.0.1:8080.evil.net/', 'http://127x0x0x1:8080/', 'https://evil.test/?http://127.0.0.1:8080'].map((u) => matchesPropagationTarget(c.tracePropagationTargets, u)),
    expected: [true, true, true, false, false, false, false],
  },

  // RUM sessions (browser).
  { name: 'session defaults', pick: (c) => c.session, expected: { persistence: 'sessionStorage', sampleRate: 1 } },
  { name: 'session options, any case, rate as a string (data-* attributes)', options: { sessionPersistence: 'LocalStorage', sessionSampleRate: '0.5' }, pick: (c) => c.session, expected: { persistence: 'localStorage', sampleRate: 0.5 } },
  { name: 'bad session options fall back', options: { sessionPersistence: 'indexedDB', sessionSampleRate: 2 }, pick: (c) => c.session, expected: { persistence: 'sessionStorage', sampleRate: 1 }, problems: ['sessionPersistence', 'sessionSampleRate'] },
];

describe('resolveConfig', () => {
  it.each(cases)('$name', ({ options, env, runtime, pick, expected, problems = [] }) => {
    const result = resolveConfig(options as Options, env ?? {}, runtime ?? NODE_RUNTIME);
    expect(pick(result.config)).toEqual(expected);
    expect(result.problems.map((p) => p.key).sort()).toEqual([...problems].sort());
    for (const p of result.problems) expect(p.message).toMatch(/^Configuration: /);
  });

  it('refuses delays a timer cannot hold (Node would fire them every millisecond)', () => {
    const { config, problems } = resolveConfig({}, { OTEL_BSP_SCHEDULE_DELAY: '99999999999', OTEL_BLRP_EXPORT_TIMEOUT: '2147483648' }, NODE_RUNTIME);
    expect(config.batch.scheduledDelayMillis).toBe(5000);
    expect(config.logs.batch.exportTimeoutMillis).toBe(30000);
    expect(problems.map((p) => p.key)).toEqual(['OTEL_BSP_SCHEDULE_DELAY', 'OTEL_BLRP_EXPORT_TIMEOUT']);
    expect(resolveConfig({}, { OTEL_BSP_SCHEDULE_DELAY: '2147483647' }, NODE_RUNTIME).config.batch.scheduledDelayMillis).toBe(2147483647);
  });

  it('formats a problem with key, expectation, actual value and fallback', () => {
    const { problems } = resolveConfig({}, { OTEL_EXPORTER_OTLP_TIMEOUT: 'soon' }, NODE_RUNTIME);
    expect(problems).toEqual([
      {
        key: 'OTEL_EXPORTER_OTLP_TIMEOUT',
        source: 'env',
        severity: 'warn',
        message: "Configuration: OTEL_EXPORTER_OTLP_TIMEOUT is invalid, expected a positive integer up to 2147483647 (actual: 'soon'); using 10000 from the default.",
      },
    ]);
  });

  it('marks an unusable endpoint as an error that names the consequence', () => {
    const { problems } = resolveConfig({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'localhost:4318' }, NODE_RUNTIME);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ severity: 'error', key: 'OTEL_EXPORTER_OTLP_ENDPOINT' });
    expect(problems[0]!.message).toContain('all export is disabled');
  });

  it('never echoes secrets in messages', () => {
    const { problems } = resolveConfig({ apiKey: '' as string, headers: 'authorization=abc' as never }, { HYPERDX_API_KEY: '' }, NODE_RUNTIME);
    const text = problems.map((p) => p.message).join('\n');
    expect(problems.length).toBeGreaterThan(0);
    expect(text).not.toContain('authorization=abc');
    expect(text).toContain('<redacted>');
  });

  it('is pure: same input, same output, inputs untouched', () => {
    const options = Object.freeze({ service: 's', headers: Object.freeze({ a: '1' }) });
    const env = Object.freeze({ OTEL_RESOURCE_ATTRIBUTES: 'k=v' });
    expect(resolveConfig(options, env, NODE_RUNTIME)).toEqual(resolveConfig(options, env, NODE_RUNTIME));
  });
});

describe('signalUrl', () => {
  it.each([
    ['http://h:4318', 'http://h:4318/v1/traces'],
    ['http://h:4318/', 'http://h:4318/v1/traces'],
    ['https://h/a/b//', 'https://h/a/b/v1/traces'],
  ])('%s → %s', (base, url) => expect(signalUrl(base, 'traces')).toBe(url));
});

describe('env-only settings (RuntimeDefaults.env)', () => {
  const env = { OTEL_TRACES_EXPORTER: 'console,bogus', OTEL_EXPORTER_OTLP_HEADERS: 'x-a=1,bad', OTEL_RESOURCE_ATTRIBUTES: 'team=web' };
  it('are read, with their messages, by a runtime that hands in the readers', () => {
    const { config, problems } = resolveConfig({}, env, NODE_RUNTIME);
    expect(config.traces).toMatchObject({ enabled: false, console: true, headers: { 'x-a': '1' } });
    expect(config.resourceAttributes).toEqual({ team: 'web' });
    expect(problems.map((p) => p.key).sort()).toEqual(['OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_TRACES_EXPORTER']);
  });
  it('are not read by a runtime without an environment (browsers)', () => {
    const { config, problems } = resolveConfig({}, env, BROWSER_RUNTIME);
    expect(config.traces).toMatchObject({ enabled: true, console: false, headers: {} });
    expect(config.resourceAttributes).toEqual({});
    expect(problems).toEqual([]);
  });
});
