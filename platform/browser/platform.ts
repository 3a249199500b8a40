/**
 * The browser's side of the contract in src/platform.ts: composition only, no policy.
 * Tracing is OpenTelemetry's web SDK (stack context manager, fetch and XHR instrumentation);
 * export is OTLP/HTTP JSON, since the browser bundle carries no protobuf encoder.
 */
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { StackContextManager, WebTracerProvider } from '@opentelemetry/sdk-trace-web';
import { BROWSER_RUNTIME } from '../../src/config/resolve';
import type { Platform } from '../../src/platform';
import { instrumentBrowser } from './instrumentation';
import { onPageHide } from './lifecycle';
import { createBrowserSessionDeps } from './session-store';

export const browserPlatform: Platform = {
  runtime: 'browser',
  defaults: BROWSER_RUNTIME,
  readEnv: () => ({}),
  resourceAttributes: () => ({}),
  createSpanExporter: ({ url, headers, timeoutMillis }) => new OTLPTraceExporter({ url, headers, timeoutMillis }),
  createTracerProvider: (params) => new WebTracerProvider(params),
  createContextManager: () => new StackContextManager(),
  instrument: instrumentBrowser,
  onTerminate: onPageHide,
  createSessionDeps: createBrowserSessionDeps,
};
