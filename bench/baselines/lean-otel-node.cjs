/**
 * Baseline: the lean OpenTelemetry preload an app would write by hand for the same job as our
 * `clickstack-otel/register` — NodeTracerProvider (AsyncLocalStorage context, W3C propagation),
 * @opentelemetry/instrumentation-http, BatchSpanProcessor, OTLP/HTTP protobuf exporter. Endpoint
 * and service name come from the standard OTEL_* environment variables, as for ours.
 * Used as `node --require bench/baselines/lean-otel-node.cjs app`.
 */
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base');
const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node');

const provider = new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())] });
provider.register();
registerInstrumentations({ tracerProvider: provider, instrumentations: [new HttpInstrumentation()] });
