/**
 * `http.server.request.duration` and `http.client.request.duration` (stable HTTP semantic
 * conventions: histograms in seconds with the recommended bucket boundaries), recorded by ./http
 * and ./undici where they end their spans: no second instrumentation. The start time and the
 * attributes are kept apart from the span, so requests whose span is not sampled still count.
 */
import { ROOT_CONTEXT, type Attributes, type Histogram, type MeterProvider } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_SCHEME,
} from '../../src/semconv';
import { ownHistogramsOf } from '../../src/metrics/own-histograms';
import { DISTRO_NAME, VERSION } from '../../src/version';

/** Set on server spans by framework instrumentations (express, fastify, …), not by ./http. */
const ATTR_HTTP_ROUTE = 'http.route';

export const METRIC_HTTP_SERVER_REQUEST_DURATION = 'http.server.request.duration';
export const METRIC_HTTP_CLIENT_REQUEST_DURATION = 'http.client.request.duration';

/** The stable conventions' advice for HTTP durations, in seconds (5 ms … 10 s). */
export const HTTP_DURATION_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** One exchange being timed: what its data point will carry, filled in as the exchange goes. */
export interface HttpTiming {
  /** `performance.now()` at the start. */
  start: number;
  method: string;
  scheme: string;
  status?: number;
  errorType?: string;
  /** Clients only. */
  serverAddress?: string;
  serverPort?: number;
  /** Servers only, when a framework named the route (read from the span at the end). */
  route?: string;
}

export interface HttpMetrics {
  recordServer(timing: HttpTiming): void;
  recordClient(timing: HttpTiming): void;
}

const SERVER_DESCRIPTION = 'Duration of HTTP server requests.';
const CLIENT_DESCRIPTION = 'Duration of HTTP client requests.';

/** The data point's attributes: only what the exchange has (no status when there was no response, …). */
function attributesOf(t: HttpTiming): Attributes {
  const attributes: Attributes = { [ATTR_HTTP_REQUEST_METHOD]: t.method, [ATTR_URL_SCHEME]: t.scheme };
  if (t.status) attributes[ATTR_HTTP_RESPONSE_STATUS_CODE] = t.status;
  if (t.errorType) attributes[ATTR_ERROR_TYPE] = t.errorType;
  if (t.serverAddress) attributes[ATTR_SERVER_ADDRESS] = t.serverAddress;
  if (t.serverPort) attributes[ATTR_SERVER_PORT] = t.serverPort;
  if (t.route) attributes[ATTR_HTTP_ROUTE] = t.route;
  return attributes;
}

/**
 * One string per attribute set of attributesOf (absent and falsy values alike are left out there,
 * so both are '' here). The method is normalized and the scheme, status and port have no \u0001;
 * a host name cannot hold one either; the error type, which could, is length-prefixed and
 * followed only by the route, so the split is never ambiguous.
 */
function keyOf(t: HttpTiming): string {
  const errorType = t.errorType || '';
  return `${t.method}\u0001${t.scheme}\u0001${t.status || ''}\u0001${t.serverPort || ''}\u0001${t.serverAddress || ''}\u0001${errorType.length}\u0001${errorType}${t.route || ''}`;
}

const secondsSince = (start: number) => Math.max(0, performance.now() - start) / 1000;

export function createHttpMetrics(meterProvider: MeterProvider): HttpMetrics {
  const scope = { name: DISTRO_NAME, version: VERSION };
  const own = ownHistogramsOf(meterProvider);
  if (own) {
    // The pipeline's own readers only: aggregated here, without sdk-metrics' per-record attribute hashing.
    const server = own.histogram(scope, { name: METRIC_HTTP_SERVER_REQUEST_DURATION, description: SERVER_DESCRIPTION, unit: 's', boundaries: HTTP_DURATION_BUCKETS_SECONDS });
    const client = own.histogram(scope, { name: METRIC_HTTP_CLIENT_REQUEST_DURATION, description: CLIENT_DESCRIPTION, unit: 's', boundaries: HTTP_DURATION_BUCKETS_SECONDS });
    return {
      recordServer: (t) => server.record(secondsSince(t.start), keyOf(t), t, attributesOf),
      recordClient: (t) => client.record(secondsSince(t.start), keyOf(t), t, attributesOf),
    };
  }
  const meter = meterProvider.getMeter(scope.name, scope.version);
  const advice = { explicitBucketBoundaries: HTTP_DURATION_BUCKETS_SECONDS };
  const server = meter.createHistogram(METRIC_HTTP_SERVER_REQUEST_DURATION, { description: SERVER_DESCRIPTION, unit: 's', advice });
  const client = meter.createHistogram(METRIC_HTTP_CLIENT_REQUEST_DURATION, { description: CLIENT_DESCRIPTION, unit: 's', advice });
  // The root context, given: the default is an AsyncLocalStorage lookup, and nothing here reads it.
  const record = (histogram: Histogram, t: HttpTiming) => histogram.record(secondsSince(t.start), attributesOf(t), ROOT_CONTEXT);
  return {
    recordServer: (t) => record(server, t),
    recordClient: (t) => record(client, t),
  };
}

/** The `http.route` a framework instrumentation set on a (recording) span, if any. */
export function routeOf(span: unknown): string | undefined {
  const route = (span as { attributes?: Attributes }).attributes?.[ATTR_HTTP_ROUTE];
  return typeof route === 'string' && route ? route : undefined;
}
