import { expect, test } from '../../fixtures/test';

/** One decoded data point, flattened: its metric's name, unit and kind, attributes, and value. */
interface FlatPoint {
  name: string;
  unit: string;
  kind: 'gauge' | 'sum' | 'histogram';
  attributes: Record<string, unknown>;
  value?: number;
  count?: number;
  explicitBounds?: number[];
  resource: Record<string, unknown>;
  scope: string;
}

type AnyValue = { stringValue?: string; intValue?: string | number; doubleValue?: number; boolValue?: boolean };
const plain = (v: AnyValue) => v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : (v.doubleValue ?? v.boolValue));
const attrs = (list: { key: string; value: AnyValue }[] | undefined) => Object.fromEntries((list ?? []).map((a) => [a.key, plain(a.value)]));

/** Flattens decoded ExportMetricsServiceRequests into one row per data point. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function flatten(requests: any[]): FlatPoint[] {
  const rows: FlatPoint[] = [];
  for (const req of requests) {
    for (const rm of req.resourceMetrics ?? []) {
      for (const sm of rm.scopeMetrics ?? []) {
        for (const m of sm.metrics ?? []) {
          const kind = (['gauge', 'sum', 'histogram'] as const).find((k) => m[k]);
          if (!kind) continue;
          for (const p of m[kind].dataPoints ?? []) {
            rows.push({
              name: m.name,
              unit: m.unit ?? '',
              kind,
              attributes: attrs(p.attributes),
              ...(p.asDouble !== undefined || p.asInt !== undefined ? { value: p.asDouble ?? Number(p.asInt) } : {}),
              ...(p.count !== undefined ? { count: Number(p.count), explicitBounds: p.explicitBounds } : {}),
              resource: attrs(rm.resource?.attributes),
              scope: sm.scope?.name ?? '',
            });
          }
        }
      }
    }
  }
  return rows;
}

const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
const RUNTIME = [
  ['nodejs.eventloop.delay.p99', 's', 'gauge'],
  ['nodejs.eventloop.delay.min', 's', 'gauge'],
  ['nodejs.eventloop.utilization', '1', 'gauge'],
  ['nodejs.eventloop.time', 's', 'sum'],
  ['v8js.memory.heap.used', 'By', 'sum'],
  ['v8js.memory.heap.space.size', 'By', 'sum'],
  ['process.cpu.time', 's', 'sum'],
  ['process.memory.usage', 'By', 'sum'],
] as const;

test('a real server under the preload: runtime metrics, HTTP duration histograms and app metrics arrive decoded at exit', async ({ collector, consumer, startNode }) => {
  const dir = consumer.stage('server.mjs');
  const app = startNode({
    script: `${dir}/server.mjs`,
    nodeArgs: ['--import', 'clickstack-otel/register'],
    env: { OTEL_SERVICE_NAME: 'metrics-scenario', OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, HYPERDX_API_KEY: 'metrics-key' },
  });
  const { statuses } = await app.ready();
  expect(statuses).toEqual([200, 200, 404, 500, 200, 404]);
  // The default interval is 60 s: only the exit flush can have sent these, and the process still
  // ends by itself (metrics always have something to export; the exit flush must not loop).
  expect(await app.waitForExit(15_000)).toEqual({ code: 0, signal: null });
  expect(collector.errors()).toEqual([]);
  const metricRequests = collector.requests().filter((r) => r.path === '/v1/metrics');
  expect(metricRequests.length).toBeGreaterThanOrEqual(1);
  for (const r of metricRequests) {
    expect(r.contentType).toBe('application/x-protobuf');
    expect(r.headers.authorization).toBe('metrics-key');
  }

  const points = flatten(collector.metrics());
  for (const p of points) expect(p.resource).toMatchObject({ 'service.name': 'metrics-scenario', 'telemetry.distro.name': 'clickstack-otel' });

  const server = points.filter((p) => p.name === 'http.server.request.duration');
  const base = { 'http.request.method': 'GET', 'url.scheme': 'http' };
  expect(server.map(({ attributes, count }) => ({ attributes, count }))).toEqual(
    expect.arrayContaining([
      { attributes: { ...base, 'http.response.status_code': 200, 'http.route': '/users/:id' }, count: 3 },
      { attributes: { ...base, 'http.response.status_code': 404 }, count: 2 },
      { attributes: { ...base, 'http.response.status_code': 500, 'error.type': '500' }, count: 1 },
    ]),
  );
  for (const p of server) {
    expect(p).toMatchObject({ unit: 's', kind: 'histogram', scope: 'clickstack-otel', explicitBounds: HTTP_BUCKETS });
  }

  const client = points.filter((p) => p.name === 'http.client.request.duration');
  const port = (await app.ready()).port;
  const clientBase = { ...base, 'server.address': '127.0.0.1', 'server.port': port };
  expect(client.map(({ attributes, count }) => ({ attributes, count }))).toEqual(
    expect.arrayContaining([
      // http.get and fetch alike.
      { attributes: { ...clientBase, 'http.response.status_code': 200 }, count: 3 },
      { attributes: { ...clientBase, 'http.response.status_code': 404, 'error.type': '404' }, count: 2 },
      { attributes: { ...clientBase, 'http.response.status_code': 500, 'error.type': '500' }, count: 1 },
    ]),
  );
  for (const p of client) expect(p).toMatchObject({ unit: 's', kind: 'histogram', explicitBounds: HTTP_BUCKETS });
  // Our own exports are neither traced nor timed.
  expect(client.every((p) => p.attributes['server.port'] === port)).toBe(true);

  for (const [name, unit, kind] of RUNTIME) {
    const found = points.filter((p) => p.name === name);
    expect(found.length, `${name} arrived`).toBeGreaterThan(0);
    for (const p of found) expect(p, name).toMatchObject({ unit, kind });
  }
  expect(points.find((p) => p.name === 'v8js.memory.heap.used' && p.attributes['v8js.heap.space.name'] === 'old_space')?.value).toBeGreaterThan(0);
  const elu = points.find((p) => p.name === 'nodejs.eventloop.utilization')!.value!;
  expect(elu).toBeGreaterThan(0);
  expect(elu).toBeLessThanOrEqual(1);

  // The app's own metric, recorded through @opentelemetry/api, went through the same pipeline.
  expect(points.filter((p) => p.name === 'app.jobs.processed')).toEqual([
    expect.objectContaining({ unit: '{job}', kind: 'sum', value: 3, attributes: { 'app.queue': 'emails' }, scope: 'scenario-app' }),
  ]);
  expect(app.output()).not.toContain('[clickstack-otel]');
});

test('OTEL_METRICS_EXPORTER=none sends no metrics; traces still flow', async ({ collector, consumer, startNode }) => {
  const dir = consumer.stage('server.mjs');
  const app = startNode({
    script: `${dir}/server.mjs`,
    nodeArgs: ['--import', 'clickstack-otel/register'],
    env: { OTEL_METRICS_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: collector.url },
  });
  expect(await app.waitForExit(15_000)).toEqual({ code: 0, signal: null });
  expect(collector.spans().some((s) => s.attributes['http.route'] === '/users/:id')).toBe(true);
  expect(collector.requests().filter((r) => r.path === '/v1/metrics')).toEqual([]);
  expect(collector.metrics()).toEqual([]);
});

test('periodic export at OTEL_METRIC_EXPORT_INTERVAL over JSON while the app runs; DEBUG prints exports, never the key', async ({ collector, consumer, startNode }) => {
  const secret = 'metrics-secret-key-77';
  const dir = consumer.stage('server.mjs');
  const app = startNode({
    script: `${dir}/server.mjs`,
    nodeArgs: ['--import', 'clickstack-otel/register'],
    env: {
      LINGER: '1',
      DEBUG: 'true',
      HYPERDX_API_KEY: secret,
      OTEL_METRIC_EXPORT_INTERVAL: '300',
      OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
    },
  });
  await app.ready();
  // Several exports while the process is alive and idle: the reader's timer runs (unref'd, the
  // server keeps the process up here).
  await expect.poll(() => collector.requests().filter((r) => r.path === '/v1/metrics').length, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
  app.closeStdin();
  expect(await app.waitForExit(15_000)).toEqual({ code: 0, signal: null });
  const metricRequests = collector.requests().filter((r) => r.path === '/v1/metrics');
  expect(new Set(metricRequests.map((r) => r.contentType))).toEqual(new Set(['application/json']));
  expect(metricRequests.every((r) => r.headers.authorization === secret)).toBe(true);
  // Cumulative temporality: the server histogram's count holds across exports.
  const last = flatten([collector.metrics().at(-1)]);
  expect(last.filter((p) => p.name === 'http.server.request.duration').reduce((n, p) => n + p.count!, 0)).toBe(6);

  const output = app.output();
  expect(output).toMatch(/\[clickstack-otel\] metrics=http:\/\/127\.0\.0\.1:\d+\/v1\/metrics \(http\/json, every 300 ms\)/);
  expect(output).toMatch(/\[clickstack-otel\] metrics export: \d+ metrics/);
  expect(output).toMatch(/ {4}http\.server\.request\.duration \(s\) histogram: .*\{[^}]*http\.response\.status_code=500[^}]*\} count=1 sum=/);
  expect(output).toMatch(/ {4}app\.jobs\.processed \(\{job\}\) sum: \{app\.queue=emails\} 3/);
  expect(output).not.toContain(secret);
});
