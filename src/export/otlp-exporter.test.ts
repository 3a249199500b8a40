import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Transport, TransportResponse } from '../platform';
import { createOtlpExporter, isReportedExportError, MAX_CONCURRENT_EXPORTS, type OtlpExporterOptions } from './otlp-exporter';

/**
 * The exporter against a scripted transport on a fake clock: each test says what the collector
 * answers, and checks what the exporter did (requests, timing between them, result, messages).
 * The transport is the exporter's whole outside world; the real ones are covered end to end in
 * e2e/cases/export-faults.
 */
type Answer = TransportResponse | Error | 'hang';

function scriptedTransport(answers: Answer[]) {
  const sent: { at: number; body: string; timeoutMillis: number }[] = [];
  let shutdowns = 0;
  const transport: Transport = {
    send(body, timeoutMillis, signal) {
      sent.push({ at: Date.now(), body: new TextDecoder().decode(body), timeoutMillis });
      const answer = answers.length > 1 ? answers.shift()! : answers[0]!;
      return new Promise((resolve, reject) => {
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        if (answer === 'hang') return;
        if (answer instanceof Error) reject(answer);
        else resolve(answer);
      });
    },
    shutdown: () => void shutdowns++,
  };
  return { transport, sent, shutdowns: () => shutdowns };
}

const serializer = {
  serializeRequest: (items: string[]) => new TextEncoder().encode(items.join(',')),
  deserializeResponse: (body: Uint8Array) => JSON.parse(new TextDecoder().decode(body)) as unknown,
};

