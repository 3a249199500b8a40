/**
 * The HyperDX UI's own queries (hyperdxio/hyperdx @ b52a6fa), for the ClickStack sources the UI
 * creates by default (packages/app/src/components/OnboardingModal.tsx: trace source on otel_traces
 * with SpanAttributes/ResourceAttributes/Events/Links, Duration precision 9; log source on otel_logs).
 *
 * The UI builds most of its SQL with renderChartConfig (packages/common-utils/src/core/
 * renderChartConfig.ts) from a chart config; the config's expressions are copied from the named
 * source file and rendered here as renderChartConfig and the Lucene serializer (packages/
 * common-utils/src/queryParser.ts) render them for ClickStack's schema:
 * - `count` with an aggCondition -> `countIf(<condition>)`; a date range ->
 *   `Timestamp >= fromUnixTimestamp64Milli(start) AND Timestamp <= fromUnixTimestamp64Milli(end)`;
 * - Lucene `Map.key:"v"` on a Map column that has a `*AttributeItems` text index (ClickStack's
 *   seed) -> `has(SpanAttributeItems, concat('key', '=', 'v'))`; `Map.key:*` -> `notEmpty(Map['key']) = 1`;
 *   `Column:"v"` on a String column -> `(Column = 'v')`; `Column:v` unquoted -> `(Column ILIKE '%v%')`.
 *   The serializer's `indexHint(...)` postfixes are left out: they only steer index use.
 */

const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const range = (column: string, [start, end]: [number, number]) =>
  `(${column} >= fromUnixTimestamp64Milli(${start}) AND ${column} <= fromUnixTimestamp64Milli(${end}))`;

/**
 * Client Sessions list: packages/app/src/sessions.ts useSessions (@ b52a6fa), the sessions CTE
 * without a search (the `HAVING interactionCount > 0 OR recordingCount > 0` branch). The selects
 * are the file's: serviceName, sessionId = ResourceAttributes['rum.sessionId'], MAX/MIN Timestamp,
 * counts with the aggConditions `SpanAttributes.component:"user-interaction"`, `StatusCode:error`,
 * `SpanName:"record init"`, and MAX(SpanAttributes[k]) for FIXED_SDK_ATTRIBUTES.
 */
export function sessionsQuery(dateRange: [number, number]): string {
  return `
WITH _sessions AS (
  SELECT
    ServiceName AS serviceName,
    ResourceAttributes['rum.sessionId'] AS sessionId,
    MAX(Timestamp) AS maxTimestamp,
    MIN(Timestamp) AS minTimestamp,
    count() AS sessionCount,
    countIf((has(SpanAttributeItems, concat('component', '=', 'user-interaction')))) AS interactionCount,
    countIf((StatusCode ILIKE '%error%')) AS errorCount,
    countIf((SpanName = 'record init')) AS recordingCount,
    MAX(SpanAttributes['teamId']) AS teamId,
    MAX(SpanAttributes['teamName']) AS teamName,
    MAX(SpanAttributes['userEmail']) AS userEmail,
    MAX(SpanAttributes['userName']) AS userName
  FROM default.otel_traces
  WHERE ${range('Timestamp', dateRange)} AND (notEmpty(ResourceAttributes['rum.sessionId']) = 1)
  GROUP BY serviceName, sessionId
),
sessions AS (
  SELECT *
  FROM _sessions
  HAVING interactionCount > 0 OR recordingCount > 0
  ORDER BY maxTimestamp DESC
  LIMIT 500
)
SELECT *
FROM sessions`;
}

/**
 * Trace waterfall, trace side: packages/app/src/components/DBTraceWaterfallChart.tsx getConfig
 * (@ b52a6fa) for a trace source: Body = SpanName, Timestamp, SpanId, ServiceName, Duration in
 * seconds (source.ts getDurationSecondsExpression: `(Duration)/1e9`), ParentSpanId, StatusCode,
 * SpanAttributes, SpanEvents = Events; `where: TraceId = <id>`, limit 50000.
 */
export function waterfallTraceQuery(traceId: string, dateRange: [number, number]): string {
  return `
SELECT SpanName AS Body, Timestamp AS Timestamp, SpanId AS SpanId, ServiceName AS ServiceName,
  (Duration)/1e9 AS Duration, ParentSpanId AS ParentSpanId, StatusCode AS StatusCode,
  SpanAttributes AS SpanAttributes, Events AS SpanEvents
FROM default.otel_traces
WHERE ${range('Timestamp', dateRange)} AND (TraceId = ${q(traceId)})
LIMIT 50000`;
}

/**
 * Trace waterfall, log side (the correlated log rows drawn in the trace): the same getConfig for a
 * log source: Body (getEventBody: the source's body expression, `Body`), Timestamp, SpanId,
 * ServiceName, SeverityText; `where: TraceId = <id>`. The onboarding log source names
 * `TimestampTime` as its time column, which ClickStack's current otel_logs seed does not have, so
 * the date range is applied to `Timestamp` (its displayed timestamp).
 */
export function waterfallLogQuery(traceId: string, dateRange: [number, number]): string {
  return `
SELECT Body AS Body, Timestamp AS Timestamp, SpanId AS SpanId, ServiceName AS ServiceName, SeverityText AS SeverityText
FROM default.otel_logs
WHERE ${range('Timestamp', dateRange)} AND (TraceId = ${q(traceId)})
LIMIT 50000`;
}

