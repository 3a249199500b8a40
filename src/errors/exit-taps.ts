/**
 * What a process about to die still holds, as the OTLP requests the exporters would have sent
 * (`takePending`): the span batch processor's queue, which is our own and readable synchronously
 * (the SDK hands it in with `spanQueue`), and the log records an exit tap (./exit-tap) has seen
 * queued in OpenTelemetry's log batch processor.
 */
import type { LogRecordProcessor, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { ResolvedConfig } from '../config/resolve';
import type { PendingExport, Platform } from '../platform';
import { createExitTap, type ExitTap } from './exit-tap';

export interface ExitTaps {
  /** Where the spans come from: the span batch processor's `takeQueued`. Absent when span export is off. */
  spanQueue?(take: () => ReadableSpan[]): void;
  logs?: { tap: ExitTap<ReadableLogRecord>; processor: LogRecordProcessor };
  /** Encoded requests for everything still queued; empty when the taps are off. Never throws. */
  takePending(platform: Platform, config: ResolvedConfig): PendingExport[];
}

const settled = () => Promise.resolve();

export function createExitTaps(config: ResolvedConfig, enabled: boolean): ExitTaps {
  if (!enabled) return { takePending: () => [] };
  let takeSpans: (() => ReadableSpan[]) | undefined;
  const logTap = config.logs.enabled ? createExitTap<ReadableLogRecord>(config.logs.batch.maxQueueSize) : undefined;
  return {
    spanQueue: config.traces.enabled
      ? (take) => {
          takeSpans = take;
        }
      : undefined,
    logs: logTap && {
      tap: logTap,
      processor: { onEmit: (record) => logTap.add(record), forceFlush: settled, shutdown: settled },
    },
    takePending(platform, config) {
      const requests: PendingExport[] = [];
      const add = (params: ResolvedConfig['traces'], encode: () => Uint8Array | undefined) => {
        try {
          const body = encode();
          if (body) requests.push({ url: params.url, headers: params.headers, protocol: params.protocol, compression: params.compression, tls: params.tls, body });
        } catch {
          // an item that cannot be encoded now is lost with the process
        }
      };
      const spans = takeSpans?.() ?? [];
      if (spans.length) add(config.traces, () => platform.traceSerializer(config.traces.protocol).serializeRequest(spans));
      const records = logTap?.take() ?? [];
      const logsSerializer = platform.logsSerializer;
      if (records.length && logsSerializer) add(config.logs, () => logsSerializer(config.logs.protocol).serializeRequest(records));
      return requests;
    },
  };
}
