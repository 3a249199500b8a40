/**
 * The tables ClickStack creates, for the embedded chdb store behind `clickstack-otel dev
 * --clickhouse` and the e2e cases (never loaded by init()/register).
 *
 * Each CREATE TABLE is the text of hyperdxio/hyperdx @ b52a6fa, docker/otel-collector/schema/seed/
 * 00002_otel_logs.sql, 00003_otel_metrics.sql, 00004_hyperdx_sessions.sql and 00005_otel_traces.sql,
 * unchanged (goose comments dropped), so the HyperDX UI's SQL runs against exactly those columns,
 * MATERIALIZED/ALIAS columns, codecs, indexes, engines, partitions and sort keys. The `${...}`
 * macros are filled the way ClickStack's seeder does (packages/otel-collector/cmd/migrate/main.go,
 * processSchemaDir + ttlToClickHouseInterval): the database name, and each TTL from its default of
 * 720h -> toIntervalDay(30).
 *
 * No engine clause needed adapting: chdb 3.4 is ClickHouse 26.7, and the seeder picks these full-text
 * (`TYPE text`) variants for ClickHouse >= 26.2 (the *_compat.sql files are for older servers).
 * Not created: 00006/00007 (rollup tables and their materialized views; the UI's session, trace and
 * log queries do not read them) and 00008 (PromQL, off unless ENABLE_PROMQL=true).
 */

export interface SeedMacros {
  DATABASE: string;
  LOGS_TTL: string;
  METRICS_TTL: string;
  SESSIONS_TTL: string;
  TRACES_TTL: string;
}

/** ClickStack's defaults: HYPERDX_OTEL_EXPORTER_CLICKHOUSE_DATABASE=default, HYPERDX_OTEL_EXPORTER_TABLES_TTL=720h. */
export const DEFAULT_SEED_MACROS: SeedMacros = {
  DATABASE: 'default',
  LOGS_TTL: 'toIntervalDay(30)',
  METRICS_TTL: 'toIntervalDay(30)',
  SESSIONS_TTL: 'toIntervalDay(30)',
  TRACES_TTL: 'toIntervalDay(30)',
};

