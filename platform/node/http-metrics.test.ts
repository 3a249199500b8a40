import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { MeterProvider, MetricReader, type HistogramMetricData } from '@opentelemetry/sdk-metrics';
import { AlwaysOffSampler, AlwaysOnSampler, type Sampler } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { afterEach, describe, expect, it } from 'vitest';
import { instrumentNodeHttp } from './http';
import { createHttpMetrics, HTTP_DURATION_BUCKETS_SECONDS } from './http-metrics';
import { instrumentUndici } from './undici';

/** Collects only when asked: the test reads exactly what was recorded. */
class OnDemandReader extends MetricReader {
  protected onForceFlush = () => Promise.resolve();
  protected onShutdown = () => Promise.resolve();
}

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

/**
 * The real http/undici instrumentation and sdk-metrics, a real server and real requests on
 * loopback. The routes: `/ok` 200, `/missing` 404, `/boom` 500, `/users/7` names its route.
 */
async function setup(sampler: Sampler) {
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  const tracerProvider = new NodeTracerProvider({ sampler });
  const reader = new OnDemandReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const metrics = createHttpMetrics(meterProvider);
  const tracer = tracerProvider.getTracer('test');
  const stops = [instrumentNodeHttp(tracer, undefined, metrics), instrumentUndici(tracer, undefined, metrics)];
  const server = http.createServer((req, res) => {
    if (req.url === '/users/7') trace.getActiveSpan()?.setAttribute('http.route', '/users/:id');
    res.writeHead(req.url === '/missing' ? 404 : req.url === '/boom' ? 500 : 200).end('x');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  cleanup.push(
    () => new Promise<void>((r) => server.close(() => r())),
    () => stops.forEach((s) => s()),
    () => meterProvider.shutdown(),
    () => {
      context.disable();
    },
  );
  const get = (path: string) =>
    new Promise<number>((resolve, reject) => {
      http.get(`http://127.0.0.1:${port}${path}`, (res) => res.resume().on('end', () => resolve(res.statusCode ?? 0))).on('error', reject);
    });
  const histograms = async () => {
    const { resourceMetrics } = await reader.collect();
    return Object.fromEntries(resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).map((m) => [m.descriptor.name, m as HistogramMetricData]));
  };
  return { port, get, histograms };
}

const pointsOf = (m: HistogramMetricData | undefined) => (m?.dataPoints ?? []).map((p) => ({ attributes: p.attributes, count: p.value.count }));

describe('HTTP duration metrics', () => {
  it('server and client histograms carry the stable-semconv names, unit, buckets and attributes, sampled or not', async () => {
    const { port, get, histograms } = await setup(new AlwaysOffSampler());
    expect([await get('/ok'), await get('/ok'), await get('/missing'), await get('/boom')]).toEqual([200, 200, 404, 500]);
    await fetch(`http://127.0.0.1:${port}/ok`).then((r) => r.text());
    const m = await histograms();

    const server = m['http.server.request.duration']!;
    expect(server.descriptor.unit).toBe('s');
    expect(server.dataPoints[0]!.value.buckets.boundaries).toEqual(HTTP_DURATION_BUCKETS_SECONDS);
    const serverBase = { 'http.request.method': 'GET', 'url.scheme': 'http' };
    expect(pointsOf(server)).toEqual(
      expect.arrayContaining([
        { attributes: { ...serverBase, 'http.response.status_code': 200 }, count: 3 },
        { attributes: { ...serverBase, 'http.response.status_code': 404 }, count: 1 },
        // Servers: only 5xx is an error.
        { attributes: { ...serverBase, 'http.response.status_code': 500, 'error.type': '500' }, count: 1 },
      ]),
    );
    expect(server.dataPoints).toHaveLength(3);

    const client = m['http.client.request.duration']!;
    expect(client.descriptor.unit).toBe('s');
    const clientBase = { 'http.request.method': 'GET', 'url.scheme': 'http', 'server.address': '127.0.0.1', 'server.port': port };
    expect(pointsOf(client)).toEqual(
      expect.arrayContaining([
        // Two from http.get, one from fetch (undici).
        { attributes: { ...clientBase, 'http.response.status_code': 200 }, count: 3 },
        // Clients: 4xx is an error too.
        { attributes: { ...clientBase, 'http.response.status_code': 404, 'error.type': '404' }, count: 1 },
        { attributes: { ...clientBase, 'http.response.status_code': 500, 'error.type': '500' }, count: 1 },
      ]),
    );
    for (const p of [...server.dataPoints, ...client.dataPoints]) {
      expect(p.value.sum).toBeGreaterThan(0);
      expect(p.value.max).toBeLessThan(10); // seconds, not milliseconds
    }
  });

  it('a refused connection counts with error.type and no status; http.route comes from the span', async () => {
    const { port, get, histograms } = await setup(new AlwaysOnSampler());
    await get('/users/7');
    // A port nothing listens on (fetch refuses well-known ports such as 9 before connecting).
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const dead = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    await expect(fetch(`http://127.0.0.1:${dead}/`)).rejects.toThrow();
    await expect(new Promise((resolve, reject) => http.get(`http://127.0.0.1:${dead}/`, resolve).on('error', reject))).rejects.toThrow(/ECONNREFUSED/);
    const m = await histograms();
    expect(pointsOf(m['http.server.request.duration'])).toContainEqual({
      attributes: { 'http.request.method': 'GET', 'url.scheme': 'http', 'http.response.status_code': 200, 'http.route': '/users/:id' },
      count: 1,
    });
    const refused = pointsOf(m['http.client.request.duration']).filter((p) => p.attributes['server.port'] === dead);
    // One from fetch, one from http.get.
    expect(refused).toEqual([
      { attributes: { 'http.request.method': 'GET', 'url.scheme': 'http', 'server.address': '127.0.0.1', 'server.port': dead, 'error.type': 'ECONNREFUSED' }, count: 2 },
    ]);
    expect(dead).not.toBe(port);
  });
});
