/**
 * Resource timing (sizes, protocol) for fetch and XHR spans, without a task per request. Each traced
 * request registers its span here; its entry is looked up in the browser's resource timing buffer
 * right before the spans are encoded for export (settleResourceTimings), and its sizes and protocol
 * are added to the span, which has ended but is still waiting in the batch queue (attributes are
 * read only at export). The span's end is never delayed for the entry: OpenTelemetry's
 * instrumentation waits 300 ms with one observer per request, which costs thousands of callbacks
 * and loses spans when the page navigates.
 *
 * An app that empties the buffer (`performance.clearResourceTimings()`) has it read first.
 *
 * The buffer keeps the first 250 entries only (unless the app raises that); past them, new entries
 * reach observers only. So once it is full, ONE PerformanceObserver for the whole SDK delivers them:
 * an observer's delivery is a task of its own per request (in Chromium, ~0.1 ms of main thread
 * each, about a fifth of what the SDK added per fetch), which the buffer lookup saves until then.
 */
import { copyAttributes } from '../../../src/trace/span';
import type { Attributes, Span } from '@opentelemetry/api';
import type { SpanLimits } from '@opentelemetry/sdk-trace-base';

/** Spans waiting for their entry; beyond this the buffer is read, then the oldest dropped (bounded memory). */
const MAX_PENDING_SPANS = 256;
/** After this, an entry is assumed never to come (cached, cross-origin without TAO, or the tab hid). */
const PENDING_TTL_MILLIS = 10_000;
/** Entries start a little before our `performance.now()` read: the request is created first. */
const START_SLACK_MILLIS = 2;
/** The resource timing buffer's default size (Resource Timing spec): at this many, new entries reach observers only. */
const DEFAULT_BUFFER_ENTRIES = 250;

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

/** The running instance's lookup; the span serializer calls it before encoding a batch. */
let settle: (() => void) | undefined;
export const settleResourceTimings = () => settle?.();

export function createResourceTiming(): ResourceTiming {
  if (typeof PerformanceObserver !== 'function' || !PerformanceObserver.supportedEntryTypes?.includes('resource')) return NOOP;
  // In start order. An entry arrives as its response ends, so the list holds the requests in flight
  // and the few whose entry never comes: a short scan, and the oldest are the ones to drop.
  let pending: Pending[] = [];

  /** Entries in start order; entries of requests matched before are skipped (their spans left the list). */
  const match = (entries: PerformanceEntryList) => {
    for (const entry of entries as PerformanceResourceTiming[]) {
      if (!pending.length) return;
      const type = entry.initiatorType;
      if (type !== 'fetch' && type !== 'xmlhttprequest') continue;
      const url = entry.name;
      const latest = entry.startTime + START_SLACK_MILLIS;
      // The earliest request for this URL that started before this entry is the one it belongs to.
      const i = pending.findIndex((p) => p.url === url && p.startMillis <= latest);
      if (i !== -1) addAttributes(pending.splice(i, 1)[0]!.span, timingAttributes(entry));
    }
  };
  const lookUp = () => {
    if (pending.length) match(performance.getEntriesByType('resource'));
  };
  const observer = new PerformanceObserver((list) => match(list.getEntries()));
  // `buffered`: the entries already in the (full) buffer come first, for the spans still waiting.
  // (Not after stop(): the listener stays, once, and finds another instance's lookup or none.)
  const observe = () => settle === lookUp && observer.observe({ type: 'resource', buffered: true });
  settle = lookUp;
  // An app that empties the buffer (many do when it fills) would take the entries of the spans
  // still waiting with it: they are read first. An own property, removed on stop if still ours.
  const perf = performance as Performance & { clearResourceTimings(): void };
  const clear = perf.clearResourceTimings;
  const clearing = function (this: Performance) {
    if (settle === lookUp) lookUp();
    return clear.call(this);
  };
  try {
    if (performance.getEntriesByType('resource').length >= DEFAULT_BUFFER_ENTRIES) observe();
    else performance.addEventListener('resourcetimingbufferfull', observe, { once: true });
    perf.clearResourceTimings = clearing;
  } catch {
    return (settle = undefined), NOOP;
  }

  return {
    expect(span, url, startMillis) {
      // Before dropping any span: the entries that came meanwhile.
      if (pending.length >= MAX_PENDING_SPANS || startMillis - (pending[0]?.startMillis as number) > PENDING_TTL_MILLIS) lookUp();
      pending.push({ span, url, startMillis });
      // Requests whose entry never came, then the oldest while over the cap.
      while (pending.length > MAX_PENDING_SPANS || startMillis - pending[0]!.startMillis > PENDING_TTL_MILLIS) pending.shift();
    },
    stop() {
      observer.disconnect();
      if (perf.clearResourceTimings === clearing) delete (perf as Partial<typeof perf>).clearResourceTimings;
      if (settle === lookUp) settle = undefined;
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