/** One CREATE TABLE per table, in the seed files' order. */
export const CLICKSTACK_DDL = {
  // 00002_otel_logs.sql
  otel_logs: (m) => `CREATE TABLE IF NOT EXISTS ${m.DATABASE}.otel_logs
(
  \`Timestamp\` DateTime64(9) CODEC(Delta(8), ZSTD(1)),
  \`TraceId\` String CODEC(ZSTD(1)),
  \`SpanId\` String CODEC(ZSTD(1)),
  \`TraceFlags\` UInt8,
  \`SeverityText\` LowCardinality(String) CODEC(ZSTD(1)),
  \`SeverityNumber\` UInt8,
  \`ServiceName\` LowCardinality(String) CODEC(ZSTD(1)),
  \`Body\` String CODEC(ZSTD(1)),
  \`ResourceSchemaUrl\` LowCardinality(String) CODEC(ZSTD(1)),
  \`ResourceAttributes\` Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  \`ScopeSchemaUrl\` LowCardinality(String) CODEC(ZSTD(1)),
  \`ScopeName\` String CODEC(ZSTD(1)),
  \`ScopeVersion\` LowCardinality(String) CODEC(ZSTD(1)),
  \`ScopeAttributes\` Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  \`LogAttributes\` Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  \`EventName\` String CODEC(ZSTD(1)),
  \`__hdx_materialized_k8s.cluster.name\` LowCardinality(String) MATERIALIZED ResourceAttributes['k8s.cluster.name'] CODEC(ZSTD(1)),
  \`__hdx_materialized_k8s.container.name\` LowCardinality(String) MATERIALIZED ResourceAttributes['k8s.container.name'] CODEC(ZSTD(1)),
  \`__hdx_materialized_k8s.deployment.name\` LowCardinality(String) MATERIALIZED ResourceAttributes['k8s.deployment.name'] CODEC(ZSTD(1)),
  \`__hdx_materialized_k8s.namespace.name\` LowCardinality(String) MATERIALIZED ResourceAttributes['k8s.namespace.name'] CODEC(ZSTD(1)),
  \`__hdx_materialized_k8s.node.name\` LowCardinality(String) MATERIALIZED ResourceAttributes['k8s.node.name'] CODEC(ZSTD(1)),
  \`__hdx_materialized_k8s.pod.name\` LowCardinality(String) MATERIALIZED ResourceAttributes['k8s.pod.name'] CODEC(ZSTD(1)),
  \`__hdx_materialized_k8s.pod.uid\` LowCardinality(String) MATERIALIZED ResourceAttributes['k8s.pod.uid'] CODEC(ZSTD(1)),
  \`__hdx_materialized_deployment.environment.name\` LowCardinality(String) MATERIALIZED ResourceAttributes['deployment.environment.name'] CODEC(ZSTD(1)),
  \`ResourceAttributeItems\` Array(String) ALIAS arrayMap((arr) -> concat(arr.1, '=', arr.2), ResourceAttributes::Array(Tuple(String, String))),
  \`ScopeAttributeItems\` Array(String) ALIAS arrayMap((arr) -> concat(arr.1, '=', arr.2), ScopeAttributes::Array(Tuple(String, String))),
  \`LogAttributeItems\` Array(String) ALIAS arrayMap((arr) -> concat(arr.1, '=', arr.2), LogAttributes::Array(Tuple(String, String))),
  INDEX idx_trace_id TraceId TYPE text(tokenizer = 'array'),
  INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE text(tokenizer = 'array'),
  INDEX idx_res_attr_items ResourceAttributeItems TYPE text(tokenizer = 'array'),
  INDEX idx_scope_attr_key mapKeys(ScopeAttributes) TYPE text(tokenizer = 'array'),
  INDEX idx_scope_attr_items ScopeAttributeItems TYPE text(tokenizer = 'array'),
  INDEX idx_log_attr_key mapKeys(LogAttributes) TYPE text(tokenizer = 'array'),
  INDEX idx_log_attr_items LogAttributeItems TYPE text(tokenizer = 'array'),
  INDEX idx_lower_body lower(Body) TYPE text(tokenizer = 'splitByNonAlpha')
)
ENGINE = MergeTree
PARTITION BY toDate(Timestamp)
ORDER BY (toStartOfFiveMinutes(Timestamp), ServiceName, Timestamp)
TTL toDateTime(Timestamp) + ${m.LOGS_TTL}
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1, enable_block_number_column = 1, enable_block_offset_column = 1`,
  // 00003_otel_metrics.sql
  otel_metrics_gauge: (m) => `CREATE TABLE IF NOT EXISTS ${m.DATABASE}.otel_metrics_gauge
(
    \`ResourceAttributes\` Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    \`ResourceSchemaUrl\` String CODEC(ZSTD(1)),
    \`ScopeName\` String CODEC(ZSTD(1)),
    \`ScopeVersion\` String CODEC(ZSTD(1)),
    \`ScopeAttributes\` Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    \`ScopeDroppedAttrCount\` UInt32 CODEC(ZSTD(1)),
    \`ScopeSchemaUrl\` String CODEC(ZSTD(1)),
    \`ServiceName\` LowCardinality(String) CODEC(ZSTD(1)),
    \`MetricName\` LowCardinality(String) CODEC(ZSTD(1)),
    \`MetricDescription\` String CODEC(ZSTD(1)),
    \`MetricUnit\` String CODEC(ZSTD(1)),
    \`Attributes\` Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    \`StartTimeUnix\` DateTime CODEC(Delta, ZSTD(1)),
    \`TimeUnix\` DateTime CODEC(Delta, ZSTD(1)),
    \`Value\` Float64 CODEC(ZSTD(1)),
    \`Flags\` UInt32 CODEC(ZSTD(1)),
    \`Exemplars.FilteredAttributes\` Array(Map(LowCardinality(String), String)) CODEC(ZSTD(1)),
    \`Exemplars.TimeUnix\` Array(DateTime) CODEC(ZSTD(1)),
    \`Exemplars.Value\` Array(Float64) CODEC(ZSTD(1)),
    \`Exemplars.SpanId\` Array(String) CODEC(ZSTD(1)),
    \`Exemplars.TraceId\` Array(String) CODEC(ZSTD(1)),
    INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_scope_attr_key mapKeys(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_scope_attr_value mapValues(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_attr_key mapKeys(Attributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_attr_value mapValues(Attributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_time_minmax TimeUnix TYPE minmax GRANULARITY 1
)
ENGINE = MergeTree
PARTITION BY toDate(TimeUnix)
ORDER BY (ServiceName, MetricName, toStartOfHour(TimeUnix), cityHash64(Attributes), TimeUnix)
TTL toDateTime(TimeUnix) + ${m.METRICS_TTL}
SETTINGS ttl_only_drop_parts = 1`,
  // 00003_otel_metrics.sql
  otel_metrics_sum: (m) => `CREATE TABLE IF NOT EXISTS ${m.DATABASE}.otel_metrics_sum
(
    \`ResourceAttributes\` Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    \`ResourceSchemaUrl\` String CODEC(ZSTD(1)),
    \`ScopeName\` String CODEC(ZSTD(1)),
    \`ScopeVersion\` String CODEC(ZSTD(1)),
    \`ScopeAttributes\` Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    \`ScopeDroppedAttrCount\` UInt32 CODEC(ZSTD(1)),
    \`ScopeSchemaUrl\` String CODEC(ZSTD(1)),
    \`ServiceName\` LowCardinality(String) CODEC(ZSTD(1)),
    \`MetricName\` LowCardinality(String) CODEC(ZSTD(1)),
    \`MetricDescription\` String CODEC(ZSTD(1)),
    \`MetricUnit\` String CODEC(ZSTD(1)),
    \`Attributes\` Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    \`StartTimeUnix\` DateTime CODEC(Delta, ZSTD(1)),
    \`TimeUnix\` DateTime CODEC(Delta, ZSTD(1)),
    \`Value\` Float64 CODEC(ZSTD(1)),
    \`Flags\` UInt32 CODEC(ZSTD(1)),
    \`Exemplars.FilteredAttributes\` Array(Map(LowCardinality(String), String)) CODEC(ZSTD(1)),
    \`Exemplars.TimeUnix\` Array(DateTime) CODEC(ZSTD(1)),
    \`Exemplars.Value\` Array(Float64) CODEC(ZSTD(1)),
    \`Exemplars.SpanId\` Array(String) CODEC(ZSTD(1)),
    \`Exemplars.TraceId\` Array(String) CODEC(ZSTD(1)),
    \`AggregationTemporality\` Int32 CODEC(ZSTD(1)),
    \`IsMonotonic\` Bool CODEC(ZSTD(1)),
    INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_scope_attr_key mapKeys(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_scope_attr_value mapValues(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_attr_key mapKeys(Attributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_attr_value mapValues(Attributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_time_minmax TimeUnix TYPE minmax GRANULARITY 1
)
ENGINE = MergeTree
PARTITION BY toDate(TimeUnix)
ORDER BY (ServiceName, MetricName, toStartOfHour(TimeUnix), cityHash64(Attributes), TimeUnix)
TTL toDateTime(TimeUnix) + ${m.METRICS_TTL}
SETTINGS ttl_only_drop_parts = 1`,
  // 00003_otel_metrics.sql
  otel_metrics_histogram: (m) => `CREATE TABLE IF NOT EXISTS ${m.DATABASE}.otel_metrics_histogram
(
    \`ResourceAttributes\` Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    \`ResourceSchemaUrl\` String CODEC(ZSTD(1)),
    \`ScopeName\` String CODEC(ZSTD(1)),
    \`ScopeVersion\` String CODEC(ZSTD(1)),
    \`ScopeAttributes\` Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    \`ScopeDroppedAttrCount\` UInt32 CODEC(ZSTD(1)),
    \`ScopeSchemaUrl\` String CODEC(ZSTD(1)),
    \`ServiceName\` LowCardinality(String) CODEC(ZSTD(1)),
    \`MetricName\` LowCardinality(String) CODEC(ZSTD(1)),
    \`MetricDescription\` String CODEC(ZSTD(1)),
    \`MetricUnit\` String CODEC(ZSTD(1)),
    \`Attributes\` Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    \`StartTimeUnix\` DateTime CODEC(Delta, ZSTD(1)),
    \`TimeUnix\` DateTime CODEC(Delta, ZSTD(1)),
    \`Count\` UInt64 CODEC(Delta(8), ZSTD(1)),
    \`Sum\` Float64 CODEC(ZSTD(1)),
    \`BucketCounts\` Array(UInt64) CODEC(ZSTD(1)),
    \`ExplicitBounds\` Array(Float64) CODEC(ZSTD(1)),
    \`Exemplars.FilteredAttributes\` Array(Map(LowCardinality(String), String)) CODEC(ZSTD(1)),
    \`Exemplars.TimeUnix\` Array(DateTime) CODEC(ZSTD(1)),
    \`Exemplars.Value\` Array(Float64) CODEC(ZSTD(1)),
    \`Exemplars.SpanId\` Array(String) CODEC(ZSTD(1)),
    \`Exemplars.TraceId\` Array(String) CODEC(ZSTD(1)),
    \`Flags\` UInt32 CODEC(ZSTD(1)),
    \`Min\` Float64 CODEC(ZSTD(1)),
    \`Max\` Float64 CODEC(ZSTD(1)),
    \`AggregationTemporality\` Int32 CODEC(ZSTD(1)),
    INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_scope_attr_key mapKeys(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_scope_attr_value mapValues(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_attr_key mapKeys(Attributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_attr_value mapValues(Attributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_time_minmax TimeUnix TYPE minmax GRANULARITY 1
)
ENGINE = MergeTree
PARTITION BY toDate(TimeUnix)
ORDER BY (ServiceName, MetricName, toStartOfHour(TimeUnix), cityHash64(Attributes), TimeUnix)
TTL toDateTime(TimeUnix) + ${m.METRICS_TTL}
SETTINGS ttl_only_drop_parts = 1`,
  // 00003_otel_metrics.sql
  otel_metrics_exponential_histogram: (m) => `CREATE TABLE IF NOT EXISTS ${m.DATABASE}.otel_metrics_exponential_histogram
(
    \`ResourceAttributes\` Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    \`ResourceSchemaUrl\` String CODEC(ZSTD(1)),
    \`ScopeName\` String CODEC(ZSTD(1)),
    \`ScopeVersion\` String CODEC(ZSTD(1)),
    \`ScopeAttributes\` Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    \`ScopeDroppedAttrCount\` UInt32 CODEC(ZSTD(1)),
    \`ScopeSchemaUrl\` String CODEC(ZSTD(1)),
    \`ServiceName\` LowCardinality(String) CODEC(ZSTD(1)),
    \`MetricName\` LowCardinality(String) CODEC(ZSTD(1)),
    \`MetricDescription\` String CODEC(ZSTD(1)),
    \`MetricUnit\` String CODEC(ZSTD(1)),
    \`Attributes\` Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    \`StartTimeUnix\` DateTime CODEC(Delta, ZSTD(1)),
    \`TimeUnix\` DateTime CODEC(Delta, ZSTD(1)),
    \`Count\` UInt64 CODEC(Delta(8), ZSTD(1)),
    \`Sum\` Float64 CODEC(ZSTD(1)),
    \`Scale\` Int32 CODEC(ZSTD(1)),
    \`ZeroCount\` UInt64 CODEC(ZSTD(1)),
    \`PositiveOffset\` Int32 CODEC(ZSTD(1)),
    \`PositiveBucketCounts\` Array(UInt64) CODEC(ZSTD(1)),
    \`NegativeOffset\` Int32 CODEC(ZSTD(1)),
    \`NegativeBucketCounts\` Array(UInt64) CODEC(ZSTD(1)),
    \`Exemplars.FilteredAttributes\` Array(Map(LowCardinality(String), String)) CODEC(ZSTD(1)),
    \`Exemplars.TimeUnix\` Array(DateTime) CODEC(ZSTD(1)),
    \`Exemplars.Value\` Array(Float64) CODEC(ZSTD(1)),
    \`Exemplars.SpanId\` Array(String) CODEC(ZSTD(1)),
    \`Exemplars.TraceId\` Array(String) CODEC(ZSTD(1)),
    \`Flags\` UInt32 CODEC(ZSTD(1)),
    \`Min\` Float64 CODEC(ZSTD(1)),
    \`Max\` Float64 CODEC(ZSTD(1)),
    \`AggregationTemporality\` Int32 CODEC(ZSTD(1)),
    INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_scope_attr_key mapKeys(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_scope_attr_value mapValues(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_attr_key mapKeys(Attributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_attr_value mapValues(Attributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_time_minmax TimeUnix TYPE minmax GRANULARITY 1
)
ENGINE = MergeTree
PARTITION BY toDate(TimeUnix)
ORDER BY (ServiceName, MetricName, toStartOfHour(TimeUnix), cityHash64(Attributes), TimeUnix)
TTL toDateTime(TimeUnix) + ${m.METRICS_TTL}
SETTINGS ttl_only_drop_parts = 1`,
  // 00003_otel_metrics.sql
  otel_metrics_summary: (m) => `CREATE TABLE IF NOT EXISTS ${m.DATABASE}.otel_metrics_summary
(
    \`ResourceAttributes\` Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    \`ResourceSchemaUrl\` String CODEC(ZSTD(1)),
    \`ScopeName\` String CODEC(ZSTD(1)),
    \`ScopeVersion\` String CODEC(ZSTD(1)),
    \`ScopeAttributes\` Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    \`ScopeDroppedAttrCount\` UInt32 CODEC(ZSTD(1)),
    \`ScopeSchemaUrl\` String CODEC(ZSTD(1)),
    \`ServiceName\` LowCardinality(String) CODEC(ZSTD(1)),
    \`MetricName\` LowCardinality(String) CODEC(ZSTD(1)),
    \`MetricDescription\` String CODEC(ZSTD(1)),
    \`MetricUnit\` String CODEC(ZSTD(1)),
    \`Attributes\` Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    \`StartTimeUnix\` DateTime CODEC(Delta, ZSTD(1)),
    \`TimeUnix\` DateTime CODEC(Delta, ZSTD(1)),
    \`Count\` UInt64 CODEC(Delta(8), ZSTD(1)),
    \`Sum\` Float64 CODEC(ZSTD(1)),
    \`ValueAtQuantiles.Quantile\` Array(Float64) CODEC(ZSTD(1)),
    \`ValueAtQuantiles.Value\` Array(Float64) CODEC(ZSTD(1)),
    \`Flags\` UInt32 CODEC(ZSTD(1)),
    INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_scope_attr_key mapKeys(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_scope_attr_value mapValues(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_attr_key mapKeys(Attributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_attr_value mapValues(Attributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_time_minmax TimeUnix TYPE minmax GRANULARITY 1
)
ENGINE = MergeTree
PARTITION BY toDate(TimeUnix)
ORDER BY (ServiceName, MetricName, toStartOfHour(TimeUnix), cityHash64(Attributes), TimeUnix)
TTL toDateTime(TimeUnix) + ${m.METRICS_TTL}
SETTINGS ttl_only_drop_parts = 1`,
  // 00004_hyperdx_sessions.sql
  hyperdx_sessions: (m) => `CREATE TABLE IF NOT EXISTS ${m.DATABASE}.hyperdx_sessions
(
  \`Timestamp\` DateTime64(9) CODEC(Delta(8), ZSTD(1)),
  \`TimestampTime\` DateTime DEFAULT toDateTime(Timestamp),
  \`TraceId\` String CODEC(ZSTD(1)),
  \`SpanId\` String CODEC(ZSTD(1)),
  \`TraceFlags\` UInt8,
  \`SeverityText\` LowCardinality(String) CODEC(ZSTD(1)),
  \`SeverityNumber\` UInt8,
  \`ServiceName\` LowCardinality(String) CODEC(ZSTD(1)),
  \`Body\` String CODEC(ZSTD(1)),
  \`ResourceSchemaUrl\` LowCardinality(String) CODEC(ZSTD(1)),
  \`ResourceAttributes\` Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  \`ScopeSchemaUrl\` LowCardinality(String) CODEC(ZSTD(1)),
  \`ScopeName\` String CODEC(ZSTD(1)),
  \`ScopeVersion\` LowCardinality(String) CODEC(ZSTD(1)),
  \`ScopeAttributes\` Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  \`LogAttributes\` Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1,
  INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_scope_attr_key mapKeys(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_scope_attr_value mapValues(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_log_attr_key mapKeys(LogAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_log_attr_value mapValues(LogAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_lower_body lower(Body) TYPE tokenbf_v1(32768, 3, 0) GRANULARITY 8
)
ENGINE = MergeTree
PARTITION BY toDate(TimestampTime)
PRIMARY KEY (ServiceName, TimestampTime)
ORDER BY (ServiceName, TimestampTime, Timestamp)
TTL TimestampTime + ${m.SESSIONS_TTL}
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1`,
  // 00005_otel_traces.sql
  otel_traces: (m) => `CREATE TABLE IF NOT EXISTS ${m.DATABASE}.otel_traces
(
    \`Timestamp\` DateTime64(9) CODEC(Delta(8), ZSTD(1)),
    \`TraceId\` String CODEC(ZSTD(1)),
    \`SpanId\` String CODEC(ZSTD(1)),
    \`ParentSpanId\` String CODEC(ZSTD(1)),
    \`TraceState\` String CODEC(ZSTD(1)),
    \`SpanName\` LowCardinality(String) CODEC(ZSTD(1)),
    \`SpanKind\` LowCardinality(String) CODEC(ZSTD(1)),
    \`ServiceName\` LowCardinality(String) CODEC(ZSTD(1)),
    \`ResourceAttributes\` Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    \`ScopeName\` String CODEC(ZSTD(1)),
    \`ScopeVersion\` String CODEC(ZSTD(1)),
    \`SpanAttributes\` Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    \`Duration\` UInt64 CODEC(ZSTD(1)),
    \`StatusCode\` LowCardinality(String) CODEC(ZSTD(1)),
    \`StatusMessage\` String CODEC(ZSTD(1)),
    \`Events.Timestamp\` Array(DateTime64(9)) CODEC(ZSTD(1)),
    \`Events.Name\` Array(LowCardinality(String)) CODEC(ZSTD(1)),
    \`Events.Attributes\` Array(Map(LowCardinality(String), String)) CODEC(ZSTD(1)),
    \`Links.TraceId\` Array(String) CODEC(ZSTD(1)),
    \`Links.SpanId\` Array(String) CODEC(ZSTD(1)),
    \`Links.TraceState\` Array(String) CODEC(ZSTD(1)),
    \`Links.Attributes\` Array(Map(LowCardinality(String), String)) CODEC(ZSTD(1)),
    \`__hdx_materialized_rum.sessionId\` String MATERIALIZED ResourceAttributes['rum.sessionId'] CODEC(ZSTD(1)),
    \`SampleRate\` UInt64 MATERIALIZED greatest(toUInt64OrZero(SpanAttributes['SampleRate']), 1) CODEC(T64, ZSTD(1)),
    \`ResourceAttributeItems\` Array(String) ALIAS arrayMap((arr) -> concat(arr.1, '=', arr.2), ResourceAttributes::Array(Tuple(String, String))),
    \`SpanAttributeItems\` Array(String) ALIAS arrayMap((arr) -> concat(arr.1, '=', arr.2), SpanAttributes::Array(Tuple(String, String))),
    INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1,
    INDEX idx_rum_session_id __hdx_materialized_rum.sessionId TYPE bloom_filter(0.001) GRANULARITY 1,
    INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_res_attr_items ResourceAttributeItems TYPE text(tokenizer = 'array'),
    INDEX idx_span_attr_key mapKeys(SpanAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_span_attr_items SpanAttributeItems TYPE text(tokenizer = 'array'),
    INDEX idx_duration Duration TYPE minmax GRANULARITY 1,
    INDEX idx_lower_span_name lower(SpanName) TYPE tokenbf_v1(32768, 3, 0) GRANULARITY 8
)
ENGINE = MergeTree
PARTITION BY toDate(Timestamp)
ORDER BY (ServiceName, SpanName, toDateTime(Timestamp))
TTL toDate(Timestamp) + ${m.TRACES_TTL}
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1`,
} satisfies Record<string, (m: SeedMacros) => string>;

export type ClickStackTable = keyof typeof CLICKSTACK_DDL;
export const CLICKSTACK_TABLES = Object.keys(CLICKSTACK_DDL) as ClickStackTable[];

/** The CREATE TABLE statements with the macros filled in. */
export function clickStackDdl(macros: SeedMacros = DEFAULT_SEED_MACROS): string[] {
  return CLICKSTACK_TABLES.map((t) => CLICKSTACK_DDL[t](macros));
}
