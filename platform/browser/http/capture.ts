/**
 * Advanced network capture in the browser: the `HttpCaptureHooks` that collect raw headers and
 * body bytes from fetch and XHR and hand them to the core policy (src/network), which decides
 * everything else (redaction, masking, caps, schema) exactly as it does in Node.
 *
 * What the app reads never changes: a fetch response is cloned synchronously before the app gets
 * it and only the clone is read, with a reader cancelled at the cap; request streams are never
 * read; XHR is only asked for what it already holds.
 */
import { bodySkippedKey, type Direction } from '../../../src/network/attributes';
import { parseHeaderBlock, type RawHeaderValue } from '../../../src/network/headers';
import type { CapturePolicy, RawBody } from '../../../src/network/policy';
import { readCapped } from '../../../src/network/read-capped';
import { isNetworkCaptureEnabled } from '../../../src/network/toggle';
import { isHeaderRecord, type FetchResponseHook, type HttpCaptureHooks, type XhrResponseHook } from './hooks';

type Pairs = Iterable<readonly [string, RawHeaderValue]>;
type Attrs = Record<string, string | number | boolean | string[]>;
/** One body as the platform has it: text as the app holds it, bytes, or only a size. */
type Body = Pick<RawBody, 'text' | 'bytes' | 'totalBytes' | 'complete' | 'cut'>;

/** A body the app holds as text: handed over as is (the policy cuts it), its size counted. */
const textBody = (text: string, totalBytes = utf8Length(text)): Body => ({ text, totalBytes, complete: true });

