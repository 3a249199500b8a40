/**
 * The browser's side of the contract in src/platform.ts: composition only, no policy.
 * Tracing is OpenTelemetry's web SDK (stack context manager, fetch and XHR instrumentation);
 * export is OTLP/HTTP JSON through ./transport and the core's exporter (src/export/), since the
 * browser bundle carries no protobuf encoder.
 */
import { StackContextManager } from '@opentelemetry/sdk-trace-web';
import { jsonSpanSerializer } from '../../src/export/otlp-json';
import { createLightTracerProvider } from '../../src/trace/tracer-provider';
import { BROWSER_RUNTIME } from '../../src/config/resolve';
import type { Platform } from '../../src/platform';
import { instrumentBrowser } from './instrumentation';
import { onPageHide } from './lifecycle';
import { createBrowserTransport } from './transport';
import { createBrowserSessionDeps } from './session-store';

export const browserPlatform: Platform = {
  runtime: 'browser',
  defaults: BROWSER_RUNTIME,
  readEnv: () => ({}),
  resourceAttributes: () => ({}),
  createTransport: createBrowserTransport,
  traceSerializer: () => jsonSpanSerializer,
  createTracerProvider: createLightTracerProvider,
  createContextManager: () => new StackContextManager(),
  instrument: instrumentBrowser,
  onTerminate: onPageHide,
  createSessionDeps: createBrowserSessionDeps,
};