/**
 * One row for the side panel: packages/app/src/components/DBRowDataPanel.tsx useRowData
 * (@ b52a6fa) for a trace source: `*` plus the `__hdx_*` aliases the overview, network and exception
 * panels read, among them `SpanAttributes AS __hdx_event_attributes` and
 * `Events.Attributes[indexOf(Events.Name, 'exception')] AS __hdx_events_exception_attributes`;
 * the row id is the TraceId/SpanId pair ("View Trace" synthesizes the same), limit 1.
 */
export function rowDataQuery(traceId: string, spanId: string): string {
  return `
SELECT *, Timestamp AS __hdx_timestamp, SpanName AS __hdx_body, TraceId AS __hdx_trace_id, SpanId AS __hdx_span_id,
  StatusCode AS __hdx_severity_text, ServiceName AS __hdx_service_name, ResourceAttributes AS __hdx_resource_attributes,
  SpanAttributes AS __hdx_event_attributes,
  Events.Attributes[indexOf(Events.Name, 'exception')] AS __hdx_events_exception_attributes,
  Events AS __hdx_span_events, (Duration)/1e6 AS __hdx_duration_ms, SpanKind AS __hdx_span_kind, Links AS __hdx_span_links
FROM default.otel_traces
WHERE TraceId = ${q(traceId)} AND SpanId = ${q(spanId)}
LIMIT 1`;
}

/**
 * What packages/app/src/components/NetworkPropertyPanel.tsx (@ b52a6fa) shows from a row's event
 * attributes, re-expressed (not copied): the HTTP section exists only when `http.url` is set
 * (DBRowOverviewPanel.tsx isHttpRequest); every `http.request.header.*` / `http.response.header.*`
 * key is one header, its name with the first `_` shown as `-`; a value that parses as a JSON array
 * gives one row per element, any other value one row as text.
 */
export function networkPanel(attributes: Record<string, string>) {
  const headers = (prefix: string): [string, string][] =>
    Object.entries(attributes)
      .filter(([k]) => k.startsWith(prefix))
      .flatMap(([k, raw]) => {
        let value: unknown = raw;
        try {
          value = JSON.parse(raw);
        } catch {
          // a plain string stays as it is
        }
        const name = k.slice(prefix.length).replace('_', '-');
        if (Array.isArray(value)) return value.map((v) => [name, `${v}`] as [string, string]);
        if (value && typeof value === 'object' && Object.keys(value).length > 0) return [[name, JSON.stringify(value)] as [string, string]];
        return [[name, `${value}`] as [string, string]];
      });
  return {
    shown: attributes['http.url'] != null,
    url: attributes['http.url'],
    method: attributes['http.method'],
    statusCode: attributes['http.status_code'],
    requestHeaders: headers('http.request.header.'),
    responseHeaders: headers('http.response.header.'),
    requestBody: attributes['http.request.body'],
    responseBody: attributes['http.response.body'],
  };
}

/**
 * What packages/app/src/components/DBRowOverviewPanel.tsx exceptionValues (@ b52a6fa) takes from
 * `__hdx_events_exception_attributes`, re-expressed: stacktrace = `exception.stacktrace` or
 * `exception.parsed_stacktrace`, JSON-parsed when it is JSON (a frames table), else kept as text.
 */
export function exceptionPanel(attrs: Record<string, string> | undefined) {
  if (!attrs || Object.keys(attrs).length === 0) return undefined;
  const raw = attrs['exception.stacktrace'] || attrs['exception.parsed_stacktrace'];
  let stacktrace: unknown = raw ?? '[]';
  try {
    stacktrace = JSON.parse(raw ?? '[]');
  } catch {
    // a plain string stack (V8's) is shown as text
  }
  return { type: attrs['exception.type'], message: attrs['exception.message'], stacktrace };
}

/**
 * Replay event stream: packages/app/src/sessions.ts useRRWebEventStream (@ b52a6fa) on the session
 * source (SESSION_TABLE_EXPRESSIONS in source.ts: Body, LogAttributes, TimestampTime): selects
 * b = Body, t = simpleJSONExtractInt(Body, 'type'), ck = LogAttributes['rr-web.chunk'],
 * tcks = LogAttributes['rr-web.total-chunks']; Lucene `ServiceName:"<svc>" AND
 * ResourceAttributes.rum.sessionId:"<sid>"` (hyperdx_sessions has no *AttributeItems index, so plain
 * equality); ordered by TimestampTime ASC.
 */
export function replayQuery(serviceName: string, sessionId: string, dateRange: [number, number]): string {
  return `
SELECT Body AS b, simpleJSONExtractInt(Body, 'type') AS t, LogAttributes['rr-web.chunk'] AS ck, LogAttributes['rr-web.total-chunks'] AS tcks
FROM default.hyperdx_sessions
WHERE ${range('TimestampTime', dateRange)} AND ((ServiceName = ${q(serviceName)}) AND (ResourceAttributes['rum.sessionId'] = ${q(sessionId)}))
ORDER BY TimestampTime ASC
LIMIT 1000000`;
}

/**
 * What DOMPlayer.tsx does with those rows, re-expressed: bodies are concatenated until a row's chunk
 * equals its total (or it has no chunk attribute), then the text is JSON-parsed as one rrweb event.
 */
export function replayEvents(rows: { b: string; ck: string; tcks: string }[]): { type: number; timestamp: number }[] {
  const events: { type: number; timestamp: number }[] = [];
  let pending = '';
  for (const row of rows) {
    pending += row.b;
    if (!row.ck || row.ck === row.tcks) {
      events.push(JSON.parse(pending));
      pending = '';
    }
  }
  return events;
}
