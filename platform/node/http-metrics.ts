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

export function createHttpMetrics(meterProvider: MeterProvider): HttpMetrics {
  const meter = meterProvider.getMeter(DISTRO_NAME, VERSION);
  const advice = { explicitBucketBoundaries: HTTP_DURATION_BUCKETS_SECONDS };
  const server = meter.createHistogram(METRIC_HTTP_SERVER_REQUEST_DURATION, {
    description: 'Duration of HTTP server requests.',
    unit: 's',
    advice,
  });
  const client = meter.createHistogram(METRIC_HTTP_CLIENT_REQUEST_DURATION, {
    description: 'Duration of HTTP client requests.',
    unit: 's',
    advice,
  });
  const record = (histogram: Histogram, t: HttpTiming) => {
    const attributes: Attributes = { [ATTR_HTTP_REQUEST_METHOD]: t.method, [ATTR_URL_SCHEME]: t.scheme };
    if (t.status) attributes[ATTR_HTTP_RESPONSE_STATUS_CODE] = t.status;
    if (t.errorType) attributes[ATTR_ERROR_TYPE] = t.errorType;
    if (t.serverAddress) attributes[ATTR_SERVER_ADDRESS] = t.serverAddress;
    if (t.serverPort) attributes[ATTR_SERVER_PORT] = t.serverPort;
    if (t.route) attributes[ATTR_HTTP_ROUTE] = t.route;
    // The root context, given: the default is an AsyncLocalStorage lookup, and nothing here reads it.
    histogram.record(Math.max(0, performance.now() - t.start) / 1000, attributes, ROOT_CONTEXT);
  };
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
