// Every documented Node-side option and entry, as a TypeScript user writes them.
import 'clickstack-otel/register';
import { disableAdvancedNetworkCapture, enableAdvancedNetworkCapture, forceFlush, getSessionId, init, recordException, setGlobalAttributes, shutdown, VERSION } from 'clickstack-otel';
import type { BatchOptions, BodyHook, Compression, LimitOptions, LogRecordProcessor, NetworkCaptureOptions, Options, PropagationTarget, PropagatorOption, SdkHandle, SpanProcessor } from 'clickstack-otel';
import type { TextMapPropagator } from '@opentelemetry/api';
// The app's own pipeline parts: upstream classes must fit the options' types as they are.
import { BatchSpanProcessor, InMemorySpanExporter, type ReadableSpan as UpstreamReadableSpan } from '@opentelemetry/sdk-trace-base';
import { InMemoryLogRecordExporter, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, InMemoryMetricExporter, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { GenericPoolInstrumentation } from '@opentelemetry/instrumentation-generic-pool';

const batch: Partial<BatchOptions> = { scheduledDelayMillis: 200, exportTimeoutMillis: 5000, maxQueueSize: 2048, maxExportBatchSize: 512 };
const bodyHook: BodyHook = (body, info) => (info.direction && info.url.includes("/login") ? null : body);
const networkCapture: NetworkCaptureOptions = {
  maxBodyBytes: 4096,
  redactHeaders: ['x-secret', /^x-internal-/],
  redactBodyKeys: ['password'],
  allowUrls: ['https://api.example.com', /\/api\//, (url: string) => url.startsWith('https://')],
  denyUrls: [],
  bodyHook,
};
const targets: PropagationTarget[] = ['https://api.example.com', /^https:\/\/cdn\./, (url) => url.endsWith('/x')];
const options: Options = {
  apiKey: 'key',
  service: 'svc',
  url: 'http://127.0.0.1:4318',
  tracesUrl: 'http://127.0.0.1:4318/v1/traces',
  logsUrl: 'http://127.0.0.1:4318/v1/logs',
  metricsUrl: 'http://127.0.0.1:4318/v1/metrics',
  headers: { 'x-team': 'a' },
  protocol: 'http/protobuf',
  timeoutMillis: 10_000,
  resourceAttributes: { 'deployment.environment': 'dev', shard: 3, canary: false },
  disabled: false,
  traces: true,
  logs: true,
  metrics: true,
  metricIntervalMillis: 60_000,
  logsBatch: { scheduledDelayMillis: 500 },
  consoleCapture: true,
  consoleCaptureLevel: 'warn',
  errorCapture: true,
  sampler: 'parentbased_traceidratio',
  samplerArg: 0.5,
  batch,
  logLevel: 'warn',
  advancedNetworkCapture: false,
  networkCapture,
  debug: false,
  tracePropagationTargets: targets,
  sessionPersistence: 'localStorage',
  sessionSampleRate: 1,
  instrumentations: { http: true, undici: false },
};
const enrich: SpanProcessor = { onStart: (span) => void span.setAttribute('app.tenant', 'acme'), onEnd: (span) => void span.attributes };
const tag: LogRecordProcessor = { onEmit: (record) => void record.setAttribute('app.tenant', 'acme').setBody('x') };
const own: Options = {
  spanProcessors: [new BatchSpanProcessor(new InMemorySpanExporter()), enrich],
  logRecordProcessors: [new SimpleLogRecordProcessor({ exporter: new InMemoryLogRecordExporter() }), tag],
  metricReaders: [new PeriodicExportingMetricReader({ exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE) })],
  instrumentations: [new GenericPoolInstrumentation(), { pino: false }],
  beforeSendSpan: (span: UpstreamReadableSpan) => (span.name === 'GET /internal' ? null : span),
  beforeSendLog: (record) => (String(record.body).includes('password') ? null : record),
  compression: 'gzip',
  ignoreHealthChecks: true,
  ignoreUrls: ['/internal', /\/static\//, (url) => url.endsWith('.map')],
};
void own;
// Propagators by name or as objects (an upstream one, or the app's own), limits, detectors.
const mine: TextMapPropagator = { inject() {}, extract: (ctx) => ctx, fields: () => ['x-request-trace'] };
const propagators: PropagatorOption[] = ['tracecontext', 'baggage', 'b3', 'b3multi', 'jaeger', mine];
const limits: LimitOptions = {
  attributeValueLength: 4096,
  attributeCount: 64,
  spanAttributeValueLength: 8192,
  spanAttributeCount: 128,
  spanEventCount: 32,
  spanLinkCount: 8,
  eventAttributeCount: 16,
  linkAttributeCount: 16,
  logRecordAttributeValueLength: 2048,
  logRecordAttributeCount: 32,
};
const gzip: Compression = 'gzip';
const wire: Options = {
  propagators,
  limits,
  compression: gzip,
  resourceDetectors: ['env', 'host', 'os', 'process', 'container', 'serviceinstance', 'aws', 'azure'],
  semconvStabilityOptIn: 'http',
};
const single: Options = { propagators: 'none', resourceDetectors: ['all'] };
void wire;
void single;
const handle: SdkHandle = init(options);
void handle;
setGlobalAttributes({ 'user.id': '42', gone: null });
enableAdvancedNetworkCapture();
disableAdvancedNetworkCapture();
recordException(new Error('x'), { 'app.step': 1 });
const sid: string | undefined = getSessionId();
const v: string = VERSION;
void sid;
void v;
export async function stop(): Promise<void> {
  await forceFlush();
  await shutdown();
}
