/**
 * Web vitals measured from the browser's own performance entries (no web-vitals dependency):
 *
 * - TTFB: the navigation entry's `responseStart` (after `activationStart` for prerendered pages);
 * - FCP: the `first-contentful-paint` paint entry;
 * - LCP: the last `largest-contentful-paint` entry before the first input (key, click, tap) or
 *   the page is hidden, whichever comes first (later candidates are not the user's view);
 * - CLS: the largest session window of `layout-shift` values without recent input (windows end
 *   after a 1 s gap or 5 s in total);
 * - INP: per interaction (`interactionId`), its longest `event` entry; the 98th percentile of
 *   those, i.e. the longest while there are fewer than 50 interactions.
 *
 * Every observer is `buffered`, so entries from before this code loaded are seen too. Memory is
 * bounded: one number per vital, the current CLS window, and the MAX_INP_CANDIDATES longest
 * interactions.
 */

export type VitalName = 'ttfb' | 'fcp' | 'lcp' | 'cls' | 'inp';

/** Longest interactions kept for INP's 98th percentile (one per 50 interactions is dropped). */
export const MAX_INP_CANDIDATES = 10;
/** Events shorter than this are not reported by the browser (16 ms is the minimum allowed). */
export const INP_DURATION_THRESHOLD_MILLIS = 40;
const CLS_WINDOW_GAP_MILLIS = 1_000;
const CLS_WINDOW_MAX_MILLIS = 5_000;

interface LayoutShift extends PerformanceEntry {
  value: number;
  hadRecentInput: boolean;
}
interface EventTiming extends PerformanceEntry {
  interactionId?: number;
}

export interface VitalsObserver {
  /** The vitals known so far (final values for TTFB/FCP; LCP, CLS and INP as of now). */
  read(): Partial<Record<VitalName, number>>;
  /** Stops LCP candidates (the page was hidden); CLS and INP keep counting. */
  freezeLcp(): void;
  stop(): void;
}

export function observeVitals(): VitalsObserver {
  const values: Partial<Record<VitalName, number>> = {};
  const stops: (() => void)[] = [];
  let lcpFrozen = false;

  const nav = performance.getEntriesByType?.('navigation')[0] as (PerformanceNavigationTiming & { activationStart?: number }) | undefined;
  if (nav && nav.responseStart > 0) values.ttfb = Math.max(0, nav.responseStart - (nav.activationStart ?? 0));

  const observe = (type: string, onEntries: (entries: PerformanceEntry[]) => void, extra: Record<string, unknown> = {}) => {
    try {
      const po = new PerformanceObserver((list) => onEntries(list.getEntries()));
      po.observe({ type, buffered: true, ...extra } as PerformanceObserverInit);
      stops.push(() => po.disconnect());
    } catch {
      // This browser does not report this entry type: that vital stays unknown.
    }
  };

  observe('paint', (entries) => {
    for (const e of entries) if (e.name === 'first-contentful-paint') values.fcp = e.startTime;
  });

  observe('largest-contentful-paint', (entries) => {
    if (lcpFrozen) return;
    const last = entries[entries.length - 1];
    if (last) values.lcp = last.startTime;
  });
  // An input ends LCP: anything painted afterwards is a response to the user, not the load.
  const freeze = () => {
    lcpFrozen = true;
  };
  for (const type of ['keydown', 'pointerdown', 'click']) {
    addEventListener(type, freeze, { once: true, capture: true, passive: true });
    stops.push(() => removeEventListener(type, freeze, { capture: true }));
  }

  let windowValue = 0;
  let windowStart = 0;
  let windowLast = 0;
  observe('layout-shift', (entries) => {
    for (const e of entries as LayoutShift[]) {
      if (e.hadRecentInput) continue;
      if (windowValue && e.startTime - windowLast < CLS_WINDOW_GAP_MILLIS && e.startTime - windowStart < CLS_WINDOW_MAX_MILLIS) {
        windowValue += e.value;
      } else {
        windowValue = e.value;
        windowStart = e.startTime;
      }
      windowLast = e.startTime;
      values.cls = Math.max(values.cls ?? 0, windowValue);
    }
  });

  // INP: the longest interactions, by interactionId.
  let interactions = 0;
  const longest: { id: number; duration: number }[] = [];
  const onEvents = (entries: PerformanceEntry[]) => {
    for (const e of entries as EventTiming[]) {
      const id = e.interactionId;
      if (!id) continue;
      const known = longest.find((c) => c.id === id);
      if (known) known.duration = Math.max(known.duration, e.duration);
      else {
        interactions++;
        longest.push({ id, duration: e.duration });
      }
      longest.sort((a, b) => b.duration - a.duration);
      longest.length = Math.min(longest.length, MAX_INP_CANDIDATES);
      const candidate = longest[Math.min(longest.length - 1, Math.floor(interactions / 50))];
      if (candidate) values.inp = candidate.duration;
    }
  };
  observe('event', onEvents, { durationThreshold: INP_DURATION_THRESHOLD_MILLIS });
  // The first input is reported even below the threshold.
  observe('first-input', onEvents);

  return {
    read: () => ({ ...values }),
    freezeLcp: freeze,
    stop: () => stops.forEach((s) => s()),
  };
}
