/**
 * Node's side of the contract in src/platform.ts: composition only, no policy.
 * Export is OTLP/HTTP protobuf by default (JSON on request) through ./transport and the core's
 * exporter (src/export/), spans encoded by ./otlp-proto-spans, the rest by OpenTelemetry's otlp-transformer;
 * spans come from the light tracer (src/trace) as in browsers; context follows AsyncLocalStorage;
 * HTTP spans come from diagnostics channels (./http, ./undici).
 */
import {
  JsonLogsSerializer,
  JsonMetricsSerializer,
  JsonTraceSerializer,
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
} from '@opentelemetry/otlp-transformer';
import { NODE_RUNTIME } from '../../src/config/resolve';
import { createExitTaps } from '../../src/errors/exit-taps';
import { otelErrorHandler } from '../../src/otel-error-handler';
import { userPipeline } from '../../src/user-pipeline';
import { createLogPipeline } from '../../src/logs/log-pipeline';
import { createLightTracerProvider } from '../../src/trace/tracer-provider';
import { startMetrics } from '../../src/metrics/start-metrics';
import { createCapturePolicy } from '../../src/network/policy';
import type { Platform } from '../../src/platform';
import { DISTRO_NAME, VERSION } from '../../src/version';
import { captureConsole } from './console-capture';
import { readEnv } from './env';
import { captureNodeErrors } from './fatal-errors';
import { instrumentNodeHttp } from './http';
import { warnUnsupportedRuntime } from './runtime-support';
import { createHttpMetrics } from './http-metrics';
import { startLibraryInstrumentations } from './libs/start';
import { startUserInstrumentations } from './libs/user-instrumentations';
import { onProcessExit } from './lifecycle';
import { startRuntimeMetrics } from './runtime-metrics';
import { createNodeTransport } from './transport';
import { detectResource } from './resource-detectors';
import { clientIgnore, serverIgnore } from '../../src/ignore-urls';
import { RESOURCE_DETECTORS } from '../../src/config/node-settings';
import { instrumentUndici } from './undici';
import { NAMED_PROPAGATORS } from '../../src/trace/named-propagators';
import { ProtobufSpanSerializer } from './otlp-proto-spans';
import { wallClock } from './clock';
import { NodeContextManager } from './context-manager';
import { randomHexIdFromPool } from './random-id';

export const nodePlatform: Platform = {
  runtime: 'node',
  defaults: { ...NODE_RUNTIME, propagators: NAMED_PROPAGATORS },
  readEnv,
  // Detectors chosen by OTEL_NODE_RESOURCE_DETECTORS / `resourceDetectors` (default all, all local).
  resourceAttributes: (config) => detectResource(config.resourceDetectors ?? RESOURCE_DETECTORS),
  createTransport: createNodeTransport,
  traceSerializer: (protocol) => (protocol === 'http/json' ? JsonTraceSerializer : ProtobufSpanSerializer),
  logsSerializer: (protocol) => (protocol === 'http/json' ? JsonLogsSerializer : ProtobufLogsSerializer),
  createLogPipeline,
  // One collection per request: the reader exports one ResourceMetrics at a time.
  metricsSerializer: (protocol) => {
    const serializer = protocol === 'http/json' ? JsonMetricsSerializer : ProtobufMetricsSerializer;
    return {
      serializeRequest: (items) => (items[0] ? serializer.serializeRequest(items[0]) : undefined),
      deserializeResponse: (body) => serializer.deserializeResponse(body),
    };
  },
  startMetrics,
  captureConsole,
  // The light tracer (src/trace) in Node too: sdk-trace's Span validates and copies every
  // attribute twice and reads the clock three ways per span; ours does each once (issue 16).
  // Span limits come resolved from the configuration (src/config/limits.ts: option, OTEL_*_LIMIT).
  createTracerProvider: (params) =>
    createLightTracerProvider({
      ...params,
      clock: params.clock ?? wallClock,
      randomId: params.randomId ?? randomHexIdFromPool,
    }),
  createContextManager: () => new NodeContextManager(),
  instrument(tracerProvider, config, meterProvider, loggerProvider) {
    const tracer = tracerProvider.getTracer(DISTRO_NAME, VERSION);
    // The user's instances first: one for a library we instrument replaces ours.
    const user = startUserInstrumentations(config.instrumentationInstances ?? [], { tracerProvider, meterProvider, loggerProvider }, config.instrumentations);
    const names = config.instrumentations.filter((n) => !user.replaces.includes(n));
    // Built even while capture is off, so enableAdvancedNetworkCapture() can switch it on later.
    const policy = createCapturePolicy(config.networkCapture, [config.traces.url, config.logs.url, config.metrics.url]);
    const httpMetrics = meterProvider ? createHttpMetrics(meterProvider) : undefined;
    const on = (name: string) => names.includes(name);
    const ignore = { server: serverIgnore(config.ignoreUrls, config.ignoreHealthChecks ?? true), client: clientIgnore(config.ignoreUrls) };
    if (on('http') || on('undici')) warnUnsupportedRuntime();
    const http = on('http') ? instrumentNodeHttp(tracer, policy, httpMetrics, ignore) : undefined;
    const stops = [
      http,
      on('undici') ? instrumentUndici(tracer, policy, httpMetrics, ignore.client) : undefined,
      meterProvider ? startRuntimeMetrics(meterProvider) : undefined,
      startLibraryInstrumentations(names, undefined, undefined, undefined, user.packages).stop,
      user.stop,
    ];
    return Object.assign(() => stops.forEach((stop) => stop?.()), { settle: http?.settle });
  },
  otelErrorHandler,
  userPipeline,
  onTerminate: onProcessExit,
  captureErrors: captureNodeErrors,
  createExitTaps,
};

