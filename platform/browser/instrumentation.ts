/**
 * Client spans for `fetch` and `XMLHttpRequest` (stable HTTP semantic conventions), our own code
 * rather than OpenTelemetry's instrumentation packages: resource timing read from the browser's
 * buffer (one shared PerformanceObserver once it is full) instead of an observer per request, no
 * response clone, and the span ends when the response arrives instead of
 * 300 ms later. Our own export URLs are never traced. Same-origin requests always carry
 * `traceparent`; cross-origin ones only when listed in `tracePropagationTargets`.
 */
import { matchesPropagationTarget } from '../../src/propagation-targets';
import type { TracerProvider } from '@opentelemetry/api';
import type { ResolvedConfig } from '../../src/config/resolve';
import { consolePrinter } from '../../src/diag';
import { DISTRO_NAME, VERSION } from '../../src/version';
import { createCapturePolicy } from '../../src/network/policy';
import { createCaptureHooks } from './http/capture';
import { createClientSpanFactory } from './http/client-span';
import { instrumentFetch } from './http/fetch';
import type { HttpCaptureHooks } from './http/hooks';
import { createPropagationPolicy } from './http/propagation-policy';
import { createResourceTiming } from './http/resource-timing';
import { instrumentXhr } from './http/xhr';
import { instrumentPage } from './page';

/** Everything the browser records on its own: HTTP client spans and page-level RUM spans. */
export function instrumentBrowser(tracerProvider: TracerProvider, config: ResolvedConfig): () => void {
  const stops = [instrumentBrowserHttp(tracerProvider, config), instrumentPage(tracerProvider)];
  return () => stops.forEach((stop) => stop());
}

export function instrumentBrowserHttp(
  tracerProvider: TracerProvider,
  config: ResolvedConfig,
  // Built even while capture is off, so enableAdvancedNetworkCapture() can switch it on later.
  hooks: HttpCaptureHooks = createCaptureHooks(createCapturePolicy(config.networkCapture, [config.traces.url, config.logs.url])),
): () => void {
  const exportUrls = [config.traces.url, config.logs.url];
  // Our exports and the user's `ignoreUrls` alike get no span.
  const isExportUrl = (url: string) => exportUrls.some((u) => url.startsWith(u)) || matchesPropagationTarget(config.ignoreUrls, url);
  const timing = createResourceTiming();
  const printer = consolePrinter();
  const spans = createClientSpanFactory({
    tracer: tracerProvider.getTracer(DISTRO_NAME, VERSION),
    isExportUrl,
    propagate: createPropagationPolicy(config, typeof location !== 'undefined' ? location.origin : undefined, printer.info),
    timing,
    hooks,
  });
  const stops = [instrumentFetch(spans), instrumentXhr(spans), timing.stop];
  return () => stops.forEach((stop) => stop());
}
