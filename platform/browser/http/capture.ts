/**
 * Advanced network capture in the browser: the `HttpCaptureHooks` that collect raw headers and
 * body bytes from fetch and XHR and hand them to the core policy (src/network), which decides
 * everything else (redaction, masking, caps, schema) exactly as it does in Node.
 *
 * What the app reads never changes: a fetch response is cloned synchronously before the app gets
 * it and only the clone is read, with a reader cancelled at the cap; request streams are never
 * read; XHR is only asked for what it already holds.
 */
import type { Span } from '@opentelemetry/api';
import { bodySkippedKey, type Direction } from '../../../src/network/attributes';
import { parseHeaderBlock, type RawHeaderValue } from '../../../src/network/headers';
import type { CapturePolicy, RawBody } from '../../../src/network/policy';
import { readCapped } from '../../../src/network/read-capped';
import { isNetworkCaptureEnabled } from '../../../src/network/toggle';
import type { FetchResponseHook, HttpCaptureHooks, XhrResponseHook } from './hooks';

type Pairs = Iterable<readonly [string, RawHeaderValue]>;
type Attrs = Record<string, string | number | boolean | string[]>;

export function createCaptureHooks(policy: CapturePolicy): HttpCaptureHooks {
  const on = (url: URL) => isNetworkCaptureEnabled() && policy.shouldCapture(url.href);
  const record = (span: Span, attrs: Attrs): void => {
    span.setAttributes(attrs);
  };

  /** A body the app holds as text: only the first `collectBytes` worth is encoded, the size is counted. */
  const textBody = (direction: Direction, url: string, method: string, contentType: string | undefined, text: string, totalBytes?: number): Attrs =>
    policy.body({
      direction,
      url,
      method,
      contentType,
      bytes: new TextEncoder().encode(text.slice(0, policy.collectBytes)),
      totalBytes: totalBytes ?? utf8Length(text),
      complete: true,
    });

  /** A body we only know the size of (Blob, binary XHR response): recorded as skipped with its size. */
  const sizeOnly = (direction: Direction, url: string, method: string, contentType: string | undefined, size: number): Attrs =>
    policy.body({ direction, url, method, contentType: binaryType(contentType), bytes: new Uint8Array(), totalBytes: size, complete: false });

  function requestBody(span: Span, url: string, method: string, contentType: string | undefined, body: unknown): void {
    if (body === undefined || body === null) return;
    let attrs: Attrs;
    if (typeof body === 'string') attrs = textBody('request', url, method, contentType ?? 'text/plain', body);
    else if (typeof URLSearchParams === 'function' && body instanceof URLSearchParams)
      attrs = textBody('request', url, method, contentType ?? 'application/x-www-form-urlencoded', body.toString());
    else if (typeof FormData === 'function' && body instanceof FormData)
      attrs = { [bodySkippedKey('request')]: 'multipart' }; // files and fields: never read, only named as such
    else if (typeof Blob === 'function' && body instanceof Blob) attrs = sizeOnly('request', url, method, contentType ?? body.type, body.size);
    else if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
      const view = body instanceof ArrayBuffer ? new Uint8Array(body) : new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
      attrs = policy.body({
        direction: 'request',
        url,
        method,
        contentType,
        bytes: view.subarray(0, policy.collectBytes),
        totalBytes: view.byteLength,
        complete: true,
      });
    } else attrs = { [bodySkippedKey('request')]: 'stream' }; // ReadableStream & co.: reading it would consume the app's body
    record(span, attrs);
  }

  const onFetchRequest: HttpCaptureHooks['onFetchRequest'] = ({ span, url, method, input, init }) => {
    if (!on(url)) return undefined;
    const href = url.href;
    const isRequest = typeof Request === 'function' && input instanceof Request;
    // `init.headers` replaces a Request's own headers, as fetch itself does.
    const headers = init?.headers !== undefined ? new Headers(init.headers) : isRequest ? (input as Request).headers : new Headers();
    record(span, policy.headers('request', headers as unknown as Pairs));
    if (init?.body !== undefined) requestBody(span, href, method, headers.get('content-type') ?? undefined, init.body);
    else if (isRequest && (input as Request).body) record(span, { [bodySkippedKey('request')]: 'stream' });

    const onResponse: FetchResponseHook = (response) => {
      record(span, policy.headers('response', response.headers as unknown as Pairs));
      const contentType = response.headers.get('content-type') ?? undefined;
      const length = contentLength(response.headers.get('content-length'));
      if (!response.body || response.bodyUsed) return undefined;
      if (!policy.wantsBody(contentType)) {
        record(span, policy.body({ direction: 'response', url: href, method, contentType, bytes: new Uint8Array(), totalBytes: length, complete: false }));
        return undefined;
      }
      // An event stream never ends on its own: waiting for it would hold the span forever.
      if (/^\s*text\/event-stream/i.test(contentType ?? '')) {
        record(span, { [bodySkippedKey('response')]: 'stream' });
        return undefined;
      }
      // Cloned now, before the app has the response, so it works whether the app reads first or later.
      const clone = response.clone();
      return readCapped(clone.body!, policy.collectBytes).then((read) =>
        record(
          span,
          policy.body({
            direction: 'response',
            url: href,
            method,
            contentType,
            bytes: read.bytes,
            totalBytes: length ?? (read.complete ? read.bytes.byteLength : undefined),
            complete: read.complete,
            cut: !read.complete,
          }),
        ),
      );
    };
    return onResponse;
  };

  const onXhrRequest: HttpCaptureHooks['onXhrRequest'] = ({ span, url, method, body, headers }) => {
    if (!on(url)) return undefined;
    const href = url.href;
    record(span, policy.headers('request', headers ?? []));
    let requestType: string | undefined;
    for (const [name, value] of headers ?? []) if (name.toLowerCase() === 'content-type') requestType = value;
    if (typeof body === 'string' && !requestType) requestType = 'text/plain';
    if (typeof Document === 'function' && body instanceof Document) record(span, { [bodySkippedKey('request')]: 'document' });
    else requestBody(span, href, method, requestType, body);

    const onResponse: XhrResponseHook = (xhr) => {
      record(span, policy.headers('response', parseHeaderBlock('\r\n' + xhr.getAllResponseHeaders())));
      const contentType = xhr.getResponseHeader('content-type') ?? undefined;
      const length = contentLength(xhr.getResponseHeader('content-length'));
      const type = xhr.responseType;
      let attrs: Attrs | undefined;
      if (type === '' || type === 'text') {
        const text = xhr.responseText;
        if (text !== '') attrs = textBody('response', href, method, contentType, text, length);
      } else if (type === 'json') {
        // The parsed value the app gets is cached by the XHR; serialising it does not change it.
        const value: unknown = xhr.response;
        if (value !== null) attrs = textBody('response', href, method, contentType ?? 'application/json', JSON.stringify(value), length);
      } else if (type === 'arraybuffer') {
        const buffer = xhr.response as ArrayBuffer | null;
        if (buffer) attrs = sizeOnly('response', href, method, contentType, length ?? buffer.byteLength);
      } else if (type === 'blob') {
        const blob = xhr.response as Blob | null;
        if (blob) attrs = sizeOnly('response', href, method, contentType, length ?? blob.size);
      } else attrs = { [bodySkippedKey('response')]: type };
      if (attrs) record(span, attrs);
    };
    return onResponse;
  };

  return { onFetchRequest, onXhrRequest };
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
