/**
 * THE contract between the platform-free core and a runtime. `platform/browser` and
 * `platform/node` each implement it once; nothing else does. Read this file first.
 *
 * Implementation note: anything in src/ MUST stay runtime-agnostic: no DOM globals, no `node:*`.
 * What only one runtime can do is a member here.
 */
import type { ContextManager, MeterProvider, TracerProvider } from '@opentelemetry/api';
import type { ReadableSpan, SpanLimits, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Sampler } from '@opentelemetry/sdk-trace-base';
import type { SpanClock } from './trace/span';
import type { Resource } from '@opentelemetry/resources';
import type { LoggerProvider } from '@opentelemetry/api-logs';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { Compression, ConsoleLevel, OtlpProtocol, SessionPersistence } from './config/options';
import type { createLogPipeline } from './logs/log-pipeline';
import type { startMetrics } from './metrics/start-metrics';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { AttributeValue, EnvRecord, ResolvedConfig, RuntimeDefaults } from './config/resolve';
import type { SignalSettings } from './config/node-settings';
import type { OtlpSerializer } from './export/otlp-exporter';
import type { RecordException } from './errors/exception';
import type { SessionDeps } from './session/session';
import type { createExitTaps } from './errors/exit-taps';
import type { otelErrorHandler } from './otel-error-handler';
import type { userPipeline } from './user-pipeline';

/** Everything a platform needs to build its tracer provider. */
export interface TracerProviderParams {
  resource: Resource;
  sampler: Sampler;
  spanProcessors: SpanProcessor[];
  /**
   * Span limits (src/config/limits.ts: the `limits` option, OTEL_*_LIMIT); the SDK's defaults
   * where a field is left out. The light tracer takes them as a parameter, as the SDK's providers do.
   */
  spanLimits?: SpanLimits;
  /** Now, for span times (default: the time origin plus `performance.now()`). */
  clock?: SpanClock;
  /** `bytes` random bytes as lower-case hex, never all zeros: trace and span ids (default: from Math.random). */
  randomId?: (bytes: number) => string;
  /**
   * Every reader of ended spans is the SDK's own and reads LightSpan.captured (src/sdk.ts decides):
   * network capture may then keep what it records there instead of in the attribute record.
   */
  deferCaptured?: boolean;
}

