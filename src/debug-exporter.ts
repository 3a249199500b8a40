/**
 * `DEBUG=true`: every span, printed as one readable block as it ends, next to (not instead of)
 * the OTLP export. Secrets never reach the console: header-like attributes are redacted by name,
 * and any value equal to a configured secret (the API key) is redacted wherever it appears.
 */
import { SpanKind, SpanStatusCode, TraceFlags, type HrTime } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { Printer } from './diag';
import { LOG_PREFIX } from './config/defaults';
import { safeJson } from './text';

const SECRET_ATTRIBUTE = /authorization|cookie|api[-_.]?key|token|secret|password/i;
const REDACTED = '<redacted>';

const hrToMillis = ([s, ns]: HrTime) => s * 1e3 + ns / 1e6;

export type Hide = (key: string, value: unknown) => string;

export function redactor(secrets: readonly string[]): Hide {
  return (key, value) => {
    const text = Array.isArray(value) ? value.join(', ') : typeof value === 'object' && value !== null ? safeJson(value) : String(value);
    if (SECRET_ATTRIBUTE.test(key)) return REDACTED;
    return secrets.reduce((t, secret) => (secret ? t.split(secret).join(REDACTED) : t), text);
  };
}

export function createDebugSpanExporter(printer: Printer, secrets: readonly string[]): SpanExporter {
  const hide = redactor(secrets);
  return {
    export(spans: ReadableSpan[], done: (result: ExportResult) => void) {
      for (const span of spans) printer.info(formatSpan(span, hide));
      done({ code: ExportResultCode.SUCCESS });
    },
    shutdown: () => Promise.resolve(),
    forceFlush: () => Promise.resolve(),
  };
}

/**
 * The printer as a span processor: prints each sampled span as it ends (what SimpleSpanProcessor
 * around createDebugSpanExporter does, without carrying that class into the script tag).
 */
export function createDebugSpanProcessor(printer: Printer, secrets: readonly string[]): SpanProcessor {
  const hide = redactor(secrets);
  return {
    onStart() {},
    onEnd(span) {
      if (span.spanContext().traceFlags & TraceFlags.SAMPLED) printer.info(formatSpan(span, hide));
    },
    shutdown: () => Promise.resolve(),
    forceFlush: () => Promise.resolve(),
  };
}

export function formatSpan(span: ReadableSpan, hide: Hide): string {
  const ctx = span.spanContext();
  const parent = span.parentSpanContext?.spanId ?? '-';
  const status = span.status.code === SpanStatusCode.ERROR ? ` ERROR${span.status.message ? `: ${span.status.message}` : ''}` : '';
  const head = `${LOG_PREFIX} span ${JSON.stringify(span.name)} ${SpanKind[span.kind]?.toLowerCase()} ${hrToMillis(span.duration).toFixed(1)} ms${status} trace=${ctx.traceId} span=${ctx.spanId} parent=${parent}`;
  const attrs = Object.entries(span.attributes).map(([k, v]) => `    ${k}=${hide(k, v)}`);
  const events = span.events.map((e) => `    event ${e.name}`);
  return [head, ...attrs, ...events].join('\n');
}

/** The log-record twin of the span printer: one block per record, secrets redacted the same way. */
export function createDebugLogExporter(printer: Printer, secrets: readonly string[]): LogRecordExporter {
  const hide = redactor(secrets);
  return {
    export(records: ReadableLogRecord[], done: (result: ExportResult) => void) {
      for (const record of records) printer.info(formatLogRecord(record, hide));
      done({ code: ExportResultCode.SUCCESS });
    },
    shutdown: () => Promise.resolve(),
    forceFlush: () => Promise.resolve(),
  };
}

export function formatLogRecord(record: ReadableLogRecord, hide: Hide): string {
  const ctx = record.spanContext;
  const where = ctx ? ` trace=${ctx.traceId} span=${ctx.spanId}` : '';
  const head = `${LOG_PREFIX} log ${record.severityText ?? '-'}(${record.severityNumber ?? 0}) ${JSON.stringify(hide('body', record.body))}${where}`;
  const attrs = Object.entries(record.attributes).map(([k, v]) => `    ${k}=${hide(k, v)}`);
  return [head, ...attrs].join('\n');
}
