/**
 * resolveMetricTiming(options, env): the export interval and timeout of the metrics pipeline.
 * Pure, with resolveConfig's rules (option > env > default; an empty variable is unset; a bad
 * value falls back to the next layer with one `Configuration:` message, never a throw).
 *
 * Why not inside resolveConfig: every byte of resolve.ts ships in the browser `<script>` bundle,
 * whose size budget is fixed, and browsers have no periodic metrics. Only runtimes that start the
 * metrics pipeline (src/metrics/start-metrics) call this.
 */
import { DEFAULT_METRIC_EXPORT_INTERVAL_MILLIS, DEFAULT_METRIC_EXPORT_TIMEOUT_MILLIS } from './defaults';
import { isPlainObject, parseTimerMillis } from './parse';
import { formatProblem, type ConfigProblem } from './problems';
import type { EnvRecord } from './resolve';


export interface MetricTiming {
  /** Time between two periodic exports (`OTEL_METRIC_EXPORT_INTERVAL`). */
  intervalMillis: number;
  /** Bound of one collect-and-export round (`OTEL_METRIC_EXPORT_TIMEOUT`); never above the interval. */
  exportTimeoutMillis: number;
}

export function resolveMetricTiming(options: unknown, env: EnvRecord): { timing: MetricTiming; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const opts: Record<string, unknown> = isPlainObject(options) ? options : {};
  const read = (layers: { source: 'option' | 'env'; key: string; raw: unknown }[], fallback: number): number => {
    const rejected: typeof layers = [];
    let value = fallback;
    let from = 'the default';
    for (const layer of layers) {
      if (layer.raw === undefined || layer.raw === '') continue;
      const parsed = parseTimerMillis(layer.raw);
      if ('value' in parsed) {
        value = parsed.value;
        from = layer.key;
        break;
      }
      rejected.push(layer);
    }
    for (const l of rejected) {
      problems.push({ key: l.key, source: l.source, severity: 'warn', message: formatProblem(l.key, (parseTimerMillis(l.raw) as { expected: string }).expected, l.raw, `using ${value} from ${from}`) });
    }
    return value;
  };
  const intervalMillis = read(
    [
      { source: 'option', key: 'metricIntervalMillis', raw: opts.metricIntervalMillis },
      { source: 'env', key: 'OTEL_METRIC_EXPORT_INTERVAL', raw: env.OTEL_METRIC_EXPORT_INTERVAL },
    ],
    DEFAULT_METRIC_EXPORT_INTERVAL_MILLIS,
  );
  const timeout = read([{ source: 'env', key: 'OTEL_METRIC_EXPORT_TIMEOUT', raw: env.OTEL_METRIC_EXPORT_TIMEOUT }], DEFAULT_METRIC_EXPORT_TIMEOUT_MILLIS);
  // A round that outlasts the interval would overlap the next one; cut to it, as the spec's reader does.
  return { timing: { intervalMillis, exportTimeoutMillis: Math.min(timeout, intervalMillis) }, problems };
}