function setup(answers: Answer[], overrides: Partial<OtlpExporterOptions<string>> = {}) {
  const scripted = scriptedTransport(answers);
  const log = { error: vi.fn<(m: string) => void>(), warn: vi.fn<(m: string) => void>(), debug: vi.fn<(m: string) => void>() };
  const exporter = createOtlpExporter<string>({
    transport: scripted.transport,
    serializer,
    url: 'https://user:pw@collector.example:4318/v1/traces?token=abc',
    timeoutMillis: 10_000,
    log,
    random: () => 0.5, // no jitter: delays are exactly the backoff
    ...overrides,
  });
  const results: ExportResult[] = [];
  const exportItems = (...items: string[]) => exporter.export(items, (r) => results.push(r));
  return { ...scripted, exporter, log, results, exportItems };
}

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4318'), { code: 'ECONNREFUSED' });

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createOtlpExporter', () => {
  it('exports once and succeeds on a 2xx', async () => {
    const t = setup([{ status: 200 }]);
    t.exportItems('a', 'b');
    await vi.runAllTimersAsync();
    expect(t.results).toEqual([{ code: ExportResultCode.SUCCESS }]);
    expect(t.sent.map((s) => s.body)).toEqual(['a,b']);
    expect(t.exporter.stats()).toEqual({ exported: 2, failed: 0, dropped: 0, requests: 1 });
  });

  it('retries 503 with exponential backoff and succeeds when the collector recovers', async () => {
    const t = setup([{ status: 503 }, { status: 503 }, { status: 200 }]);
    t.exportItems('a');
    await vi.runAllTimersAsync();
    expect(t.results).toEqual([{ code: ExportResultCode.SUCCESS }]);
    expect(t.sent.map((s) => s.at)).toEqual([0, 1_000, 2_500]);
    // Each attempt gets only the time left before the export's deadline.
    expect(t.sent.map((s) => s.timeoutMillis)).toEqual([10_000, 9_000, 7_500]);
    expect(t.log.warn).not.toHaveBeenCalled();
  });

  it('waits as long as Retry-After says on 429', async () => {
    const t = setup([{ status: 429, retryAfter: '3' }, { status: 200 }]);
    t.exportItems('a');
    await vi.runAllTimersAsync();
    expect(t.sent.map((s) => s.at)).toEqual([0, 3_000]);
    expect(t.results[0]!.code).toBe(ExportResultCode.SUCCESS);
  });

  it('does not retry when Retry-After points past the export timeout', async () => {
    const t = setup([{ status: 503, retryAfter: '60' }, { status: 200 }]);
    t.exportItems('a');
    await vi.runAllTimersAsync();
    expect(t.sent).toHaveLength(1);
    expect(t.results[0]!.code).toBe(ExportResultCode.FAILED);
  });

  it.each([400, 401, 403, 404, 413, 500])('fails HTTP %i at once, without retrying', async (status) => {
    const t = setup([{ status }]);
    t.exportItems('a');
    await vi.runAllTimersAsync();
    expect(t.sent).toHaveLength(1);
    expect(t.results[0]!.code).toBe(ExportResultCode.FAILED);
    expect(t.exporter.stats()).toMatchObject({ failed: 1, exported: 0 });
    expect(t.log.error).toHaveBeenCalledTimes(1);
  });

  it('says the API key was rejected on 401, the same words every time, and never prints secrets', async () => {
    const t = setup([{ status: 401 }]);
    t.exportItems('a');
    t.exportItems('b');
    await vi.runAllTimersAsync();
    const [first, second] = t.log.error.mock.calls.map((c) => c[0]);
    expect(first).toBe(second); // identical text: the diag logger prints it once
    expect(first).toContain('API key was rejected');
    expect(first).toContain('https://collector.example:4318/v1/traces');
    expect(first).not.toMatch(/pw|token|abc/);
  });

  it('retries network errors until the export timeout, then warns once per cause', async () => {
    const t = setup([refused()], { timeoutMillis: 3_000 });
    t.exportItems('a');
    await vi.runAllTimersAsync();
    expect(t.sent.map((s) => s.at)).toEqual([0, 1_000, 2_500]);
    expect(t.results[0]!.code).toBe(ExportResultCode.FAILED);
    expect(t.log.warn).toHaveBeenCalledTimes(1);
    expect(t.log.warn.mock.calls[0]![0]).toMatch(/failed \(ECONNREFUSED\); the data was dropped/);
    // Debug mode shows each retry.
    expect(t.log.debug.mock.calls.map((c) => c[0]).filter((m) => m.includes('retrying in'))).toHaveLength(2);
  });

  it('gives up after the attempt limit even with time left', async () => {
    const t = setup([refused()], { timeoutMillis: 1e9 });
    t.exportItems('a');
    await vi.runAllTimersAsync();
    expect(t.sent).toHaveLength(5);
    expect(t.results[0]!.code).toBe(ExportResultCode.FAILED);
  });

  it('marks its failures as already reported, so the SDK does not print them again', async () => {
    const t = setup([{ status: 404 }]);
    t.exportItems('a');
    await vi.runAllTimersAsync();
    expect(isReportedExportError(t.results[0]!.error)).toBe(true);
    expect(isReportedExportError(new Error('other'))).toBe(false);
    // As a tracer provider's forceFlush rejects: a list of its processors' errors.
    expect(isReportedExportError([t.results[0]!.error])).toBe(true);
    expect(isReportedExportError([t.results[0]!.error, new Error('other')])).toBe(false);
    expect(isReportedExportError([])).toBe(false);
  });

  it(`keeps at most ${MAX_CONCURRENT_EXPORTS} exports in flight and drops (and counts) the rest`, async () => {
    const t = setup(['hang']);
    for (let i = 0; i < MAX_CONCURRENT_EXPORTS + 2; i++) t.exportItems(`s${i}`, `t${i}`);
    expect(t.sent).toHaveLength(MAX_CONCURRENT_EXPORTS);
    expect(t.results).toHaveLength(2);
    expect(t.results.every((r) => r.code === ExportResultCode.FAILED)).toBe(true);
    expect(t.exporter.stats().dropped).toBe(4);
    expect(t.log.debug.mock.calls.at(-1)![0]).toMatch(/dropped 2 spans .*4 spans dropped so far/);
  });

  it('abort() ends every export in flight at once, retries included, and later exports still work', async () => {
    const t = setup([refused(), 'hang', { status: 200 }]);
    t.exportItems('waiting-to-retry');
    await vi.advanceTimersByTimeAsync(10);
    t.exportItems('on-the-wire');
    await vi.advanceTimersByTimeAsync(10);
    expect(t.results).toEqual([]);
    t.exporter.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.results.map((r) => r.code)).toEqual([ExportResultCode.FAILED, ExportResultCode.FAILED]);
    expect(t.exporter.stats().dropped).toBe(2);
    t.exportItems('after');
    await vi.runAllTimersAsync();
    expect(t.results.at(-1)).toEqual({ code: ExportResultCode.SUCCESS });
  });

  it('pauseRetries() makes failures final and ends waits at once; retries come back after resume', async () => {
    const t = setup([refused()]);
    t.exportItems('waiting-to-retry');
    await vi.advanceTimersByTimeAsync(10);
    expect(t.sent).toHaveLength(1); // now waiting for its first backoff
    const resume = t.exporter.pauseRetries();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.results.map((r) => r.code)).toEqual([ExportResultCode.FAILED]);
    t.exportItems('during-pause');
    await vi.advanceTimersByTimeAsync(0);
    expect(t.sent).toHaveLength(2); // one attempt, no retry
    expect(t.results).toHaveLength(2);
    resume();
    resume(); // idempotent
    t.exportItems('after-resume');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(t.sent.length).toBeGreaterThan(3); // retrying again
  });

  it('shutdown() stops retrying at once, lets a request on the wire land, then refuses new exports', async () => {
    let release!: (r: TransportResponse) => void;
    const t = setup([refused()]);
    t.exportItems('retrying');
    await vi.advanceTimersByTimeAsync(10);
    const onWire = new Promise<TransportResponse>((resolve) => (release = resolve));
    t.transport.send = () => onWire;
    t.exportItems('landing');
    const stopped = t.exporter.shutdown();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.results.map((r) => r.code)).toEqual([ExportResultCode.FAILED]);
    release({ status: 200 });
    await stopped;
    expect(t.results.map((r) => r.code)).toEqual([ExportResultCode.FAILED, ExportResultCode.SUCCESS]);
    expect(t.shutdowns()).toBe(1);
    t.exportItems('late');
    expect(t.results.at(-1)!.code).toBe(ExportResultCode.FAILED);
    expect(t.exporter.shutdown()).toBe(stopped);
  });

  it('shutdown() aborts a request that does not land within its bound', async () => {
    const t = setup(['hang']);
    t.exportItems('a');
    const stopped = t.exporter.shutdown();
    await vi.advanceTimersByTimeAsync(2_000);
    await stopped;
    expect(t.results.map((r) => r.code)).toEqual([ExportResultCode.FAILED]);
    expect(t.exporter.stats().dropped).toBe(1);
  });

  it('warns about a partial success, and does not retry it', async () => {
    const body = new TextEncoder().encode(JSON.stringify({ partialSuccess: { rejectedSpans: '2', errorMessage: 'span too old' } }));
    const t = setup([{ status: 200, body }]);
    t.exportItems('a', 'b', 'c');
    await vi.runAllTimersAsync();
    expect(t.sent).toHaveLength(1);
    expect(t.results[0]!.code).toBe(ExportResultCode.SUCCESS);
    expect(t.log.warn).toHaveBeenCalledWith(expect.stringContaining('only in part: span too old'));
    expect(t.log.debug).toHaveBeenCalledWith('the collector rejected 2 spans.');
  });

  it('reports a batch that cannot be encoded as dropped, without sending', async () => {
    const t = setup([{ status: 200 }], { serializer: { serializeRequest: () => undefined, deserializeResponse: () => ({}) } });
    t.exportItems('a');
    expect(t.sent).toHaveLength(0);
    expect(t.results[0]!.code).toBe(ExportResultCode.FAILED);
    expect(t.exporter.stats().dropped).toBe(1);
  });
});
