/**
 * A span processor that stamps every span as it starts with the global attributes and, where the
 * runtime has sessions (browsers), the session id as both `session.id` (semantic conventions) and
 * `rum.sessionId` (what the HyperDX UI queries). A span's own attributes win over global ones.
 */
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { globalAttributes } from './global-attributes';
import type { Session } from './session/session';

export const ATTR_SESSION_ID = 'session.id';
export const ATTR_RUM_SESSION_ID = 'rum.sessionId';

export function createSpanEnricher(session: Session | undefined): SpanProcessor {
  return {
    onStart(span: Span, _context: Context) {
      const global = globalAttributes();
      for (const key in global) if (!(key in span.attributes)) span.setAttribute(key, global[key]!);
      if (session) {
        const id = session.touch();
        span.setAttribute(ATTR_SESSION_ID, id);
        span.setAttribute(ATTR_RUM_SESSION_ID, id);
      }
    },
    onEnd(_span: ReadableSpan) {},
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
}
