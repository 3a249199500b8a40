import { describe, expect, it } from 'vitest';
import { BROWSER_RUNTIME, NODE_RUNTIME, resolveConfig, type EnvRecord } from './resolve';
import { resolveNpmSettings } from './npm-settings';

const node = (options?: object, env: EnvRecord = {}) => resolveConfig(options as never, env, NODE_RUNTIME);
const spec = { attributeValueLengthLimit: Infinity, attributeCountLimit: 128, eventCountLimit: 128, linkCountLimit: 128, attributePerEventCountLimit: 128, attributePerLinkCountLimit: 128 };

describe('limits (OTEL_*_LIMIT, `limits` option)', () => {
  it('defaults to the spec: 128 of each count, no length limit', () => {
    const { config, problems } = node();
    expect(config.limits).toEqual({ span: spec, logRecord: { attributeValueLengthLimit: Infinity, attributeCountLimit: 128 } });
    expect(problems).toEqual([]);
  });

  it('reads every variable, a specific one over the general one', () => {
    const { config, problems } = node(undefined, {
      OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '100',
      OTEL_ATTRIBUTE_COUNT_LIMIT: '50',
      OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT: '200',
      OTEL_SPAN_EVENT_COUNT_LIMIT: '5',
      OTEL_SPAN_LINK_COUNT_LIMIT: '0',
      OTEL_LINK_ATTRIBUTE_COUNT_LIMIT: '3',
      OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT: '7',
    });
    expect(config.limits).toEqual({
      // Span attribute count and event attribute count fall back to the general count.
      span: { attributeValueLengthLimit: 200, attributeCountLimit: 50, eventCountLimit: 5, linkCountLimit: 0, attributePerEventCountLimit: 50, attributePerLinkCountLimit: 3 },
      logRecord: { attributeValueLengthLimit: 100, attributeCountLimit: 7 },
    });
    expect(problems).toEqual([]);
    expect(node(undefined, { OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: '9', OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT: '4', OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT: '12' }).config.limits).toEqual({
      span: { ...spec, attributeCountLimit: 9, attributePerEventCountLimit: 4 },
      logRecord: { attributeValueLengthLimit: 12, attributeCountLimit: 128 },
    });
  });

  it('options beat variables, specific before general within each (as OpenTelemetry JS orders spanLimits, generalLimits, env)', () => {
    const env = { OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: '10', OTEL_ATTRIBUTE_COUNT_LIMIT: '20' };
    expect(node({ limits: { attributeCount: 30 } }, env).config.limits!.span.attributeCountLimit).toBe(30);
    expect(node({ limits: { attributeCount: 30, spanAttributeCount: 40 } }, env).config.limits!.span.attributeCountLimit).toBe(40);
    expect(node({ limits: { logRecordAttributeCount: 1 } }, env).config.limits!.span.attributeCountLimit).toBe(10);
    const all = node({
      limits: {
        attributeValueLength: 64, spanEventCount: 2, spanLinkCount: 3, eventAttributeCount: 4, linkAttributeCount: 5, logRecordAttributeValueLength: 6, logRecordAttributeCount: 8,
      },
    }).config.limits;
    expect(all).toEqual({
      span: { attributeValueLengthLimit: 64, attributeCountLimit: 128, eventCountLimit: 2, linkCountLimit: 3, attributePerEventCountLimit: 4, attributePerLinkCountLimit: 5 },
      logRecord: { attributeValueLengthLimit: 6, attributeCountLimit: 8 },
    });
  });

  it('a count may be 0; a length must be positive', () => {
    const { config, problems } = node({ limits: { spanEventCount: 0, attributeValueLength: 0 } });
    expect(config.limits!.span.eventCountLimit).toBe(0);
    expect(config.limits!.span.attributeValueLengthLimit).toBe(Infinity);
    expect(problems.map((p) => p.key)).toEqual(['limits.attributeValueLength']);
    expect(problems[0]!.message).toBe("Configuration: limits.attributeValueLength is invalid, expected a positive integer (actual: 0); using no limit from the default.");
  });

  it('bad values: one message per key, however many limits read it, and the next layer', () => {
    const { config, problems } = node({ limits: { attributeCount: -1, spanLinkCount: 'many' } }, { OTEL_ATTRIBUTE_COUNT_LIMIT: 'abc', OTEL_SPAN_LINK_COUNT_LIMIT: '7' });
    expect(config.limits!.span.attributeCountLimit).toBe(128);
    expect(config.limits!.span.linkCountLimit).toBe(7);
    expect(problems.map((p) => p.key).sort()).toEqual(['OTEL_ATTRIBUTE_COUNT_LIMIT', 'limits.attributeCount', 'limits.spanLinkCount']);
    expect(problems.find((p) => p.key === 'limits.spanLinkCount')!.message).toContain('using 7 from OTEL_SPAN_LINK_COUNT_LIMIT');
  });

  it('not an object, or unknown keys: one message each', () => {
    expect(node({ limits: 5 }).problems.map((p) => p.message)).toEqual(['Configuration: limits is invalid, expected an object (actual: 5); using the environment and defaults.']);
    const { problems } = node({ limits: { attributeCountLimit: 3, spanAttributeCount: 2 } });
    expect(problems.map((p) => p.message)).toEqual(["Configuration: unknown option 'limits.attributeCountLimit' is ignored."]);
  });

  it('the npm browser build reads the option; the script tag keeps the defaults, ignores the variables and names each option it lacks once', () => {
    const npm = resolveConfig({ limits: { spanAttributeValueLength: 10 } } as never, {}, { ...BROWSER_RUNTIME, npm: resolveNpmSettings });
    expect(npm.config.limits!.span.attributeValueLengthLimit).toBe(10);
    const tag = resolveConfig({ limits: { spanAttributeValueLength: 10 }, propagators: ['b3'] } as never, { OTEL_ATTRIBUTE_COUNT_LIMIT: '1' }, BROWSER_RUNTIME);
    expect(tag.config.limits).toBeUndefined();
    expect(tag.config.propagators).toEqual(['tracecontext', 'baggage']);
    expect(npm.problems).toEqual([]);
    expect(tag.problems.map((p) => p.message)).toEqual([
      "Configuration: option 'limits' is not known to this build and is ignored.",
      "Configuration: option 'propagators' is not known to this build and is ignored.",
    ]);
  });
});
