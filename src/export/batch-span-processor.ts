/**
 * createBatchSpanProcessor({ exporter, batch, log }): the SDK's own batch span processor, for
 * both runtimes (no DOM, no Node). Same `OTEL_BSP_*` semantics as OpenTelemetry's (queue up to
 * maxQueueSize ended, sampled spans; export maxExportBatchSize at a time, every
 * scheduledDelayMillis or, off the span's end path, as soon as a full batch is queued; each batch bounded by
 * exportTimeoutMillis), plus what that one lacks:
 *
 * - spans dropped because the queue is full are counted and reported at warn level at most once
 *   per DROP_REPORT_INTERVAL_MILLIS (`dropped N spans: queue full (OTEL_BSP_MAX_QUEUE_SIZE=…)`),
 *   instead of a single debug line;
 * - captured bodies held by queued and in-flight spans share a budget (MAX_QUEUED_CAPTURE_BYTES):
 *   past it, a newly queued span loses its body attributes and is marked
 *   `http.<direction>.body.skipped=export-backlog`, so a dead collector with network capture on
 *   costs bounded memory instead of maxQueueSize × the body cap;
 * - forceFlush() also waits for the exports already in flight (a timer-driven export caught by
 *   the exit flush must not be cut off), and every timer is unref'd: the SDK's own flush bound is
 *   what keeps a Node process alive, and only for that long.
 *
 * The queue itself (`createBatcher`) is generic: the browser's light log pipeline batches log
 * records with it too (`OTEL_BLRP_*`), with the same drop counting, budget and unref'd timers.
 */
