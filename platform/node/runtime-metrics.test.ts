import { MeterProvider, MetricReader, type MetricData } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { GC_DURATION_BUCKETS_SECONDS, startRuntimeMetrics } from './runtime-metrics';

class OnDemandReader extends MetricReader {
  protected onForceFlush = () => Promise.resolve();
  protected onShutdown = () => Promise.resolve();
}

let provider: MeterProvider | undefined;
afterEach(async () => {
  await provider?.shutdown();
  provider = undefined;
});

function setup() {
  const reader = new OnDemandReader();
  provider = new MeterProvider({ readers: [reader] });
  const stop = startRuntimeMetrics(provider);
  const collect = async () => {
    const { resourceMetrics } = await reader.collect();
    return new Map<string, MetricData>(resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).map((m) => [m.descriptor.name, m]));
  };
  return { stop, collect };
}

/** Busy work on the event loop and the heap, so there is delay to sample and garbage to collect. */
async function churn() {
  for (let round = 0; round < 3; round++) {
    let keep: unknown[] = [];
    for (let i = 0; i < 100_000; i++) keep.push({ i, s: `x${i}` });
    keep = [];
    await new Promise((r) => setTimeout(r, 30));
  }
}

const value = (m: MetricData | undefined, attrs: Record<string, string> = {}) =>
  m?.dataPoints.find((p) => Object.entries(attrs).every(([k, v]) => p.attributes[k] === v))?.value as number | undefined;

// Allocation churn on a shared 2-core machine can take seconds; nothing here measures time.
describe('Node runtime metrics', { timeout: 30_000 }, () => {
  it('reports event loop, heap, GC, CPU and memory under their semantic-convention names and units', async () => {
    const { collect } = setup();
    await churn();
    const m = await collect();

    const units = Object.fromEntries([...m].map(([name, metric]) => [name, metric.descriptor.unit]));
    expect(units).toMatchObject({
      'nodejs.eventloop.delay.min': 's',
      'nodejs.eventloop.delay.max': 's',
      'nodejs.eventloop.delay.mean': 's',
      'nodejs.eventloop.delay.stddev': 's',
      'nodejs.eventloop.delay.p50': 's',
      'nodejs.eventloop.delay.p90': 's',
      'nodejs.eventloop.delay.p99': 's',
      'nodejs.eventloop.utilization': '1',
      'nodejs.eventloop.time': 's',
      'v8js.memory.heap.used': 'By',
      'v8js.memory.heap.space.size': 'By',
      'v8js.gc.duration': 's',
      'process.cpu.time': 's',
      'process.memory.usage': 'By',
    });

    // Delays in seconds: ordered, and far below a second on a test machine.
    const [p50, p99, max] = ['p50', 'p99', 'max'].map((s) => value(m.get(`nodejs.eventloop.delay.${s}`))!);
    expect(p50).toBeGreaterThan(0);
    expect(p50).toBeLessThanOrEqual(p99!);
    expect(p99).toBeLessThanOrEqual(max!);
    expect(max).toBeLessThan(5);
    const elu = value(m.get('nodejs.eventloop.utilization'))!;
    expect(elu).toBeGreaterThan(0);
    expect(elu).toBeLessThanOrEqual(1);
    expect(value(m.get('nodejs.eventloop.time'), { 'nodejs.eventloop.state': 'active' })).toBeGreaterThan(0);

    const oldUsed = value(m.get('v8js.memory.heap.used'), { 'v8js.heap.space.name': 'old_space' })!;
    const oldSize = value(m.get('v8js.memory.heap.space.size'), { 'v8js.heap.space.name': 'old_space' })!;
    expect(oldUsed).toBeGreaterThan(0);
    expect(oldUsed).toBeLessThanOrEqual(oldSize);

    const gc = m.get('v8js.gc.duration')!;
    const minor = gc.dataPoints.find((p) => p.attributes['v8js.gc.type'] === 'minor');
    expect(minor, 'allocation churn triggers scavenges').toBeDefined();
    const h = minor!.value as { count: number; max?: number; buckets: { boundaries: number[] } };
    expect(h.count).toBeGreaterThan(0);
    expect(h.buckets.boundaries).toEqual(GC_DURATION_BUCKETS_SECONDS);
    expect(h.max).toBeLessThan(1); // seconds

    expect(value(m.get('process.cpu.time'), { 'cpu.mode': 'user' })).toBeGreaterThan(0);
    expect(value(m.get('process.memory.usage'))).toBeGreaterThan(10 * 1024 * 1024);
  });

  it('stop() removes every source', async () => {
    const { collect, stop } = setup();
    await churn();
    const quiet = await collect();
    stop();
    const gcCount = (ms: Map<string, MetricData>) =>
      ms.get('v8js.gc.duration')!.dataPoints.reduce((n, p) => n + (p.value as { count: number }).count, 0);
    const cpuBefore = value(quiet.get('process.cpu.time'), { 'cpu.mode': 'user' });
    await churn();
    const after = await collect();
    // Cumulative points stay as they were: nothing observes or records any more.
    expect(value(after.get('process.cpu.time'), { 'cpu.mode': 'user' })).toBe(cpuBefore);
    expect(gcCount(after)).toBe(gcCount(quiet));
  });
});
