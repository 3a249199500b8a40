/**
 * The user's pipeline parts on the light tracer and log pipeline (what the bundled browser build
 * runs): order, what a processor may change, what `beforeSend…` may drop, and the failure rules.
 */
import { logs } from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOnSampler, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { describe, expect, it } from 'vitest';
import { BROWSER_RUNTIME, resolveConfig } from './config/resolve';
import { resolveNpmSettings } from './config/npm-settings';
import { resolveBrowserSettings } from './config/browser-settings';
import type { Options } from './config/options';
import { createLightLogPipelineWithProcessors } from './logs/light-log-processors';
import { createLightTracerProvider } from './trace/tracer-provider';
import { userPipeline } from './user-pipeline';

const resource = resourceFromAttributes({ 'service.name': 'user-pipeline' });
// As platform/browser/bundled-platform.ts hands them in.
const BUNDLED = { ...BROWSER_RUNTIME, settings: resolveBrowserSettings, npm: resolveNpmSettings };
const settled = () => Promise.resolve();

/** The SDK's side, reduced: an "enricher" first, then an export stage that records what it gets. */
function pipeline(options: Options) {
  const { config, problems } = resolveConfig(options, {}, BUNDLED);
  const reports: string[] = [];
  const user = userPipeline(config, (m) => reports.push(m));
  const order: string[] = [];
  const exported: ReadableSpan[] = [];
  const enricher: SpanProcessor = {
    onStart: (span) => {
      order.push('enricher');
      span.setAttribute('sdk.enriched', true);
    },
    onEnd: () => {},
    forceFlush: settled,
    shutdown: settled,
  };
  const exportStage: SpanProcessor = { onStart: () => {}, onEnd: (span) => exported.push(span), forceFlush: settled, shutdown: settled };
  const provider = createLightTracerProvider({ resource, sampler: new AlwaysOnSampler(), spanProcessors: user.spans([enricher, exportStage]) });
  return { provider, tracer: provider.getTracer('t'), exported, order, reports, problems, user };
}

