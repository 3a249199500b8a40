/**
 * The server's trace context from a `Server-Timing: traceparent;desc="00-<trace>-<span>-<flags>"`
 * response header, so a browser span can link to the server trace even when the request carried
 * no `traceparent` (cross-origin without CORS allowance, or a page served before the SDK started).
 * Pure: the platforms read the header, this only parses it.
 */

export interface ServerTraceContext {
  traceId: string;
  spanId: string;
  /** The server's sampled flag; the link is kept either way, since the server may sample later. */
  sampled: boolean;
}

/** Longest header we look at; real ones are a few hundred bytes, this bounds the regex work. */
const MAX_SERVER_TIMING_CHARS = 4_096;
const TRACEPARENT_METRIC = /(?:^|,)\s*traceparent\s*;[^,]*?\bdesc\s*=\s*"?00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})"?/i;
const INVALID_TRACE_ID = /^0+$/;

export function parseServerTimingTraceparent(header: string | null | undefined): ServerTraceContext | undefined {
  if (!header || header.length > MAX_SERVER_TIMING_CHARS) return undefined;
  const m = TRACEPARENT_METRIC.exec(header);
  if (!m || INVALID_TRACE_ID.test(m[1]!) || INVALID_TRACE_ID.test(m[2]!)) return undefined;
  return { traceId: m[1]!.toLowerCase(), spanId: m[2]!.toLowerCase(), sampled: (parseInt(m[3]!, 16) & 1) === 1 };
}
