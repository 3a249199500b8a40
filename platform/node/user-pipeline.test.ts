/**
 * init() in Node with the user's own pipeline parts, all upstream OpenTelemetry classes (what an
 * OTel user already has): a SimpleSpanProcessor + InMemorySpanExporter, a SimpleLogRecordProcessor
 * + InMemoryLogRecordExporter, a PeriodicExportingMetricReader + InMemoryMetricExporter, an
 * InstrumentationBase subclass; and the beforeSend hooks, checked against what our OTLP export
 * sends to the real receiver.
 */
import http from 'node:http';
import { metrics, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { InstrumentationBase } from '@opentelemetry/instrumentation';
import { InMemoryLogRecordExporter, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, InMemoryMetricExporter, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startCollector } from '../../e2e/fixtures/collector.mjs';
import { forceFlush, init, shutdown } from './index';

afterEach(async () => {
  await shutdown();
  vi.restoreAllMocks();
});

/** A real upstream instrumentation that hooks nothing: it shows which providers it was given. */
class ProbeInstrumentation extends InstrumentationBase {
  constructor(name = '@example/instrumentation-probe') {
    super(name, '1.0.0', {});
  }
  protected init() {
    return [];
  }
  probe(): void {
    this.tracer.startSpan('probe span').end();
    this.meter.createCounter('probe.count').add(1);
    this.logger.emit({ body: 'probe log' });
  }
}

/** Body and `user.on_emit` of every log record in the receiver's decoded export requests. */
function records(requests: any[]): { body: string; userOnEmit: unknown }[] {
  return requests.flatMap((req) =>
    (req.resourceLogs ?? []).flatMap((rl: any) =>
      (rl.scopeLogs ?? []).flatMap((sl: any) =>
        (sl.logRecords ?? []).map((r: any) => ({
          body: r.body?.stringValue,
          userOnEmit: r.attributes?.find((a: any) => a.key === 'user.on_emit')?.value?.boolValue,
        })),
      ),
    ),
  );
}

describe('the user pipeline in Node', () => {
  it('upstream processors, exporters and readers get our telemetry; beforeSend filters what we export', async () => {
    const collector = await startCollector();
    const spanExporter = new InMemorySpanExporter();
    const logExporter = new InMemoryLogRecordExporter();
    const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const probe = new ProbeInstrumentation();
    try {
      init({
        url: collector.url,
        protocol: 'http/json',
        service: 'user-pipeline',
        consoleCapture: false,
        // The receiver runs in this process: its incoming exports would be server spans.
        instrumentations: [probe, { http: false }],
        spanProcessors: [
          { onStart: (span) => span.setAttribute('user.on_start', 1), onEnd: () => {} },
          new SimpleSpanProcessor(spanExporter),
        ],
        beforeSendSpan: (span) => (span.name === 'secret' ? null : (((span.attributes['hook.seen'] = true), span))),
        logRecordProcessors: [{ onEmit: (record) => void record.setAttribute('user.on_emit', true) }, new SimpleLogRecordProcessor({ exporter: logExporter })],
        beforeSendLog: (record) => (record.body === 'secret log' ? null : record),
        metricReaders: [new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 60_000 })],
      });
      expect(probe.isEnabled()).toBe(true);
      trace.getTracer('app').startSpan('visible').end();
      trace.getTracer('app').startSpan('secret').end();
      logs.getLogger('app').emit({ body: 'visible log' });
      logs.getLogger('app').emit({ body: 'secret log' });
      metrics.getMeter('app').createCounter('app.count').add(3);
      probe.probe();
      await forceFlush();

      // The user's exporters see everything, with our resource and their processor's attribute.
      const userSpans = spanExporter.getFinishedSpans();
      expect(userSpans.map((s) => s.name).sort()).toEqual(['probe span', 'secret', 'visible']);
      expect(userSpans[0]!.resource.attributes['telemetry.distro.name']).toBe('clickstack-otel');
      expect(userSpans.every((s) => s.attributes['user.on_start'] === 1)).toBe(true);
      expect(logExporter.getFinishedLogRecords().map((r) => r.body).sort()).toEqual(['probe log', 'secret log', 'visible log']);
      const metricNames = metricExporter.getMetrics().flatMap((rm) => rm.scopeMetrics.flatMap((sm) => sm.metrics.map((m) => m.descriptor.name)));
      expect(metricNames).toEqual(expect.arrayContaining(['app.count', 'probe.count']));

      // Our export: beforeSend… dropped the secrets and marked the rest.
      await vi.waitFor(() => expect(records(collector.logs()).length).toBeGreaterThanOrEqual(2));
      const exported = collector.spans();
      expect(exported.map((s) => s.name).sort()).toEqual(['probe span', 'visible']);
      expect(exported.every((s) => s.attributes['hook.seen'] === true && s.attributes['user.on_start'] === 1)).toBe(true);
      expect(exported.find((s) => s.name === 'probe span')!.scope.name).toBe('@example/instrumentation-probe');
      const exportedLogs = records(collector.logs());
      expect(exportedLogs.map((r) => r.body).sort()).toEqual(['probe log', 'visible log']);
      expect(exportedLogs.every((r) => r.userOnEmit === true)).toBe(true);

      await shutdown();
      expect(probe.isEnabled()).toBe(false);
    } finally {
      await collector.close();
    }
  });

  it('throwing user code is one message each and never reaches the app', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const collector = await startCollector();
    try {
      init({
        url: collector.url,
        protocol: 'http/json',
        consoleCapture: false,
        spanProcessors: [{ onStart: () => {}, onEnd: () => { throw new Error('processor'); }, forceFlush: () => Promise.reject(new Error('flush')) }],
        beforeSendSpan: () => {
          throw new Error('hook');
        },
        logRecordProcessors: [{ onEmit: () => { throw new Error('log processor'); } }],
        metricReaders: [
          Object.assign(new PeriodicExportingMetricReader({ exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE), exportIntervalMillis: 60_000 }), {
            forceFlush: () => Promise.reject(new Error('reader')),
          }),
        ],
        instrumentations: [Object.assign(new ProbeInstrumentation(), { setTracerProvider: () => { throw new Error('instrumentation'); } }), { http: false }],
      });
      for (let i = 0; i < 3; i++) {
        trace.getTracer('app').startSpan(`s${i}`).end();
        logs.getLogger('app').emit({ body: `l${i}` });
      }
      await expect(forceFlush()).resolves.toBeUndefined();
      await expect(forceFlush()).resolves.toBeUndefined();
      // Nothing was dropped by the failing hook.
      await vi.waitFor(() => expect(collector.spans().map((s) => s.name).sort()).toEqual(['s0', 's1', 's2']));
      const lines = warn.mock.calls.map((c) => c.join(' '));
      expect(lines.filter((l) => l.includes('spanProcessors[0]'))).toEqual(['[clickstack-otel] spanProcessors[0] threw in onEnd (Error: processor); it gets nothing more from now on.']);
      expect(lines.filter((l) => l.includes('beforeSendSpan'))).toEqual(['[clickstack-otel] beforeSendSpan threw (Error: hook); such items are sent as they were.']);
      expect(lines.filter((l) => l.includes('logRecordProcessors[0]'))).toHaveLength(1);
      expect(lines.filter((l) => l.includes('metricReaders[0]'))).toEqual(['[clickstack-otel] metricReaders[0] threw in forceFlush (Error: reader); the SDK carries on without it.']);
      expect(lines.filter((l) => l.includes('@example/instrumentation-probe'))).toHaveLength(1);
    } finally {
      await collector.close();
    }
  });

  it('metric readers and log record processors of the app still get data when our own export of them is off', async () => {
    const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const logExporter = new InMemoryLogRecordExporter();
    init({
      url: 'http://127.0.0.1:9',
      metrics: false,
      logs: false,
      consoleCapture: false,
      instrumentations: { http: false, undici: false },
      metricReaders: [new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 60_000 })],
      logRecordProcessors: [new SimpleLogRecordProcessor({ exporter: logExporter })],
    });
    metrics.getMeter('app').createCounter('app.only_for_the_app').add(1);
    logs.getLogger('app').emit({ body: 'only for the app' });
    await forceFlush();
    const names = metricExporter.getMetrics().flatMap((rm) => rm.scopeMetrics.flatMap((sm) => sm.metrics.map((m) => m.descriptor.name)));
    expect(names).toContain('app.only_for_the_app');
    expect(logExporter.getFinishedLogRecords().map((r) => r.body)).toEqual(['only for the app']);
  });

  it('an instance of an instrumentation we also run replaces ours', () => {
    const original = http.request;
    init({ url: 'http://127.0.0.1:9', instrumentations: [new ProbeInstrumentation('@opentelemetry/instrumentation-http')] });
    // Our diagnostics-channel http instrumentation would have wrapped http.request.
    expect(http.request).toBe(original);
  });

  it('switch objects and instances mix in one array', () => {
    const original = http.request;
    const probe = new ProbeInstrumentation();
    init({ url: 'http://127.0.0.1:9', instrumentations: [probe, { http: false }] });
    expect(http.request).toBe(original);
    expect(probe.isEnabled()).toBe(true);
  });
});
