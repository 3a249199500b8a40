/**
 * The browser's side of the contract in src/platform.ts: composition only, no policy.
 * Tracing is OpenTelemetry's web SDK (stack context manager, fetch and XHR instrumentation), logs
 * its sdk-logs (src/logs/log-pipeline: exceptions, opt-in console capture);
 * export is OTLP/HTTP JSON through ./transport and the core's exporter (src/export/), since the
 * browser bundle carries no protobuf encoder.
 */
import { JsonLogsSerializer, JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { StackContextManager, WebTracerProvider } from '@opentelemetry/sdk-trace-web';
import { BROWSER_RUNTIME } from '../../src/config/resolve';
import { createLogPipeline } from '../../src/logs/log-pipeline';
import type { Platform } from '../../src/platform';
import { captureConsole } from './console-capture';
import { captureBrowserErrors } from './errors';
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
  traceSerializer: () => JsonTraceSerializer,
  // Logs go through the Platform members only, so a lighter pipeline can replace this one here.
  logsSerializer: () => JsonLogsSerializer,
  createLogPipeline,
  captureConsole,
  captureErrors: (record) => captureBrowserErrors(record),
  createTracerProvider: (params) => new WebTracerProvider(params),
  createContextManager: () => new StackContextManager(),
  instrument: instrumentBrowser,
  onTerminate: onPageHide,
  createSessionDeps: createBrowserSessionDeps,
};
