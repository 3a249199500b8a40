/**
 * Node's side of the contract in src/platform.ts: composition only, no policy.
 * Export is OTLP/HTTP protobuf by default (JSON on request) through ./transport and the core's
 * exporter (src/export/), encoded by OpenTelemetry's otlp-transformer;
 * context follows AsyncLocalStorage; HTTP spans come from diagnostics channels (./http, ./undici).
 */
import { hostname } from 'node:os';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { NODE_RUNTIME } from '../../src/config/resolve';
import type { Platform } from '../../src/platform';
import { DISTRO_NAME, VERSION } from '../../src/version';
import { readEnv } from './env';
import { instrumentNodeHttp } from './http';
import { onProcessExit } from './lifecycle';
import { createNodeTransport } from './transport';
import { instrumentUndici } from './undici';

export const nodePlatform: Platform = {
  runtime: 'node',
  defaults: NODE_RUNTIME,
  readEnv,
  resourceAttributes: () => ({
    'process.pid': process.pid,
    'process.runtime.name': 'nodejs',
    'process.runtime.version': process.versions.node,
    'host.name': hostname(),
  }),
  createTransport: createNodeTransport,
  traceSerializer: (protocol) => (protocol === 'http/json' ? JsonTraceSerializer : ProtobufTraceSerializer),
  createTracerProvider: (params) => new NodeTracerProvider(params),
  createContextManager: () => new AsyncLocalStorageContextManager(),
  instrument(tracerProvider) {
    const tracer = tracerProvider.getTracer(DISTRO_NAME, VERSION);
    const stops = [instrumentNodeHttp(tracer), instrumentUndici(tracer)];
    return () => stops.forEach((stop) => stop());
  },
  onTerminate: onProcessExit,
};

