/**
 * How `clickstack-otel dev` (and `npm run demo`) show what arrived: traces as trees, log records
 * one line each, metric exports one summary line each. Input is the OTLP/JSON request shape, as
 * produced by the receiver for both encodings. Header values (API keys) never reach this file.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export type AttrValue = string | number | boolean | null | AttrValue[] | { [key: string]: AttrValue };
export type Attributes = Record<string, AttrValue>;

export interface FlatSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  durationMs: number;
  attributes: Attributes;
  status: { code: number; message: string };
  resource: Attributes;
  scope: { name: string; version: string };
}

const KIND: Record<number, string> = { 0: 'unset', 1: 'internal', 2: 'server', 3: 'client', 4: 'producer', 5: 'consumer' };
const SEVERITY = ['', 'TRACE', 'TRACE', 'TRACE', 'TRACE', 'DEBUG', 'DEBUG', 'DEBUG', 'DEBUG', 'INFO', 'INFO', 'INFO', 'INFO', 'WARN', 'WARN', 'WARN', 'WARN', 'ERROR', 'ERROR', 'ERROR', 'ERROR', 'FATAL', 'FATAL', 'FATAL', 'FATAL'];
/** Trace id characters shown on a log line: enough to find the tree above. */
const SHORT_TRACE_ID_CHARS = 8;
/** A log body longer than this is cut on its line (characters). */
const MAX_BODY_CHARS = 500;
/** Metric names listed on a metrics line before "…". */
const MAX_METRIC_NAMES = 8;

/** OTLP/JSON bytes ids are hex; tolerate base64 (protobuf-JSON mapping) from other encoders. */
const hexId = (v: unknown): string => (typeof v === 'string' ? (/^[0-9a-fA-F]*$/.test(v) ? v.toLowerCase() : Buffer.from(v, 'base64').toString('hex')) : '');
const nanos = (v: unknown): string => (v === undefined || v === null ? '0' : String(v));

export function anyValue(v: Json | undefined): AttrValue {
  if (!v) return null;
  if ('stringValue' in v) return v.stringValue;
  if ('boolValue' in v) return v.boolValue;
  if ('intValue' in v) {
    const n = Number(v.intValue);
    return Number.isSafeInteger(n) ? n : String(v.intValue);
  }
  if ('doubleValue' in v) return Number(v.doubleValue);
  if ('arrayValue' in v) return ((v.arrayValue?.values ?? []) as Json[]).map(anyValue);
  if ('kvlistValue' in v) return attributes(v.kvlistValue?.values);
  if ('bytesValue' in v) return v.bytesValue;
  return null;
}

export function attributes(kvs: Json[] | undefined): Attributes {
  const out: Attributes = {};
  for (const kv of kvs ?? []) out[kv.key] = anyValue(kv.value);
  return out;
}

/** Spans of an ExportTraceServiceRequest, each with its resource's attributes. */
export function flattenSpans(request: Json): FlatSpan[] {
  const out: FlatSpan[] = [];
  for (const rs of request.resourceSpans ?? []) {
    const resource = attributes(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      const scope = { name: ss.scope?.name ?? '', version: ss.scope?.version ?? '' };
      for (const s of ss.spans ?? []) {
        const start = nanos(s.startTimeUnixNano);
        const end = nanos(s.endTimeUnixNano);
        let durationMs = 0;
        try {
          durationMs = Number(BigInt(end) - BigInt(start)) / 1e6;
        } catch {
          // A malformed time from some other encoder: shown as 0 ms, not a crash.
        }
        out.push({
          traceId: hexId(s.traceId),
          spanId: hexId(s.spanId),
          parentSpanId: hexId(s.parentSpanId),
          name: s.name ?? '',
          kind: Number(s.kind ?? 0),
          startTimeUnixNano: start,
          endTimeUnixNano: end,
          durationMs,
          attributes: attributes(s.attributes),
          status: { code: Number(s.status?.code ?? 0), message: s.status?.message ?? '' },
          resource,
          scope,
        });
      }
    }
  }
  return out;
}

const service = (attrs: Attributes): string => String(attrs['service.name'] ?? 'unknown_service');

