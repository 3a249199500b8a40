/**
 * Baseline: raw OpenTelemetry traces (as in raw-otel-browser-traces.mjs) plus the logs SDK with
 * its OTLP/HTTP JSON exporter — the signal set our full default bundle aims to carry. Size only.
 */
import { logs } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { start as startTraces } from './raw-otel-browser-traces.mjs';

/** @param {{ url: string, service: string }} options */
export function start(options) {
  const traces = startTraces(options);
  const loggerProvider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': options.service }),
    processors: [new BatchLogRecordProcessor(new OTLPLogExporter({ url: `${options.url}/v1/logs` }))],
  });
  logs.setGlobalLoggerProvider(loggerProvider);
  return {
    forceFlush: () => Promise.all([traces.forceFlush(), loggerProvider.forceFlush()]).then(() => undefined),
  };
}