/** A registered tracer provider, as the platform's OTel SDK class returns it. */
export interface PlatformTracerProvider extends TracerProvider {
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * Stops what `Platform.instrument` started. `settle`, where present, ends at once what the
 * instrumentation holds back for a moment (Node server spans wait one macrotask for a framework's
 * late `http.route`), so a flush exports it; stopping settles too.
 */
export type StopInstrumentation = (() => void) & { settle?: () => void };

export interface Platform {
  readonly runtime: 'browser' | 'node' | 'edge';
  readonly defaults: RuntimeDefaults;
  /** Raw settings from the environment, read when `init()` runs, never at import. Browsers return `{}`. */
  readEnv(): EnvRecord;
  /** Resource attributes only this runtime knows (process, host, …). Browsers may return `{}`. */
  resourceAttributes(config: ResolvedConfig): Record<string, AttributeValue>;
  /** This runtime's HTTP client for OTLP exports to one URL; the core adds retries and limits. */
  createTransport(params: TransportParams): Transport;
  /** The OTLP span encoder for a wire format this runtime supports (`defaults.protocols`). */
  traceSerializer(protocol: OtlpProtocol): OtlpSerializer<ReadableSpan>;
  /**
   * The OTLP log record encoder. Runtimes that export logs provide it together with
   * `createLogPipeline`; one without them exports no logs. (Browsers use src/export/otlp-json.ts and
   * src/logs/light-log-pipeline.ts, so the script tag carries neither sdk-logs nor otlp-transformer.)
   */
  logsSerializer?(protocol: OtlpProtocol): OtlpSerializer<ReadableLogRecord>;
  /** src/logs/log-pipeline's `createLogPipeline` (or the light one), handed in by runtimes that export logs. */
  createLogPipeline?: typeof createLogPipeline;
  /**
   * The OTLP metrics encoder. Runtimes that export metrics through sdk-metrics provide it together
   * with `startMetrics`; browsers leave both out (web vitals are an add-on with its own encoder).
   */
  metricsSerializer?(protocol: OtlpProtocol): OtlpSerializer<ResourceMetrics>;
  /** src/metrics/start-metrics' `startMetrics`, handed in by runtimes that export metrics. */
  startMetrics?: typeof startMetrics;
  /** Turns this runtime's console calls at or above `minLevel` into log records. Returns a disposer. */
  captureConsole?(provider: LoggerProvider, minLevel: ConsoleLevel): () => void;
  /** The runtime's tracer provider (web or node flavour of the OTel SDK). */
  createTracerProvider(params: TracerProviderParams): PlatformTracerProvider;
  /** The context manager that carries the active span across this runtime's async boundaries. */
  createContextManager(): ContextManager;
  /**
   * Starts this runtime's HTTP client/server span instrumentation. Export requests to
   * `config.traces.url` are never traced. With a `meterProvider` (metrics on), it also records
   * this runtime's metrics (Node: runtime and HTTP duration metrics). Runtimes that take the user's
   * instrumentation instances (`config.instrumentationInstances`) enable them here with these
   * providers (src/instrumentation-instances.ts). Returns a function that stops it all.
   */
  instrument(tracerProvider: TracerProvider, config: ResolvedConfig, meterProvider?: MeterProvider, loggerProvider?: LoggerProvider): StopInstrumentation;
  /**
   * Records this runtime's uncaught errors (page `error`/`unhandledrejection` events, a dying
   * process) with `record`, without changing how the app handles them. A process about to die
   * with no event-loop turn left calls `takePending` for the export requests of everything still
   * queued and sends them synchronously. Returns a disposer.
   */
  captureErrors?(record: RecordException, takePending: () => PendingExport[]): () => void;
  /**
   * src/errors/exit-taps' `createExitTaps`, handed in by runtimes whose `captureErrors` can die with
   * no event-loop turn left (Node) and so need `takePending`; pages flush on hide and leave it out.
   */
  createExitTaps?: typeof createExitTaps;
  /**
   * src/otel-error-handler's `otelErrorHandler`, handed in by runtimes whose bundle holds
   * OpenTelemetry SDK classes that report through core's global error handler (not the script tag).
   */
  otelErrorHandler?: typeof otelErrorHandler;
  /**
   * src/user-pipeline's `userPipeline`: the user's processors and `beforeSend…` hooks, guarded.
   * Handed in by the runtimes that take them (Node, the bundled browser build; not the script tag).
   */
  userPipeline?: typeof userPipeline;
  /** Flushes on process exit / page hide. Returns a disposer. */
  onTerminate(flush: () => Promise<void>): () => void;
  /**
   * Runtimes with RUM sessions (browsers) supply the session's storage, clock and random ids;
   * the policy (src/session) is shared. Runtimes without sessions leave it out.
   */
  createSessionDeps?(persistence: SessionPersistence): SessionDeps;
}

/** One encoded OTLP request not sent yet (see `captureErrors`). */
export interface PendingExport extends TransportParams {
  body: Uint8Array;
}

export interface TransportParams {
  url: string;
  headers: Record<string, string>;
  /** Sets the content type: `application/x-protobuf` or `application/json`. */
  protocol: OtlpProtocol;
  /** Gzip the body (browsers only where CompressionStream exists, silently plain otherwise). */
  compression?: Compression;
  /** Node only (src/config/node-settings.ts): the connection's TLS files. */
  tls?: SignalSettings['tls'];
}

/** What one export request came back with; any HTTP status, 2xx or not. */
export interface TransportResponse {
  status: number;
  /** The raw `Retry-After` header (seconds or an HTTP date), when present and readable. */
  retryAfter?: string;
  /** The body of a 2xx response (partial-success details), when there is one. */
  body?: Uint8Array;
}

/** One POST at a time, nothing more: no retries, no queueing (src/export/ does those). */
export interface Transport {
  /**
   * Sends `body` and resolves with the response. Rejects on a network error, after
   * `timeoutMillis`, or as soon as `signal` aborts. The request is never traced and never keeps
   * a Node process alive.
   */
  send(body: Uint8Array, timeoutMillis: number, signal: AbortSignal): Promise<TransportResponse>;
  /** Releases pooled connections. */
  shutdown(): void;
}
