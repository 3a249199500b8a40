/**
 * The metrics pipeline: an OpenTelemetry MeterProvider whose one periodic reader hands each
 * collection to our own OTLP exporter (src/export/, same transport, headers and retries as traces
 * and logs) and, in debug mode, prints it. Registered as the global meter provider, so metrics the
 * app records through `@opentelemetry/api` are exported alongside ours.
 *
 * It lives apart from src/sdk.ts and reaches the SDK through `Platform.createMetricPipeline`, so a
 * runtime without it (browsers: web vitals use their own one-shot encoder) carries no sdk-metrics.
 */
import { metrics, type MeterProvider as ApiMeterProvider } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader, type MetricReader, type PushMetricExporter, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { MetricTiming } from '../config/metric-timing';
import type { Printer } from '../diag';
import { isReportedExportError, type OtlpExporter } from '../export/otlp-exporter';
import { formatResourceMetrics } from './format-metrics';
import { OwnHistograms, registerOwnHistograms } from './own-histograms';
import { describe } from '../user-pipeline';

export interface MetricPipelineParams {
  resource: Resource;
  config: MetricTiming;
  /** The OTLP exporter. Absent when metric export is off. */
  exporter?: OtlpExporter<ResourceMetrics>;
  /** Prints each collection (debug mode, `OTEL_METRICS_EXPORTER=console`), with these secrets redacted. */
  print?: { printer: Printer; secrets: readonly string[] };
  /** The user's `metricReaders`, beside ours (which exists only with `exporter` or `print`). */
  readers?: MetricReader[];
  /** Where a user reader's failed flush or shutdown is reported (it never fails ours). */
  report?: (message: string) => void;
}

export interface MetricPipeline {
  readonly provider: ApiMeterProvider;
  /** Collects now and exports, then waits for exports in flight. */
  forceFlush(): Promise<void>;
  /** A last collection and export, then stops the reader and unregisters the global provider. */
  shutdown(): Promise<void>;
  /** Collections handed to the exporter so far (periodic and flushed). */
  collections(): number;
}

const SUCCESS: ExportResult = { code: ExportResultCode.SUCCESS };

export function createMetricPipeline(params: MetricPipelineParams): MetricPipeline {
  const { exporter, print } = params;
  let collections = 0;
  const push: PushMetricExporter = {
    export(resourceMetrics, done) {
      collections++;
      if (print) {
        try {
          print.printer.info(formatResourceMetrics(resourceMetrics, print.secrets));
        } catch {
          // Printing is a courtesy; it never costs an export.
        }
      }
      if (!exporter) return done(SUCCESS);
      // Our exporter already said why an export failed, once per cause. Passing the failure on
      // would make the reader print it a second time (it wraps it in an error of its own).
      exporter.export([resourceMetrics], (result) => done(result.code === ExportResultCode.SUCCESS || isReportedExportError(result.error) ? SUCCESS : result));
    },
    forceFlush: () => exporter?.forceFlush() ?? Promise.resolve(),
    shutdown: () => exporter?.shutdown() ?? Promise.resolve(),
  };
  const readers: MetricReader[] = [];
  if (exporter || print) {
    readers.push(
      new PeriodicExportingMetricReader({
        exporter: push,
        exportIntervalMillis: params.config.intervalMillis,
        exportTimeoutMillis: Math.min(params.config.exportTimeoutMillis, params.config.intervalMillis),
      }),
    );
  }
  // The SDK's per-request histograms skip sdk-metrics' per-record hashing when every reader is
  // ours (cumulative, default aggregation); a user's reader may want delta or views: it gets the SDK's.
  const own = readers.length && !params.readers?.length ? new OwnHistograms() : undefined;
  if (own) readers.forEach((reader) => own.attach(reader));
  (params.readers ?? []).forEach((reader, i) => readers.push(guardReader(reader, `metricReaders[${i}]`, params.report)));
  const provider = new MeterProvider({ resource: params.resource, readers });
  if (own) registerOwnHistograms(provider, own);
  const registered = metrics.setGlobalMeterProvider(provider);
  return {
    provider,
    forceFlush: () => provider.forceFlush(),
    collections: () => collections,
    shutdown: async () => {
      try {
        await provider.shutdown();
      } finally {
        if (registered) metrics.disable();
      }
    },
  };
}

/**
 * A user's reader keeps its own class and state (the MeterProvider hands it a metric producer), so
 * it is guarded in place: `setMetricProducer` (called while the SDK starts), `forceFlush` and
 * `shutdown` report a failure once and never fail the SDK's start, flush or shutdown. Its own
 * periodic exports report through OpenTelemetry's error handler, as upstream's reader does.
 */
function guardReader(reader: MetricReader, label: string, report: (message: string) => void = () => {}): MetricReader {
  let said = false;
  const fail = (method: string, error: unknown) => {
    if (!said) report(`${label} threw in ${method} (${describe(error)}); the SDK carries on without it.`);
    said = true;
  };
  const setProducer = reader.setMetricProducer.bind(reader);
  reader.setMetricProducer = (producer) => {
    try {
      setProducer(producer);
    } catch (error) {
      fail('setMetricProducer', error);
    }
  };
  for (const m of ['forceFlush', 'shutdown'] as const) {
    const call = reader[m].bind(reader);
    reader[m] = (options) =>
      Promise.resolve()
        .then(() => call(options))
        .catch((error: unknown) => fail(m, error));
  }
  return reader;
}
