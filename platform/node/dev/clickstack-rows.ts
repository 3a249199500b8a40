/**
 * Decoded OTLP/JSON requests -> ClickStack table rows, the way ClickStack's collector (contrib
 * v0.155.0 build, hyperdx docker/otel-collector/Dockerfile) writes them with the ClickHouse exporter
 * (dev CLI and tests only; pure, no I/O). Sources, open-telemetry/opentelemetry-collector-contrib,
 * exporter/clickhouseexporter:
 * - internal/sql_templates/traces_insert.sql @ ff7a9465 and logs_insert.sql @ cd1a2501: the columns
 *   written (ScopeName/ScopeVersion in their own columns, not copied into SpanAttributes as the
 *   exporter before sql_templates did);
 * - the trace exporter of that generation writes SpanKind and StatusCode with pdata's String():
 *   `Server`, `Client`, `Internal`, `Error`, `Unset`, `Ok`. The older exporter_traces.go
 *   (@ 06be845f) wrote traceutil.SpanKindStr/StatusCodeStr (`SPAN_KIND_SERVER`,
 *   `STATUS_CODE_ERROR`); the HyperDX UI compares with `'Error'` and calls the other spelling legacy
 *   (packages/app/src/components/DBTraceWaterfallChart.tsx @ b52a6fa);
 * - Timestamp = span start, Duration = end - start in ns, ids lowercase hex ('' when all zero),
 *   ServiceName = resource service.name only when it is a string, log Timestamp falling back to the
 *   observed time, every attribute through pcommon Value.AsString() (open-telemetry/
 *   opentelemetry-collector pdata/pcommon/value.go).
 * Log records also pass ClickStack's transform processor first (clickstack-log-transform.ts), and
 * replay records (`rr-web.event` present) go to hyperdx_sessions untransformed, as the routing
 * connector in docker/otel-collector/config.standalone.yaml sends them.
 *
 * Input: the OTLP/JSON object form (camelCase, hex or base64 ids, *UnixNano as decimal strings or
 * numbers, enums as numbers or their proto names).
 */
import { clickStackLogTransform } from './clickstack-log-transform';

export type AnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number | string;
  arrayValue?: { values?: AnyValue[] };
  kvlistValue?: { values?: KeyValue[] };
  bytesValue?: string;
};
export type KeyValue = { key: string; value?: AnyValue };
type Resource = { attributes?: KeyValue[] };
type Scope = { name?: string; version?: string; attributes?: KeyValue[]; droppedAttributesCount?: number };
type Nano = string | number | undefined;

export type OtlpSpan = {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  traceState?: string;
  name?: string;
  kind?: number | string;
  startTimeUnixNano?: Nano;
  endTimeUnixNano?: Nano;
  attributes?: KeyValue[];
  events?: { timeUnixNano?: Nano; name?: string; attributes?: KeyValue[] }[];
  links?: { traceId?: string; spanId?: string; traceState?: string; attributes?: KeyValue[] }[];
  status?: { code?: number | string; message?: string };
};
export type TracesRequest = {
  resourceSpans?: { resource?: Resource; schemaUrl?: string; scopeSpans?: { scope?: Scope; schemaUrl?: string; spans?: OtlpSpan[] }[] }[];
};
export type OtlpLogRecord = {
  timeUnixNano?: Nano;
  observedTimeUnixNano?: Nano;
  severityNumber?: number | string;
  severityText?: string;
  body?: AnyValue;
  attributes?: KeyValue[];
  flags?: number;
  traceId?: string;
  spanId?: string;
  eventName?: string;
};
export type LogsRequest = {
  resourceLogs?: { resource?: Resource; schemaUrl?: string; scopeLogs?: { scope?: Scope; schemaUrl?: string; logRecords?: OtlpLogRecord[] }[] }[];
};
type NumberPoint = {
  attributes?: KeyValue[];
  startTimeUnixNano?: Nano;
  timeUnixNano?: Nano;
  asDouble?: number | string;
  asInt?: string | number;
  flags?: number;
  exemplars?: Exemplar[];
};
type Exemplar = { filteredAttributes?: KeyValue[]; timeUnixNano?: Nano; asDouble?: number | string; asInt?: string | number; spanId?: string; traceId?: string };
type HistogramPoint = NumberPoint & {
  count?: string | number;
  sum?: number;
  bucketCounts?: (string | number)[];
  explicitBounds?: number[];
  min?: number;
  max?: number;
};
type ExpHistogramPoint = NumberPoint & {
  count?: string | number;
  sum?: number;
  scale?: number;
  zeroCount?: string | number;
  positive?: { offset?: number; bucketCounts?: (string | number)[] };
  negative?: { offset?: number; bucketCounts?: (string | number)[] };
  min?: number;
  max?: number;
};
type SummaryPoint = NumberPoint & { count?: string | number; sum?: number; quantileValues?: { quantile?: number; value?: number }[] };
export type OtlpMetric = {
  name?: string;
  description?: string;
  unit?: string;
  gauge?: { dataPoints?: NumberPoint[] };
  sum?: { dataPoints?: NumberPoint[]; aggregationTemporality?: number | string; isMonotonic?: boolean };
  histogram?: { dataPoints?: HistogramPoint[]; aggregationTemporality?: number | string };
  exponentialHistogram?: { dataPoints?: ExpHistogramPoint[]; aggregationTemporality?: number | string };
  summary?: { dataPoints?: SummaryPoint[] };
};
export type MetricsRequest = {
  resourceMetrics?: { resource?: Resource; schemaUrl?: string; scopeMetrics?: { scope?: Scope; schemaUrl?: string; metrics?: OtlpMetric[] }[] }[];
};