export function createCaptureHooks(policy: CapturePolicy): HttpCaptureHooks {
  const on = (url: URL) => isNetworkCaptureEnabled() && policy.shouldCapture(url.href);

  /** Adds one body's attributes to `attrs`, the exchange's other attributes: the span gets one setAttributes per side. */
  const addBody = (attrs: Attrs, direction: Direction, url: string, method: string, contentType: string | undefined, body: Body) =>
    Object.assign(attrs, policy.body({ direction, url, method, contentType, ...body }));

  /** A body we only know the size of (Blob, binary XHR response): recorded as skipped with its size. */
  const sizeOnly = (attrs: Attrs, direction: Direction, url: string, method: string, contentType: string | undefined, totalBytes: number) =>
    addBody(attrs, direction, url, method, binaryType(contentType), { totalBytes, complete: false });

  function requestBody(attrs: Attrs, url: string, method: string, contentType: string | undefined, body: unknown): void {
    if (body === undefined || body === null) return;
    if (typeof body === 'string') addBody(attrs, 'request', url, method, contentType ?? 'text/plain', textBody(body));
    else if (typeof URLSearchParams === 'function' && body instanceof URLSearchParams)
      addBody(attrs, 'request', url, method, contentType ?? 'application/x-www-form-urlencoded', textBody(body.toString()));
    // files and fields: never read, only named as such
    else if (typeof FormData === 'function' && body instanceof FormData) attrs[bodySkippedKey('request')] = 'multipart';
    else if (typeof Blob === 'function' && body instanceof Blob) sizeOnly(attrs, 'request', url, method, contentType ?? body.type, body.size);
    else if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
      const view = body instanceof ArrayBuffer ? new Uint8Array(body) : new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
      addBody(attrs, 'request', url, method, contentType, { bytes: view.subarray(0, policy.collectBytes), totalBytes: view.byteLength, complete: true });
    } else attrs[bodySkippedKey('request')] = 'stream'; // ReadableStream & co.: reading it would consume the app's body
  }

  const onFetchRequest: HttpCaptureHooks['onFetchRequest'] = ({ span, url, method, input, init }) => {
    if (!on(url)) return undefined;
    const href = url.href;
    const isRequest = typeof Request === 'function' && input instanceof Request;
    // `init.headers` replaces a Request's own headers, as fetch itself does. A Headers object (the
    // app's own) is read where it is, not copied. A header record (the wrapper's copy with the trace
    // headers, or the app's own) is read as pairs, values trimmed as `Headers` would: building a
    // `Headers` from it and iterating that cost ~17 µs per request in Chromium, its entries ~1 µs.
    const given = init?.headers;
    let contentType: string | undefined;
    let pairs: Pairs | undefined;
    if (isHeaderRecord(given)) {
      const list: [string, string][] = (pairs = Object.entries(given).map(([name, value]) => [name, String(value).trim()]));
      contentType = contentTypeIn(list);
    } else {
      const headers = given === undefined ? (isRequest ? (input as Request).headers : undefined) : given instanceof Headers ? given : new Headers(given);
      pairs = headers as unknown as Pairs | undefined;
      contentType = headers?.get('content-type') ?? undefined;
    }
    const attrs: Attrs = pairs ? policy.headers('request', pairs) : {};
    if (init?.body !== undefined) requestBody(attrs, href, method, contentType, init.body);
    else if (isRequest && (input as Request).body) attrs[bodySkippedKey('request')] = 'stream';
    span.setAttributes(attrs);

    const onResponse: FetchResponseHook = (response) => {
      const attrs: Attrs = policy.headers('response', response.headers as unknown as Pairs);
      const contentType = response.headers.get('content-type') ?? undefined;
      const length = contentLength(response.headers.get('content-length'));
      if (response.body && !response.bodyUsed) {
        if (!policy.wantsBody(contentType)) addBody(attrs, 'response', href, method, contentType, { totalBytes: length, complete: false });
        // An event stream never ends on its own: waiting for it would hold the span forever.
        else if (/^\s*text\/event-stream/i.test(contentType ?? '')) attrs[bodySkippedKey('response')] = 'stream';
        // Cloned now, before the app has the response, so it works whether the app reads first or later.
        // The headers wait for the body: the span is still recording (it ends when this settles).
        else
          return readCapped(response.clone().body!, policy.collectBytes).then(({ bytes, complete }) => {
            addBody(attrs, 'response', href, method, contentType, { bytes, totalBytes: length ?? (complete ? bytes.byteLength : undefined), complete, cut: !complete });
            span.setAttributes(attrs);
          });
      }
      span.setAttributes(attrs);
      return undefined;
    };
    return onResponse;
  };

  const onXhrRequest: HttpCaptureHooks['onXhrRequest'] = ({ span, url, method, body, headers = [] }) => {
    if (!on(url)) return undefined;
    const href = url.href;
    const attrs: Attrs = policy.headers('request', headers);
    let requestType = contentTypeIn(headers);
    if (typeof body === 'string' && !requestType) requestType = 'text/plain';
    if (typeof Document === 'function' && body instanceof Document) attrs[bodySkippedKey('request')] = 'document';
    else requestBody(attrs, href, method, requestType, body);
    span.setAttributes(attrs);

    const onResponse: XhrResponseHook = (xhr) => {
      const attrs: Attrs = policy.headers('response', parseHeaderBlock('\r\n' + xhr.getAllResponseHeaders()));
      const contentType = xhr.getResponseHeader('content-type') ?? undefined;
      const length = contentLength(xhr.getResponseHeader('content-length'));
      const type = xhr.responseType;
      // The parsed value a `json` XHR gives the app is cached by the XHR: serialising it does not change it.
      const response: unknown = type === 'json' || type === 'arraybuffer' || type === 'blob' ? xhr.response : undefined;
      if (type === '' || type === 'text') {
        const text = xhr.responseText;
        if (text !== '') addBody(attrs, 'response', href, method, contentType, textBody(text, length));
      } else if (type === 'json') {
        if (response !== null) addBody(attrs, 'response', href, method, contentType ?? 'application/json', textBody(JSON.stringify(response), length));
      } else if (response) sizeOnly(attrs, 'response', href, method, contentType, length ?? (response as Blob).size ?? (response as ArrayBuffer).byteLength);
      else if (type !== 'arraybuffer' && type !== 'blob') attrs[bodySkippedKey('response')] = type;
      span.setAttributes(attrs);
    };
    return onResponse;
  };

  return { onFetchRequest, onXhrRequest };
}

/** The last `content-type` among header pairs (any case), as `Headers` and XHR send it. */
function contentTypeIn(pairs: readonly (readonly [string, string])[]): string | undefined {
  let found: string | undefined;
  for (const [name, value] of pairs) if (name.toLowerCase() === 'content-type') found = value;
  return found;
}

/** Blob/binary bodies are reported by size only, even when their type claims text. */
const binaryType = (contentType: string | undefined) =>
  contentType && /multipart\//i.test(contentType) ? contentType : 'application/octet-stream';

function contentLength(header: string | null): number | undefined {
  if (header === null || !/^\s*\d+\s*$/.test(header)) return undefined;
  return Number(header);
}

/** UTF-8 byte length of a string without encoding it (lone surrogates count as U+FFFD, 3 bytes). */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
