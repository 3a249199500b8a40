/**
 * Semconv `http/dup`: the legacy HTTP keys beside the stable ones, copied when an HTTP span ends
 * (the status is known only then). The HyperDX UI reads only the legacy names: its network panel
 * appears only when `http.url` exists, and the session timeline and waterfall read
 * `http.method`/`http.status_code`. Server spans have no `url.full`; Node's server instrumentation
 * writes their `http.url` itself (platform/node/http.ts), keeping this browser-shared code small.
 */
import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_URL_FULL,
} from './semconv';
import { SPAN_ATTRIBUTE_COUNT_LIMIT } from './trace/span';

export const ATTR_HTTP_METHOD_LEGACY = 'http.method';
export const ATTR_HTTP_URL_LEGACY = 'http.url';
export const ATTR_HTTP_STATUS_CODE_LEGACY = 'http.status_code';

/** Set by src/sdk.ts from `config.httpLegacyAttributes`; read by the span enricher and Node's server spans. */
export const legacyHttp = { enabled: true };

/**
 * Adds the legacy keys in place to a span's attributes that has `http.request.method`; others are
 * left alone. The attributes are the ended span's own object, past the SDK's limit check, so the
 * span attribute count limit is kept here: a span already full (a flood of captured headers) gets
 * no new keys. The values are copies of kept ones, already within the length limit.
 * `heldElsewhere`: the span's attributes kept outside `a` (LightSpan.captured), which count too.
 */
export function addLegacyHttpAttributes(a: Attributes, countLimit = SPAN_ATTRIBUTE_COUNT_LIMIT, heldElsewhere = 0): void {
  const method = a[ATTR_HTTP_REQUEST_METHOD];
  if (method === undefined) return;
  let room = countLimit - Object.keys(a).length - heldElsewhere;
  const put = (key: string, value: Attributes[string]) => {
    if (value !== undefined && (key in a || room-- > 0)) a[key] = value;
  };
  put(ATTR_HTTP_METHOD_LEGACY, method);
  put(ATTR_HTTP_URL_LEGACY, a[ATTR_URL_FULL] || undefined);
  put(ATTR_HTTP_STATUS_CODE_LEGACY, a[ATTR_HTTP_RESPONSE_STATUS_CODE]);
}