export type Row = Record<string, unknown>;
/** Rows per ClickStack table name. */
export type TableRows = Record<string, Row[]>;

/** The collector routes a log record with this attribute to hyperdx_sessions (config.standalone.yaml routing/logs). */
export const RRWEB_EVENT_ATTRIBUTE = 'rr-web.event';

// traceutil.SpanKindStr / StatusCodeStr (internal/coreinternal/traceutil).
const SPAN_KINDS = ['Unspecified', 'Internal', 'Server', 'Client', 'Producer', 'Consumer'];
const SPAN_KIND_NAMES: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0, SPAN_KIND_INTERNAL: 1, SPAN_KIND_SERVER: 2, SPAN_KIND_CLIENT: 3, SPAN_KIND_PRODUCER: 4, SPAN_KIND_CONSUMER: 5,
};
const STATUS_CODES = ['Unset', 'Ok', 'Error'];
const STATUS_NAMES: Record<string, number> = { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 };

/** pcommon float64AsString: ES6 number-to-string, which is what JS String() does for finite numbers. */
function float64AsString(f: number): string {
  if (!Number.isFinite(f)) return `json: unsupported value: ${Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf'}`;
  // Go's AppendFloat keeps the sign of negative zero; String(-0) drops it.
  return Object.is(f, -0) ? '-0' : String(f);
}

/** Go encoding/json string escaping (HTML-safe by default: <, >, & and U+2028/U+2029 escaped). */
function goJsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** json.Marshal(value.AsRaw()): compact, map keys sorted, bytes base64, empty -> null. */
function goJson(v: AnyValue | undefined): string {
  if (v === undefined || v === null) return 'null';
  if (v.stringValue !== undefined) return goJsonString(v.stringValue);
  if (v.boolValue !== undefined) return String(v.boolValue);
  if (v.intValue !== undefined) return BigInt(v.intValue).toString();
  if (v.doubleValue !== undefined) return float64AsString(Number(v.doubleValue));
  if (v.bytesValue !== undefined) return goJsonString(bytesToBase64(v.bytesValue));
  if (v.arrayValue !== undefined) return `[${(v.arrayValue.values ?? []).map(goJson).join(',')}]`;
  if (v.kvlistValue !== undefined) {
    // AsRaw builds a Go map (last duplicate key wins); json.Marshal sorts map keys by bytes.
    const m = new Map<string, AnyValue | undefined>();
    for (const kv of v.kvlistValue.values ?? []) m.set(kv.key, kv.value);
    const keys = [...m.keys()].sort((a, b) => (Buffer.from(a).compare(Buffer.from(b))));
    return `{${keys.map((k) => `${goJsonString(k)}:${goJson(m.get(k))}`).join(',')}}`;
  }
  return 'null';
}

