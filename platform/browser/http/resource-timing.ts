/**
 * ONE PerformanceObserver for the whole SDK. Each traced request registers its span here; when
 * the browser's resource-timing entry for that URL arrives, its sizes and protocol are added to
 * the span, even if the span has already ended (it is still waiting in the batch queue, and
 * attributes are read only at export). The span's end is never delayed for the entry: OpenTelemetry's
 * instrumentation waits 300 ms with one observer per request, which costs thousands of callbacks
 * and loses spans when the page navigates.
 */
import { copyAttributes } from '../../../src/trace/span';
import type { Attributes, Span } from '@opentelemetry/api';
import type { SpanLimits } from '@opentelemetry/sdk-trace-base';

/** Spans waiting for their entry; the oldest is dropped beyond this (bounded memory). */
const MAX_PENDING_SPANS = 256;
/** After this, an entry is assumed never to come (cached, cross-origin without TAO, or the tab hid). */
const PENDING_TTL_MILLIS = 10_000;
/** Entries start a little before our `performance.now()` read: the request is created first. */
const START_SLACK_MILLIS = 2;

interface Pending {
  span: Span;
  url: string;
  startMillis: number;
}

export interface ResourceTiming {
  /** Registers a request started at `startMillis` (`performance.now()`). */
  expect(span: Span, url: string, startMillis: number): void;
  stop(): void;
}

const NOOP: ResourceTiming = { expect: () => {}, stop: () => {} };

export function createResourceTiming(): ResourceTiming {
  if (typeof PerformanceObserver !== 'function' || !PerformanceObserver.supportedEntryTypes?.includes('resource')) return NOOP;
  // In start order. An entry arrives as its response ends, so the list holds the requests in flight
  // and the few whose entry never comes: a short scan, and the oldest are the ones to drop.
  let pending: Pending[] = [];

  const onEntries = (list: PerformanceObserverEntryList) => {
    if (pending.length === 0) return;
    for (const entry of list.getEntries() as PerformanceResourceTiming[]) {
      const type = entry.initiatorType;
      if (type !== 'fetch' && type !== 'xmlhttprequest') continue;
      const url = entry.name;
      const latest = entry.startTime + START_SLACK_MILLIS;
      // The earliest request for this URL that started before this entry is the one it belongs to.
      const i = pending.findIndex((p) => p.url === url && p.startMillis <= latest);
      if (i !== -1) addAttributes(pending.splice(i, 1)[0]!.span, timingAttributes(entry));
    }
  };
  const observer = new PerformanceObserver(onEntries);
  try {
    observer.observe({ type: 'resource' });
  } catch {
    return NOOP;
  }

  return {
    expect(span, url, startMillis) {
      pending.push({ span, url, startMillis });
      // Requests whose entry never came, then the oldest while over the cap.
      while (pending.length > MAX_PENDING_SPANS || startMillis - pending[0]!.startMillis > PENDING_TTL_MILLIS) pending.shift();
    },
    stop() {
      observer.disconnect();
      pending = [];
    },
  };
}

/** Sizes and protocol only: compact, and the phases are already the span's own duration. */
function timingAttributes(entry: PerformanceResourceTiming): Attributes {
  const attributes: Attributes = {};
  // Zero means "not exposed" (cross-origin without Timing-Allow-Origin) or a cache hit: omit it.
  if (entry.encodedBodySize > 0) attributes['http.response.body.size'] = entry.encodedBodySize;
  if (entry.transferSize > 0) attributes['http.response.size'] = entry.transferSize;
  const protocol = /^(?:http\/)?(\d(?:\.\d)?)$|^h(\d)/.exec(entry.nextHopProtocol ?? '');
  if (protocol) attributes['network.protocol.version'] = protocol[1] ?? protocol[2]!;
  return attributes;
}

/**
 * A span that already ended ignores `setAttributes`, but until the batch processor exports it the
 * SDK's span object is what gets serialised, so its attribute map may still be filled in.
 */
function addAttributes(span: Span, attributes: Attributes): void {
  if (span.isRecording()) {
    span.setAttributes(attributes);
    return;
  }
  // Through the span's own count limit (copyAttributes), so a span full of captured headers stays
  // at it and counts what did not fit. (These values are numbers and short versions: no length limit.)
  const ended = span as { attributes?: Attributes; droppedAttributesCount?: number; _limits?: SpanLimits };
  if (ended.attributes && typeof ended.attributes === 'object') {
    ended.droppedAttributesCount = (ended.droppedAttributesCount ?? 0) + copyAttributes(ended.attributes, attributes, ended._limits?.attributeCountLimit);
  }
}
