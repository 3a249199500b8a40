import type { TextMapPropagator } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { NAMED_PROPAGATORS } from '../trace/named-propagators';
import { resolveNpmSettings } from './npm-settings';
import { BROWSER_RUNTIME, NODE_RUNTIME, resolveConfig, type EnvRecord } from './resolve';

// Node and the npm browser build carry B3 and Jaeger; platform/node/platform.ts hands them in.
const NODE = { ...NODE_RUNTIME, propagators: NAMED_PROPAGATORS };
const node = (options?: object, env: EnvRecord = {}) => resolveConfig(options as never, env, NODE);
const mine: TextMapPropagator = { inject() {}, extract: (c) => c, fields: () => ['x-mine'] };

describe('propagators (OTEL_PROPAGATORS, `propagators` option)', () => {
  it('defaults to W3C trace context and baggage', () => {
    expect(node().config.propagators).toEqual(['tracecontext', 'baggage']);
    expect(node().problems).toEqual([]);
  });

  it('reads the comma list, trimmed, any case, without repeats', () => {
    const { config, problems } = node(undefined, { OTEL_PROPAGATORS: ' B3multi , tracecontext,b3multi,jaeger,baggage,b3 ' });
    expect(config.propagators).toEqual(['b3multi', 'tracecontext', 'jaeger', 'baggage', 'b3']);
    expect(problems).toEqual([]);
  });

  it('the option beats the variable, and takes propagator objects among names', () => {
    expect(node({ propagators: ['b3', mine] }, { OTEL_PROPAGATORS: 'jaeger' }).config.propagators).toEqual(['b3', mine]);
    expect(node({ propagators: mine }).config.propagators).toEqual([mine]);
    expect(node({ propagators: 'b3,baggage' }).config.propagators).toEqual(['b3', 'baggage']);
  });

  it('none (or an empty list) propagates nothing, and wins in a list', () => {
    expect(node(undefined, { OTEL_PROPAGATORS: 'none' }).config.propagators).toEqual([]);
    expect(node({ propagators: [] }).config.propagators).toEqual([]);
    expect(node(undefined, { OTEL_PROPAGATORS: 'tracecontext,none' }).config.propagators).toEqual([]);
  });

  it('unknown names: one message naming them, the rest kept', () => {
    const { config, problems } = node(undefined, { OTEL_PROPAGATORS: 'tracecontext,xray,ottrace' });
    expect(config.propagators).toEqual(['tracecontext']);
    expect(problems.map((p) => p.message)).toEqual([
      "Configuration: OTEL_PROPAGATORS is invalid, expected a list of tracecontext, baggage, b3, b3multi, jaeger, none or propagator objects (actual: 'tracecontext,xray,ottrace'); ignoring xray, ottrace.",
    ]);
  });

  it('nothing usable: one message, and the next layer or the default', () => {
    const bad = node({ propagators: ['xray', 42] }, { OTEL_PROPAGATORS: 'b3' });
    expect(bad.config.propagators).toEqual(['b3']);
    expect(bad.problems.map((p) => p.message)).toEqual([
      'Configuration: propagators is invalid, expected a list of tracecontext, baggage, b3, b3multi, jaeger, none or propagator objects (actual: ["xray",42]); using b3 from OTEL_PROPAGATORS.',
    ]);
    expect(node(undefined, { OTEL_PROPAGATORS: 'xray' }).config.propagators).toEqual(['tracecontext', 'baggage']);
    expect(node({ propagators: { inject: 1 } }).problems).toHaveLength(1);
  });

  it('a build without B3 and Jaeger does not know those names', () => {
    const npmBrowser = { ...BROWSER_RUNTIME, npm: resolveNpmSettings };
    const { config, problems } = resolveConfig({ propagators: ['b3', 'baggage'] }, {}, npmBrowser);
    expect(config.propagators).toEqual(['baggage']);
    expect(problems[0]!.message).toContain('expected a list of tracecontext, baggage, none or propagator objects');
    expect(problems[0]!.message).toContain('ignoring b3');
  });
});
