import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor, type LogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consolePrinter } from '../../src/diag';
import { captureConsole, MAX_CONSOLE_BODY_CHARS } from './console-capture';

type Call = { method: string; self: unknown; args: unknown[] };
const METHODS = ['trace', 'debug', 'log', 'info', 'warn', 'error'] as const;

let calls: Call[];
let saved: Record<string, unknown>;
let exporter: InMemoryLogRecordExporter;
let provider: LoggerProvider;
let stop: (() => void) | undefined;

beforeEach(() => {
  // The "original" console: records what it was handed instead of printing.
  calls = [];
  saved = {};
  for (const m of METHODS) {
    saved[m] = console[m];
    console[m] = function (this: unknown, ...args: unknown[]) {
      calls.push({ method: m, self: this, args });
    };
  }
  exporter = new InMemoryLogRecordExporter();
  provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter })] });
});

afterEach(async () => {
  stop?.();
  stop = undefined;
  for (const m of METHODS) (console as unknown as Record<string, unknown>)[m] = saved[m];
  await provider.shutdown();
  context.disable();
});

describe('captureConsole', () => {
  it('hands the original method the very same arguments and this, and returns its result', () => {
    const before = console.log;
    stop = captureConsole(provider, 'info');
    expect(console.log).not.toBe(before);
    const obj = { a: 1 };
    console.log('x %s', 'y', obj);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.self).toBe(console);
    expect(calls[0]!.args).toHaveLength(3);
    expect(calls[0]!.args[2]).toBe(obj);
    stop();
    stop = undefined;
    expect(console.log).toBe(before);
  });

  it('maps methods to severities, formats like util.format, and skips levels below the threshold', () => {
    stop = captureConsole(provider, 'info');
    console.trace('t');
    console.debug('d');
    console.log('n=%d', 5);
    console.info('i');
    console.warn('w', { k: 'v' });
    console.error(new Error('boom').message);
    const got = exporter.getFinishedLogRecords().map((r) => [r.severityNumber, r.severityText, r.body]);
    expect(got).toEqual([
      [9, 'INFO', 'n=5'],
      [9, 'INFO', 'i'],
      [13, 'WARN', "w { k: 'v' }"],
      [17, 'ERROR', 'boom'],
    ]);
    // The console itself still printed all six.
    expect(calls.map((c) => c.method)).toEqual(['trace', 'debug', 'log', 'info', 'warn', 'error']);
  });

  it('captures debug and trace when asked for', () => {
    stop = captureConsole(provider, 'trace');
    console.trace('t');
    console.debug('d');
    expect(exporter.getFinishedLogRecords().map((r) => [r.severityNumber, r.body])).toEqual([
      [1, 't'],
      [5, 'd'],
    ]);
  });

  it('carries the active span ids', () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    stop = captureConsole(provider, 'info');
    const span = new BasicTracerProvider().getTracer('t').startSpan('s');
    context.with(trace.setSpan(context.active(), span), () => console.info('inside'));
    span.end();
    const record = exporter.getFinishedLogRecords()[0]!;
    expect(record.spanContext?.traceId).toBe(span.spanContext().traceId);
    expect(record.spanContext?.spanId).toBe(span.spanContext().spanId);
  });

  it('never records the SDK own printer, bound before capture', () => {
    const printer = consolePrinter();
    stop = captureConsole(provider, 'trace');
    printer.warn('[clickstack-otel] something');
    printer.error('[clickstack-otel] something else');
    // Nor one made after capture started (a second init() makes its own printer).
    consolePrinter().warn('[clickstack-otel] init() was called more than once');
    expect(exporter.getFinishedLogRecords()).toHaveLength(0);
    expect(calls).toHaveLength(3);
  });

  it('does not recurse when a processor logs to the console', () => {
    const chatty: LogRecordProcessor = {
      onEmit: () => console.warn('processor saw a record'),
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    };
    const p = new LoggerProvider({ processors: [chatty, new SimpleLogRecordProcessor({ exporter })] });
    stop = captureConsole(p, 'info');
    console.log('once');
    expect(exporter.getFinishedLogRecords().map((r) => r.body)).toEqual(['once']);
    expect(calls.map((c) => c.args[0])).toEqual(['once', 'processor saw a record']);
  });

  it('caps the body and never throws into the app when emitting fails', () => {
    stop = captureConsole(provider, 'info');
    console.log('x'.repeat(MAX_CONSOLE_BODY_CHARS + 10));
    expect((exporter.getFinishedLogRecords()[0]!.body as string).length).toBe(MAX_CONSOLE_BODY_CHARS + 1);
    stop();
    const broken = { getLogger: () => ({ emit: () => { throw new Error('nope'); } }) } as never;
    stop = captureConsole(broken, 'info');
    expect(() => console.log('still fine')).not.toThrow();
    expect(calls.at(-1)!.args).toEqual(['still fine']);
  });

  it('leaves a later wrapper in place on stop', () => {
    stop = captureConsole(provider, 'info');
    const ours = console.log;
    const theirs = (...args: unknown[]) => ours(...args);
    console.log = theirs;
    stop();
    stop = undefined;
    expect(console.log).toBe(theirs);
  });
});