/** OTLP/JSON carries bytes as base64 (proto3 JSON mapping); re-encoded so the output is canonical StdEncoding. */
function bytesToBase64(b: string): string {
  return Buffer.from(b, 'base64').toString('base64');
}

/** pcommon Value.AsString(). */
export function anyValueAsString(v: AnyValue | undefined): string {
  if (v === undefined || v === null) return '';
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue ? 'true' : 'false';
  if (v.intValue !== undefined) return BigInt(v.intValue).toString();
  if (v.doubleValue !== undefined) return float64AsString(Number(v.doubleValue));
  if (v.arrayValue !== undefined || v.kvlistValue !== undefined) return goJson(v);
  if (v.bytesValue !== undefined) return bytesToBase64(v.bytesValue);
  return '';
}

/** attributesToMap: every value through AsString. */
export function attributesToMap(attrs: KeyValue[] | undefined): Record<string, string> {
  const m: Record<string, string> = {};
  for (const kv of attrs ?? []) m[kv.key] = anyValueAsString(kv.value);
  return m;
}

/**
 * TraceIDToHexOrEmptyString / SpanIDToHexOrEmptyString: lowercase hex, all-zero id -> ''. The dev
 * receiver hands over hex (its protobuf reader and the OTel JS JSON serializer both write hex); an
 * id that is not hex is read as base64, the proto3 JSON mapping of bytes, which other senders use.
 */
export function hexId(id: string | undefined): string {
  let h = (id ?? '').toLowerCase();
  if (!/^[0-9a-f]*$/.test(h)) h = Buffer.from(id!, 'base64').toString('hex');
  return /^0*$/.test(h) ? '' : h;
}

function nanos(v: Nano): bigint {
  if (v === undefined || v === null || v === '') return 0n;
  return BigInt(typeof v === 'number' ? Math.trunc(v) : v);
}

/** DateTime64(9) as ISO-8601 UTC text with nanoseconds (inserted with date_time_input_format=best_effort). */
export function dateTime64(ns: bigint): string {
  const sec = ns / 1_000_000_000n;
  const frac = (ns % 1_000_000_000n).toString().padStart(9, '0');
  return `${new Date(Number(sec) * 1000).toISOString().slice(0, 19)}.${frac}Z`;
}

/** DateTime (second precision), as ClickStack's metric tables type TimeUnix. */
function dateTime(ns: bigint): string {
  return `${new Date(Number(ns / 1_000_000_000n) * 1000).toISOString().slice(0, 19)}Z`;
}

function enumIndex(v: number | string | undefined, names: Record<string, number>): number {
  if (typeof v === 'number') return v;
  if (v === undefined) return 0;
  return names[v] ?? (Number.isFinite(Number(v)) ? Number(v) : 0);
}

function serviceName(resource: Resource | undefined): string {
  // The exporter reads v.Str(): a non-string service.name gives ''.
  return resource?.attributes?.find((a) => a.key === 'service.name')?.value?.stringValue ?? '';
}

/** otel_traces rows. */
export function traceRows(req: TracesRequest): TableRows {
  const rows: Row[] = [];
  for (const rs of req.resourceSpans ?? []) {
    const resAttr = attributesToMap(rs.resource?.attributes);
    const svc = serviceName(rs.resource);
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        const start = nanos(s.startTimeUnixNano);
        const end = nanos(s.endTimeUnixNano);
        const kind = enumIndex(s.kind, SPAN_KIND_NAMES);
        const code = enumIndex(s.status?.code, STATUS_NAMES);
        rows.push({
          Timestamp: dateTime64(start),
          TraceId: hexId(s.traceId),
          SpanId: hexId(s.spanId),
          ParentSpanId: hexId(s.parentSpanId),
          TraceState: s.traceState ?? '',
          SpanName: s.name ?? '',
          SpanKind: SPAN_KINDS[kind] ?? '',
          ServiceName: svc,
          ResourceAttributes: resAttr,
          ScopeName: ss.scope?.name ?? '',
          ScopeVersion: ss.scope?.version ?? '',
          SpanAttributes: attributesToMap(s.attributes),
          // Duration column is UInt64; end before start cannot be stored, so it clamps at 0.
          Duration: (end > start ? end - start : 0n).toString(),
          StatusCode: STATUS_CODES[code] ?? '',
          StatusMessage: s.status?.message ?? '',
          'Events.Timestamp': (s.events ?? []).map((e) => dateTime64(nanos(e.timeUnixNano))),
          'Events.Name': (s.events ?? []).map((e) => e.name ?? ''),
          'Events.Attributes': (s.events ?? []).map((e) => attributesToMap(e.attributes)),
          'Links.TraceId': (s.links ?? []).map((l) => hexId(l.traceId)),
          'Links.SpanId': (s.links ?? []).map((l) => hexId(l.spanId)),
          'Links.TraceState': (s.links ?? []).map((l) => l.traceState ?? ''),
          'Links.Attributes': (s.links ?? []).map((l) => attributesToMap(l.attributes)),
        });
      }
    }
  }
  return { otel_traces: rows };
}

