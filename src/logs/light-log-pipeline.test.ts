import { context, diag, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { logs, SeverityNumber } from '@opentelemetry/api-logs';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCollector, type Collector } from '../../e2e/fixtures/collector.mjs';
import type { BatchOptions } from '../config/options';
import { createOtlpExporter } from '../export/otlp-exporter';
import { jsonLogSerializer } from '../export/otlp-json';
import type { Transport } from '../platform';
import { createLightLogPipeline, LOG_ATTRIBUTE_COUNT_LIMIT } from './light-log-pipeline';

const resource = resourceFromAttributes({ 'service.name': 'light-logs' });
const BATCH: BatchOptions = { scheduledDelayMillis: 1000, exportTimeoutMillis: 30_000, maxQueueSize: 10, maxExportBatchSize: 4 };

function memoryExporter() {
  const batches: ReadableLogRecord[][] = [];
  return {
    batches,
    export(items: ReadableLogRecord[], done: (r: ExportResult) => void) {
      batches.push(items);
      done({ code: ExportResultCode.SUCCESS });
    },
    shutdown: vi.fn(() => Promise.resolve()),
    forceFlush: () => Promise.resolve(),
  };
}

/** A plain fetch transport: the real HTTP path to the real receiver on loopback. */
const fetchTransport = (url: string): Transport => ({
  async send(body, _timeout, signal) {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.from(body), signal });
    return { status: res.status, body: new Uint8Array(await res.arrayBuffer()) };
  },
  shutdown() {},
});

