/**
 * Session-based sampling (`sessionSampleRate`): a session outside the rate records nothing, a
 * session inside it is sampled by the configured sampler as usual. Whole sessions are kept, so
 * the ones you see are complete.
 */
import { SamplingDecision, type Sampler } from '@opentelemetry/api';
import { isSessionSampled, type Session } from './session';

export function createSessionSampler(inner: Sampler, session: Session, rate: number): Sampler {
  return {
    shouldSample(...args) {
      if (!isSessionSampled(session.peek(), rate)) return { decision: SamplingDecision.NOT_RECORD };
      return inner.shouldSample(...args);
    },
    toString: () => `SessionSampler{rate=${rate}, ${inner.toString()}}`,
  };
}
