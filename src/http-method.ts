/** HTTP method normalisation per the stable HTTP semantic conventions; shared by every client span. */

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']);

/** Semconv: unknown methods are reported as `_OTHER`, the original kept separately. */
export function normalizeMethod(raw: string | undefined): { method: string; original?: string } {
  const upper = (raw ?? 'GET').toUpperCase();
  if (KNOWN_METHODS.has(upper)) return upper === raw || raw === undefined ? { method: upper } : { method: upper, original: raw };
  return { method: '_OTHER', original: raw };
}
