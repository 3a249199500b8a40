/**
 * A span processor that stamps every span as it starts with the global attributes and, where the
 * runtime has sessions (browsers), puts the span on the RESOURCE of its session: the HyperDX UI
 * reads `ResourceAttributes['rum.sessionId']` (Client Sessions, replay), never a span attribute.
 * Spans of two sessions exported together then land in two resourceSpans (the OTLP encoder groups
 * by resource object). The session keys are NOT repeated as span attributes: nothing in the UI reads
 * them there and they would cost ~90 B per span on the wire. A span's own attributes win over global ones.
 */
import type { Attributes, Context } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { globalAttributes } from './global-attributes';
import { addLegacyHttpAttributes, legacyHttp } from './http-legacy';
import { createResource } from './resource';
import { capturedCount } from './trace/span';
import type { Session } from './session/session';

export const ATTR_SESSION_ID = 'session.id';
export const ATTR_RUM_SESSION_ID = 'rum.sessionId';

/**
 * `resourceFor(id)`: the base resource plus `session.id` and `rum.sessionId` = id (the base itself
 * without an id). One object per session id (the last one is kept), so a batch groups by session.
 */
export function sessionResources(base: Resource): (id?: string) => Resource {
  let lastId: string | undefined;
  let last = base;
  return (id) =>
    !id ? base : id === lastId ? last : ((lastId = id), (last = createResource({ ...base.attributes, [ATTR_SESSION_ID]: id, [ATTR_RUM_SESSION_ID]: id })));
}

/** `attributeCountLimit`: the span attribute count limit (src/config/limits.ts), which the legacy keys respect. */
export function createSpanEnricher(session: Session | undefined, resourceFor: (id?: string) => Resource, attributeCountLimit?: number): SpanProcessor {
  return {
    onStart(span: Span, _context: Context) {
      const global = globalAttributes();
      for (const key in global) if (!(key in span.attributes)) span.setAttribute(key, global[key]!);
      // The span's resource field is a plain property on both span classes; set once, before anyone reads it.
      if (session) (span as { resource: Resource }).resource = resourceFor(session.touch());
    },
    // Ended span attributes are still the span's own plain object; processors after this one see the keys.
    onEnd(span: ReadableSpan) {
      // Semconv `http/dup` (src/http-legacy.ts): the legacy HTTP keys, once the status is known.
      if (legacyHttp.enabled) addLegacyHttpAttributes(span.attributes as Attributes, attributeCountLimit, capturedCount(span));
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
}
