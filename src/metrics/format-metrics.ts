/**
 * `DEBUG=true` for metrics: one readable block per collection, next to (not instead of) the OTLP
 * export. Attribute values go through the same redaction as spans and log records, so the API key
 * never reaches the console.
 */
import { DataPointType, type MetricData, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { LOG_PREFIX } from '../config/defaults';
import { redactor, type Hide } from '../debug-exporter';

/** Data points printed per metric; runtime metrics have a handful, HTTP histograms one per route/status. */
export const MAX_PRINTED_POINTS = 5;

export function formatResourceMetrics(resourceMetrics: ResourceMetrics, secrets: readonly string[]): string {
  const hide = redactor(secrets);
  const all = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
  const head = `${LOG_PREFIX} metrics export: ${all.length} metric${all.length === 1 ? '' : 's'}`;
  return [head, ...all.map((m) => formatMetric(m, hide))].join('\n');
}

function formatMetric(metric: MetricData, hide: Hide): string {
  const { name, unit } = metric.descriptor;
  const kind = DataPointType[metric.dataPointType]?.toLowerCase() ?? 'metric';
  const points = metric.dataPoints as { attributes: Record<string, unknown>; value: unknown }[];
  const shown = points.slice(0, MAX_PRINTED_POINTS).map((p) => {
    const attrs = Object.entries(p.attributes).map(([k, v]) => `${k}=${hide(k, v)}`).join(' ');
    return `{${attrs}} ${formatValue(p.value)}`;
  });
  const more = points.length > MAX_PRINTED_POINTS ? ` … ${points.length - MAX_PRINTED_POINTS} more` : '';
  return `    ${name}${unit ? ` (${unit})` : ''} ${kind}: ${shown.join('; ')}${more}`;
}

function formatValue(value: unknown): string {
  if (typeof value === 'number') return String(round(value));
  if (typeof value === 'object' && value !== null && 'count' in value) {
    const h = value as { count: number; sum?: number; min?: number; max?: number };
    const parts = [`count=${h.count}`, `sum=${round(h.sum ?? 0)}`];
    if (h.min !== undefined && h.max !== undefined) parts.push(`min=${round(h.min)}`, `max=${round(h.max)}`);
    return parts.join(' ');
  }
  return String(value);
}

/** Six significant digits: enough to read, short enough for one line. */
function round(n: number): number {
  return Number.isFinite(n) ? Number(n.toPrecision(6)) : n;
}