/**
 * otel_logs rows, and hyperdx_sessions rows for replay records: the collector's routing connector
 * (routing/logs, `route() where IsMatch(attributes["rr-web.event"], ".*")`) sends a matching record
 * ONLY to logs/out-rrweb (table hyperdx_sessions); default_pipelines gets only unmatched records.
 */
export function logRows(req: LogsRequest): TableRows {
  const logs: Row[] = [];
  const sessions: Row[] = [];
  for (const rl of req.resourceLogs ?? []) {
    const resAttr = attributesToMap(rl.resource?.attributes);
    const svc = serviceName(rl.resource);
    for (const sl of rl.scopeLogs ?? []) {
      for (const original of sl.logRecords ?? []) {
        // `IsMatch(attr, ".*")` is true for any present attribute, including an empty string.
        const replay = original.attributes?.some((a) => a.key === RRWEB_EVENT_ATTRIBUTE) ?? false;
        const r = replay ? original : clickStackLogTransform(original);
        // The exporter uses the observed time when the record has no timestamp.
        const ts = nanos(r.timeUnixNano) || nanos(r.observedTimeUnixNano);
        const row: Row = {
          Timestamp: dateTime64(ts),
          TraceId: hexId(r.traceId),
          SpanId: hexId(r.spanId),
          TraceFlags: (r.flags ?? 0) & 0xff,
          SeverityText: r.severityText ?? '',
          SeverityNumber: Number(r.severityNumber ?? 0) || 0,
          ServiceName: svc,
          Body: anyValueAsString(r.body),
          ResourceSchemaUrl: rl.schemaUrl ?? '',
          ResourceAttributes: resAttr,
          ScopeSchemaUrl: sl.schemaUrl ?? '',
          ScopeName: sl.scope?.name ?? '',
          ScopeVersion: sl.scope?.version ?? '',
          ScopeAttributes: attributesToMap(sl.scope?.attributes),
          LogAttributes: attributesToMap(r.attributes),
        };
        // hyperdx_sessions has no EventName column.
        if (replay) sessions.push(row);
        else logs.push({ ...row, EventName: r.eventName ?? '' });
      }
    }
  }
  return { otel_logs: logs, hyperdx_sessions: sessions };
}

function pointValue(p: { asDouble?: number | string; asInt?: string | number }): number {
  if (p.asDouble !== undefined) return Number(p.asDouble);
  if (p.asInt !== undefined) return Number(p.asInt);
  return 0;
}

function exemplarColumns(ex: Exemplar[] | undefined): Row {
  const e = ex ?? [];
  return {
    'Exemplars.FilteredAttributes': e.map((x) => attributesToMap(x.filteredAttributes)),
    'Exemplars.TimeUnix': e.map((x) => dateTime(nanos(x.timeUnixNano))),
    'Exemplars.Value': e.map(pointValue),
    'Exemplars.SpanId': e.map((x) => hexId(x.spanId)),
    'Exemplars.TraceId': e.map((x) => hexId(x.traceId)),
  };
}

const num = (v: string | number | undefined): string => (v === undefined ? '0' : BigInt(v).toString());
const TEMPORALITY: Record<string, number> = {
  AGGREGATION_TEMPORALITY_UNSPECIFIED: 0, AGGREGATION_TEMPORALITY_DELTA: 1, AGGREGATION_TEMPORALITY_CUMULATIVE: 2,
};

