/**
 * Explicit-bucket histograms the SDK aggregates itself, for the durations its own instrumentation
 * records on every request (`http.server.request.duration`, `http.client.request.duration`).
 *
 * Why not sdk-metrics' Histogram: each `record()` there hashes the attribute set (keys sorted,
 * then JSON.stringify) to find its data point, the costliest frame of a traced request's metrics
 * (issue 16). Here the caller names the set with a key it builds cheaply from the few values that
 * vary, and the attributes object is built only the first time a key is seen.
 *
 * What it gives up, and why that is safe: it is cumulative only and knows no views. The pipeline
 * (./metric-pipeline.ts) offers it only when every reader is its own (cumulative, default
 * aggregation); with a user's reader, which may choose delta or another aggregation, the SDK's
 * instruments are used as before. Collections are appended to what the SDK collected, under the
 * same scope, as the same MetricData the SDK's HistogramAggregator builds (own-histograms.test.ts
 * compares both, through the OTLP serializer). The cardinality limit is the SDK's default.
 */
import { ValueType, type Attributes, type HrTime, type MeterProvider } from '@opentelemetry/api';
import { millisToHrTime } from '@opentelemetry/core';
import {
  AggregationTemporality,
  DataPointType,
  type HistogramMetricData,
  type MetricProducer,
  type MetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';

/** sdk-metrics' default aggregation cardinality limit per metric stream, overflow point included. */
export const HISTOGRAM_CARDINALITY_LIMIT = 2000;
/** The SDK's attributes for measurements past the limit. */
const OVERFLOW_ATTRIBUTES: Attributes = { 'otel.metric.overflow': true };
/** Cannot collide with a caller's key: callers' keys never start with a control character. */
const OVERFLOW_KEY = '\u0000overflow';

interface Point {
  readonly attributes: Attributes;
  readonly startTime: HrTime;
  /** One per bucket: boundaries.length + 1, the last for values above every boundary. */
  readonly counts: number[];
  sum: number;
  count: number;
  min: number;
  max: number;
}

export interface HistogramDescription {
  name: string;
  description: string;
  unit: string;
  boundaries: readonly number[];
}

export class OwnHistogram {
  private readonly points = new Map<string, Point>();
  private readonly boundaries: number[];

  constructor(
    readonly scope: { readonly name: string; readonly version?: string },
    private readonly description: HistogramDescription,
  ) {
    this.boundaries = [...description.boundaries];
  }

  /**
   * Records `value` on the data point named by `key`, which must stand for exactly one attribute
   * set; `attributesOf(source)` builds that set the first time the key is seen.
   */
  record<S>(value: number, key: string, source: S, attributesOf: (source: S) => Attributes): void {
    let point = this.points.get(key);
    if (point === undefined) point = this.create(key, source, attributesOf);
    // As the SDK: NaN falls into no bucket and is not counted (its data point still exists).
    if (value !== value) return;
    point.count++;
    point.sum += value;
    if (value < point.min) point.min = value;
    if (value > point.max) point.max = value;
    // Buckets are upper-inclusive, (b[i-1], b[i]]; a dozen boundaries: a scan beats a bisection.
    const b = this.boundaries;
    let i = 0;
    while (i < b.length && value > b[i]!) i++;
    point.counts[i]!++;
  }

  private create<S>(key: string, source: S, attributesOf: (source: S) => Attributes): Point {
    const overflow = this.points.size >= HISTOGRAM_CARDINALITY_LIMIT - 1;
    if (overflow) {
      const existing = this.points.get(OVERFLOW_KEY);
      if (existing) return existing;
    }
    const point: Point = {
      attributes: overflow ? OVERFLOW_ATTRIBUTES : attributesOf(source),
      startTime: millisToHrTime(Date.now()),
      counts: new Array<number>(this.boundaries.length + 1).fill(0),
      sum: 0,
      count: 0,
      min: Infinity,
      max: -Infinity,
    };
    this.points.set(overflow ? OVERFLOW_KEY : key, point);
    return point;
  }

  /** The cumulative data points at `endTime` (copies: an export may still be reading them later), or none yet. */
  collect(endTime: HrTime): HistogramMetricData | undefined {
    if (this.points.size === 0) return undefined;
    const { name, description, unit } = this.description;
    const dataPoints: HistogramMetricData['dataPoints'] = [];
    for (const p of this.points.values()) {
      const hasMinMax = p.count > 0;
      dataPoints.push({
        attributes: p.attributes,
        startTime: p.startTime,
        endTime,
        value: {
          min: hasMinMax ? p.min : undefined,
          max: hasMinMax ? p.max : undefined,
          sum: p.sum,
          buckets: { boundaries: this.boundaries, counts: p.counts.slice() },
          count: p.count,
        },
      });
    }
    return {
      descriptor: { name, description, unit, valueType: ValueType.DOUBLE },
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.HISTOGRAM,
      dataPoints,
    };
  }
}

/** The own histograms of one pipeline: made by the instrumentation, collected by the pipeline's reader. */
export class OwnHistograms {
  private readonly all: OwnHistogram[] = [];

  histogram(scope: OwnHistogram['scope'], description: HistogramDescription): OwnHistogram {
    const h = new OwnHistogram(scope, description);
    this.all.push(h);
    return h;
  }

  /** Appends every histogram with data to `resourceMetrics`, under its scope (the SDK's entry for it when there is one). */
  appendTo(resourceMetrics: ResourceMetrics): void {
    const endTime = millisToHrTime(Date.now());
    for (const h of this.all) {
      const data = h.collect(endTime);
      if (!data) continue;
      let scopeMetrics = resourceMetrics.scopeMetrics.find((s) => s.scope.name === h.scope.name && s.scope.version === h.scope.version && !s.scope.schemaUrl);
      if (!scopeMetrics) resourceMetrics.scopeMetrics.push((scopeMetrics = { scope: { ...h.scope }, metrics: [] }));
      scopeMetrics.metrics.push(data);
    }
  }

  /** Makes `reader` collect these histograms with the SDK's metrics: its producer is wrapped as the MeterProvider hands it over. */
  attach(reader: MetricReader): void {
    const setProducer = reader.setMetricProducer.bind(reader);
    reader.setMetricProducer = (producer: MetricProducer) =>
      setProducer({
        collect: (options) =>
          producer.collect(options).then((result) => {
            this.appendTo(result.resourceMetrics);
            return result;
          }),
      });
  }
}

const byProvider = new WeakMap<object, OwnHistograms>();

/** Marks `provider` as one whose readers collect `histograms`. */
export function registerOwnHistograms(provider: MeterProvider, histograms: OwnHistograms): void {
  byProvider.set(provider, histograms);
}

/** The own histograms `provider` collects, when it is the SDK's pipeline with only its own readers. */
export function ownHistogramsOf(provider: MeterProvider): OwnHistograms | undefined {
  return byProvider.get(provider);
}
