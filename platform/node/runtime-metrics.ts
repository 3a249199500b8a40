/**
 * Node runtime metrics under their semantic-convention names (runtime/nodejs-metrics and
 * runtime/v8js-metrics, checked against the registry; both still "development"):
 *
 * - `nodejs.eventloop.delay.{min,max,mean,stddev,p50,p90,p99}` (gauges, s) from
 *   `perf_hooks.monitorEventLoopDelay`, reset after each collection so each point describes one interval;
 * - `nodejs.eventloop.utilization` (gauge, 1) over the interval, and `nodejs.eventloop.time`
 *   (counter, s, by `nodejs.eventloop.state`);
 * - `v8js.memory.heap.used` and `v8js.memory.heap.space.size` (the registry's replacement for
 *   `v8js.memory.heap.limit`), per `v8js.heap.space.name`, in bytes;
 * - `v8js.gc.duration` (histogram, s, by `v8js.gc.type`) from a `gc` PerformanceObserver;
 * - `process.cpu.time` (counter, s, by `cpu.mode`) and `process.memory.usage` (RSS, bytes).
 *
 * Everything but the GC observer is read when a collection runs (once per export interval), so
 * the cost between exports is the event-loop sampler's timer and the GC entries. Neither keeps
 * the process alive.
 */
import { constants, monitorEventLoopDelay, performance, PerformanceObserver, type EventLoopUtilization } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import type { MeterProvider, ObservableResult } from '@opentelemetry/api';
import { DISTRO_NAME, VERSION } from '../../src/version';

/** Sampling period of the event-loop delay histogram, ms (Node's default is 10). */
export const EVENT_LOOP_DELAY_RESOLUTION_MILLIS = 20;

/** The registry's advice for `v8js.gc.duration`, seconds. */
export const GC_DURATION_BUCKETS_SECONDS = [0.01, 0.1, 1, 10];

const NANOS_PER_SECOND = 1e9;

/** `perf_hooks` GC kinds → `v8js.gc.type` values. */
const GC_TYPES: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};

const DELAY_STATS = ['min', 'max', 'mean', 'stddev', 'p50', 'p90', 'p99'] as const;

export function startRuntimeMetrics(meterProvider: MeterProvider): () => void {
  const meter = meterProvider.getMeter(DISTRO_NAME, VERSION);
  const stops: (() => void)[] = [];

  // Event-loop delay: seven gauges read from one histogram, then reset.
  const delay = monitorEventLoopDelay({ resolution: EVENT_LOOP_DELAY_RESOLUTION_MILLIS });
  delay.enable();
  stops.push(() => delay.disable());
  const delayGauges = DELAY_STATS.map((stat) =>
    meter.createObservableGauge(`nodejs.eventloop.delay.${stat}`, { description: `Event loop ${stat} delay.`, unit: 's' }),
  );
  const onDelay = (result: { observe(o: (typeof delayGauges)[number], v: number): void }) => {
    // No sample yet (a collection right after start): min/max are sentinels, mean is NaN.
    if (delay.count === 0) return;
    const values = [delay.min, delay.max, delay.mean, delay.stddev, delay.percentile(50), delay.percentile(90), delay.percentile(99)];
    values.forEach((v, i) => result.observe(delayGauges[i]!, v / NANOS_PER_SECOND));
    delay.reset();
  };
  meter.addBatchObservableCallback(onDelay, delayGauges);
  stops.push(() => meter.removeBatchObservableCallback(onDelay, delayGauges));

  // Event-loop utilization over each interval, and the cumulative active/idle time.
  const utilization = meter.createObservableGauge('nodejs.eventloop.utilization', { description: 'Event loop utilization.', unit: '1' });
  const loopTime = meter.createObservableCounter('nodejs.eventloop.time', { description: 'Cumulative duration of time the event loop has been in each state.', unit: 's' });
  let lastElu: EventLoopUtilization | undefined;
  const onLoop = (result: { observe(o: typeof utilization | typeof loopTime, v: number, a?: Record<string, string>): void }) => {
    const now = performance.eventLoopUtilization();
    result.observe(utilization, performance.eventLoopUtilization(now, lastElu).utilization);
    lastElu = now;
    result.observe(loopTime, now.active / 1000, { 'nodejs.eventloop.state': 'active' });
    result.observe(loopTime, now.idle / 1000, { 'nodejs.eventloop.state': 'idle' });
  };
  // The first interval starts now, not at process start.
  lastElu = performance.eventLoopUtilization();
  meter.addBatchObservableCallback(onLoop, [utilization, loopTime]);
  stops.push(() => meter.removeBatchObservableCallback(onLoop, [utilization, loopTime]));

  // V8 heap per space.
  const heapUsed = meter.createObservableUpDownCounter('v8js.memory.heap.used', { description: 'Heap memory size allocated.', unit: 'By' });
  const heapSize = meter.createObservableUpDownCounter('v8js.memory.heap.space.size', { description: 'Total heap memory size pre-allocated for a heap space.', unit: 'By' });
  const onHeap = (result: { observe(o: typeof heapUsed, v: number, a: Record<string, string>): void }) => {
    for (const space of getHeapSpaceStatistics()) {
      const attributes = { 'v8js.heap.space.name': space.space_name };
      result.observe(heapUsed, space.space_used_size, attributes);
      result.observe(heapSize, space.space_size, attributes);
    }
  };
  meter.addBatchObservableCallback(onHeap, [heapUsed, heapSize]);
  stops.push(() => meter.removeBatchObservableCallback(onHeap, [heapUsed, heapSize]));

  // Process CPU and memory: one cheap call each.
  const cpuTime = meter.createObservableCounter('process.cpu.time', { description: 'Total CPU seconds broken down by different CPU modes.', unit: 's' });
  const memory = meter.createObservableUpDownCounter('process.memory.usage', { description: 'The amount of physical memory in use.', unit: 'By' });
  const onCpu = (result: ObservableResult) => {
    const { user, system } = process.cpuUsage();
    result.observe(user / 1e6, { 'cpu.mode': 'user' });
    result.observe(system / 1e6, { 'cpu.mode': 'system' });
  };
  const onMemory = (result: ObservableResult) => result.observe(process.memoryUsage.rss());
  cpuTime.addCallback(onCpu);
  memory.addCallback(onMemory);
  stops.push(() => {
    cpuTime.removeCallback(onCpu);
    memory.removeCallback(onMemory);
  });

  // GC pauses, as they happen.
  const gcDuration = meter.createHistogram('v8js.gc.duration', {
    description: 'Garbage collection duration.',
    unit: 's',
    advice: { explicitBucketBoundaries: GC_DURATION_BUCKETS_SECONDS },
  });
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
      gcDuration.record(entry.duration / 1000, { 'v8js.gc.type': (kind !== undefined && GC_TYPES[kind]) || 'unknown' });
    }
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  stops.push(() => gcObserver.disconnect());

  return () => {
    for (const stop of stops) {
      try {
        stop();
      } catch {
        // Stopping one source never keeps the others running.
      }
    }
  };
}