describe('light log pipeline', () => {
  const manager = new AsyncLocalStorageContextManager();
  let collector: Collector;
  beforeAll(async () => {
    context.setGlobalContextManager(manager.enable());
    collector = await startCollector();
  });
  afterAll(async () => {
    context.disable();
    await collector.close();
  });
  afterEach(() => vi.useRealTimers());

  it('builds records like sdk-logs: times, severity, body, attributes, exception, trace context, scope', async () => {
    const exporter = memoryExporter();
    const pipeline = createLightLogPipeline({ resource, batch: BATCH, exporter });
    const logger = pipeline.provider.getLogger('app', '1.0');
    expect(pipeline.provider.getLogger('app', '1.0')).toBe(logger);
    const span = trace.wrapSpanContext({ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), traceFlags: 1 });
    context.with(trace.setSpan(ROOT_CONTEXT, span), () => {
      logger.emit({ body: 'in span', severityNumber: SeverityNumber.WARN, severityText: 'WARN', attributes: { a: 1 }, timestamp: 1_700_000_000_000 });
    });
    logger.emit({ body: { k: 'v' }, exception: new TypeError('bad'), attributes: { 'exception.type': 'Mine', skip: undefined } });
    await pipeline.shutdown();
    const [inSpan, withError] = exporter.batches.flat();
    expect(inSpan).toMatchObject({
      body: 'in span',
      severityNumber: SeverityNumber.WARN,
      severityText: 'WARN',
      attributes: { a: 1 },
      hrTime: [1_700_000_000, 0],
      spanContext: { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8) },
      resource,
      instrumentationScope: { name: 'app', version: '1.0' },
    });
    expect(withError!.spanContext).toBeUndefined();
    expect(withError!.attributes).toMatchObject({ 'exception.type': 'Mine', 'exception.message': 'bad' });
    expect(withError!.attributes).not.toHaveProperty('skip');
    expect(String(withError!.attributes['exception.stacktrace'])).toContain('TypeError: bad');
    expect(exporter.shutdown).toHaveBeenCalledOnce();
    // Stopped: further records are ignored.
    logger.emit({ body: 'late' });
    expect(exporter.batches.flat()).toHaveLength(2);
  });

  it('batches by size and by delay, bounds the queue, limits attributes', async () => {
    vi.useFakeTimers();
    const exporter = memoryExporter();
    const pipeline = createLightLogPipeline({ resource, batch: BATCH, exporter });
    const logger = pipeline.provider.getLogger('batching');
    for (let i = 0; i < 4; i++) logger.emit({ body: i });
    await vi.advanceTimersByTimeAsync(0);
    expect(exporter.batches.map((b) => b.length)).toEqual([4]); // full batch goes at once
    logger.emit({ body: 'alone' });
    await vi.advanceTimersByTimeAsync(BATCH.scheduledDelayMillis - 1);
    expect(exporter.batches).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(exporter.batches.map((b) => b.length)).toEqual([4, 1]); // the delay sends a partial one
    const many: Record<string, number> = {};
    for (let i = 0; i < LOG_ATTRIBUTE_COUNT_LIMIT + 3; i++) many[`k${i}`] = i;
    logger.emit({ body: 'wide', attributes: many });
    await pipeline.forceFlush();
    const wide = exporter.batches.flat().find((r) => r.body === 'wide')!;
    expect(Object.keys(wide.attributes)).toHaveLength(LOG_ATTRIBUTE_COUNT_LIMIT);
    expect(wide.droppedAttributesCount).toBe(3);
    await pipeline.shutdown();
  });

  it('applies log record limits as sdk-logs does: attribute count, strings cut (also in arrays), maps left whole', async () => {
    const limits = { attributeCountLimit: 3, attributeValueLengthLimit: 4 };
    const attributes = { a: 'abcdefgh', b: ['long one', 'xy', 7], c: 'ünïcödé', d: 'dropped', e: 'dropped too' };
    const exporter = memoryExporter();
    const pipeline = createLightLogPipeline({ resource, batch: BATCH, exporter, limits });
    pipeline.provider.getLogger('limits').emit({ body: 'a body is never cut by the limits', attributes });
    await pipeline.forceFlush();
    const light = exporter.batches.flat()[0]!;
    // The reference: sdk-logs' LoggerProvider with the same limits.
    const records: ReadableLogRecord[] = [];
    const sdk = new LoggerProvider({ resource, logRecordLimits: limits, processors: [{ onEmit: (r) => void records.push(r), forceFlush: async () => {}, shutdown: async () => {} }] });
    sdk.getLogger('limits').emit({ body: 'a body is never cut by the limits', attributes });
    expect(light.attributes).toEqual(records[0]!.attributes);
    expect(light.attributes).toEqual({ a: 'abcd', b: ['long', 'xy', 7], c: 'ünïc' });
    expect(light.droppedAttributesCount).toBe(records[0]!.droppedAttributesCount);
    expect(light.body).toBe('a body is never cut by the limits');
    await pipeline.shutdown();
  });

  it('drops beyond maxQueueSize while an export is stuck', async () => {
    let release: (() => void) | undefined;
    const seen: number[] = [];
    const stuck = {
      export(items: ReadableLogRecord[], done: (r: ExportResult) => void) {
        seen.push(items.length);
        release = () => done({ code: ExportResultCode.SUCCESS });
      },
      shutdown: () => Promise.resolve(),
      forceFlush: () => Promise.resolve(),
    };
    const pipeline = createLightLogPipeline({ resource, batch: { ...BATCH, maxExportBatchSize: 100 }, exporter: stuck });
    const warn = vi.spyOn(diag, 'warn').mockImplementation(() => {});
    const logger = pipeline.provider.getLogger('full');
    for (let i = 0; i < BATCH.maxQueueSize + 5; i++) logger.emit({ body: i });
    const flushed = pipeline.forceFlush();
    await vi.waitFor(() => expect(seen).toEqual([BATCH.maxQueueSize]));
    release!();
    await flushed;
    await pipeline.shutdown();
    // The drops are counted and reported (the flush reports what is pending), named for log records.
    expect(warn.mock.calls.map((c) => c[0])).toEqual([`dropped 5 log records: queue full (OTEL_BLRP_MAX_QUEUE_SIZE=${BATCH.maxQueueSize}).`]);
    warn.mockRestore();
  });

  it('registers as the global logger provider until shutdown, and exports to the real receiver through the core exporter', async () => {
    collector.clear();
    const exporter = createOtlpExporter({
      transport: fetchTransport(`${collector.url}/v1/logs`),
      serializer: jsonLogSerializer,
      url: `${collector.url}/v1/logs`,
      timeoutMillis: 5000,
      log: { error: () => {}, warn: () => {}, debug: () => {} },
      signal: 'logs',
    });
    const pipeline = createLightLogPipeline({ resource, batch: BATCH, exporter });
    logs.getLogger('global-user').emit({ body: 'via api-logs', severityNumber: SeverityNumber.INFO, attributes: { n: 2 } });
    await pipeline.shutdown();
    expect(logs.getLoggerProvider()).not.toBe(pipeline.provider);
    expect(collector.errors()).toEqual([]);
    const records = collector.logs().flatMap((r) => r.resourceLogs.flatMap((rl: any) => rl.scopeLogs.flatMap((s: any) => s.logRecords)));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ body: { stringValue: 'via api-logs' }, severityNumber: SeverityNumber.INFO });
    expect(collector.logs()[0].resourceLogs[0].scopeLogs[0].scope.name).toBe('global-user');
  });

  it('prints records in debug mode without the secret', async () => {
    const lines: string[] = [];
    const printer = { info: (...a: unknown[]) => lines.push(a.join(' ')), warn: () => {}, error: () => {}, debug: () => {} };
    const pipeline = createLightLogPipeline({ resource, batch: BATCH, print: { printer, secrets: ['s3cr3t'] } });
    pipeline.provider.getLogger('dbg').emit({ body: 'key is s3cr3t', severityText: 'INFO', severityNumber: 9 });
    await pipeline.shutdown();
    expect(lines.join('\n')).toContain('key is <redacted>');
    expect(lines.join('\n')).not.toContain('s3cr3t');
  });
});