/** otel_metrics_{gauge,sum,histogram,exponential_histogram,summary} rows. */
export function metricRows(req: MetricsRequest): TableRows {
  const out: TableRows = {
    otel_metrics_gauge: [], otel_metrics_sum: [], otel_metrics_histogram: [], otel_metrics_exponential_histogram: [], otel_metrics_summary: [],
  };
  for (const rm of req.resourceMetrics ?? []) {
    const resAttr = attributesToMap(rm.resource?.attributes);
    const svc = serviceName(rm.resource);
    for (const sm of rm.scopeMetrics ?? []) {
      for (const m of sm.metrics ?? []) {
        const base = (p: NumberPoint): Row => ({
          ResourceAttributes: resAttr,
          ResourceSchemaUrl: rm.schemaUrl ?? '',
          ScopeName: sm.scope?.name ?? '',
          ScopeVersion: sm.scope?.version ?? '',
          ScopeAttributes: attributesToMap(sm.scope?.attributes),
          ScopeDroppedAttrCount: sm.scope?.droppedAttributesCount ?? 0,
          ScopeSchemaUrl: sm.schemaUrl ?? '',
          ServiceName: svc,
          MetricName: m.name ?? '',
          MetricDescription: m.description ?? '',
          MetricUnit: m.unit ?? '',
          Attributes: attributesToMap(p.attributes),
          StartTimeUnix: dateTime(nanos(p.startTimeUnixNano)),
          TimeUnix: dateTime(nanos(p.timeUnixNano)),
          Flags: p.flags ?? 0,
          ...exemplarColumns(p.exemplars),
        });
        for (const p of m.gauge?.dataPoints ?? []) out.otel_metrics_gauge!.push({ ...base(p), Value: pointValue(p) });
        for (const p of m.sum?.dataPoints ?? []) {
          out.otel_metrics_sum!.push({
            ...base(p), Value: pointValue(p),
            AggregationTemporality: enumIndex(m.sum?.aggregationTemporality, TEMPORALITY), IsMonotonic: m.sum?.isMonotonic ?? false,
          });
        }
        for (const p of m.histogram?.dataPoints ?? []) {
          out.otel_metrics_histogram!.push({
            ...base(p), Count: num(p.count), Sum: p.sum ?? 0, BucketCounts: (p.bucketCounts ?? []).map(num),
            ExplicitBounds: p.explicitBounds ?? [], Min: p.min ?? 0, Max: p.max ?? 0,
            AggregationTemporality: enumIndex(m.histogram?.aggregationTemporality, TEMPORALITY),
          });
        }
        for (const p of m.exponentialHistogram?.dataPoints ?? []) {
          out.otel_metrics_exponential_histogram!.push({
            ...base(p), Count: num(p.count), Sum: p.sum ?? 0, Scale: p.scale ?? 0, ZeroCount: num(p.zeroCount),
            PositiveOffset: p.positive?.offset ?? 0, PositiveBucketCounts: (p.positive?.bucketCounts ?? []).map(num),
            NegativeOffset: p.negative?.offset ?? 0, NegativeBucketCounts: (p.negative?.bucketCounts ?? []).map(num),
            Min: p.min ?? 0, Max: p.max ?? 0,
            AggregationTemporality: enumIndex(m.exponentialHistogram?.aggregationTemporality, TEMPORALITY),
          });
        }
        for (const p of m.summary?.dataPoints ?? []) {
          const q = p.quantileValues ?? [];
          const { ['Exemplars.FilteredAttributes']: _a, ['Exemplars.TimeUnix']: _b, ['Exemplars.Value']: _c, ['Exemplars.SpanId']: _d, ['Exemplars.TraceId']: _e, ...row } = base(p);
          out.otel_metrics_summary!.push({
            ...row, Count: num(p.count), Sum: p.sum ?? 0,
            'ValueAtQuantiles.Quantile': q.map((x) => x.quantile ?? 0), 'ValueAtQuantiles.Value': q.map((x) => x.value ?? 0),
          });
        }
      }
    }
  }
  return out;
}
