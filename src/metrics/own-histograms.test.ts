import { createRequire } from 'node:module';
import { ROOT_CONTEXT, type Attributes } from '@opentelemetry/api';
import { ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetricPipeline, type MetricPipeline } from './metric-pipeline';
import { HISTOGRAM_CARDINALITY_LIMIT, OwnHistograms, ownHistogramsOf } from './own-histograms';

// OpenTelemetry's generated protobufjs types, as the e2e receiver uses them.
const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const root = require('otlp-proto-types/build/src/generated/root.js') as any;
const Request = root.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

/** Collects only when asked (cumulative, the default). */
class OnDemandReader extends MetricReader {
  protected onForceFlush = () => Promise.resolve();
  protected onShutdown = () => Promise.resolve();
}

const SCOPE = { name: 'clickstack-otel', version: '9.9.9' };
const BOUNDARIES = [0.005, 0.01, 0.025, 0.05, 0.1, 1, 10];
const resource = resourceFromAttributes({ 'service.name': 'own-histograms-test' });

/** One measurement: a value and the attribute set it goes to. */
type Measurement = [number, Attributes];
const keyOf = (a: Attributes) => JSON.stringify(Object.entries(a).sort());

/**
 * The same measurements into sdk-metrics' Histogram and into ours, each on its own provider and
 * reader; returns what each reader collects after each round (cumulative across rounds).
 */
async function both(rounds: Measurement[][]): Promise<{ sdk: ResourceMetrics[]; own: ResourceMetrics[] }> {
  const sdkReader = new OnDemandReader();
  const sdkProvider = new MeterProvider({ resource, readers: [sdkReader] });
  const sdkHistogram = sdkProvider.getMeter(SCOPE.name, SCOPE.version).createHistogram('http.server.request.duration', {
    description: 'Duration of HTTP server requests.',
    unit: 's',
    advice: { explicitBucketBoundaries: BOUNDARIES },
  });
  const ownReader = new OnDemandReader();
  const histograms = new OwnHistograms();
  histograms.attach(ownReader);
  const ownProvider = new MeterProvider({ resource, readers: [ownReader] });
  const ownHistogram = histograms.histogram(SCOPE, { name: 'http.server.request.duration', description: 'Duration of HTTP server requests.', unit: 's', boundaries: BOUNDARIES });
  const sdk: ResourceMetrics[] = [];
  const own: ResourceMetrics[] = [];
  for (const round of rounds) {
    for (const [value, attributes] of round) {
      sdkHistogram.record(value, attributes, ROOT_CONTEXT);
      ownHistogram.record(value, keyOf(attributes), attributes, (a) => ({ ...a }));
    }
    sdk.push((await sdkReader.collect()).resourceMetrics);
    own.push((await ownReader.collect()).resourceMetrics);
  }
  await Promise.all([sdkProvider.shutdown(), ownProvider.shutdown()]);
  return { sdk, own };
}

