import { metrics } from '@opentelemetry/api';
import { setGlobalErrorHandler, loggingErrorHandler } from '@opentelemetry/core';
import { JsonMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createOtlpExporter } from '../export/otlp-exporter';
import type { Transport } from '../platform';
import { createMetricPipeline, type MetricPipeline } from './metric-pipeline';

/**
 * The pipeline with the real sdk-metrics MeterProvider and periodic reader, the real OTLP/JSON
 * encoder and our real exporter; only the transport is in memory, answering with `status`.
 */
function setup(status: number, print?: { lines: string[]; secrets: string[] }) {
  const bodies: unknown[] = [];
  const transport: Transport = {
    send: async (body) => {
      bodies.push(JSON.parse(new TextDecoder().decode(body)));
      return { status };
    },
    shutdown: () => {},
  };
  const log = { error: vi.fn<(m: string) => void>(), warn: vi.fn<(m: string) => void>(), debug: vi.fn<(m: string) => void>() };
  const exporter = createOtlpExporter<ResourceMetrics>({
    transport,
    serializer: { serializeRequest: (items) => JsonMetricsSerializer.serializeRequest(items[0]!), deserializeResponse: () => ({}) },
    url: 'http://collector.test/v1/metrics',
    timeoutMillis: 1_000,
    log,
    signal: 'metrics',
    itemName: 'metric collection',
  });
  const printer = { info: (...a: unknown[]) => print?.lines.push(a.join(' ')), warn: () => {}, error: () => {}, debug: () => {} };
  pipeline = createMetricPipeline({
    resource: resourceFromAttributes({ 'service.name': 'metrics-test' }),
    // Long enough that only explicit flushes export during a test.
    config: { intervalMillis: 600_000, exportTimeoutMillis: 5_000 },
    exporter,
    ...(print ? { print: { printer, secrets: print.secrets } } : {}),
  });
  return { bodies, log, pipeline };
}

let pipeline: MetricPipeline | undefined;
afterEach(async () => {
  await pipeline?.shutdown();
  pipeline = undefined;
  setGlobalErrorHandler(loggingErrorHandler());
});

/** Names of the metrics in one decoded OTLP/JSON request. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const names = (body: any): string[] => body.resourceMetrics.flatMap((rm: any) => rm.scopeMetrics.flatMap((sm: any) => sm.metrics.map((m: any) => m.name)));

describe('createMetricPipeline', () => {
  it('registers the global meter provider, so metrics recorded through the API are exported', async () => {
    const { bodies, pipeline } = setup(200);
    expect(metrics.getMeterProvider()).toBe(pipeline.provider);
    const counter = metrics.getMeter('app').createCounter('app.orders', { unit: '{order}' });
    counter.add(2, { 'app.region': 'eu' });
    counter.add(3, { 'app.region': 'eu' });
    await pipeline.forceFlush();
    expect(bodies).toHaveLength(1);
    expect(names(bodies[0])).toEqual(['app.orders']);
    const [rm] = (bodies[0] as { resourceMetrics: { resource: { attributes: { key: string }[] }; scopeMetrics: { metrics: { sum: { dataPoints: { asDouble?: number; asInt?: number }[] } }[] }[] }[] }).resourceMetrics;
    expect(rm!.resource.attributes.map((a) => a.key)).toContain('service.name');
    const point = rm!.scopeMetrics[0]!.metrics[0]!.sum.dataPoints[0]!;
    expect(point.asDouble ?? point.asInt).toBe(5);
    expect(pipeline.collections()).toBe(1);
  });

  it('a rejected export is reported once, by the exporter, and not again through the global error handler', async () => {
    const handled: unknown[] = [];
    setGlobalErrorHandler((e) => handled.push(e));
    const { log, pipeline } = setup(400);
    metrics.getMeter('app').createCounter('app.orders').add(1);
    await pipeline.forceFlush();
    expect(log.error).toHaveBeenCalledTimes(1);
    expect(log.error.mock.calls[0]![0]).toMatch(/metrics export to http:\/\/collector\.test\/v1\/metrics was rejected/);
    expect(handled).toEqual([]);
  });

  it('debug printing lists each metric with its unit and values, and hides the API key', async () => {
    const lines: string[] = [];
    const secret = 'sk-metrics-secret';
    const { pipeline } = setup(200, { lines, secrets: [secret] });
    metrics.getMeter('app').createHistogram('app.latency', { unit: 's' }).record(0.25, { 'app.token_owner': secret });
    metrics.getMeter('app').createGauge('app.queue', { unit: '{item}' }).record(7, { note: `key ${secret}` });
    await pipeline.forceFlush();
    const text = lines.join('\n');
    expect(text).toContain('[clickstack-otel] metrics export: 2 metrics');
    expect(text).toMatch(/app\.latency \(s\) histogram: \{app\.token_owner=<redacted>\} count=1 sum=0\.25 min=0\.25 max=0\.25/);
    expect(text).toMatch(/app\.queue \(\{item\}\) gauge: \{note=key <redacted>\} 7/);
    expect(text).not.toContain(secret);
  });

  it('shutdown exports what is left and unregisters the global provider', async () => {
    const { bodies, pipeline: p } = setup(200);
    metrics.getMeter('app').createCounter('app.last').add(1);
    await p.shutdown();
    pipeline = undefined;
    expect(names(bodies.at(-1))).toEqual(['app.last']);
    expect(metrics.getMeterProvider()).not.toBe(p.provider);
  });
});
