/**
 * `clickstack-otel/web-vitals`: opt-in web vitals (LCP, CLS, INP, FCP, TTFB) for browsers, kept out
 * of the default bundle. `startWebVitals()` (or loading the add-on `<script>`) starts measuring at
 * once; when the page is first hidden (tab switch, navigation, close) the vitals known by then are
 * exported as OTLP gauges `browser.web_vital.<name>` through the running SDK's pipeline: its
 * metrics endpoint, headers and API key, resource, transport (keepalive within the page's budget)
 * and retry rules. Each point carries `session.id`/`rum.sessionId`, the page URL, the rating and
 * the global attributes. Order does not matter: the SDK is looked up when the page is hidden.
 */
import { LOG_PREFIX } from '../../src/config/defaults';
import type { AttributeValue } from '../../src/config/resolve';
import { createOtlpExporter, type OtlpExporter } from '../../src/export/otlp-exporter';
import { globalAttributes } from '../../src/global-attributes';
import { encodeGaugeRequest, type GaugePoint } from '../../src/metrics/otlp-json-gauges';
import type { AddonHost, SdkHandle } from '../../src/sdk';
import { ATTR_RUM_SESSION_ID, ATTR_SESSION_ID } from '../../src/span-enricher';
import { ATTR_URL_FULL } from '../../src/semconv';
import { observeVitals, type VitalName } from './vitals';

export const ATTR_WEB_VITAL_NAME = 'browser.web_vital.name';
export const ATTR_WEB_VITAL_RATING = 'browser.web_vital.rating';

/** web.dev's "good" and "poor" thresholds per vital (ms; CLS unitless). */
const THRESHOLDS: Record<VitalName, [good: number, poor: number]> = {
  lcp: [2500, 4000],
  fcp: [1800, 3000],
  ttfb: [800, 1800],
  inp: [200, 500],
  cls: [0.1, 0.25],
};
const DESCRIPTIONS: Record<VitalName, string> = {
  lcp: 'Largest Contentful Paint',
  fcp: 'First Contentful Paint',
  ttfb: 'Time to First Byte',
  inp: 'Interaction to Next Paint',
  cls: 'Cumulative Layout Shift',
};

export interface WebVitals {
  /** Exports the vitals known now (those not exported yet). Resolves when sent or given up. */
  flush(): Promise<void>;
  /** Stops measuring; nothing more is exported. */
  stop(): void;
}

const rating = (name: VitalName, value: number) => {
  const [good, poor] = THRESHOLDS[name];
  return value <= good ? 'good' : value <= poor ? 'needs-improvement' : 'poor';
};

function runningHost(): (SdkHandle & AddonHost) | undefined {
  // The SDK's global state (src/sdk.ts STATE_KEY), shared by every copy of this package in the page.
  return (globalThis as { [k: symbol]: { handle?: SdkHandle & AddonHost } | undefined })[Symbol.for('clickstack-otel.state')]?.handle;
}

let started: WebVitals | undefined;

/** Starts measuring web vitals; a second call returns the first controller. Never throws. */
export function startWebVitals(): WebVitals {
  if (started) return started;
  if (typeof PerformanceObserver === 'undefined' || typeof document === 'undefined') return (started = { flush: () => Promise.resolve(), stop: () => {} });
  const vitals = observeVitals();
  const sent = new Set<VitalName>();
  let exporter: OtlpExporter<GaugePoint> | undefined;
  let exporterHost: unknown;

  function flush(): Promise<void> {
    try {
      const handle = runningHost();
      const host = handle?.addonHost;
      if (!handle?.active || !host) return Promise.resolve();
      const { config, resource, platform, log } = host;
      const known = vitals.read();
      const resourceAttributes: Record<string, AttributeValue> = {};
      for (const [k, v] of Object.entries(resource.attributes)) {
        if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') resourceAttributes[k] = v;
      }
      const sessionId = handle.getSessionId();
      const points: GaugePoint[] = [];
      for (const name of Object.keys(known) as VitalName[]) {
        const value = known[name]!;
        if (sent.has(name) || !Number.isFinite(value)) continue;
        sent.add(name);
        points.push({
          name: `browser.web_vital.${name}`,
          unit: name === 'cls' ? '1' : 'ms',
          description: DESCRIPTIONS[name],
          value: name === 'cls' ? value : Math.round(value * 10) / 10,
          timeMillis: Date.now(),
          attributes: {
            ...globalAttributes(),
            [ATTR_WEB_VITAL_NAME]: name,
            [ATTR_WEB_VITAL_RATING]: rating(name, value),
            [ATTR_URL_FULL]: location.href,
            ...(sessionId ? { [ATTR_SESSION_ID]: sessionId, [ATTR_RUM_SESSION_ID]: sessionId } : {}),
          },
        });
      }
      if (!points.length) return Promise.resolve();
      const m = config.metrics;
      if (m.console) {
        for (const p of points) console.info(LOG_PREFIX, `web vital ${p.attributes[ATTR_WEB_VITAL_NAME]} ${p.value}${p.unit === 'ms' ? ' ms' : ''} (${p.attributes[ATTR_WEB_VITAL_RATING]})`);
      }
      if (!m.enabled) return Promise.resolve();
      // One exporter per running SDK (a new init() brings new settings).
      if (!exporter || exporterHost !== host) {
        exporterHost = host;
        exporter = createOtlpExporter<GaugePoint>({
          transport: platform.createTransport(m),
          serializer: { serializeRequest: (items) => encodeGaugeRequest(items, resourceAttributes), deserializeResponse: () => ({}) },
          url: m.url,
          timeoutMillis: m.timeoutMillis,
          log,
          signal: 'metrics',
          itemName: 'web vital',
        });
      }
      const x = exporter;
      return new Promise<void>((resolve) => x.export(points, () => resolve()));
    } catch {
      // Telemetry never breaks the page.
      return Promise.resolve();
    }
  }

  // Hidden is the last moment browsers reliably give a page (and LCP must end there anyway).
  const onHidden = () => {
    if (document.visibilityState !== 'hidden') return;
    vitals.freezeLcp();
    void flush();
  };
  const onPageHide = () => {
    vitals.freezeLcp();
    void flush();
  };
  document.addEventListener('visibilitychange', onHidden);
  addEventListener('pagehide', onPageHide);
  return (started = {
    flush,
    stop: () => {
      vitals.stop();
      document.removeEventListener('visibilitychange', onHidden);
      removeEventListener('pagehide', onPageHide);
      started = undefined;
    },
  });
}
