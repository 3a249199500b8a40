/**
 * The light log pipeline's batching processor (config.logs.batch, i.e. OTEL_BLRP_*): records wait in
 * a bounded queue (maxQueueSize; beyond it they are dropped and counted) and go out one batch at a
 * time, of at most maxExportBatchSize records, when a batch is full or scheduledDelayMillis after the
 * first queued record. Each export is given up after exportTimeoutMillis. Failures go to
 * OpenTelemetry's global error handler, which src/sdk.ts routes to our one-line diagnostics.
 */
import { diag } from '@opentelemetry/api';
import { ExportResultCode, globalErrorHandler, type ExportResult } from '@opentelemetry/core';
import type { BatchOptions } from '../config/options';

export interface BatchExporter<T> {
  export(items: T[], done: (result: ExportResult) => void): void;
  forceFlush?(): Promise<void>;
  shutdown(): Promise<void>;
}

export interface Batcher<T> {
  add(item: T): void;
  /** Exports everything queued; resolves when those exports have settled. Never rejects. */
  forceFlush(): Promise<void>;
  /** Flushes, then stops: later records are ignored. */
  shutdown(): Promise<void>;
  /** Records dropped because the queue was full. */
  readonly dropped: number;
}

export function createBatcher<T>(exporter: BatchExporter<T>, options: BatchOptions): Batcher<T> {
  let queue: T[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let dropped = 0;
  // Exports run one after another; `chain` settles when the last one queued so far has.
  let chain = Promise.resolve();

  const exportOne = (batch: T[]) =>
    new Promise<void>((resolve) => {
      const timeout = setTimeout(() => finish({ code: ExportResultCode.FAILED, error: new Error('log export timed out') }), options.exportTimeoutMillis);
      let settled = false;
      function finish(result: ExportResult) {
        if (settled) return;
        settled = true;
        clearTimeout(timeout);
        if (result.code !== ExportResultCode.SUCCESS) globalErrorHandler(result.error ?? new Error('log export failed'));
        resolve();
      }
      try {
        exporter.export(batch, finish);
      } catch (error) {
        finish({ code: ExportResultCode.FAILED, error: error as Error });
      }
    });

  /** Moves the whole queue into export batches behind the ones already running. */
  function drain(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    while (queue.length) {
      const batch = queue.slice(0, options.maxExportBatchSize);
      queue = queue.slice(batch.length);
      chain = chain.then(() => exportOne(batch));
    }
    return chain;
  }

  return {
    get dropped() {
      return dropped;
    },
    add(item) {
      if (stopped) return;
      if (queue.length >= options.maxQueueSize) {
        if (dropped++ === 0) diag.warn(`log queue full (${options.maxQueueSize} records); dropping records until it drains.`);
        return;
      }
      queue.push(item);
      if (queue.length >= options.maxExportBatchSize) void drain();
      else if (timer === undefined) {
        timer = setTimeout(drain, options.scheduledDelayMillis);
        (timer as { unref?: () => void } | undefined)?.unref?.();
      }
    },
    forceFlush: () => drain().then(() => exporter.forceFlush?.()),
    async shutdown() {
      if (stopped) return;
      await drain();
      stopped = true;
      await exporter.shutdown();
    },
  };
}
