/**
 * Node's side of the contract in src/platform.ts: composition only, no policy.
 * Export is OTLP/HTTP protobuf by default (JSON on request) through OpenTelemetry's exporters;
 * context follows AsyncLocalStorage; HTTP spans come from diagnostics channels (./http, ./undici).
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter as OTLPJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OTLPProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { NODE_RUNTIME } from '../../src/config/resolve';
import type { Platform } from '../../src/platform';
import { DISTRO_NAME, VERSION } from '../../src/version';
import { readEnv } from './env';
import { instrumentNodeHttp } from './http';
import { onProcessExit } from './lifecycle';
import { instrumentUndici } from './undici';

export const nodePlatform: Platform = {
  runtime: 'node',
  defaults: NODE_RUNTIME,
  readEnv,
  resourceAttributes: () => ({
    // Read at init(), so each cluster/PM2 worker (a process of its own) gets its own values.
    'service.instance.id': randomUUID(),
    'process.pid': process.pid,
    'process.runtime.name': 'nodejs',
    'process.runtime.version': process.versions.node,
    'host.name': hostname(),
  }),
  createSpanExporter: ({ url, headers, timeoutMillis, protocol }) =>
    protocol === 'http/json'
      ? new OTLPJsonTraceExporter({ url, headers, timeoutMillis })
      : new OTLPProtoTraceExporter({ url, headers, timeoutMillis }),
  createTracerProvider: (params) => new NodeTracerProvider(params),
  createContextManager: () => new AsyncLocalStorageContextManager(),
  instrument(tracerProvider) {
    const tracer = tracerProvider.getTracer(DISTRO_NAME, VERSION);
    const stops = [instrumentNodeHttp(tracer), instrumentUndici(tracer)];
    return () => stops.forEach((stop) => stop());
  },
  onTerminate: onProcessExit,
};

