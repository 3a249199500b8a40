/**
 * Page-level RUM spans, without zone.js or per-event patching of app code:
 * - `documentLoad`: the navigation, from Navigation Timing (works when the SDK starts after load,
 *   e.g. with `async`), linked to the server trace if the document sent `Server-Timing: traceparent`;
 * - `routeChange`: History API (`pushState`, `replaceState`, `popstate`, `hashchange`) URL changes;
 * - `click`: one zero-duration span per click, from a single passive capture listener, naming the
 *   element by tag, id and classes only (never its text: it may be personal data); requests the
 *   click handlers start become its children (./interaction.ts);
 * - `pageRestore`: the page came back from the back/forward cache (no new load event fires).
 */
import { SpanKind, type Link, type Span, type Tracer, type TracerProvider } from '@opentelemetry/api';
import { parseServerTimingTraceparent } from '../../src/server-timing';
import { ATTR_URL_FULL } from '../../src/semconv';
import { DISTRO_NAME, VERSION } from '../../src/version';
import { beginInteraction } from './interaction';
import { onPageRestore } from './lifecycle';

const ATTR_NAVIGATION_TYPE = 'browser.navigation.type';
const ATTR_PREVIOUS_URL = 'browser.route.previous_url';
const ATTR_ROUTE_TRIGGER = 'browser.route.trigger';
const ATTR_TARGET = 'browser.target';
/** Element descriptions longer than this are cut (deep class lists). */
const MAX_TARGET_CHARS = 100;
/** Classes named per clicked element. */
const MAX_TARGET_CLASSES = 2;
/** The HyperDX session timeline shows a navigation's URL from this key (not url.full). */
const ATTR_LOCATION_HREF = 'location.href';
/**
 * HyperDX lists a session in Client Sessions only if it has spans with this component value
 * (packages/app/src/sessions.ts: `component:"user-interaction"`), as its own SDK's click spans carry.
 */
const ATTR_COMPONENT = 'component';

export function instrumentPage(tracerProvider: TracerProvider): () => void {
  if (typeof window === 'undefined' || typeof document === 'undefined') return () => {};
  const tracer = tracerProvider.getTracer(DISTRO_NAME, VERSION);
  const stops = [documentLoad(tracer), routeChanges(tracer), clicks(tracer), restores(tracer)];
  return () => stops.forEach((stop) => stop());
}

function documentLoad(tracer: Tracer): () => void {
  let done = false;
  const emit = () => {
    const nav = performance.getEntriesByType?.('navigation')[0] as PerformanceNavigationTiming | undefined;
    if (done || !nav || nav.loadEventEnd <= 0) return;
    done = true;
    const origin = performance.timeOrigin;
    const links: Link[] = [];
    const server = nav.serverTiming?.find((t) => t.name === 'traceparent');
    const parsed = server && parseServerTimingTraceparent(`traceparent;desc="${server.description}"`);
    if (parsed) links.push({ context: { traceId: parsed.traceId, spanId: parsed.spanId, traceFlags: parsed.sampled ? 1 : 0, isRemote: true } });
    const attributes: Record<string, string | number> = {
      [ATTR_URL_FULL]: nav.name,
      [ATTR_LOCATION_HREF]: nav.name,
      [ATTR_NAVIGATION_TYPE]: nav.type,
      // Milliseconds from navigation start, the phases dashboards chart.
      'browser.timing.ttfb_ms': round(nav.responseStart),
      'browser.timing.dom_interactive_ms': round(nav.domInteractive),
      'browser.timing.dom_content_loaded_ms': round(nav.domContentLoadedEventEnd),
      'browser.timing.load_ms': round(nav.loadEventEnd),
    };
    if (nav.transferSize > 0) attributes['http.response.size'] = nav.transferSize;
    const status = (nav as { responseStatus?: number }).responseStatus;
    if (status) attributes['http.response.status_code'] = status;
    tracer
      .startSpan('documentLoad', { kind: SpanKind.INTERNAL, startTime: origin + nav.startTime, attributes, links })
      .end(origin + nav.loadEventEnd);
  };
  // loadEventEnd is only set once the load handlers have returned: check on the next task.
  const onLoad = () => setTimeout(emit, 0);
  if (document.readyState === 'complete') onLoad();
  else addEventListener('load', onLoad, { once: true });
  return () => {
    done = true;
    removeEventListener('load', onLoad);
  };
}

function routeChanges(tracer: Tracer): () => void {
  let current = location.href;
  let enabled = true;
  const changed = (trigger: string) => {
    const next = location.href;
    if (!enabled || next === current) return;
    instant(tracer, 'routeChange', { [ATTR_URL_FULL]: next, [ATTR_LOCATION_HREF]: next, [ATTR_PREVIOUS_URL]: current, [ATTR_ROUTE_TRIGGER]: trigger });
    current = next;
  };
  const patch = (name: 'pushState' | 'replaceState') => {
    const original = history[name];
    const patched = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      try {
        changed(name);
      } catch {
        // never break the app's navigation
      }
      return result;
    };
    history[name] = patched;
    return () => {
      if (history[name] === patched) history[name] = original;
    };
  };
  const onPop = () => changed('popstate');
  const onHash = () => changed('hashchange');
  addEventListener('popstate', onPop);
  addEventListener('hashchange', onHash);
  const unpatch = [patch('pushState'), patch('replaceState')];
  return () => {
    enabled = false;
    unpatch.forEach((u) => u());
    removeEventListener('popstate', onPop);
    removeEventListener('hashchange', onHash);
  };
}

function clicks(tracer: Tracer): () => void {
  const onClick = (event: Event) => {
    const target = event.target;
    if (!(target instanceof Element)) return;
    beginInteraction(
      instant(tracer, 'click', { [ATTR_TARGET]: describe(target), [ATTR_URL_FULL]: location.href, [ATTR_COMPONENT]: 'user-interaction' }),
    );
  };
  document.addEventListener('click', onClick, { capture: true, passive: true });
  return () => document.removeEventListener('click', onClick, { capture: true });
}

function restores(tracer: Tracer): () => void {
  return onPageRestore(() => instant(tracer, 'pageRestore', { [ATTR_URL_FULL]: location.href, [ATTR_NAVIGATION_TYPE]: 'back_forward_cache' }));
}

/** A zero-duration span: an event in time that still carries session and global attributes. */
function instant(tracer: Tracer, name: string, attributes: Record<string, string>): Span {
  const at = performance.timeOrigin + performance.now();
  const span = tracer.startSpan(name, { kind: SpanKind.INTERNAL, attributes, startTime: at });
  span.end(at);
  return span;
}

/** `button#buy.primary.large`: enough to find the element, nothing the user typed or reads. */
function describe(el: Element): string {
  let text = el.localName;
  if (el.id) text += `#${el.id}`;
  for (let i = 0; i < Math.min(el.classList.length, MAX_TARGET_CLASSES); i++) text += `.${el.classList[i]}`;
  return text.slice(0, MAX_TARGET_CHARS);
}

const round = (ms: number) => Math.round(ms * 10) / 10;
