/**
 * Body capture for Node's global `fetch`. undici's diagnostics channels on Node 20 (undici 6)
 * publish headers but no body bytes, so bodies are taken where the app hands them over:
 *
 * - the request body from what was passed to `fetch()` (a string, URLSearchParams, bytes: recorded;
 *   a Blob: its size; FormData: named multipart; a stream or a `Request` body: named stream) —
 *   never by reading a stream, which would consume the app's body;
 * - the response body from `response.clone()`, made before the app has the response, read up to
 *   the cap and then cancelled. The app's branch of the tee gets every chunk exactly when it would
 *   have, and the tee buffers at most the cap for it (we stop pulling there). Event streams are
 *   never read (they do not end); other non-text bodies are recorded by size only.
 *
 * Why wrap `globalThis.fetch` rather than the undici dispatcher: the dispatcher sees the request
 * body as undici's own async generator (so it would have to be re-wrapped), sees compressed
 * response bytes (so they would have to be inflated again), and is replaced by any app that calls
 * `setGlobalDispatcher` or passes its own `dispatcher`. The wrapper sees the body as the app
 * passed it and the decoded response; it adds one `then` to the returned promise.
 *
 * The wrapper and the span (made by ./undici from the diagnostics channels) meet through the
 * OpenTelemetry context: the call runs with a slot in context, `undici:request:create` fires in
 * that context and puts its capture in the slot (the last one wins: redirects), and the span's
 * end waits for the body read, at most MAX_FETCH_BODY_WAIT_MILLIS past the response's end.
 */
import { context, createContextKey, type Span } from '@opentelemetry/api';
import { bodySkippedKey, type Direction } from '../../src/network/attributes';
import type { CapturePolicy } from '../../src/network/policy';
import { readCapped } from '../../src/network/read-capped';
import { isNetworkCaptureEnabled } from '../../src/network/toggle';

/**
 * Longest a fetch span stays open after its response ended, waiting for our capped read of the
 * clone. The read runs as fast as the bytes arrive, so this is only reached when something
 * upstream stalls; the body is then recorded as far as it got, or not at all.
 */
export const MAX_FETCH_BODY_WAIT_MILLIS = 1_000;

type Attrs = Record<string, string | number | boolean | string[]>;

/** What one undici request (one hop of a fetch) exposes to the wrapper. */
export interface FetchBodyTarget {
  span: Span;
  /** True once the span has ended: late attributes are dropped, not set on an ended span. */
  ended: boolean;
  /** Resolves when the response body was recorded or there is none to record. */
  bodyDone: Promise<void>;
  settle(): void;
}

/** Lives in the context of one `fetch()` call. */
export interface FetchCaptureSlot {
  policy: CapturePolicy;
  url: string;
  method: string;
  requestAttributes: Attrs;
  /** The latest undici request made for this fetch (after redirects, the final one). */
  target?: FetchBodyTarget;
}

const SLOT_KEY = createContextKey('clickstack-otel.fetch-capture');

/** The slot of the `fetch()` call that is creating this undici request, if capture is on for it. */
export function activeFetchSlot(): FetchCaptureSlot | undefined {
  return context.active().getValue(SLOT_KEY) as FetchCaptureSlot | undefined;
}

/** Called by ./undici when the request's span starts: returns the target the response body will go to. */
export function attachFetchTarget(slot: FetchCaptureSlot, span: Span): FetchBodyTarget {
  slot.target?.settle(); // an earlier hop (redirect) gets no body
  let settle!: () => void;
  const bodyDone = new Promise<void>((resolve) => (settle = resolve));
  const target: FetchBodyTarget = { span, ended: false, bodyDone, settle };
  slot.target = target;
  span.setAttributes(slot.requestAttributes);
  return target;
}

type FetchFn = typeof globalThis.fetch;
const WRAPPED = Symbol.for('clickstack-otel.fetch-original');

/** Wraps `globalThis.fetch` for body capture. Returns a function that restores it (if still ours). */
export function wrapGlobalFetch(policy: CapturePolicy): () => void {
  const original = globalThis.fetch as FetchFn & { [WRAPPED]?: FetchFn };
  if (typeof original !== 'function' || original[WRAPPED]) return () => {};
  const wrapped = function fetch(this: unknown, input: Parameters<FetchFn>[0], init?: Parameters<FetchFn>[1]) {
    const slot = isNetworkCaptureEnabled() ? startSlot(policy, input, init) : undefined;
    if (!slot) return original.call(this, input, init);
    const pending = context.with(context.active().setValue(SLOT_KEY, slot), () => original.call(this, input, init));
    return pending.then(
      (response) => {
        captureResponse(slot, response);
        return response;
      },
      (error: unknown) => {
        slot.target?.settle(); // no response: the span ends now, with the error
        throw error;
      },
    );
  } as FetchFn & { [WRAPPED]?: FetchFn };
  wrapped[WRAPPED] = original;
  globalThis.fetch = wrapped;
  return () => {
    if (globalThis.fetch === wrapped) globalThis.fetch = original;
  };
}

