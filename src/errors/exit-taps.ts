/**
 * The SDK's two exit taps (./exit-tap), one per exported signal, and `takePending`: what they hold,
 * encoded as the OTLP requests the exporters would have sent, for a process about to die.
 */
import { TraceFlags } from '@opentelemetry/api';
import type { LogRecordProcessor, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ResolvedConfig } from '../config/resolve';
import type { PendingExport, Platform } from '../platform';
import { createExitTap, type ExitTap } from './exit-tap';

export interface ExitTaps {
  spans?: { tap: ExitTap<ReadableSpan>; processor: SpanProcessor };
  logs?: { tap: ExitTap<ReadableLogRecord>; processor: LogRecordProcessor };
  /** Encoded requests for everything still queued; empty when the taps are off. Never throws. */
  takePending(platform: Platform, config: ResolvedConfig): PendingExport[];
}

const settled = () => Promise.resolve();

export function createExitTaps(config: ResolvedConfig, enabled: boolean): ExitTaps {
  if (!enabled) return { takePending: () => [] };
  const spanTap = config.traces.enabled ? createExitTap<ReadableSpan>(config.batch.maxQueueSize) : undefined;
  const logTap = config.logs.enabled ? createExitTap<ReadableLogRecord>(config.logs.batch.maxQueueSize) : undefined;
  return {
    spans: spanTap && {
      tap: spanTap,
      processor: {
        onStart: () => {},
        // The batch processor exports sampled spans only; so does the tap.
        onEnd: (span) => {
          if (span.spanContext().traceFlags & TraceFlags.SAMPLED) spanTap.add(span);
        },
        forceFlush: settled,
        shutdown: settled,
      },
    },
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
      const spans = spanTap?.take() ?? [];
      if (spans.length) add(config.traces, () => platform.traceSerializer(config.traces.protocol).serializeRequest(spans));
      const records = logTap?.take() ?? [];
      const logsSerializer = platform.logsSerializer;
      if (records.length && logsSerializer) add(config.logs, () => logsSerializer(config.logs.protocol).serializeRequest(records));
      return requests;
    },
  };
}
