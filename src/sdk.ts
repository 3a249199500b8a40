/**
 * startSdk(platform, options): resolve the configuration, build the trace pipeline, register the
 * OpenTelemetry globals, start the platform's instrumentation, and hand back a handle.
 *
 * Rules this file keeps: `init()` never throws into the host app (any failure prints one message
 * and yields a no-op handle); a second `init()` warns once and returns the first handle, even when
 * the ESM and CJS builds are both loaded (the state lives on a global symbol); flush and shutdown
 * are idempotent, never reject, and are bounded in time.
 */
import { context, propagation, trace } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { LOG_PREFIX, SHUTDOWN_TIMEOUT_MILLIS } from './config/defaults';
import type { Options } from './config/options';
import { resolveConfig, type AttributeValue, type ResolvedConfig } from './config/resolve';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { createDebugSpanProcessor } from './debug-exporter';
import { recordException } from './errors/exception';
import type { ExitTaps } from './errors/exit-taps';
import { createBatchSpanProcessor } from './export/batch-span-processor';
import { consolePrinter, createDiagLogger, installDiag, type Printer } from './diag';
import { createOtlpExporter, isReportedExportError, type ExportLog, type OtlpExporter } from './export/otlp-exporter';
import type { LogPipeline } from './logs/log-pipeline';
import type { Platform } from './platform';
import { setNetworkCaptureEnabled } from './network/toggle';
import { createResource } from './resource';
import { createSampler } from './sampler';
import { createSession, type Session } from './session/session';
import { createSessionSampler } from './session/session-sampler';
import { createSpanEnricher, sessionResources } from './span-enricher';
import type { UserPipeline } from './user-pipeline';
import { legacyHttp } from './http-legacy';
import { createPropagator } from './trace/propagators';
import { ATTR_SERVICE_NAME, ATTR_TELEMETRY_DISTRO_NAME, ATTR_TELEMETRY_DISTRO_VERSION } from './semconv';
import { DISTRO_NAME, VERSION } from './version';
import { SCRIPT_TAG } from './script-tag';

export interface SdkHandle {
  /** False when the SDK is disabled or could not start; the methods still work (and do nothing). */
  readonly active: boolean;
  /** Exports everything buffered. Resolves (never rejects) within a bounded time. */
  forceFlush(): Promise<void>;
  /** Flushes, stops instrumentation and unregisters the globals. Idempotent; never rejects. */
  shutdown(): Promise<void>;
  /** The RUM session id spans carry right now (browsers); undefined where there are no sessions. */
  getSessionId(): string | undefined;
}

/**
 * What an add-on loaded beside the SDK (the web-vitals add-on: its own bundle, maybe its own
 * `<script>`) needs to export through this same pipeline: the resolved settings, the resource,
 * the runtime's transport, the export messages. Found on the running handle, so it goes with it.
 */
export interface AddonHost {
  readonly addonHost?: {
    platform: Platform;
    config: ResolvedConfig;
    /** The base resource, without session keys. */
    resource: Resource;
    /**
     * The resource of the CURRENT session: `resource` plus `session.id` and `rum.sessionId` (the
     * HyperDX UI finds a session's spans, logs and replay records by `ResourceAttributes['rum.sessionId']`).
     * Call it per record/batch, not once: the session rotates (idle 15 min, 4 h max). Same object
     * while the session lasts. Without sessions (Node) it is `resource`.
     */
    currentResource: () => Resource;
    log: ExportLog;
  };
}

interface GlobalState {
  handle?: SdkHandle & AddonHost;
  warnedSecondInit?: boolean;
}

/**
 * Shared by every copy of this package in the process (ESM + CJS builds, bundled duplicates, and
 * add-ons such as platform/browser/web-vitals, which read `handle.addonHost` through it).
 */
export const STATE_KEY = Symbol.for('clickstack-otel.state');

function globalState(): GlobalState {
  const g = globalThis as { [STATE_KEY]?: GlobalState };
  return (g[STATE_KEY] ??= {});
}

