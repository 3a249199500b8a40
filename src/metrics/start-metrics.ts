/**
 * startMetrics(platform, config, ...): the metrics signal of src/sdk.ts, kept out of it so that a
 * runtime without metrics (the browser bundle) carries none of this. It runs when metrics are
 * exported or printed, and not at all otherwise: no meter provider, no runtime or HTTP metrics.
 */
import type { MeterProvider } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { MetricReader, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { LOG_PREFIX } from '../config/defaults';
import { resolveMetricTiming } from '../config/metric-timing';
import type { Options } from '../config/options';
import type { ResolvedConfig } from '../config/resolve';
import type { Printer } from '../diag';
import { createOtlpExporter, type ExportLog, type OtlpExporter } from '../export/otlp-exporter';
import type { Platform } from '../platform';
import { createMetricPipeline } from './metric-pipeline';

export interface StartedMetrics {
  provider: MeterProvider;
  exporter?: OtlpExporter<ResourceMetrics>;
  forceFlush: () => Promise<void>;
  /**
   * The exit flush's share: a forced collection, unless one already ran at the last exit flush
   * with no periodic collection since. Metrics always have something to export, so without this
   * every exit flush would export, Node would emit `beforeExit` again, and the process never end.
   */
  exitFlush: () => Promise<void> | undefined;
  shutdown: () => Promise<void>;
}

export interface StartMetricsParams {
  platform: Platform;
  /** What `init()` was given: the export interval is read from it and the environment here. */
  options: Options | undefined;
  config: ResolvedConfig;
  resource: Resource;
  log: ExportLog;
  printer: Printer;
}

export function startMetrics({ platform, options, config, resource, log, printer }: StartMetricsParams): StartedMetrics | undefined {
  const { metrics } = config;
  const readers = (config.metricReaders ?? []) as unknown as MetricReader[];
  if (!platform.metricsSerializer || (!metrics.enabled && !metrics.console && !readers.length)) return undefined;
  const { timing, problems } = resolveMetricTiming(options, platform.readEnv());
  for (const p of problems) log.warn(p.message);
  if (config.debug) {
    printer.info(LOG_PREFIX, `metrics=${metrics.enabled ? `${metrics.url} (${metrics.protocol}, every ${timing.intervalMillis} ms)` : 'not exported'}`);
  }
  const exporter = metrics.enabled
    ? createOtlpExporter({
        transport: platform.createTransport(metrics),
        serializer: platform.metricsSerializer(metrics.protocol),
        url: metrics.url,
        timeoutMillis: metrics.timeoutMillis,
        log,
        signal: 'metrics',
        itemName: 'metric collection',
      })
    : undefined;
  const print = metrics.console ? { printer, secrets: [metrics.headers.authorization ?? ''] } : undefined;
  const pipeline = createMetricPipeline({ resource, config: timing, exporter, print, readers, report: log.warn });
  let collectionsAtExitFlush = -1;
  return {
    provider: pipeline.provider,
    exporter,
    forceFlush: () => pipeline.forceFlush(),
    exitFlush: () => {
      if (pipeline.collections() === collectionsAtExitFlush) return undefined;
      return pipeline.forceFlush().finally(() => {
        collectionsAtExitFlush = pipeline.collections();
      });
    },
    shutdown: () => pipeline.shutdown(),
  };
}
