/**
 * The browser's side of the contract in src/platform.ts: composition only, no policy. This is the
 * script tag's platform; the bundled build's (./bundled-platform.ts) extends it.
 * Tracing and logs are the light, platform-free implementations of the OpenTelemetry API in
 * src/trace/ and src/logs/light-log-pipeline.ts (the SDK packages cost the script tag ~20 KB), with
 * the web SDK's stack context manager; export is OTLP/HTTP JSON (src/export/otlp-json.ts) through
 * ./transport and the core's exporter, since the browser bundle carries no protobuf encoder.
 */
import { jsonLogSerializer, jsonSpanSerializer } from '../../src/export/otlp-json';
import { createLightLogPipeline } from '../../src/logs/light-log-pipeline';
import { createStackContextManager } from '../../src/trace/stack-context-manager';
import { createLightTracerProvider } from '../../src/trace/tracer-provider';
import { BROWSER_RUNTIME } from '../../src/config/resolve';
import type { Platform } from '../../src/platform';
import { captureConsole } from './console-capture';
import { captureBrowserErrors } from './errors';
import { settleResourceTimings } from './http/resource-timing';
import { instrumentBrowser } from './instrumentation';
import { onPageHide } from './lifecycle';
import { createBrowserTransport } from './transport';
import { createBrowserSessionDeps } from './session-store';

export const scriptTagPlatform: Platform = {
  runtime: 'browser',
  defaults: BROWSER_RUNTIME,
  readEnv: () => ({}),
  resourceAttributes: () => ({}),
  createTransport: createBrowserTransport,
  // Resource timing is read from the browser's buffer right before a batch is encoded.
  traceSerializer: () => ({ ...jsonSpanSerializer, serializeRequest: (spans) => (settleResourceTimings(), jsonSpanSerializer.serializeRequest(spans)) }),
  logsSerializer: () => jsonLogSerializer,
  createLogPipeline: createLightLogPipeline,
  captureConsole,
  captureErrors: (record) => captureBrowserErrors(record),
  createTracerProvider: createLightTracerProvider,
  createContextManager: createStackContextManager,
  instrument: instrumentBrowser,
  onTerminate: onPageHide,
  createSessionDeps: createBrowserSessionDeps,
};