import { context, TraceFlags, type Context } from '@opentelemetry/api';
import { ExportResultCode, suppressTracing, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { BatchOptions } from '../config/options';
import { bodyKey, bodySkippedKey, type Direction } from '../network/attributes';
import { unrefTimer } from './sleep';

/**
 * Captured body text that queued and in-flight spans may hold together, in UTF-16 code units
 * (what the attribute strings occupy in memory, at most 2 bytes each). 8 Mi units is 128 bodies
 * at the default 64 KiB cap; the default queue (2,048 spans) would otherwise hold 128 MiB.
 */
export const MAX_QUEUED_CAPTURE_BYTES = 8 * 1024 * 1024;

/**
 * Queued body text (UTF-16 code units) that makes a batch leave at once, as a full batch does:
 * 256 Ki units is ~128 spans with a 1 KiB body each way. Bodies that wait for 512 spans or the
 * 5 s timer outlive the young generation's collections in a busy server; copying them into the
 * old one, then collecting them there, showed as added p99 latency with capture on.
 */
export const EXPORT_AT_QUEUED_CAPTURE_BYTES = 256 * 1024;

/** Drops are reported at most this often, with the count since the last report. */
export const DROP_REPORT_INTERVAL_MILLIS = 5_000;

/** The marker a span gets when its bodies were removed to stay within the capture budget. */
export const BODY_SKIPPED_BACKLOG = 'export-backlog';

const DIRECTIONS: readonly Direction[] = ['request', 'response'];
/** The body and skip-marker keys per direction, built once: admitBodies runs for every span. */
const BODY_KEYS = DIRECTIONS.map((d) => [bodyKey(d), bodySkippedKey(d)] as const);

/** The part of ./otlp-exporter a batch processor drives (OTel's SpanExporter fits too). */
export interface BatchExporter<T> {
  export(items: T[], done: (result: ExportResult) => void): void;
  shutdown(): Promise<void>;
}

/** What the batcher needs of an item: its attributes (bodies) and its resource. */
interface Batchable {
  readonly attributes: object;
  readonly resource: object;
}

export interface BatcherOptions<T> {
  exporter: BatchExporter<T>;
  batch: BatchOptions;
  /** Names the items and their env prefix in messages: spans (`OTEL_BSP_*`) or log records (`OTEL_BLRP_*`). */
  kind?: 'BSP' | 'BLRP';
  /** Drop reports (warn) and budget notes (debug). */
  log: { warn(message: string): void; debug(message: string): void };
  /** Overrides for tests. */
  maxQueuedCaptureBytes?: number;
  dropReportIntervalMillis?: number;
}

export interface BatchStats {
  /** Spans waiting in the queue now. */
  queued: number;
  /** Captured body text (code units) held by queued and in-flight spans now. */
  captureBytes: number;
  /** Spans dropped because the queue was full, since start. */
  dropped: number;
  /** Spans queued without their bodies because the capture budget was spent, since start. */
  bodiesSkipped: number;
}

export type BatchSpanProcessorOptions = BatcherOptions<ReadableSpan>;

export interface BatchSpanProcessor extends SpanProcessor {
  stats(): BatchStats;
  /** Batcher.takeQueued: the spans a dying process sends itself. */
  takeQueued(): ReadableSpan[];
}

export interface Batcher<T> {
  /** Queues an item (dropped and counted when the queue is full; ignored after shutdown). */
  add(item: T): void;
  /** Exports every queued item and waits for the exports in flight; rejects with the first failure. */
  forceFlush(): Promise<void>;
  /** Flushes, then shuts the exporter down; later items are ignored. Never rejects for a failed export. */
  shutdown(): Promise<void>;
  stats(): BatchStats;
  /**
   * The queued items, handed over and forgotten, synchronously: a process dying of an uncaught
   * exception gets no more turns of the event loop, so the exit path encodes and sends them itself.
   * Items already handed to the exporter are not among them (they are its to send).
   */
  takeQueued(): T[];
}

export function createBatchSpanProcessor(options: BatchSpanProcessorOptions): BatchSpanProcessor {
  const batcher = createBatcher(options);
  return {
    onStart(_span: Span, _parentContext: Context) {},
    // The exporter sends sampled spans only.
    onEnd(span: ReadableSpan) {
      if (span.spanContext().traceFlags & TraceFlags.SAMPLED) batcher.add(span);
    },
    forceFlush: batcher.forceFlush,
    shutdown: batcher.shutdown,
    stats: batcher.stats,
    takeQueued: batcher.takeQueued,
  };
}

export function createBatcher<T extends Batchable>(options: BatcherOptions<T>): Batcher<T> {
  const { exporter, log, kind = 'BSP' } = options;
  const noun = kind === 'BSP' ? 'span' : 'log record';
  const { scheduledDelayMillis, exportTimeoutMillis, maxQueueSize } = options.batch;
  const maxBatch = Math.min(options.batch.maxExportBatchSize, maxQueueSize);
  const captureBudget = options.maxQueuedCaptureBytes ?? MAX_QUEUED_CAPTURE_BYTES;
  const reportInterval = options.dropReportIntervalMillis ?? DROP_REPORT_INTERVAL_MILLIS;

  let queue: T[] = [];
  /**
   * The body text each queued item holds, in step with `queue` (0: none). A WeakMap entry per
   * captured span cost ~1 µs, most of it the garbage collector's work on the entries.
   */
  let queueCapture: number[] = [];
  const inFlight = new Set<Promise<void>>();
  const stats = { dropped: 0, bodiesSkipped: 0, captureBytes: 0 };
  /** The part of stats.captureBytes still in the queue (not yet handed to the exporter). */
  let queuedCapture = 0;
  let unreportedDrops = 0;
  let unreportedSkips = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let reportTimer: ReturnType<typeof setTimeout> | undefined;
  let timerExporting = false;
  /** The pending timer is the zero-delay one of a full batch. */
  let timerIsImmediate = false;
  let shutdownPromise: Promise<void> | undefined;

  function report(): void {
    if (reportTimer !== undefined) clearTimeout(reportTimer);
    reportTimer = undefined;
    if (unreportedDrops > 0) {
      const n = unreportedDrops;
      log.warn(`dropped ${n} ${noun}${n === 1 ? '' : 's'}: queue full (OTEL_${kind}_MAX_QUEUE_SIZE=${maxQueueSize}).`);
    }
    if (unreportedSkips > 0) {
      log.debug(`${unreportedSkips} ${noun}(s) queued without their captured bodies: the export backlog holds ${captureBudget} units of body text already.`);
    }
    unreportedDrops = 0;
    unreportedSkips = 0;
  }

  function scheduleReport(): void {
    if (reportTimer !== undefined) return;
    reportTimer = setTimeout(report, reportInterval);
    unrefTimer(reportTimer);
  }

  /** Keeps the span's bodies if the budget allows, else removes them and marks why; returns the body text kept. */
  function admitBodies(span: T): number {
    const attributes = span.attributes as Record<string, unknown>;
    let size = 0;
    for (const [key] of BODY_KEYS) {
      const body = attributes[key];
      if (typeof body === 'string') size += body.length;
    }
    if (size === 0) return 0;
    if (stats.captureBytes + size <= captureBudget) {
      stats.captureBytes += size;
      queuedCapture += size;
      return size;
    }
    // The span has ended: its attribute record is ours to trim before anything exports it.
    for (const [key, skippedKey] of BODY_KEYS) {
      if (typeof attributes[key] !== 'string') continue;
      delete attributes[key];
      attributes[skippedKey] = BODY_SKIPPED_BACKLOG;
    }
    stats.bodiesSkipped++;
    unreportedSkips++;
    scheduleReport();
    return 0;
  }

  /** Exports the next batch from the queue; settles when the exporter answers or the batch times out. */
  function exportBatch(): Promise<void> {
    clearScheduled();
    if (queue.length === 0) return Promise.resolve();
    let spans: T[];
    let sizes: number[];
    if (queue.length <= maxBatch) {
      spans = queue;
      sizes = queueCapture;
      queue = [];
      queueCapture = [];
    } else {
      spans = queue.splice(0, maxBatch);
      sizes = queueCapture.splice(0, maxBatch);
    }
    let batchCapture = 0;
    for (const size of sizes) batchCapture += size;
    queuedCapture -= batchCapture;
    const settled = new Promise<void>((resolve, reject) => {
      let done = false;
      const finish = (result: ExportResult) => {
        if (done) return;
        done = true;
        clearTimeout(guard);
        stats.captureBytes -= batchCapture;
        if (result.code === ExportResultCode.SUCCESS) resolve();
        else reject(result.error ?? new Error(`${noun} export failed`));
      };
      // The exporter bounds each export itself; this only guards against one that never answers.
      const guard = setTimeout(() => finish({ code: ExportResultCode.FAILED, error: new Error(`${noun} export did not finish within OTEL_${kind}_EXPORT_TIMEOUT`) }), exportTimeoutMillis);
      unrefTimer(guard);
      // Resources are complete when made (src/resource.ts: detectors run before), so unlike the
      // SDK's processor nothing waits for asynchronous resource attributes.
      try {
        // The export's own HTTP request must never be traced.
        context.with(suppressTracing(context.active()), () => exporter.export(spans, finish));
      } catch (error) {
        finish({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) });
      }
    });
    const tracked = settled.catch(() => undefined).then(() => void inFlight.delete(tracked));
    inFlight.add(tracked);
    return settled;
  }

  function onTimer(): void {
    timer = undefined;
    timerIsImmediate = false;
    timerExporting = true;
    exportBatch()
      .catch(() => undefined) // the exporter reported the failure already
      .finally(() => {
        timerExporting = false;
        if (queue.length > 0) maybeSchedule();
      });
  }

  function maybeSchedule(): void {
    if (timerExporting) return;
    if (queue.length >= maxBatch || queuedCapture >= EXPORT_AT_QUEUED_CAPTURE_BYTES) {
      // A full batch leaves at once, but not inside span.end(): encoding 512 spans there would
      // add milliseconds to whichever request happened to end the batch.
      if (timerIsImmediate) return;
      clearScheduled();
      timer = setTimeout(onTimer, 0);
      timerIsImmediate = true;
      unrefTimer(timer);
      return;
    }
    if (timer !== undefined) return;
    timer = setTimeout(onTimer, scheduledDelayMillis);
    unrefTimer(timer);
  }

  function clearScheduled(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    timerIsImmediate = false;
  }

  /** Every queued span in batches, and the exports already in flight; rejects with the first failure. */
  function flushAll(): Promise<void> {
    const batches: Promise<void>[] = [...inFlight];
    while (queue.length > 0) batches.push(exportBatch());
    return Promise.allSettled(batches).then((results) => {
      report();
      for (const r of results) if (r.status === 'rejected') throw r.reason;
    });
  }

  return {
    add(span) {
      if (shutdownPromise) return;
      if (queue.length >= maxQueueSize) {
        stats.dropped++;
        unreportedDrops++;
        scheduleReport();
        return;
      }
      queueCapture.push(admitBodies(span));
      queue.push(span);
      maybeSchedule();
    },

    forceFlush: () => shutdownPromise ?? flushAll(),

    shutdown: () =>
      (shutdownPromise ??= flushAll()
        .catch(() => undefined) // reported by the exporter; shutdown still stops it
        .then(() => exporter.shutdown())),

    stats: () => ({ queued: queue.length, captureBytes: stats.captureBytes, dropped: stats.dropped, bodiesSkipped: stats.bodiesSkipped }),

    takeQueued() {
      const taken = queue;
      queue = [];
      queueCapture = [];
      stats.captureBytes -= queuedCapture;
      queuedCapture = 0;
      clearScheduled();
      return taken;
    },
  };
}
