/**
 * `DEBUG=true`: every span, printed as one readable block as it ends, next to (not instead of)
 * the OTLP export. Secrets never reach the console: header-like attributes are redacted by name,
 * and any value equal to a configured secret (the API key) is redacted wherever it appears.
 */
import { SpanKind, SpanStatusCode, type HrTime } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Printer } from './diag';
import { LOG_PREFIX } from './config/defaults';

const SECRET_ATTRIBUTE = /authorization|cookie|api[-_.]?key|token|secret|password/i;
const REDACTED = '<redacted>';

const hrToMillis = ([s, ns]: HrTime) => s * 1e3 + ns / 1e6;

export function createDebugSpanExporter(printer: Printer, secrets: readonly string[]): SpanExporter {
  const hide = (key: string, value: unknown): string => {
    const text = Array.isArray(value) ? value.join(', ') : String(value);
    if (SECRET_ATTRIBUTE.test(key)) return REDACTED;
    return secrets.reduce((t, secret) => (secret ? t.split(secret).join(REDACTED) : t), text);
  };
  return {
    export(spans: ReadableSpan[], done: (result: ExportResult) => void) {
      for (const span of spans) printer.info(formatSpan(span, hide));
      done({ code: ExportResultCode.SUCCESS });
    },
    shutdown: () => Promise.resolve(),
    forceFlush: () => Promise.resolve(),
  };
}

export function formatSpan(span: ReadableSpan, hide: (key: string, value: unknown) => string): string {
  const ctx = span.spanContext();
  const parent = span.parentSpanContext?.spanId ?? '-';
  const status = span.status.code === SpanStatusCode.ERROR ? ` ERROR${span.status.message ? `: ${span.status.message}` : ''}` : '';
  const head = `${LOG_PREFIX} span ${JSON.stringify(span.name)} ${SpanKind[span.kind]?.toLowerCase()} ${hrToMillis(span.duration).toFixed(1)} ms${status} trace=${ctx.traceId} span=${ctx.spanId} parent=${parent}`;
  const attrs = Object.entries(span.attributes).map(([k, v]) => `    ${k}=${hide(k, v)}`);
  const events = span.events.map((e) => `    event ${e.name}`);
  return [head, ...attrs, ...events].join('\n');
}
