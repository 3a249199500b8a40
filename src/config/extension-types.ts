/**
 * The shapes of what users plug into the pipeline: `spanProcessors`, `logRecordProcessors`,
 * `metricReaders`, `instrumentations` (instances), `beforeSendSpan`, `beforeSendLog`.
 *
 * Written here, structurally, instead of importing @opentelemetry/sdk-trace-base, sdk-logs,
 * sdk-metrics and instrumentation: an app installs none of those for this package (they are bundled
 * into dist), so the published declarations must not name them. Each type is the part of the
 * upstream interface the SDK calls, so upstream objects (`new BatchSpanProcessor(…)`,
 * `new PeriodicExportingMetricReader(…)`, `new KafkaJsInstrumentation()`) fit as they are, and so
 * do plain objects with the methods that matter. Only @opentelemetry/api (the peer) and
 * @opentelemetry/api-logs (a dependency) are referenced.
 */
import type { Attributes, Context, HrTime, Link, MeterProvider, Span, SpanContext, SpanKind, SpanStatus, TracerProvider } from '@opentelemetry/api';
import type { AnyValue, LogAttributes, LogBody, LoggerProvider, SeverityNumber } from '@opentelemetry/api-logs';

/** An ended span as processors and `beforeSendSpan` see it (upstream's `ReadableSpan`). */
export interface ReadableSpan {
  readonly name: string;
  readonly kind: SpanKind;
  spanContext(): SpanContext;
  readonly parentSpanContext?: SpanContext;
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly status: SpanStatus;
  /** Writable in place: add, change or delete keys before export. */
  readonly attributes: Attributes;
  readonly links: Link[];
  readonly events: { name: string; time: HrTime; attributes?: Attributes }[];
  readonly duration: HrTime;
  readonly ended: boolean;
  readonly resource: { readonly attributes: Attributes };
  readonly instrumentationScope: { readonly name: string; readonly version?: string; readonly schemaUrl?: string };
}

/**
 * A span processor (upstream's `SpanProcessor`). `onStart` gets the live span (set attributes on
 * it), `onEnding` (optional) the span just before it becomes read-only, `onEnd` the ended span.
 * `forceFlush` and `shutdown` may be left out of a plain object.
 */
export interface SpanProcessor {
  onStart(span: Span & ReadableSpan, parentContext: Context): void;
  onEnding?(span: Span & ReadableSpan): void;
  onEnd(span: ReadableSpan): void;
  forceFlush?(): Promise<void>;
  shutdown?(): Promise<void>;
}

/** A log record as processors and `beforeSendLog` see it (upstream's `ReadWriteLogRecord`). */
export interface LogRecord {
  readonly hrTime: HrTime;
  readonly hrTimeObserved: HrTime;
  readonly spanContext?: SpanContext;
  severityText?: string;
  severityNumber?: SeverityNumber;
  body?: LogBody;
  eventName?: string;
  readonly resource: { readonly attributes: Attributes };
  readonly instrumentationScope: { readonly name: string; readonly version?: string; readonly schemaUrl?: string };
  /** Writable in place, like `setAttribute`. */
  readonly attributes: LogAttributes;
  setAttribute(key: string, value?: AnyValue): LogRecord;
  setAttributes(attributes: LogAttributes): LogRecord;
  setBody(body: LogBody): LogRecord;
}

/** A log record processor (upstream's `LogRecordProcessor`); `forceFlush`/`shutdown` optional. */
export interface LogRecordProcessor {
  onEmit(record: LogRecord, context?: Context): void;
  forceFlush?(): Promise<void>;
  shutdown?(): Promise<void>;
}

/** Node: a metric reader (upstream's `MetricReader`, e.g. a `PeriodicExportingMetricReader`). */
export interface MetricReader {
  setMetricProducer(producer: unknown): void;
  collect(options?: unknown): Promise<unknown>;
  forceFlush(options?: unknown): Promise<void>;
  shutdown(options?: unknown): Promise<void>;
}

/** An OpenTelemetry instrumentation instance (upstream's `Instrumentation`). */
export interface Instrumentation {
  instrumentationName: string;
  instrumentationVersion?: string;
  enable(): void;
  disable(): void;
  setTracerProvider(provider: TracerProvider): void;
  setMeterProvider(provider: MeterProvider): void;
  setLoggerProvider?(provider: LoggerProvider): void;
}

/** `{ pino: false, koa: true }`: Node's built-in instrumentations switched by name. */
export type InstrumentationSwitches = Record<string, boolean>;
