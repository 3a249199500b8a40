/**
 * THE contract between the platform-free core and a runtime. `platform/browser` and
 * `platform/node` each implement it once; nothing else does. Read this file first.
 *
 * Implementation note: anything in src/ MUST stay runtime-agnostic: no DOM globals, no `node:*`.
 * What only one runtime can do is a member here.
 */
import type { ContextManager, TracerProvider } from '@opentelemetry/api';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Sampler } from '@opentelemetry/sdk-trace-base';
import type { Resource } from '@opentelemetry/resources';
import type { SessionPersistence } from './config/options';
import type { AttributeValue, EnvRecord, ResolvedConfig, RuntimeDefaults, SignalExportConfig } from './config/resolve';
import type { SessionDeps } from './session/session';

/** Everything a platform needs to build its tracer provider. */
export interface TracerProviderParams {
  resource: Resource;
  sampler: Sampler;
  spanProcessors: SpanProcessor[];
}

/** A registered tracer provider, as the platform's OTel SDK class returns it. */
export interface PlatformTracerProvider extends TracerProvider {
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

export interface Platform {
  readonly runtime: 'browser' | 'node';
  readonly defaults: RuntimeDefaults;
  /** Raw settings from the environment, read when `init()` runs, never at import. Browsers return `{}`. */
  readEnv(): EnvRecord;
  /** Resource attributes only this runtime knows (process, host, …). Browsers may return `{}`. */
  resourceAttributes(): Record<string, AttributeValue>;
  /** One OTLP/HTTP span exporter for the resolved endpoint and wire format. */
  createSpanExporter(config: SignalExportConfig): SpanExporter;
  /** The runtime's tracer provider (web or node flavour of the OTel SDK). */
  createTracerProvider(params: TracerProviderParams): PlatformTracerProvider;
  /** The context manager that carries the active span across this runtime's async boundaries. */
  createContextManager(): ContextManager;
  /**
   * Starts this runtime's HTTP client/server span instrumentation. Export requests to
   * `config.traces.url` are never traced. Returns a function that stops it.
   */
  instrument(tracerProvider: TracerProvider, config: ResolvedConfig): () => void;
  /** Flushes on process exit / page hide. Returns a disposer. */
  onTerminate(flush: () => Promise<void>): () => void;
  /**
   * Runtimes with RUM sessions (browsers) supply the session's storage, clock and random ids;
   * the policy (src/session) is shared. Runtimes without sessions leave it out.
   */
  createSessionDeps?(persistence: SessionPersistence): SessionDeps;
}
