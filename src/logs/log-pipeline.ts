/**
 * The logs pipeline: an OpenTelemetry LoggerProvider with a batching processor in front of our own
 * OTLP exporter (and, in debug mode, a printing one), registered as the global logger provider so
 * `@opentelemetry/api-logs` users and our console capture share it.
 *
 * It lives apart from src/sdk.ts and reaches the SDK through `Platform.createLogPipeline`, so the
 * browser, which uses ./light-log-pipeline instead, does not carry sdk-logs in its bundle.
 */
import type { Context } from '@opentelemetry/api';
import { logs, type LoggerProvider as ApiLoggerProvider } from '@opentelemetry/api-logs';
import type { Resource } from '@opentelemetry/resources';
import {
  type ReadableLogRecord,
  BatchLogRecordProcessor,
  LoggerProvider,
  SimpleLogRecordProcessor,
  type LogRecordExporter,
  type LogRecordLimits,
  type LogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import type { BatchOptions } from '../config/options';
import { createDebugLogExporter } from '../debug-exporter';
import type { Printer } from '../diag';
import { filterStage, type UserPipeline } from '../user-pipeline';

export interface LogPipelineParams {
  resource: Resource;
  /** The resource a record emitted now gets (its session's, in browsers); `resource` when absent. */
  currentResource?: () => Resource;
  batch: BatchOptions;
  /** The OTLP exporter; batched. Absent when log export is off. */
  exporter?: LogRecordExporter;
  /**
   * Prints each record as it is emitted (debug mode, `OTEL_LOGS_EXPORTER=console`), with these
   * secrets redacted. Built here rather than in src/sdk.ts so browsers do not carry the printer.
   */
  print?: { printer: Printer; secrets: readonly string[] };
  /** Sees each record before the batch does (src/errors/exit-tap notes what is still queued). */
  observer?: LogRecordProcessor;
  /** Attribute count and value length limits (src/config/limits.ts); the spec's defaults when absent. */
  limits?: Required<LogRecordLimits>;
  /**
   * The user's pipeline parts (src/user-pipeline.ts, Node and bundled browsers): each record goes
   * through their log record processors first, then through `beforeSendLog`, which may drop it
   * before the export stage (observer, batch, print).
   */
  user?: UserPipeline;
  /** Used by the light pipeline: `beforeSendLog` (and the processors before it), guarded. */
  beforeSend?: (record: ReadableLogRecord, context?: Context) => ReadableLogRecord | null;
}

export interface LogPipeline {
  readonly provider: ApiLoggerProvider;
  forceFlush(): Promise<void>;
  /** Flushes, stops the processors and unregisters the global logger provider. */
  shutdown(): Promise<void>;
}

export function createLogPipeline(params: LogPipelineParams): LogPipeline {
  const stage: LogRecordProcessor[] = params.observer ? [params.observer] : [];
  if (params.exporter) stage.push(new BatchLogRecordProcessor({ exporter: params.exporter, ...params.batch }));
  if (params.print) {
    const exporter = createDebugLogExporter(params.print.printer, params.print.secrets);
    stage.push(new SimpleLogRecordProcessor({ exporter }));
  }
  const processors = [...(params.user?.logs ?? []), ...filterStage(stage, 'onEmit', params.user?.beforeSendLog)];
  const provider = new LoggerProvider({ resource: params.resource, processors, logRecordLimits: params.limits });
  const registered = logs.setGlobalLoggerProvider(provider) === provider;
  return {
    provider,
    forceFlush: () => provider.forceFlush(),
    shutdown: async () => {
      try {
        await provider.shutdown();
      } finally {
        if (registered) logs.disable();
      }
    },
  };
}
