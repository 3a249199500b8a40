/**
 * createOtlpExporter({ transport, serializer, ... }): one OTLP/HTTP exporter for any signal. It
 * has the shape of OpenTelemetry's SpanExporter (and LogRecordExporter), so the SDK's batch
 * processors keep doing the queueing (`OTEL_BSP_MAX_QUEUE_SIZE` bounds that memory); this file
 * adds what they lack:
 *
 * - retries per the OTLP spec (./retry-policy), all inside the export timeout, on unref'd timers;
 * - at most MAX_CONCURRENT_EXPORTS exports in flight, so a slow collector cannot pile up
 *   batches; an export beyond that is dropped and counted;
 * - `abort()` gives up on everything in flight at once (the SDK calls it when its flush bound
 *   passes), `shutdown()` stops retrying, waits briefly for requests already on the wire, then
 *   aborts them;
 * - one clear, de-duplicated message per cause of failure (./failure-messages). The error handed
 *   to the batch processor is marked as already reported, so it is not printed a second time.
 */
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { SHUTDOWN_TIMEOUT_MILLIS } from '../config/defaults';
import type { Transport } from '../platform';
import { describeEndpoint, describeGiveUp, describeNetworkError, describeRejection } from './failure-messages';
import { isRetryableStatus, nextRetryDelay, parseRetryAfter } from './retry-policy';
import { sleep } from './sleep';

/** Exports allowed on the wire (or waiting to retry) at once; each holds one batch in memory. */
export const MAX_CONCURRENT_EXPORTS = 8;

/** Encodes items into an OTLP request body (OpenTelemetry's otlp-transformer serializers fit). */
export interface OtlpSerializer<T> {
  serializeRequest(items: T[]): Uint8Array | undefined;
  /** Writes a LightSpan's `captured` attributes too (src/trace/span.ts); others leave them out. */
  writesCaptured?: boolean;
  deserializeResponse(body: Uint8Array): unknown;
}

export interface ExportLog {
  /** A failure the user should act on (bad key, wrong URL). */
  error(message: string): void;
  /** A failure that may pass (collector down) or partial success. */
  warn(message: string): void;
  /** Retries, drops and counts: shown in debug mode. */
  debug(message: string): void;
}

export interface OtlpExporterOptions<T> {
  transport: Transport;
  serializer: OtlpSerializer<T>;
  /** For messages only (printed without query or user-info). */
  url: string;
  /** Upper bound for one export, retries included (`OTEL_EXPORTER_OTLP_TIMEOUT`). */
  timeoutMillis: number;
  log: ExportLog;
  /** `traces`, `logs`, `metrics`: for messages. */
  signal?: string;
  /** `span`, `log record`: for counts in messages. */
  itemName?: string;
  maxConcurrentExports?: number;
  /** Injectable for tests. */
  random?: () => number;
  now?: () => number;
}

export interface ExportStats {
  /** Items the collector accepted (partially rejected ones included). */
  exported: number;
  /** Items whose export failed: rejected, or transient failures that outlasted the retries. */
  failed: number;
  /** Items never sent or given up on: too many exports in flight, abort, shutdown. */
  dropped: number;
  /** HTTP requests made, retries included. */
  requests: number;
}

export interface OtlpExporter<T> {
  export(items: T[], done: (result: ExportResult) => void): void;
  /** Resolves when every export in flight has settled (each is bounded by the export timeout). */
  forceFlush(): Promise<void>;
  /** No more exports or retries; waits at most SHUTDOWN_TIMEOUT_MILLIS for requests on the wire. */
  shutdown(): Promise<void>;
  /** Gives up on every export in flight now, pending retries included; later exports proceed. */
  abort(): void;
  /**
   * Until the returned function is called, a failed attempt is final: no backoff wait, and exports
   * already waiting to retry give up now. For the last flush before a process exits, where a
   * refused connection should cost milliseconds, not a retry cycle.
   */
  pauseRetries(): () => void;
  stats(): ExportStats;
}

const REPORTED = Symbol.for('clickstack-otel.export-error-reported');

/** True for errors this exporter already printed; the SDK's error handler skips them. */
export function isReportedExportError(error: unknown): boolean {
  // A tracer provider's forceFlush rejects with the list of its processors' errors.
  if (Array.isArray(error)) return error.length > 0 && error.every(isReportedExportError);
  return typeof error === 'object' && error !== null && (error as { [REPORTED]?: boolean })[REPORTED] === true;
}

function failure(message: string): ExportResult {
  const error = Object.assign(new Error(message), { [REPORTED]: true });
  return { code: ExportResultCode.FAILED, error };
}

const SUCCESS: ExportResult = { code: ExportResultCode.SUCCESS };

interface InFlight {
  controller: AbortController;
  /** True while waiting between attempts (shutdown ends that wait at once). */
  waiting: boolean;
  settled: Promise<void>;
}

type Outcome = { kind: 'exported' } | { kind: 'failed'; message: string } | { kind: 'dropped'; message: string };

