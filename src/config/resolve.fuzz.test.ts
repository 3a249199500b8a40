/**
 * Generated configurations: 1,500 combinations of environment variables and options with wrong
 * types, empty strings, garbage URLs, negative and huge numbers and unknown keys. For each,
 * resolveConfig must not throw, must return a well-typed config, must explain every rejected
 * value in one `Configuration:` message, must never echo a secret, and may only switch export
 * off for a reason it reports (or that the user asked for). The API key and header values are
 * drawn from a secret that no message may contain.
 */
import { describe, expect, it } from 'vitest';
import { FUZZ_SECRET as SECRET, generateConfig as generate } from './fuzz-inputs.testkit';
import { BROWSER_RUNTIME, EDGE_RUNTIME, NODE_RUNTIME, resolveConfig } from './resolve';
import { resolveMetricTiming } from './metric-timing';

const COMBINATIONS = 1_500;

describe(`resolveConfig over ${COMBINATIONS} generated configurations`, () => {
  it('never throws, returns a sound config and explains every problem', () => {
    let problemsSeen = 0;
    for (let seed = 1; seed <= COMBINATIONS; seed++) {
      const { env, options } = generate(seed);
      const runtime = seed % 3 === 0 ? BROWSER_RUNTIME : seed % 5 === 1 ? EDGE_RUNTIME : NODE_RUNTIME;
      let result: ReturnType<typeof resolveConfig>;
      try {
        result = resolveConfig(options as never, env, runtime);
      } catch (error) {
        throw new Error(`seed ${seed} threw: ${String(error)}`);
      }
      const { config, problems } = result;
      const where = `seed ${seed}`;
      problemsSeen += problems.length;

      expect(typeof config.serviceName, where).toBe('string');
      expect(config.serviceName.length, where).toBeGreaterThan(0);
      expect(() => new URL(config.traces.url), where).not.toThrow();
      expect(runtime.protocols, where).toContain(config.traces.protocol);
      for (const n of [config.traces.timeoutMillis, ...Object.values(config.batch)]) {
        expect(Number.isSafeInteger(n) && n > 0, `${where}: ${n}`).toBe(true);
      }
      expect(config.batch.maxExportBatchSize, where).toBeLessThanOrEqual(config.batch.maxQueueSize);
      expect(() => new URL(config.metrics.url), where).not.toThrow();
      expect(Number.isSafeInteger(config.metrics.timeoutMillis) && config.metrics.timeoutMillis > 0, where).toBe(true);
      const { timing, problems: timingProblems } = resolveMetricTiming(options, env);
      for (const n of [timing.intervalMillis, timing.exportTimeoutMillis]) expect(Number.isSafeInteger(n) && n > 0, `${where}: ${n}`).toBe(true);
      expect(timing.exportTimeoutMillis, where).toBeLessThanOrEqual(timing.intervalMillis);
      for (const p of timingProblems) expect(p.message, where).toMatch(/^Configuration: [^\n]+; using \d+ from /);
      expect(config.sampler.ratio >= 0 && config.sampler.ratio <= 1, where).toBe(true);
      for (const v of Object.values(config.traces.headers)) expect(typeof v, where).toBe('string');
      for (const v of Object.values(config.resourceAttributes)) expect(['string', 'number', 'boolean'], where).toContain(typeof v);
      for (const t of config.tracePropagationTargets) expect(t instanceof RegExp || typeof t === 'function', where).toBe(true);
      expect(['gzip', 'none'], where).toContain(config.traces.compression);
      for (const p of config.propagators) expect(typeof p === 'string' || typeof p.inject === 'function', where).toBe(true);
      for (const n of [...Object.values(config.limits?.span ?? {}), ...Object.values(config.limits?.logRecord ?? {})]) {
        expect(n === Infinity || (Number.isSafeInteger(n) && n >= 0), `${where}: ${n}`).toBe(true);
      }
      // The user's pipeline parts: only usable ones get through.
      for (const p of config.spanProcessors ?? []) expect(['onStart', 'onEnding', 'onEnd'].some((m) => typeof (p as never)[m] === 'function'), where).toBe(true);
      for (const p of config.logRecordProcessors ?? []) expect(typeof p.onEmit, where).toBe('function');
      for (const h of [config.beforeSendSpan, config.beforeSendLog]) expect(['function', 'undefined'], where).toContain(typeof h);
      for (const i of config.instrumentationInstances ?? []) expect(typeof i.enable, where).toBe('function');
      for (const r of config.metricReaders ?? []) expect(typeof r.collect, where).toBe('function');

      // Off only for a reported reason or because it was asked for.
      const askedOff =
        (options as { traces?: unknown } | null)?.traces !== undefined || /none|console/i.test(env.OTEL_TRACES_EXPORTER ?? '');
      if (!config.traces.enabled && !askedOff) expect(problems.some((p) => p.severity === 'error'), where).toBe(true);
      if (config.disabled) {
        const o = options as { disabled?: unknown } | null;
        expect(/^(true|1|yes|on)$/i.test(env.OTEL_SDK_DISABLED?.trim() ?? '') || /^(true|1|yes|on)$/i.test(String(o?.disabled).trim()), where).toBe(true);
      }

      for (const p of problems) {
        expect(p.message, where).toMatch(/^Configuration: /);
        expect(p.message.split('\n'), where).toHaveLength(1);
        expect(p.message.length, `${where}: ${p.message.slice(0, 200)}`).toBeLessThan(400);
        expect(p.message, `${where}: ${p.message}`).not.toContain(SECRET);
      }
      // One message per key and source at most.
      const keys = problems.map((p) => `${p.source}:${p.key}`);
      expect(new Set(keys).size, `${where}: ${keys.join(', ')}`).toBe(keys.length);
    }
    // The generator really produces bad input.
    expect(problemsSeen).toBeGreaterThan(COMBINATIONS);
  }, 120_000); // generous: a loaded 2-core CI box runs this 1,500-case loop many times slower
});
