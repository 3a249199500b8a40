/**
 * Edge runtimes' side of the contract in src/platform.ts: Vercel's Edge Runtime (Next.js edge
 * routes and middleware, the `edge-light` condition) and Cloudflare's workerd (`workerd`). They have
 * the Fetch API but neither a DOM nor Node, so this is the browser's fetch-based pipeline without
 * the page: the light tracer and log pipeline, OTLP/JSON over the runtime's `fetch` (no keepalive:
 * nothing unloads), `fetch` client spans that always carry `traceparent` (servers have no CORS
 * preflight to avoid), and no page RUM, sessions, storage or lifecycle events. Incoming requests
 * get their SERVER span from `withTracing` (src/trace/fetch-handler.ts), which also flushes
 * through the request's `waitUntil`.
 */
import { resolveBrowserSettings } from '../../src/config/browser-settings';
import { resolveNpmSettings } from '../../src/config/npm-settings';
import { NAMED_PROPAGATORS } from '../../src/trace/named-propagators';
import { jsonLogSerializer, jsonSpanSerializer } from '../../src/export/otlp-json';
import { withInstrumentationInstances } from '../../src/instrumentation-instances';
import { createLightLogPipelineWithProcessors } from '../../src/logs/light-log-processors';
import { otelErrorHandler } from '../../src/otel-error-handler';
import { userPipeline } from '../../src/user-pipeline';
import { captureConsole } from '../../src/logs/console-capture';
import { formatConsoleArgs } from '../../src/logs/console-format';
import { EDGE_RUNTIME, type EnvRecord } from '../../src/config/resolve';
import type { Platform } from '../../src/platform';
import { createLightTracerProvider } from '../../src/trace/tracer-provider';
import { instrumentBrowserHttp } from '../browser/instrumentation';
import type { KeepaliveBudget } from '../browser/keepalive-budget';
import { createBrowserTransport } from '../browser/transport';
import { createEdgeContextManager } from './context-manager';
import { withoutNextSpans } from './next-spans';

/** Nothing unloads an isolate mid-request the way a page does, so exports never use keepalive. */
const NO_KEEPALIVE: KeepaliveBudget = { tryReserve: () => false, release: () => {}, inFlight: () => ({ bytes: 0, requests: 0 }) };

/** `process.env` where the runtime has one (Vercel, Next.js, workerd with `nodejs_compat`); read at `init()`. */
function readEdgeEnv(): EnvRecord {
  try {
    const env = (globalThis as { process?: { env?: unknown } }).process?.env;
    return env && typeof env === 'object' ? { ...(env as EnvRecord) } : {};
  } catch {
    return {};
  }
}

/** `process.runtime.name`: which edge runtime this is, as far as it says. */
function runtimeName(): string {
  const g = globalThis as { EdgeRuntime?: unknown; navigator?: { userAgent?: unknown } };
  if (typeof g.EdgeRuntime === 'string') return g.EdgeRuntime; // 'edge-runtime' (Vercel, Next.js)
  if (g.navigator?.userAgent === 'Cloudflare-Workers') return 'workerd';
  return 'edge';
}

export const edgePlatform: Platform = {
  runtime: 'edge',
  // Like the bundled browser build: an edge bundle is built by the app's bundler, so instrumentation
  // instances, the user's processors and `beforeSend…` hooks are all available (no byte budget here).
  defaults: { ...EDGE_RUNTIME, settings: resolveBrowserSettings, npm: resolveNpmSettings, propagators: NAMED_PROPAGATORS },
  otelErrorHandler,
  userPipeline,
  readEnv: readEdgeEnv,
  resourceAttributes: () => ({ 'process.runtime.name': runtimeName() }),
  createTransport: (params) => createBrowserTransport(params, NO_KEEPALIVE),
  traceSerializer: () => jsonSpanSerializer,
  logsSerializer: () => jsonLogSerializer,
  createLogPipeline: createLightLogPipelineWithProcessors,
  captureConsole: (provider, minLevel) => captureConsole(provider, minLevel, formatConsoleArgs),
  createTracerProvider: (params) => withoutNextSpans(createLightTracerProvider(params)),
  createContextManager: createEdgeContextManager,
  // Every URL is a propagation target: a server's outgoing calls have no CORS preflight to avoid.
  instrument: withInstrumentationInstances((tracerProvider, config) => instrumentBrowserHttp(tracerProvider, { ...config, tracePropagationTargets: [() => true] })),
  // No page to hide and no process to exit: `withTracing` flushes per request through `waitUntil`.
  onTerminate: () => () => {},
};
