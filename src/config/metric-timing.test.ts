import { describe, expect, it } from 'vitest';
import { resolveMetricTiming } from './metric-timing';

describe('resolveMetricTiming', () => {
  it('defaults: one export a minute, 30 s per round', () => {
    expect(resolveMetricTiming(undefined, {})).toEqual({ timing: { intervalMillis: 60_000, exportTimeoutMillis: 30_000 }, problems: [] });
  });

  it('reads OTEL_METRIC_EXPORT_INTERVAL and _TIMEOUT; the option beats the env; empty is unset', () => {
    expect(resolveMetricTiming({}, { OTEL_METRIC_EXPORT_INTERVAL: '5000', OTEL_METRIC_EXPORT_TIMEOUT: '2000' }).timing).toEqual({ intervalMillis: 5000, exportTimeoutMillis: 2000 });
    expect(resolveMetricTiming({ metricIntervalMillis: 10_000 }, { OTEL_METRIC_EXPORT_INTERVAL: '5000' }).timing.intervalMillis).toBe(10_000);
    expect(resolveMetricTiming({}, { OTEL_METRIC_EXPORT_INTERVAL: '' }).timing.intervalMillis).toBe(60_000);
  });

  it('cuts a timeout longer than the interval to the interval, also the default one', () => {
    expect(resolveMetricTiming({}, { OTEL_METRIC_EXPORT_INTERVAL: '1000' }).timing.exportTimeoutMillis).toBe(1000);
    expect(resolveMetricTiming({}, { OTEL_METRIC_EXPORT_INTERVAL: '1000', OTEL_METRIC_EXPORT_TIMEOUT: '5000' })).toEqual({
      timing: { intervalMillis: 1000, exportTimeoutMillis: 1000 },
      problems: [],
    });
  });

  it('a bad value falls back to the next layer with one message each', () => {
    const { timing, problems } = resolveMetricTiming({ metricIntervalMillis: 0 }, { OTEL_METRIC_EXPORT_INTERVAL: '1m', OTEL_METRIC_EXPORT_TIMEOUT: '-3' });
    expect(timing).toEqual({ intervalMillis: 60_000, exportTimeoutMillis: 30_000 });
    expect(problems.map((p) => [p.source, p.key, p.severity])).toEqual([
      ['option', 'metricIntervalMillis', 'warn'],
      ['env', 'OTEL_METRIC_EXPORT_INTERVAL', 'warn'],
      ['env', 'OTEL_METRIC_EXPORT_TIMEOUT', 'warn'],
    ]);
    expect(problems[1]!.message).toBe("Configuration: OTEL_METRIC_EXPORT_INTERVAL is invalid, expected a positive integer up to 2147483647 (actual: '1m'); using 60000 from the default.");
  });

  it('refuses an interval beyond what a timer can wait (Node would turn it into 1 ms)', () => {
    const { timing, problems } = resolveMetricTiming({}, { OTEL_METRIC_EXPORT_INTERVAL: '99999999999' });
    expect(timing.intervalMillis).toBe(60_000);
    expect(problems.map((p) => p.key)).toEqual(['OTEL_METRIC_EXPORT_INTERVAL']);
  });
});
