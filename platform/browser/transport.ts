/**
 * OTLP/HTTP JSON POSTs from the browser with the page's ORIGINAL `fetch`, taken when this module
 * loads, before our fetch instrumentation (or any library loaded later) wraps it: an export is
 * never traced and never feeds itself. `keepalive` lets the last export outlive the page, within
 * the browser's budget (./keepalive-budget); beyond it, a normal fetch.
 *
 * Reading `Retry-After` across origins needs the collector to list it in
 * `Access-Control-Expose-Headers`; without that the core falls back to its own backoff.
 *
 * `compression: 'gzip'` uses the browser's own CompressionStream (no code of ours): where it is
 * missing, or fails, the body goes as it is. Not while the page is hidden: the compression runs
 * in later tasks a page being closed may never get, so an export that may be the last one starts
 * at once, plain. The keepalive budget counts the bytes actually sent.
 */
import type { Transport, TransportParams, TransportResponse } from '../../src/platform';
import { createKeepaliveBudget, type KeepaliveBudget } from './keepalive-budget';

const originalFetch: typeof fetch | undefined = typeof fetch === 'function' ? fetch.bind(globalThis) : undefined;

/** One budget per page: the browser's limit is shared by every keepalive request. */
const keepaliveBudget = createKeepaliveBudget();

/**
 * `raw` gzipped by the runtime, or undefined where it cannot (no CompressionStream, an error).
 * Looked up on globalThis, not named bare: Next.js's edge runtime has none and its build warns
 * about every bare reference, while workerd and browsers have it.
 */
async function gzip(raw: Uint8Array): Promise<Uint8Array | undefined> {
  try {
    const stream = new Blob([raw as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new globalThis.CompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch {
    return undefined;
  }
}

/** `budget`: the page's keepalive allowance; runtimes without pages (edge) pass one that never grants it. */
export function createBrowserTransport({ url, headers, compression }: TransportParams, budget: KeepaliveBudget = keepaliveBudget): Transport {
  // The browser bundle carries only the JSON encoder, so the wire format is always JSON.
  const requestHeaders = { ...headers, 'content-type': 'application/json' };

  async function send(raw: Uint8Array, timeoutMillis: number, signal: AbortSignal): Promise<TransportResponse> {
    if (!originalFetch) throw new Error('fetch is not available');
    // Workers have no document and are never hidden.
    const zipped = compression === 'gzip' && globalThis.document?.visibilityState !== 'hidden' ? await gzip(raw) : undefined;
    const body = zipped ?? raw;
    if (signal.aborted) throw signal.reason;
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => controller.abort(new Error(`timed out after ${timeoutMillis} ms`)), timeoutMillis);
    const size = body.byteLength;
    const keepalive = budget.tryReserve(size);
    try {
      const res = await originalFetch(url, {
        method: 'POST',
        headers: zipped ? { ...requestHeaders, 'content-encoding': 'gzip' } : requestHeaders,
        // Encoders allocate plain ArrayBuffers; the type only says it could be shared memory.
        body: body as Uint8Array<ArrayBuffer>,
        keepalive,
        signal: controller.signal,
      });
      const ok = res.status >= 200 && res.status < 300;
      const retryAfter = res.headers.get('retry-after');
      const payload = ok ? new Uint8Array(await res.arrayBuffer()) : undefined;
      if (!ok) void res.body?.cancel().catch(() => undefined);
      return {
        status: res.status,
        ...(retryAfter !== null && { retryAfter }),
        ...(payload && payload.byteLength > 0 && { body: payload }),
      };
    } catch (error) {
      // The abort reason (timeout, shutdown) says more than the browser's generic AbortError.
      throw controller.signal.aborted ? controller.signal.reason : error;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      if (keepalive) budget.release(size);
    }
  }

  return { send, shutdown: () => {} };
}