describe('user span processors and beforeSendSpan', () => {
  it('run after the SDK (they see its attributes), before beforeSendSpan and export; what they set is exported', () => {
    const seen: string[] = [];
    const { tracer, exported, order } = pipeline({
      spanProcessors: [
        {
          onStart(span) {
            order.push('user');
            seen.push(String(span.attributes['sdk.enriched']));
          },
          onEnding(span) {
            span.setAttribute('user.added', 'yes');
          },
          onEnd() {},
        },
      ],
      beforeSendSpan(span) {
        order.push('hook');
        span.attributes['hook.added'] = span.attributes['user.added'] === 'yes';
        return span.name === 'drop me' ? null : span;
      },
    });
    tracer.startSpan('keep me').end();
    tracer.startSpan('drop me').end();
    expect(order).toEqual(['enricher', 'user', 'hook', 'enricher', 'user', 'hook']);
    expect(seen).toEqual(['true', 'true']);
    expect(exported.map((s) => s.name)).toEqual(['keep me']);
    expect(exported[0]!.attributes).toMatchObject({ 'sdk.enriched': true, 'user.added': 'yes', 'hook.added': true });
  });

  it('a processor that throws is reported once, gets nothing more, and its flush and shutdown still run', async () => {
    const calls: string[] = [];
    const { tracer, exported, reports, provider } = pipeline({
      spanProcessors: [
        {
          onStart: () => calls.push('start'),
          onEnd: () => {
            calls.push('end');
            throw new TypeError('boom');
          },
          forceFlush: async () => {
            calls.push('flush');
            throw Object.create(null); // not even printable
          },
          shutdown: () => (calls.push('shutdown'), Promise.reject(new Error('no'))),
        },
      ],
    });
    tracer.startSpan('a').end();
    tracer.startSpan('b').end();
    expect(exported.map((s) => s.name)).toEqual(['a', 'b']);
    await expect(provider.forceFlush()).resolves.toBeUndefined();
    await expect(provider.shutdown()).resolves.toBeUndefined();
    expect(calls).toEqual(['start', 'end', 'flush', 'shutdown']);
    expect(reports).toEqual(['spanProcessors[0] threw in onEnd (TypeError: boom); it gets nothing more from now on.']);
  });

  it('names a processor by its class; methods left out are no-ops', () => {
    class Enricher {
      onStart(span: { setAttribute(k: string, v: string): void }) {
        span.setAttribute('k', 'v');
        throw new Error('x');
      }
    }
    const { tracer, exported, reports } = pipeline({ spanProcessors: [new Enricher() as never] });
    tracer.startSpan('a').end();
    expect(exported).toHaveLength(1);
    expect(reports).toEqual(['spanProcessors[0] (Enricher) threw in onStart (Error: x); it gets nothing more from now on.']);
  });

  it('a hook that throws or returns something else drops nothing, says so once, and keeps running', () => {
    let n = 0;
    const { tracer, exported, reports } = pipeline({
      beforeSendSpan(span) {
        n++;
        if (span.name === 'throws') throw new RangeError('bad');
        if (span.name === 'forgot') return undefined as never;
        return span.name === 'drop' ? null : span;
      },
    });
    for (const name of ['throws', 'forgot', 'drop', 'ok', 'throws']) tracer.startSpan(name).end();
    expect(n).toBe(5);
    expect(exported.map((s) => s.name)).toEqual(['throws', 'forgot', 'ok', 'throws']);
    expect(reports).toEqual(['beforeSendSpan threw (RangeError: bad); such items are sent as they were.']);
  });

  it('bad options are one message each and left out', () => {
    const { problems, user } = pipeline({ spanProcessors: [{}, 3, { onEnd() {} }] as never, beforeSendSpan: 'no' as never, beforeSendLog: 1 as never });
    expect(problems.map((p) => p.message)).toEqual([
      "Configuration: spanProcessors is invalid, expected span processors (objects with onStart/onEnding/onEnd) (actual: [{},3,{}]); ignoring 2 entries.",
      "Configuration: beforeSendSpan is invalid, expected a function (actual: 'no'); ignoring it.",
      'Configuration: beforeSendLog is invalid, expected a function (actual: 1); ignoring it.',
    ]);
    expect(user.beforeSendLog).toBeUndefined();
  });
});

describe('user log record processors and beforeSendLog on the light pipeline', () => {
  it('processors get upstream setters on plain records; the hook may change or drop; failures are reported once', async () => {
    const { config } = resolveConfig(
      {
        logRecordProcessors: [
          { onEmit: (record) => void record.setAttribute('user.added', 1).setBody(`[${String(record.body)}]`) },
          {
            onEmit: () => {
              throw new Error('second');
            },
          },
        ],
        beforeSendLog: (record) => (record.body === '[drop]' ? null : record),
      },
      {},
      BUNDLED,
    );
    const reports: string[] = [];
    const exported: ReadableLogRecord[] = [];
    const exporter = { export: (items: ReadableLogRecord[], done: (r: { code: number }) => void) => (exported.push(...items), done({ code: 0 })), forceFlush: settled, shutdown: settled };
    const logPipeline = createLightLogPipelineWithProcessors({
      resource,
      batch: { scheduledDelayMillis: 60_000, exportTimeoutMillis: 1000, maxQueueSize: 10, maxExportBatchSize: 10 },
      exporter,
      user: userPipeline(config, (m) => reports.push(m)),
    });
    try {
      const logger = logs.getLogger('t');
      logger.emit({ body: 'keep' });
      logger.emit({ body: 'drop' });
      await logPipeline.forceFlush();
      expect(exported.map((r) => [r.body, r.attributes['user.added']])).toEqual([['[keep]', 1]]);
      expect(reports).toEqual(['logRecordProcessors[1] threw in onEmit (Error: second); it gets nothing more from now on.']);
    } finally {
      await logPipeline.shutdown();
    }
  });
});
