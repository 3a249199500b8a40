/**
 * The `OTEL_TRACES_SAMPLER` samplers, written out here instead of taken from sdk-trace-base (whose
 * classes cost the script tag ~2 KB) with the same decisions: sampler.test.ts checks them against
 * OpenTelemetry's own over many trace ids and parents.
 */
import { SamplingDecision, TraceFlags, type Sampler, type SamplingResult } from '@opentelemetry/api';
import type { ResolvedConfig } from './config/resolve';
import { validParentContext } from './trace/span';

/** One result object per fixed sampler: the tracer only reads it, once per span. */
const fixed = (decision: SamplingDecision, name: string): Sampler => {
  const result: SamplingResult = { decision };
  return { shouldSample: () => result, toString: () => name };
};

const alwaysOn = fixed(SamplingDecision.RECORD_AND_SAMPLED, 'AlwaysOnSampler');
const alwaysOff = fixed(SamplingDecision.NOT_RECORD, 'AlwaysOffSampler');

/**
 * Samples a trace when its id, folded into 32 bits (XOR of its four 8-hex-digit words), is below
 * ratio × 2^32, so every service with the same ratio keeps the same traces.
 */
function traceIdRatio(ratio: number): Sampler {
  const r = ratio >= 1 ? 1 : ratio > 0 ? ratio : 0; // NaN → 0
  const upperBound = r === 1 ? 2 ** 32 : Math.floor(r * 0xffffffff);
  return {
    shouldSample(_ctx, traceId): SamplingResult {
      let folded = 0;
      for (let i = 0; i < 32; i += 8) folded = (folded ^ parseInt(traceId.slice(i, i + 8), 16)) >>> 0;
      const valid = /^[0-9a-f]{32}$/i.test(traceId) && /[^0]/.test(traceId);
      return { decision: valid && folded < upperBound ? SamplingDecision.RECORD_AND_SAMPLED : SamplingDecision.NOT_RECORD };
    },
    toString: () => `TraceIdRatioBased{${r}}`,
  };
}

/** Follows a valid parent's sampled flag (remote or local alike); a root goes to `root`. */
function parentBased(root: Sampler): Sampler {
  return {
    // Parameters spelled out, not a rest array: this runs for every span.
    shouldSample(ctx, traceId, name, kind, attributes, links) {
      const parent = validParentContext(ctx);
      return (parent ? (parent.traceFlags & TraceFlags.SAMPLED ? alwaysOn : alwaysOff) : root).shouldSample(ctx, traceId, name, kind, attributes, links);
    },
    toString: () => `ParentBased{root=${root}}`,
  };
}

/** Maps the `OTEL_TRACES_SAMPLER` names to samplers. */
export function createSampler({ name, ratio }: ResolvedConfig['sampler']): Sampler {
  switch (name) {
    case 'always_on':
      return alwaysOn;
    case 'always_off':
      return alwaysOff;
    case 'traceidratio':
      return traceIdRatio(ratio);
    case 'parentbased_always_off':
      return parentBased(alwaysOff);
    case 'parentbased_traceidratio':
      return parentBased(traceIdRatio(ratio));
    default:
      return parentBased(alwaysOn);
  }
}
