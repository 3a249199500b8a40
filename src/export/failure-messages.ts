/**
 * The words users read when an export fails. Each message is the same text every time for the
 * same cause (no counts, no timings), so the de-duplicating logger prints it once, and none
 * contains a header value: the API key is never printed.
 */

/** The endpoint as it may be printed: no user-info, no query (either could carry a secret). */
export function describeEndpoint(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

/** A non-retryable HTTP status (not 2xx, not 429/502/503/504): what it means and what to do. */
export function describeRejection(signal: string, endpoint: string, status: number): string {
  const head = `${signal} export to ${endpoint} was rejected with HTTP ${status}`;
  switch (status) {
    case 401:
    case 403:
      return `${head}: the API key was rejected. Check HYPERDX_API_KEY (or the apiKey option). The data was dropped.`;
    case 404:
      return `${head}: no OTLP receiver at this URL. Check OTEL_EXPORTER_OTLP_ENDPOINT (or the url option). The data was dropped.`;
    case 413:
      return `${head}: the batch is larger than the collector accepts. Lower OTEL_BSP_MAX_EXPORT_BATCH_SIZE. The data was dropped.`;
    case 400:
      return `${head}: the collector could not read the data (check OTEL_EXPORTER_OTLP_PROTOCOL). The data was dropped.`;
    default:
      return `${head}; not retried, the data was dropped.`;
  }
}

/** A transient failure that outlasted the retries, the export timeout, or a flush deadline. */
export function describeGiveUp(signal: string, endpoint: string, reason: string): string {
  return `${signal} export to ${endpoint} failed (${reason}); the data was dropped. Is the collector reachable?`;
}

/** Why a request failed without an HTTP status, in a few stable words. */
export function describeNetworkError(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown; name?: unknown } | undefined;
  if (typeof e?.code === 'string') return e.code;
  if (typeof e?.message === 'string' && e.message) return e.message;
  return String(error);
}