export function createOtlpExporter<T>(options: OtlpExporterOptions<T>): OtlpExporter<T> {
  const { transport, serializer, log, timeoutMillis } = options;
  const signal = options.signal ?? 'traces';
  const itemName = options.itemName ?? 'span';
  const maxConcurrent = options.maxConcurrentExports ?? MAX_CONCURRENT_EXPORTS;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const endpoint = describeEndpoint(options.url);
  const inFlight = new Set<InFlight>();
  const stats: ExportStats = { exported: 0, failed: 0, dropped: 0, requests: 0 };
  let stopping = false;
  let retriesPaused = 0;
  let shutdownPromise: Promise<void> | undefined;

  const count = (n: number) => `${n} ${itemName}${n === 1 ? '' : 's'}`;

  function drop(items: number, reason: string, done: (r: ExportResult) => void): void {
    stats.dropped += items;
    log.debug(`dropped ${count(items)} (${reason}); ${count(stats.dropped)} dropped so far.`);
    done(failure(`${signal} export dropped: ${reason}`));
  }

  async function deliver(body: Uint8Array, entry: InFlight): Promise<Outcome> {
    const deadline = now() + timeoutMillis;
    for (let attempt = 0; ; attempt++) {
      let reason: string;
      let retryAfterMillis: number | undefined;
      try {
        stats.requests++;
        const response = await transport.send(body, Math.max(1, deadline - now()), entry.controller.signal);
        if (response.status >= 200 && response.status < 300) {
          reportPartialSuccess(response.body);
          return { kind: 'exported' };
        }
        if (!isRetryableStatus(response.status)) {
          const message = describeRejection(signal, endpoint, response.status);
          log.error(message);
          return { kind: 'failed', message };
        }
        reason = `HTTP ${response.status}`;
        retryAfterMillis = parseRetryAfter(response.retryAfter, now());
      } catch (error) {
        if (entry.controller.signal.aborted) {
          log.warn(describeGiveUp(signal, endpoint, 'no response in time'));
          return { kind: 'dropped', message: 'aborted by a flush or shutdown deadline' };
        }
        reason = describeNetworkError(error);
      }
      const delay = stopping || retriesPaused > 0
        ? undefined
        : nextRetryDelay({ attempt, retryAfterMillis, remainingMillis: deadline - now(), random: random() });
      if (delay === undefined) {
        const message = describeGiveUp(signal, endpoint, reason);
        log.warn(message);
        return { kind: 'failed', message };
      }
      log.debug(`${signal} export attempt ${attempt + 1} failed (${reason}); retrying in ${delay} ms.`);
      entry.waiting = true;
      try {
        await sleep(delay, entry.controller.signal);
      } catch {
        // Given up between attempts: the cause is known, so say it once, as a give-up would.
        log.warn(describeGiveUp(signal, endpoint, reason));
        return { kind: 'dropped', message: 'aborted while waiting to retry' };
      } finally {
        entry.waiting = false;
      }
    }
  }

  function reportPartialSuccess(body: Uint8Array | undefined): void {
    if (!body || body.length === 0) return;
    let response: unknown;
    try {
      response = serializer.deserializeResponse(body);
    } catch {
      return; // an unreadable success body is still a success
    }
    const partial = (response as { partialSuccess?: Record<string, unknown> } | undefined)?.partialSuccess;
    if (!partial) return;
    const rejected = Object.entries(partial).reduce((n, [k, v]) => (k.startsWith('rejected') ? n + Number(v ?? 0) : n), 0);
    const reason = typeof partial.errorMessage === 'string' ? partial.errorMessage : '';
    if (rejected > 0 || reason) {
      log.warn(`the collector at ${endpoint} accepted a ${signal} export only in part: ${reason || 'no reason given'}.`);
      if (rejected > 0) log.debug(`the collector rejected ${count(rejected)}.`);
    }
  }

  function abort(): void {
    for (const entry of inFlight) entry.controller.abort();
  }

  function pauseRetries(): () => void {
    retriesPaused++;
    for (const entry of inFlight) if (entry.waiting) entry.controller.abort();
    let resumed = false;
    return () => {
      if (!resumed) retriesPaused--;
      resumed = true;
    };
  }

  return {
    export(items, done) {
      if (stopping) return drop(items.length, 'the exporter is shut down', done);
      if (inFlight.size >= maxConcurrent) {
        return drop(items.length, `${maxConcurrent} exports already in flight; the collector is slow or unreachable`, done);
      }
      let body: Uint8Array | undefined;
      try {
        body = serializer.serializeRequest(items);
      } catch (error) {
        log.debug(`could not encode ${count(items.length)}: ${String(error)}`);
      }
      if (!body) return drop(items.length, 'the data could not be encoded', done);

      const entry: InFlight = { controller: new AbortController(), waiting: false, settled: Promise.resolve() };
      inFlight.add(entry);
      entry.settled = deliver(body, entry)
        .catch((error: unknown): Outcome => ({ kind: 'failed', message: `${signal} export failed: ${String(error)}` }))
        .then((outcome) => {
          inFlight.delete(entry);
          if (outcome.kind === 'exported') {
            stats.exported += items.length;
            done(SUCCESS);
          } else if (outcome.kind === 'failed') {
            stats.failed += items.length;
            log.debug(`${count(items.length)} not exported.`);
            done(failure(outcome.message));
          } else {
            drop(items.length, outcome.message, done);
          }
        });
    },

    forceFlush: () => Promise.all([...inFlight].map((e) => e.settled)).then(() => undefined),

    abort,
    pauseRetries,

    shutdown() {
      return (shutdownPromise ??= (async () => {
        stopping = true;
        // Waiting to retry is pointless now; a request on the wire gets a short grace to land.
        for (const entry of inFlight) if (entry.waiting) entry.controller.abort();
        if (inFlight.size > 0) {
          const controller = new AbortController();
          await Promise.race([
            Promise.all([...inFlight].map((e) => e.settled)),
            sleep(SHUTDOWN_TIMEOUT_MILLIS, controller.signal).catch(() => undefined),
          ]);
          controller.abort();
          abort();
        }
        transport.shutdown();
        const s = stats;
        log.debug(`${signal} exporter stopped: ${count(s.exported)} exported in ${s.requests} requests, ${s.failed} failed, ${s.dropped} dropped.`);
      })());
    },

    stats: () => ({ ...stats }),
  };
}
