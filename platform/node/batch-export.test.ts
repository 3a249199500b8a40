import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TraceFlags } from '@opentelemetry/api';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { AlwaysOffSampler, BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { BODY_SKIPPED_BACKLOG, createBatchSpanProcessor, EXPORT_AT_QUEUED_CAPTURE_BYTES } from '../../src/export/batch-span-processor';
import { createOtlpExporter } from '../../src/export/otlp-exporter';
import type { BatchOptions } from '../../src/config/options';
import { createNodeTransport } from './transport';

/**
 * The core's batch span processor with the real exporter and the real Node transport against an
 * OTLP/JSON receiver on loopback. Timing is never asserted: batches are driven by forceFlush or
 * by a full batch, and the receiver either answers or holds every request.
 */
interface ExportedSpan {
  name: string;
  attributes: Record<string, unknown>;
}

async function startReceiver() {
  const requests: ExportedSpan[][] = [];
  let holding = false;
  const held: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as {
        resourceSpans: { scopeSpans: { spans: { name: string; attributes: { key: string; value: Record<string, unknown> }[] }[] }[] }[];
      };
      const spans = body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)).map((s) => ({
        name: s.name,
        attributes: Object.fromEntries(s.attributes.map((a) => [a.key, Object.values(a.value)[0]])),
      }));
      requests.push(spans);
      if (holding) held.push(res);
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.on('connection', (s) => s.unref());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  server.unref();
  cleanups.push(() => new Promise<void>((r) => (server.close(() => r()), server.closeAllConnections())));
  const receiver = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`,
    requests,
    spans: () => requests.flat(),
    hold: () => void (holding = true),
    release: () => {
      holding = false;
      for (const res of held.splice(0)) res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    },
  };
  receivers.push(receiver);
  return receiver;
}

/** Released before the cleanups, so a failed test never leaves a shutdown waiting on a held export. */
const receivers: { release(): void }[] = [];

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const r of receivers.splice(0)) r.release();
  for (const c of cleanups.splice(0).reverse()) await c();
});

const NO_TIMER: BatchOptions = { scheduledDelayMillis: 3_600_000, exportTimeoutMillis: 30_000, maxQueueSize: 2_048, maxExportBatchSize: 512 };

function pipeline(url: string, batch: Partial<BatchOptions> = {}, extra: { maxQueuedCaptureBytes?: number } = {}) {
  const lines: { level: 'warn' | 'debug' | 'error'; message: string }[] = [];
  const log = {
    error: (message: string) => void lines.push({ level: 'error', message }),
    warn: (message: string) => void lines.push({ level: 'warn', message }),
    debug: (message: string) => void lines.push({ level: 'debug', message }),
  };
  const exporter = createOtlpExporter({
    transport: createNodeTransport({ url, headers: {}, protocol: 'http/json' }),
    serializer: JsonTraceSerializer,
    url,
    timeoutMillis: 10_000,
    log,
  });
  const processor = createBatchSpanProcessor({ exporter, batch: { ...NO_TIMER, ...batch }, log, ...extra });
  const provider = new BasicTracerProvider({ spanProcessors: [processor] });
  const tracer = provider.getTracer('batch-export-test');
  cleanups.push(() => provider.shutdown());
  const end = (name: string, attributes: Record<string, string> = {}) => tracer.startSpan(name, { attributes }).end();
  return { processor, provider, tracer, end, lines, exporter };
}

describe('createBatchSpanProcessor with the real exporter on loopback', () => {
  it('exports a full batch at once and the rest on forceFlush, in batches of maxExportBatchSize', async () => {
    const receiver = await startReceiver();
    const p = pipeline(receiver.url, { maxExportBatchSize: 4, maxQueueSize: 100 });
    for (let i = 0; i < 4; i++) p.end(`full-${i}`);
    // A full batch leaves without waiting for the (hour-long) schedule.
    await expect.poll(() => receiver.requests.length).toBe(1);
    for (let i = 0; i < 6; i++) p.end(`rest-${i}`);
    // 4 more leave as a full batch (on the next turn of the event loop, not inside span.end()).
    expect(p.processor.stats().queued).toBe(6);
    await expect.poll(() => receiver.requests.length).toBe(2);
    expect(p.processor.stats().queued).toBe(2);
    await p.provider.forceFlush();
    expect(receiver.requests.map((r) => r.length)).toEqual([4, 4, 2]);
    expect(receiver.spans().map((s) => s.name)).toEqual([...[0, 1, 2, 3].map((i) => `full-${i}`), ...[0, 1, 2, 3, 4, 5].map((i) => `rest-${i}`)]);
  });

  it('never exports unsampled spans', async () => {
    const receiver = await startReceiver();
    const p = pipeline(receiver.url);
    const provider = new BasicTracerProvider({ sampler: new AlwaysOffSampler(), spanProcessors: [p.processor] });
    const span = provider.getTracer('t').startSpan('unsampled');
    expect(span.spanContext().traceFlags & TraceFlags.SAMPLED).toBe(0);
    span.end();
    p.end('sampled');
    await p.provider.forceFlush();
    expect(receiver.spans().map((s) => s.name)).toEqual(['sampled']);
  });

  it('counts spans dropped on a full queue and reports them once at warn level, with the setting to raise', async () => {
    const receiver = await startReceiver();
    receiver.hold(); // a collector that takes the data and never answers: nothing leaves the queue
    const p = pipeline(receiver.url, { maxQueueSize: 10, maxExportBatchSize: 10 });
    for (let i = 0; i < 10; i++) p.end(`kept-${i}`); // one full batch, now in flight
    await expect.poll(() => receiver.requests.length).toBe(1);
    for (let i = 0; i < 25; i++) p.end(`queued-or-dropped-${i}`);
    expect(p.processor.stats()).toMatchObject({ queued: 10, dropped: 15 });
    receiver.release();
    await p.provider.forceFlush();
    const warnings = p.lines.filter((l) => l.level === 'warn').map((l) => l.message);
    expect(warnings).toEqual(['dropped 15 spans: queue full (OTEL_BSP_MAX_QUEUE_SIZE=10).']);
    expect(receiver.spans()).toHaveLength(20);
    // Counted since start; reported only once.
    await p.provider.forceFlush();
    expect(p.lines.filter((l) => l.level === 'warn')).toHaveLength(1);
    expect(p.processor.stats().dropped).toBe(15);
  });

  it('past the capture budget, queued spans lose their bodies and carry a marker; the budget frees as batches finish', async () => {
    const receiver = await startReceiver();
    const p = pipeline(receiver.url, {}, { maxQueuedCaptureBytes: 1_000 });
    const body = 'x'.repeat(400);
    for (let i = 0; i < 4; i++) p.end(`capture-${i}`, { 'http.request.body': body, 'http.response.body': 'ok', 'http.response.header.x': 'kept' });
    expect(p.processor.stats()).toMatchObject({ queued: 4, captureBytes: 804, bodiesSkipped: 2 });
    await p.provider.forceFlush();
    const byName = Object.fromEntries(receiver.spans().map((s) => [s.name, s.attributes]));
    for (const name of ['capture-0', 'capture-1']) {
      expect(byName[name]!['http.request.body']).toBe(body);
      expect(byName[name]!['http.response.body']).toBe('ok');
      expect(byName[name]!['http.request.body.skipped']).toBeUndefined();
    }
    for (const name of ['capture-2', 'capture-3']) {
      expect(byName[name]!['http.request.body']).toBeUndefined();
      expect(byName[name]!['http.response.body']).toBeUndefined();
      expect(byName[name]!['http.request.body.skipped']).toBe(BODY_SKIPPED_BACKLOG);
      expect(byName[name]!['http.response.body.skipped']).toBe(BODY_SKIPPED_BACKLOG);
      expect(byName[name]!['http.response.header.x']).toBe('kept'); // only bodies are given up
    }
    // Exported: the budget is free again.
    expect(p.processor.stats().captureBytes).toBe(0);
    p.end('after', { 'http.response.body': body });
    await p.provider.forceFlush();
    expect(receiver.spans().at(-1)!.attributes['http.response.body']).toBe(body);
  });

  it('spans holding EXPORT_AT_QUEUED_CAPTURE_BYTES of bodies leave at once, as a full batch would', async () => {
    const receiver = await startReceiver();
    const p = pipeline(receiver.url);
    const third = 'b'.repeat(Math.ceil(EXPORT_AT_QUEUED_CAPTURE_BYTES / 3));
    p.end('small', { 'http.response.body': 'ok' });
    p.end('body-0', { 'http.request.body': third });
    p.end('body-1', { 'http.response.body': third });
    // Below the mark: nothing leaves before the (hour-long) schedule.
    await new Promise((r) => setTimeout(r, 50));
    expect(receiver.requests).toHaveLength(0);
    p.end('body-2', { 'http.request.body': third });
    await expect.poll(() => receiver.requests.length).toBe(1);
    expect(receiver.requests[0]!.map((s) => s.name)).toEqual(['small', 'body-0', 'body-1', 'body-2']);
    // The count starts again from zero: one more body below the mark waits.
    p.end('body-3', { 'http.request.body': third });
    await new Promise((r) => setTimeout(r, 50));
    expect(receiver.requests).toHaveLength(1);
    expect(p.processor.stats().queued).toBe(1);
  });

  it('holds the capture budget while a batch is on the wire, not only while it is queued', async () => {
    const receiver = await startReceiver();
    receiver.hold();
    const p = pipeline(receiver.url, { maxExportBatchSize: 1 }, { maxQueuedCaptureBytes: 1_000 });
    p.end('in-flight', { 'http.response.body': 'y'.repeat(900) });
    await expect.poll(() => receiver.requests.length).toBe(1);
    expect(p.processor.stats()).toMatchObject({ queued: 0, captureBytes: 900 });
    p.end('over-budget', { 'http.response.body': 'z'.repeat(200) });
    expect(p.processor.stats().bodiesSkipped).toBe(1);
    receiver.release();
    await p.provider.forceFlush();
    expect(p.processor.stats().captureBytes).toBe(0);
  });

  it('frees the bodies of each batch as it answers, and of what takeQueued hands over, when the queue leaves in parts', async () => {
    const receiver = await startReceiver();
    receiver.hold();
    const p = pipeline(receiver.url, { maxExportBatchSize: 2, maxQueueSize: 100 }, { maxQueuedCaptureBytes: 10_000 });
    // Two spans (100 + 0 units of body) make a full batch, which leaves and is held on the wire.
    p.end('a', { 'http.request.body': 'a'.repeat(100) });
    p.end('b');
    await expect.poll(() => receiver.requests.length).toBe(1);
    // Five more wait behind it (no second export while one is on the wire), some without a body.
    for (const [name, size] of [['c', 0], ['d', 30], ['e', 7], ['f', 500], ['g', 1]] as const) p.end(name, size ? { 'http.response.body': 'x'.repeat(size) } : {});
    expect(p.processor.stats()).toMatchObject({ queued: 5, captureBytes: 638 });
    // A dying process takes the queue: its 538 units are freed; the batch on the wire keeps its 100.
    expect(p.processor.takeQueued().map((s) => s.name)).toEqual(['c', 'd', 'e', 'f', 'g']);
    expect(p.processor.stats()).toMatchObject({ queued: 0, captureBytes: 100 });
    receiver.release();
    await p.provider.forceFlush();
    expect(p.processor.stats().captureBytes).toBe(0);
    // Again with the collector answering: batches of two leave one after the other, each freeing its own.
    for (const [name, size] of [['h', 3], ['i', 0], ['j', 0], ['k', 5], ['l', 11]] as const) p.end(name, size ? { 'http.request.body': 'y'.repeat(size) } : {});
    await p.provider.forceFlush();
    expect(p.processor.stats()).toMatchObject({ queued: 0, captureBytes: 0 });
    expect(receiver.spans().map((s) => s.name)).toEqual(['a', 'b', 'h', 'i', 'j', 'k', 'l']);
  });

  it('forceFlush waits for a batch already in flight; the pending timers keep no process alive', async () => {
    const receiver = await startReceiver();
    receiver.hold();
    const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timeouts();
    const p = pipeline(receiver.url, { maxExportBatchSize: 2, maxQueueSize: 4 });
    p.end('a');
    p.end('b'); // full batch: leaves on the next turn, then waits on the wire with its export guard timer
    p.end('c');
    for (let i = 0; i < 5; i++) p.end(`overflow-${i}`); // 1 queued, 4 dropped: a drop report timer
    await expect.poll(() => receiver.requests.length).toBe(1);
    // Other timers (the test runner's polling) may have come and gone; none of ours holds the loop.
    expect(timeouts()).toBeLessThanOrEqual(before);
    let flushed = false;
    const flush = p.provider.forceFlush().then(() => (flushed = true));
    await expect.poll(() => receiver.requests.length).toBe(2); // the rest of the queue went out too
    expect(flushed).toBe(false); // both still unanswered
    receiver.release();
    await flush;
    expect(receiver.spans().map((s) => s.name).sort()).toEqual(['a', 'b', 'c', 'overflow-0']);
  });

  it('after shutdown, spans are ignored and the exporter is stopped; shutdown and forceFlush settle once', async () => {
    const receiver = await startReceiver();
    const p = pipeline(receiver.url);
    p.end('before');
    const first = p.processor.shutdown();
    expect(p.processor.shutdown()).toBe(first);
    expect(p.processor.forceFlush()).toBe(first);
    await first;
    p.end('after');
    expect(p.processor.stats().queued).toBe(0);
    expect(receiver.spans().map((s) => s.name)).toEqual(['before']);
    expect(p.exporter.stats().exported).toBe(1);
  });
});
