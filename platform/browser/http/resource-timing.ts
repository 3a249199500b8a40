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
/** Registrations between two sweeps for expired requests. */
const EVICT_EVERY = 32;
/** Entries start a little before our `performance.now()` read: the request is created first. */
const START_SLACK_MILLIS = 2;

interface Pending {
  span: Span;
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
  const byUrl = new Map<string, Pending[]>();
  let count = 0;
  let registered = 0;

  const onEntries = (list: PerformanceObserverEntryList) => {
    if (count === 0) return;
    for (const entry of list.getEntries() as PerformanceResourceTiming[]) {
      const type = entry.initiatorType;
      if (type !== 'fetch' && type !== 'xmlhttprequest') continue;
      const waiting = byUrl.get(entry.name);
      if (!waiting) continue;
      // The earliest request that started before this entry is the one it belongs to.
      const i = waiting.findIndex((p) => p.startMillis <= entry.startTime + START_SLACK_MILLIS);
      if (i === -1) continue;
      const [match] = waiting.splice(i, 1);
      if (waiting.length === 0) byUrl.delete(entry.name);
      count--;
      addAttributes(match!.span, timingAttributes(entry));
    }
  };
  const observer = new PerformanceObserver(onEntries);
  try {
    observer.observe({ type: 'resource' });
  } catch {
    return NOOP;
  }

  /** Drops requests whose entry never came, then the oldest URLs while still over the cap. */
  const evict = (now: number) => {
    for (const [url, waiting] of byUrl) {
      const kept = waiting.filter((p) => now - p.startMillis <= PENDING_TTL_MILLIS);
      count -= waiting.length - kept.length;
      if (kept.length) byUrl.set(url, kept);
      else byUrl.delete(url);
    }
    for (const [url, waiting] of byUrl) {
      if (count <= MAX_PENDING_SPANS) break;
      byUrl.delete(url);
      count -= waiting.length;
    }
  };

  return {
    expect(span, url, startMillis) {
      const waiting = byUrl.get(url);
      if (waiting) waiting.push({ span, startMillis });
      else byUrl.set(url, [{ span, startMillis }]);
      // Amortised: a sweep every EVICT_EVERY registrations, or at once when over the cap.
      if (++count > MAX_PENDING_SPANS || ++registered % EVICT_EVERY === 0) evict(startMillis);
    },
    stop() {
      observer.disconnect();
      byUrl.clear();
      count = 0;
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
