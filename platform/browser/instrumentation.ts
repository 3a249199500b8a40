import type { TracerProvider } from '@opentelemetry/api';
import { FetchInstrumentation } from '@opentelemetry/instrumentation-fetch';
import { XMLHttpRequestInstrumentation } from '@opentelemetry/instrumentation-xml-http-request';
import type { ResolvedConfig } from '../../src/config/resolve';

/**
 * Client spans for `fetch` and `XMLHttpRequest` (stable HTTP semantic conventions). Our own export
 * URL is ignored so exports are never traced. Same-origin requests always carry `traceparent`;
 * cross-origin ones only when listed in `tracePropagationTargets`.
 */
export function instrumentBrowserHttp(tracerProvider: TracerProvider, config: ResolvedConfig): () => void {
  const shared = {
    enabled: false,
    ignoreUrls: [config.traces.url],
    propagateTraceHeaderCorsUrls: config.tracePropagationTargets,
  };
  const instrumentations = [new FetchInstrumentation(shared), new XMLHttpRequestInstrumentation(shared)];
  for (const i of instrumentations) {
    i.setTracerProvider(tracerProvider);
    i.enable();
  }
  return () => {
    for (const i of instrumentations) i.disable();
  };
}