function startSlot(policy: CapturePolicy, input: unknown, init: RequestInit | undefined): FetchCaptureSlot | undefined {
  try {
    const isRequest = input instanceof Request;
    const url = new URL(isRequest ? input.url : String(input instanceof URL ? input.href : input)).href;
    if (!policy.shouldCapture(url)) return undefined;
    const method = (init?.method ?? (isRequest ? input.method : 'GET')).toUpperCase();
    const headers = readableHeaders(init?.headers) ?? (isRequest ? input.headers : undefined);
    const contentType = headers?.get('content-type') ?? undefined;
    let requestAttributes: Attrs = {};
    if (init?.body !== undefined && init.body !== null) requestAttributes = requestBody(policy, url, method, contentType, init.body);
    else if (isRequest && input.body) requestAttributes = { [bodySkippedKey('request')]: 'stream' };
    return { policy, url, method, requestAttributes };
  } catch {
    return undefined; // fetch itself will say what is wrong with these arguments
  }
}

/**
 * The headers as a `Headers`, only when reading them cannot consume anything: a one-shot iterator
 * passed as headers must stay intact for fetch itself.
 */
function readableHeaders(headers: unknown): Headers | undefined {
  if (headers === undefined || headers === null) return undefined;
  if (headers instanceof Headers) return headers;
  if (Array.isArray(headers) || Object.getPrototypeOf(headers) === Object.prototype) return new Headers(headers as HeadersInit);
  return undefined;
}

function requestBody(policy: CapturePolicy, url: string, method: string, contentType: string | undefined, body: unknown): Attrs {
  const raw = (bytes: Uint8Array, type: string | undefined, totalBytes = bytes.byteLength) =>
    policy.body({ direction: 'request', url, method, contentType: type, bytes: bytes.subarray(0, policy.collectBytes), totalBytes, complete: true });
  if (typeof body === 'string') return raw(encodeCapped(body, policy.collectBytes), contentType ?? 'text/plain;charset=UTF-8', Buffer.byteLength(body));
  if (body instanceof URLSearchParams) {
    const text = body.toString();
    return raw(encodeCapped(text, policy.collectBytes), contentType ?? 'application/x-www-form-urlencoded;charset=UTF-8', Buffer.byteLength(text));
  }
  if (body instanceof ArrayBuffer) return raw(new Uint8Array(body), contentType);
  if (ArrayBuffer.isView(body)) return raw(new Uint8Array(body.buffer, body.byteOffset, body.byteLength), contentType);
  if (body instanceof FormData) return { [bodySkippedKey('request')]: 'multipart' }; // fields and files: never read
  if (body instanceof Blob) return sizeOnly(policy, 'request', url, method, contentType ?? body.type, body.size);
  return { [bodySkippedKey('request')]: 'stream' }; // ReadableStream, async iterable: reading would consume it
}

/** Only the first `limit` bytes' worth of a string is encoded; a 5 MB body costs no 5 MB copy. */
function encodeCapped(text: string, limit: number): Uint8Array {
  return Buffer.from(text.length > limit ? text.slice(0, limit) : text, 'utf8');
}

const sizeOnly = (policy: CapturePolicy, direction: Direction, url: string, method: string, contentType: string | undefined, size: number | undefined): Attrs =>
  policy.body({
    direction,
    url,
    method,
    // Binary bodies are reported by size only, even when their type claims text.
    contentType: contentType && /multipart\//i.test(contentType) ? contentType : 'application/octet-stream',
    bytes: new Uint8Array(),
    totalBytes: size,
    complete: false,
  });

function captureResponse(slot: FetchCaptureSlot, response: Response): void {
  const target = slot.target;
  if (!target) return;
  const { policy, url, method } = slot;
  const record = (attrs: Attrs) => {
    if (!target.ended) target.span.setAttributes(attrs);
  };
  try {
    const contentType = response.headers.get('content-type') ?? undefined;
    const length = contentLength(response.headers.get('content-length'));
    if (!response.body || response.bodyUsed) return target.settle();
    if (/^\s*text\/event-stream/i.test(contentType ?? '')) {
      record({ [bodySkippedKey('response')]: 'stream' }); // never ends on its own: never read
      return target.settle();
    }
    if (!policy.wantsBody(contentType)) {
      record(policy.body({ direction: 'response', url, method, contentType, bytes: new Uint8Array(), totalBytes: length, complete: false }));
      return target.settle();
    }
    const clone = response.clone();
    void readCapped(clone.body!, policy.collectBytes)
      .then((read) =>
        record(
          policy.body({
            direction: 'response',
            url,
            method,
            contentType,
            bytes: read.bytes,
            // content-length is the wire size (compressed when encoded), as on the other paths.
            totalBytes: length ?? (read.complete ? read.bytes.byteLength : undefined),
            complete: read.complete,
            cut: !read.complete,
          }),
        ),
      )
      .catch(() => undefined)
      .finally(() => target.settle());
  } catch {
    target.settle(); // capture never breaks the app's fetch
  }
}


function contentLength(header: string | null): number | undefined {
  if (header === null || !/^\s*\d+\s*$/.test(header)) return undefined;
  return Number(header);
}
