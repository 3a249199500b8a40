import { ROOT_CONTEXT, SpanKind, trace, type Context } from '@opentelemetry/api';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import type { ResolvedConfig } from './config/resolve';
import { createSampler } from './sampler';
import { randomHexId } from './trace/tracer-provider';

/** OpenTelemetry's own sampler for each OTEL_TRACES_SAMPLER name: what ours must agree with. */
function reference({ name, ratio }: ResolvedConfig['sampler']): Sampler {
  const byName: Record<string, () => Sampler> = {
    always_on: () => new AlwaysOnSampler(),
    always_off: () => new AlwaysOffSampler(),
    traceidratio: () => new TraceIdRatioBasedSampler(ratio),
    parentbased_always_on: () => new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    parentbased_always_off: () => new ParentBasedSampler({ root: new AlwaysOffSampler() }),
    parentbased_traceidratio: () => new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) }),
  };
  return byName[name]!();
}

const parents: [string, Context][] = [
  ['none', ROOT_CONTEXT],
  ['remote sampled', trace.setSpanContext(ROOT_CONTEXT, { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), traceFlags: 1, isRemote: true })],
  ['remote unsampled', trace.setSpanContext(ROOT_CONTEXT, { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), traceFlags: 0, isRemote: true })],
  ['local sampled', trace.setSpanContext(ROOT_CONTEXT, { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), traceFlags: 1 })],
  ['local unsampled', trace.setSpanContext(ROOT_CONTEXT, { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), traceFlags: 0 })],
  ['invalid parent', trace.setSpanContext(ROOT_CONTEXT, { traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 1 })],
];

describe('createSampler', () => {
  const names = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'] as const;
  const traceIds = [...Array.from({ length: 300 }, () => randomHexId(16)), 'f'.repeat(32), '0'.repeat(31) + '1', '0'.repeat(32), 'xyz', 'A'.repeat(32)];
  for (const name of names) {
    for (const ratio of [0, 0.001, 0.25, 0.5, 0.999, 1, NaN, -1, 2]) {
      if (!name.includes('ratio') && ratio !== 0.5) continue;
      it(`${name}(${ratio}) decides as OpenTelemetry's sampler does`, () => {
        const ours = createSampler({ name, ratio } as ResolvedConfig['sampler']);
        const theirs = reference({ name, ratio } as ResolvedConfig['sampler']);
        let sampled = 0;
        for (const [, ctx] of parents) {
          for (const id of traceIds) {
            const a = ours.shouldSample(ctx, id, 'op', SpanKind.CLIENT, {}, []).decision;
            expect(a, `${id}`).toBe(theirs.shouldSample(ctx, id, 'op', SpanKind.CLIENT, {}, []).decision);
            if (a) sampled++;
          }
        }
        // The comparison means something: ratios in between sample some, not all.
        if (name === 'traceidratio' && ratio === 0.5) expect(sampled).toBeGreaterThan(0);
        if (name === 'traceidratio' && ratio === 0.5) expect(sampled).toBeLessThan(parents.length * traceIds.length);
      });
    }
  }
});
