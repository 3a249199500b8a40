/**
 * Semconv `http/dup`: the legacy HTTP keys beside the stable ones, copied when an HTTP span ends
 * (the status is known only then). The HyperDX UI reads only the legacy names: its network panel
 * appears only when `http.url` exists, and the session timeline and waterfall read
 * `http.method`/`http.status_code`. Server spans have no `url.full`; their `http.url` is rebuilt
 * from scheme, host, port, path and query.
 */
import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_FULL,
  ATTR_URL_PATH,
  ATTR_URL_QUERY,
  ATTR_URL_SCHEME,
} from './semconv';

export const ATTR_HTTP_METHOD_LEGACY = 'http.method';
export const ATTR_HTTP_URL_LEGACY = 'http.url';
export const ATTR_HTTP_STATUS_CODE_LEGACY = 'http.status_code';

/** Adds the legacy keys in place to a span's attributes that has `http.request.method`; others are left alone. */
export function addLegacyHttpAttributes(a: Attributes): void {
  const method = a[ATTR_HTTP_REQUEST_METHOD];
  if (method === undefined) return;
  a[ATTR_HTTP_METHOD_LEGACY] = method;
  const host = a[ATTR_SERVER_ADDRESS];
  const port = a[ATTR_SERVER_PORT];
  const query = a[ATTR_URL_QUERY];
  const url =
    a[ATTR_URL_FULL] ??
    (host && a[ATTR_URL_SCHEME] ? `${a[ATTR_URL_SCHEME]}://${host}${port ? `:${port}` : ''}${a[ATTR_URL_PATH] ?? ''}${query ? `?${query}` : ''}` : undefined);
  if (url !== undefined) a[ATTR_HTTP_URL_LEGACY] = url;
  const status = a[ATTR_HTTP_RESPONSE_STATUS_CODE];
  if (status !== undefined) a[ATTR_HTTP_STATUS_CODE_LEGACY] = status;
}