/** An OTLP/protobuf request as OpenTelemetry's generated types decode it, times and point order left out. */
function decoded(rm: ResourceMetrics) {
  const message = Request.decode(ProtobufMetricsSerializer.serializeRequest(rm));
  expect(Request.verify(message)).toBeNull();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const obj: any = Request.toObject(message, { longs: String, enums: Number, defaults: true, arrays: true, oneofs: true });
  for (const r of obj.resourceMetrics)
    for (const s of r.scopeMetrics)
      for (const m of s.metrics) {
        const points = m.histogram.dataPoints;
        for (const p of points) {
          expect(BigInt(p.startTimeUnixNano)).toBeGreaterThan(0n);
          expect(BigInt(p.timeUnixNano)).toBeGreaterThanOrEqual(BigInt(p.startTimeUnixNano));
          delete p.startTimeUnixNano;
          delete p.timeUnixNano;
        }
        points.sort((a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      }
  return obj;
}

const GET = { 'http.request.method': 'GET', 'url.scheme': 'http', 'http.response.status_code': 200 };
const POST_ROUTE = { 'http.request.method': 'POST', 'url.scheme': 'http', 'http.response.status_code': 201, 'http.route': '/orders/:id' };
const ERROR = { 'http.request.method': 'GET', 'url.scheme': 'https', 'error.type': 'ECONNRESET', 'server.address': 'api.test', 'server.port': 443 };

let pipeline: MetricPipeline | undefined;
afterEach(async () => {
  await pipeline?.shutdown();
  pipeline = undefined;
});

describe('own histograms', () => {
  it('encode to the same OTLP as sdk-metrics for the same measurements, cumulative across collections', async () => {
    const { sdk, own } = await both([
      // Boundaries exactly (upper-inclusive buckets), zero, above the last boundary, NaN (not counted).
      [[0.005, GET], [0.0051, GET], [0, GET], [10, GET], [11.5, GET], [NaN, GET], [0.3, POST_ROUTE], [0.02, ERROR]],
      [[0.01, GET], [0.07, POST_ROUTE]],
      // A round with nothing new: the same cumulative points again.
      [],
      // A set whose only measurement is NaN: a point with no count and no min/max, as the SDK's.
      [[NaN, { ...GET, 'http.response.status_code': 503 }]],
    ]);
    for (let i = 0; i < sdk.length; i++) expect(decoded(own[i]!), `collection ${i}`).toEqual(decoded(sdk[i]!));
    const points = decoded(own[1]!).resourceMetrics[0].scopeMetrics[0].metrics[0].histogram.dataPoints;
    expect(points.map((p: { count: string }) => Number(p.count)).sort()).toEqual([1, 2, 6]);
  });

  it('send measurements past the cardinality limit to one overflow point, as sdk-metrics does', async () => {
    const many: Measurement[] = [];
    for (let i = 0; i < HISTOGRAM_CARDINALITY_LIMIT + 50; i++) many.push([0.001 * (i % 13), { ...GET, 'http.route': `/r${i}` }]);
    many.push([0.5, { ...GET, 'http.route': '/r0' }]); // an existing set still records on its own point
    const { sdk, own } = await both([many]);
    const ours = decoded(own[0]!);
    expect(ours).toEqual(decoded(sdk[0]!));
    const points = ours.resourceMetrics[0].scopeMetrics[0].metrics[0].histogram.dataPoints;
    expect(points).toHaveLength(HISTOGRAM_CARDINALITY_LIMIT);
    const overflow = points.filter((p: { attributes: { key: string }[] }) => p.attributes.some((a) => a.key === 'otel.metric.overflow'));
    expect(overflow).toHaveLength(1);
    expect(Number(overflow[0].count)).toBe(51);
  });

  it('join the SDK scope of the same name and version in the pipeline, only when every reader is its own', async () => {
    pipeline = createMetricPipeline({ resource, config: { intervalMillis: 600_000, exportTimeoutMillis: 5_000 }, print: { printer: { info() {}, warn() {}, error() {}, debug() {} }, secrets: [] } });
    const histograms = ownHistogramsOf(pipeline.provider);
    expect(histograms).toBeDefined();
    const collected: ResourceMetrics[] = [];
    const probe = new OnDemandReader();
    histograms!.attach(probe);
    // The SDK's own meter of the same scope, with a gauge the runtime metrics would put there.
    pipeline.provider.getMeter(SCOPE.name, SCOPE.version).createObservableGauge('process.memory.usage').addCallback((r) => r.observe(1));
    const h = histograms!.histogram(SCOPE, { name: 'http.client.request.duration', description: 'd', unit: 's', boundaries: BOUNDARIES });
    h.record(0.02, 'k', ERROR, (a) => a);
    const sdkProvider = new MeterProvider({ resource, readers: [probe] });
    sdkProvider.getMeter(SCOPE.name, SCOPE.version).createObservableGauge('process.memory.usage').addCallback((r) => r.observe(1));
    collected.push((await probe.collect()).resourceMetrics);
    await sdkProvider.shutdown();
    const scopes = collected[0]!.scopeMetrics.filter((s) => s.scope.name === SCOPE.name);
    expect(scopes).toHaveLength(1);
    expect(scopes[0]!.metrics.map((m) => m.descriptor.name)).toEqual(['process.memory.usage', 'http.client.request.duration']);

    // A user's reader may choose delta or views: the SDK's instruments serve everyone then.
    const withUserReader = createMetricPipeline({ resource, config: { intervalMillis: 600_000, exportTimeoutMillis: 5_000 }, readers: [new OnDemandReader()] });
    expect(ownHistogramsOf(withUserReader.provider)).toBeUndefined();
    await withUserReader.shutdown();
  });
});