const NOOP_HANDLE: SdkHandle = {
  active: false,
  getSessionId: () => undefined,
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

export function startSdk(platform: Platform, options?: Options): SdkHandle {
  const state = globalState();
  const printer = consolePrinter();
  if (state.handle) {
    if (!state.warnedSecondInit) {
      state.warnedSecondInit = true;
      printer.warn(LOG_PREFIX, 'init() was called more than once; the first configuration stays in effect.');
    }
    return state.handle;
  }
  try {
    const handle = buildSdk(platform, options, printer, () => {
      if (state.handle === handle) {
        state.handle = undefined;
        state.warnedSecondInit = false;
      }
    });
    state.handle = handle;
    return handle;
  } catch (error) {
    printer.error(LOG_PREFIX, 'could not start; telemetry is off.', error);
    return NOOP_HANDLE;
  }
}

/** The handle of the running SDK, for the top-level `forceFlush()`/`shutdown()`. */
export function activeHandle(): SdkHandle {
  return globalState().handle ?? NOOP_HANDLE;
}

function buildSdk(platform: Platform, options: Options | undefined, printer: Printer, onShutdown: () => void): SdkHandle {
  const { config, problems } = resolveConfig(options, platform.readEnv(), platform.defaults);
  const logger = createDiagLogger(config.logLevel, printer);
  installDiag(logger);
  for (const p of problems) (p.severity === 'error' ? logger.error : logger.warn)(p.message);

  if (config.disabled) {
    if (config.debug) printer.info(LOG_PREFIX, 'disabled (OTEL_SDK_DISABLED or `disabled: true`); nothing is recorded.');
    // Still a handle of its own, so shutdown() releases it and a later init() may start afresh.
    return { ...NOOP_HANDLE, shutdown: () => Promise.resolve(onShutdown()) };
  }
  if (config.debug) printer.info(LOG_PREFIX, describeConfig(config));

  if (!SCRIPT_TAG) platform.otelErrorHandler?.install(logger.error);

  const resource = createResource({
    ...platform.resourceAttributes(config),
    ...config.resourceAttributes,
    [ATTR_SERVICE_NAME]: config.serviceName,
    [ATTR_TELEMETRY_DISTRO_NAME]: DISTRO_NAME,
    [ATTR_TELEMETRY_DISTRO_VERSION]: VERSION,
  });
  const session = startSession(platform, config);
  const resourceFor = sessionResources(resource);
  // The resource of the session running now (the base resource where there are no sessions).
  const currentResource = () => resourceFor(session?.peek());
  // First, so every later processor and exporter sees the global attributes and the session resource;
  // everything after it is the export stage (src/user-pipeline.ts relies on that order).
  const spanProcessors: SpanProcessor[] = [createSpanEnricher(session, resourceFor, config.limits?.span.attributeCountLimit)];
  const exportLog: ExportLog = {
    error: (m) => logger.error(m),
    warn: (m) => logger.warn(m),
    debug: config.debug ? (m) => printer.info(LOG_PREFIX, m) : (m) => logger.debug(m),
  };
  let exporter: OtlpExporter<ReadableSpan> | undefined;
  // Only a process can die without a last event-loop turn (its platform hands in the taps); pages flush on hide.
  const exitTaps: ExitTaps = (SCRIPT_TAG ? undefined : platform.createExitTaps?.(config, config.errorCapture)) ?? {
    takePending: () => [],
  };
  if (config.traces.enabled) {
    exporter = createOtlpExporter({
      transport: platform.createTransport(config.traces),
      serializer: platform.traceSerializer(config.traces.protocol),
      url: config.traces.url,
      timeoutMillis: config.traces.timeoutMillis,
      log: exportLog,
    });
    const batch = createBatchSpanProcessor({ exporter, batch: config.batch, log: exportLog });
    if (!SCRIPT_TAG) exitTaps.spanQueue?.(batch.takeQueued);
    spanProcessors.push(batch);
  }
  if (config.traces.console) {
    const secrets = [config.traces.headers.authorization ?? ''];
    spanProcessors.push(createDebugSpanProcessor(printer, secrets));
  }

  let sampler = createSampler(config.sampler);
  if (session && config.session.sampleRate < 1) sampler = createSessionSampler(sampler, session, config.session.sampleRate);
  // The user's processors and `beforeSendSpan` (Node, bundled browsers) go between the enricher and the rest.
  const user = platform.userPipeline?.(config, (m) => logger.warn(m));
  // Network capture may keep its attributes beside the span's record (LightSpan.captured) only when
  // nothing but the SDK's own enricher, batcher and encoder reads ended spans.
  const deferCaptured =
    !SCRIPT_TAG && config.traces.enabled && !config.traces.console && !config.spanProcessors?.length && !config.beforeSendSpan && platform.traceSerializer(config.traces.protocol).writesCaptured === true;
  const provider = platform.createTracerProvider({ resource, sampler, spanProcessors: user?.spans(spanProcessors) ?? spanProcessors, spanLimits: config.limits?.span, deferCaptured });

  context.setGlobalContextManager(platform.createContextManager().enable());
  propagation.setGlobalPropagator(createPropagator(config.propagators, platform.defaults.propagators));
  if (!trace.setGlobalTracerProvider(provider)) {
    logger.warn('another OpenTelemetry tracer provider is already registered; spans from auto-instrumentation go there.');
  }
  setNetworkCaptureEnabled(config.advancedNetworkCapture);
  legacyHttp.enabled = config.httpLegacyAttributes;
  // Runtimes that export metrics bring their own pipeline (src/metrics): none in the browser bundle.
  const metrics = SCRIPT_TAG ? undefined : platform.startMetrics?.({ platform, options, config, resource, log: exportLog, printer });
  // Logs first: the user's instrumentation instances get the logger provider too.
  const logs = startLogs(platform, config, resource, currentResource, exportLog, printer, user, exitTaps.logs);
  const stopInstrumentation = platform.instrument(provider, config, metrics?.provider, logs.pipeline?.provider);
  const exporters = [exporter, logs.exporter, metrics?.exporter];
  // Every signal runs to the end (a failed trace flush must not leave a log export retrying
  // behind the caller's back); the first failure is then reported.
  const flushAll = (flushMetrics: (() => Promise<void> | undefined) | undefined = metrics?.forceFlush) =>
    Promise.allSettled([provider.forceFlush(), logs.pipeline?.forceFlush(), flushMetrics?.()]).then((results) => {
      for (const r of results) if (r.status === 'rejected') throw r.reason;
    });

  // In Node, exports still in flight past the bound are given up: the flush bound's timer is what
  // keeps the process alive (every export and batch timer is unref'd). A browser page lets them run
  // on: a keepalive request can still land after the page is gone.
  const abandonAfterBound = !SCRIPT_TAG && platform.runtime === 'node';
  const flush = (flushMetrics?: () => Promise<void> | undefined) => {
    // Page hide is the last chance to write the session's latest activity before a reload.
    session?.persist();
    stopInstrumentation.settle?.();
    return bounded(flushAll(flushMetrics), SHUTDOWN_TIMEOUT_MILLIS).catch(async (e: unknown) => {
      if (e === TIMED_OUT && abandonAfterBound) {
        exporters.forEach((x) => x?.abort());
        await Promise.all(exporters.map((x) => x?.forceFlush())); // settles at once now; the exporter says why first
        logger.warn(`flush gave up after ${SHUTDOWN_TIMEOUT_MILLIS} ms; exports still pending were dropped.`);
      } else if (e === TIMED_OUT) {
        logger.warn(`flush did not finish within ${SHUTDOWN_TIMEOUT_MILLIS} ms; exports continue in the background.`);
      } else if (!isReportedExportError(e)) {
        logger.warn('flush failed:', String(e));
      }
    });
  };
  // The exit flush in Node is the last chance: one attempt per batch, so an unreachable collector
  // costs the exit milliseconds instead of a retry cycle (a slow one still gets the full bound).
  const exitFlush = () => {
    const resumes = abandonAfterBound ? exporters.map((x) => x?.pauseRetries()) : [];
    return flush(metrics?.exitFlush).finally(() => resumes.forEach((resume) => resume?.()));
  };
  const stopTerminateHook = platform.onTerminate(exitFlush);
  const stopErrorCapture = config.errorCapture && platform.captureErrors
    ? platform.captureErrors(recordException, () => exitTaps.takePending(platform, config))
    : () => {};

  let shutdownPromise: Promise<void> | undefined;
  const handle: SdkHandle & AddonHost = {
    active: true,
    addonHost: { platform, config, resource, currentResource, log: exportLog },
    getSessionId: () => (shutdownPromise ? undefined : session?.peek()),
    forceFlush: () => shutdownPromise ?? flush(),
    shutdown: () =>
      (shutdownPromise ??= (async () => {
        try {
          logs.stopCapture();
          stopErrorCapture();
          stopInstrumentation();
          setNetworkCaptureEnabled(false);
          stopTerminateHook();
          await bounded(
            Promise.allSettled([provider.shutdown(), logs.pipeline?.shutdown(), metrics?.shutdown()]).then((results) => {
              for (const r of results) if (r.status === 'rejected') throw r.reason;
            }),
            SHUTDOWN_TIMEOUT_MILLIS,
          );
        } catch (e) {
          for (const x of exporters) {
            x?.abort();
            void x?.shutdown();
          }
          if (e === TIMED_OUT) logger.warn(`shutdown gave up after ${SHUTDOWN_TIMEOUT_MILLIS} ms; exports still pending were dropped.`);
          else if (!isReportedExportError(e)) logger.warn('shutdown did not complete cleanly:', String(e));
        } finally {
          // Processors may still report an export we aborted above; the exporter already said why.
          if (!SCRIPT_TAG) platform.otelErrorHandler?.restore();
          trace.disable();
          propagation.disable();
          context.disable();
          onShutdown();
        }
      })()),
  };
  return handle;
}

interface StartedLogs {
  pipeline?: LogPipeline;
  exporter?: OtlpExporter<ReadableLogRecord>;
  stopCapture: () => void;
}

/**
 * The logs pipeline and console capture, where the runtime offers them. Capture needs somewhere
 * to send records (export or console printing); without either it stays off.
 */
function startLogs(
  platform: Platform,
  config: ResolvedConfig,
  resource: Resource,
  currentResource: () => Resource,
  log: ExportLog,
  printer: Printer,
  user?: UserPipeline,
  exitTap?: ExitTaps['logs'],
): StartedLogs {
  const none: StartedLogs = { stopCapture: () => {} };
  const { logs } = config;
  if (!platform.createLogPipeline || !platform.logsSerializer || (!logs.enabled && !logs.console && !user?.logs.length)) return none;
  const exporter = logs.enabled
    ? createOtlpExporter({
        transport: platform.createTransport(logs),
        serializer: platform.logsSerializer(logs.protocol),
        url: logs.url,
        timeoutMillis: logs.timeoutMillis,
        log,
        signal: 'logs',
        itemName: 'log record',
      })
    : undefined;
  const print = logs.console ? { printer, secrets: [logs.headers.authorization ?? ''] } : undefined;
  const pipeline = platform.createLogPipeline({
    resource,
    currentResource,
    batch: logs.batch,
    exporter: exporter && exitTap ? exitTap.tap.wrap(exporter) : exporter,
    print,
    observer: exporter ? exitTap?.processor : undefined,
    limits: config.limits?.logRecord,
    user,
  });
  const stopCapture = logs.consoleCapture && platform.captureConsole
    ? platform.captureConsole(pipeline.provider, logs.consoleCaptureLevel)
    : none.stopCapture;
  return { pipeline, exporter, stopCapture };
}

/** The runtime's RUM session, if it has sessions; a storage failure never stops the SDK. */
function startSession(platform: Platform, config: ResolvedConfig): Session | undefined {
  const deps = platform.createSessionDeps?.(config.session.persistence);
  return deps ? createSession(deps) : undefined;
}


const TIMED_OUT = new Error('timed out');

/**
 * Resolves or rejects with `work`, or rejects with TIMED_OUT after `millis`. The timer is
 * deliberately NOT unref'd: export sockets and retry timers are, so this is what keeps a Node
 * process alive while its last flush runs, and for no longer than `millis` (the caller then
 * aborts what is left).
 */
function bounded<T>(work: Promise<T>, millis: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(TIMED_OUT), millis);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** One line for `debug: true`: where data goes and how, never the API key. */
function describeConfig(config: ResolvedConfig): string {
  const t = config.traces;
  const headerNames = Object.keys(t.headers).map((h) => (h === 'authorization' ? 'authorization=<redacted>' : h));
  const attrs = (a: Record<string, AttributeValue>) => Object.keys(a).join(',') || 'none';
  return [
    `debug mode: service=${config.serviceName}`,
    `traces=${t.enabled ? `${t.url} (${t.protocol}, timeout ${t.timeoutMillis} ms)` : 'not exported'}`,
    `headers=[${headerNames.join(', ')}]`,
    `logs=${config.logs.enabled ? `${config.logs.url} (${config.logs.protocol})` : 'not exported'}`,
    `consoleCapture=${config.logs.consoleCapture ? `${config.logs.consoleCaptureLevel} and above` : 'off'}`,
    `sampler=${config.sampler.name}${config.sampler.name.endsWith('ratio') ? `(${config.sampler.ratio})` : ''}`,
    `batch=${config.batch.maxExportBatchSize}/${config.batch.maxQueueSize} every ${config.batch.scheduledDelayMillis} ms`,
    `resourceAttributes=${attrs(config.resourceAttributes)}`,
    `advancedNetworkCapture=${config.advancedNetworkCapture}`,
    `errorCapture=${config.errorCapture}`,
    `session=${config.session.persistence}${config.session.sampleRate < 1 ? ` (sampled ${config.session.sampleRate})` : ''}`,
    `logLevel=${config.logLevel}`,
  ].join(' ');
}
