/**
 * Baseline: what an app writes with raw OpenTelemetry for the same browser signals we ship —
 * WebTracerProvider + BatchSpanProcessor + OTLP/HTTP JSON exporter + fetch and XHR
 * instrumentation. Bundled by bench/sizes.mjs with esbuild (minified IIFE) and loaded by the
 * browser bench as `window.RawOtel`.
 */
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { FetchInstrumentation } from '@opentelemetry/instrumentation-fetch';
import { XMLHttpRequestInstrumentation } from '@opentelemetry/instrumentation-xml-http-request';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, WebTracerProvider } from '@opentelemetry/sdk-trace-web';

/** @param {{ url: string, service: string }} options */
export function start({ url, service }) {
  const tracesUrl = `${url}/v1/traces`;
  const provider = new WebTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: tracesUrl }))],
  });
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new FetchInstrumentation({ ignoreUrls: [tracesUrl] }),
      new XMLHttpRequestInstrumentation({ ignoreUrls: [tracesUrl] }),
    ],
  });
  return { forceFlush: () => provider.forceFlush() };
}
