import type { BatchOptions, ConsoleLevel, LogLevel, SamplerName } from './options';

/** The OTLP/HTTP port of a local ClickStack collector (and of every OTel collector). */
export const DEFAULT_ENDPOINT = 'http://localhost:4318';

/** OTLP spec default for one export request. */
export const DEFAULT_EXPORT_TIMEOUT_MILLIS = 10_000;

/** OTel spec defaults for the batch span processor (`OTEL_BSP_*`). */
export const DEFAULT_BATCH: BatchOptions = {
  scheduledDelayMillis: 5_000,
  exportTimeoutMillis: 30_000,
  maxQueueSize: 2_048,
  maxExportBatchSize: 512,
};

/** OTel spec defaults for the batch log record processor (`OTEL_BLRP_*`). */
export const DEFAULT_LOGS_BATCH: BatchOptions = {
  scheduledDelayMillis: 1_000,
  exportTimeoutMillis: 30_000,
  maxQueueSize: 2_048,
  maxExportBatchSize: 512,
};

/** OTel spec default for `OTEL_METRIC_EXPORT_INTERVAL`: one collect-and-export round a minute. */
export const DEFAULT_METRIC_EXPORT_INTERVAL_MILLIS = 60_000;

/** OTel spec default for `OTEL_METRIC_EXPORT_TIMEOUT`. */
export const DEFAULT_METRIC_EXPORT_TIMEOUT_MILLIS = 30_000;

/** `console.debug`/`console.trace` are chatty; they are captured only when asked for. */
export const DEFAULT_CONSOLE_CAPTURE_LEVEL: ConsoleLevel = 'info';

export const DEFAULT_SAMPLER: SamplerName = 'parentbased_always_on';

/** Warnings only: errors exporting to a dead collector are reported once, not every batch. */
export const DEFAULT_LOG_LEVEL: LogLevel = 'warn';

/**
 * Upper bound for `shutdown()`/`forceFlush()`, so a dead or slow collector can never hold the
 * host app's exit for longer than this.
 */
export const SHUTDOWN_TIMEOUT_MILLIS = 2_000;

/** Printed in front of every message the SDK writes, so users can grep and filter it. */
export const LOG_PREFIX = '[clickstack-otel]';