/** Each trace among `spans` as a header line and a tree, children in start order. */
export function formatTraceTrees(spans: FlatSpan[]): string[] {
  const lines: string[] = [];
  const byParent = new Map<string, FlatSpan[]>();
  for (const s of spans) byParent.set(s.parentSpanId, [...(byParent.get(s.parentSpanId) ?? []), s]);
  const ids = new Set(spans.map((s) => s.spanId));
  // A span whose parent did not arrive (yet) is shown as a root, so nothing is hidden.
  const roots = spans.filter((s) => !ids.has(s.parentSpanId));
  const byStart = (a: FlatSpan, b: FlatSpan) => a.startTimeUnixNano.localeCompare(b.startTimeUnixNano, undefined, { numeric: true });
  const width = Math.max(8, ...spans.map((s) => service(s.resource).length));
  const headed = new Set<string>();
  for (const rootSpan of roots.sort(byStart)) {
    if (!headed.has(rootSpan.traceId)) {
      headed.add(rootSpan.traceId);
      const traceSpans = spans.filter((s) => s.traceId === rootSpan.traceId);
      const services = [...new Set(traceSpans.map((s) => service(s.resource)))];
      const what = services.length > 1 ? 'one distributed trace' : 'one trace';
      lines.push('', `${what} ${rootSpan.traceId}: ${traceSpans.length} span${traceSpans.length === 1 ? '' : 's'} from ${services.join(' and ')}`);
    }
    const walk = (span: FlatSpan, prefix: string, last: boolean) => {
      const target = span.attributes['url.full'] ?? span.attributes['url.path'] ?? span.attributes['http.route'] ?? '';
      const status = span.attributes['http.response.status_code'] ?? (span.status.code === 2 ? 'ERROR' : '');
      lines.push(
        `${prefix}${last ? '└─' : '├─'} ${service(span.resource).padEnd(width)} ${(KIND[span.kind] ?? String(span.kind)).padEnd(6)} ${span.name.padEnd(4)} ${span.durationMs.toFixed(1).padStart(6)} ms  ${status} ${target}`.trimEnd(),
      );
      const children = (byParent.get(span.spanId) ?? []).filter((c) => c.traceId === span.traceId).sort(byStart);
      children.forEach((c, i) => walk(c, `${prefix}${last ? '   ' : '│  '}`, i === children.length - 1));
    };
    walk(rootSpan, '', true);
  }
  return lines;
}

function bodyText(body: AttrValue): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const oneLine = (text ?? '').replace(/\s*\n\s*/g, ' ⏎ ');
  return oneLine.length > MAX_BODY_CHARS ? `${oneLine.slice(0, MAX_BODY_CHARS)}…` : oneLine;
}

function time(unixNano: string): string {
  const ms = Number(BigInt(unixNano) / 1_000_000n);
  return ms ? new Date(ms).toISOString().slice(11, 23) : '--:--:--.---';
}

/** One line per log record: time, severity, service, body, short trace id. */
export function formatLogLines(request: Json): string[] {
  const lines: string[] = [];
  for (const rl of request.resourceLogs ?? []) {
    const svc = service(attributes(rl.resource?.attributes));
    for (const sl of rl.scopeLogs ?? []) {
      for (const r of sl.logRecords ?? []) {
        let when = '--:--:--.---';
        try {
          when = time(nanos(r.timeUnixNano && r.timeUnixNano !== '0' ? r.timeUnixNano : r.observedTimeUnixNano));
        } catch {
          // keep the placeholder
        }
        const severity = (r.severityText || SEVERITY[Number(r.severityNumber ?? 0)] || 'LOG').toUpperCase();
        const trace = hexId(r.traceId);
        lines.push(`${when} ${severity.padEnd(5)} ${svc}  ${bodyText(anyValue(r.body))}${trace ? `  trace=${trace.slice(0, SHORT_TRACE_ID_CHARS)}` : ''}`);
      }
    }
  }
  return lines;
}

export interface MetricsSummary {
  services: string[];
  metrics: { name: string; points: number }[];
}

export function summarizeMetrics(request: Json): MetricsSummary {
  const services = new Set<string>();
  const metrics: { name: string; points: number }[] = [];
  for (const rm of request.resourceMetrics ?? []) {
    services.add(service(attributes(rm.resource?.attributes)));
    for (const sm of rm.scopeMetrics ?? []) {
      for (const m of sm.metrics ?? []) {
        const data = m.gauge ?? m.sum ?? m.histogram ?? m.exponentialHistogram ?? m.summary;
        metrics.push({ name: m.name ?? '', points: (data?.dataPoints ?? []).length });
      }
    }
  }
  return { services: [...services], metrics };
}

/** One line per metrics export: services, metric and point counts, the first names. */
export function formatMetricsLine(request: Json): string {
  const { services, metrics } = summarizeMetrics(request);
  const points = metrics.reduce((n, m) => n + m.points, 0);
  const names = metrics.map((m) => (m.points > 1 ? `${m.name} ×${m.points}` : m.name));
  const shown = names.slice(0, MAX_METRIC_NAMES).join(', ') + (names.length > MAX_METRIC_NAMES ? `, … (+${names.length - MAX_METRIC_NAMES})` : '');
  return `metrics from ${services.join(', ') || 'unknown_service'}: ${metrics.length} metric${metrics.length === 1 ? '' : 's'}, ${points} point${points === 1 ? '' : 's'}${shown ? ` (${shown})` : ''}`;
}
