/**
 * The browser's log pipeline: the `LogPipeline` of ./log-pipeline without @opentelemetry/sdk-logs
 * (which would cost the script tag several KB). An `@opentelemetry/api-logs` LoggerProvider whose
 * loggers turn each `emit()` into a ReadableLogRecord-shaped object: timestamps, severity, body,
 * attributes (count and value length limits applied as sdk-logs applies them, `exception` expanded
 * as the SDK does), the active span's trace context, resource and scope. Records go through
 * `beforeSend` (`beforeSendLog`) to the spans' batcher (config.logs.batch) in front of the core's
 * OTLP exporter and, in debug mode, are printed as they are emitted. The user's log record
 * processors (bundled build only) are ./light-log-processors.ts.
 */
import { context, diag, trace, type AttributeValue } from '@opentelemetry/api';
import type { Logger, LoggerProvider, LogRecord } from '@opentelemetry/api-logs';
import { registerLoggerProvider, unregisterLoggerProvider } from './global-logs';
import { toHrTime } from '../trace/time';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { createDebugLogExporter } from '../debug-exporter';
import { exceptionAttributes } from '../exception-attributes';
import { SPAN_ATTRIBUTE_COUNT_LIMIT, truncate } from '../trace/span';
import { createBatcher } from '../export/batch-span-processor';
import type { LogPipeline, LogPipelineParams } from './log-pipeline';

/** Attributes per log record, as for spans (OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT's default). */
export const LOG_ATTRIBUTE_COUNT_LIMIT = SPAN_ATTRIBUTE_COUNT_LIMIT;

type Record_ = { -readonly [K in keyof ReadableLogRecord]: ReadableLogRecord[K] };

export function createLightLogPipeline({ resource, currentResource = () => resource, batch, exporter, print, beforeSend, limits }: LogPipelineParams): LogPipeline {
  const { attributeCountLimit = LOG_ATTRIBUTE_COUNT_LIMIT, attributeValueLengthLimit } = limits ?? {};
  const batcher =
    exporter &&
    createBatcher<ReadableLogRecord>({ exporter, batch, kind: 'BLRP', log: { warn: (m) => diag.warn(m), debug: (m) => diag.debug(m) } });
  const printer = print && createDebugLogExporter(print.printer, print.secrets);
  let stopped = false;

  function emitter(name: string, version?: string, schemaUrl?: string): Logger {
    const instrumentationScope = { name, version, schemaUrl };
    return {
      enabled: () => !stopped,
      emit(input: LogRecord) {
        if (stopped) return;
        const now = Date.now();
        const spanContext = trace.getSpanContext(input.context ?? context.active());
        const record: Record_ = {
          hrTime: toHrTime(input.timestamp ?? now),
          hrTimeObserved: toHrTime(input.observedTimestamp ?? now),
          spanContext: spanContext && trace.isSpanContextValid(spanContext) ? spanContext : undefined,
          severityNumber: input.severityNumber,
          severityText: input.severityText,
          body: input.body,
          eventName: input.eventName,
          resource: currentResource(),
          instrumentationScope,
          attributes: {},
          droppedAttributesCount: 0,
        };
        const attributes = { ...exceptionAttributes(input.exception), ...input.attributes };
        let count = 0;
        for (const key in attributes) {
          const value = attributes[key];
          if (!key || value === undefined) continue;
          if (count++ < attributeCountLimit) record.attributes[key] = truncate(value as AttributeValue, attributeValueLengthLimit);
          else record.droppedAttributesCount++;
        }
        const kept = beforeSend ? beforeSend(record, input.context) : record;
        if (!kept) return;
        printer?.export([kept], () => {});
        batcher?.add(kept);
      },
    };
  }

  const loggers = new Map<string, Logger>();
  const provider: LoggerProvider = {
    getLogger(name, version, options) {
      const key = `${name}@${version ?? ''}:${options?.schemaUrl ?? ''}`;
      let logger = loggers.get(key);
      if (!logger) loggers.set(key, (logger = emitter(name, version, options?.schemaUrl)));
      return logger;
    },
  };
  const registered = registerLoggerProvider(provider);
  return {
    provider,
    forceFlush: () => batcher?.forceFlush() ?? Promise.resolve(),
    shutdown: async () => {
      stopped = true;
      try {
        await batcher?.shutdown();
      } finally {
        if (registered) unregisterLoggerProvider();
      }
    },
  };
}
