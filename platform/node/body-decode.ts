/**
 * Decodes a captured, possibly cut, compressed body (gzip, deflate, br) with zlib's streaming,
 * asynchronous API: the work runs on libuv's thread pool, never on the event loop, and output
 * stops at the cap. A body cut mid-stream decodes as far as it goes (sync flush, no end-of-stream
 * error). Bounded in time: a decoder that has not finished by then yields what it has.
 */
import zlib from 'node:zlib';
import type { ContentEncoding } from '../../src/network/content-type';

/** Longest a decode may hold a span before it is recorded with what was decoded so far. */
export const DECODE_TIMEOUT_MILLIS = 1_000;

export interface Decoded {
  bytes: Uint8Array;
  /** Output reached the cap, or the input stopped before the end. */
  cut: boolean;
  /** Nothing could be decoded. */
  failed: boolean;
}

function createDecoder(encoding: ContentEncoding): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | undefined {
  switch (encoding) {
    case 'gzip':
      return zlib.createGunzip({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
    case 'deflate':
      return zlib.createInflate({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
    case 'br':
      return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
    default:
      return undefined;
  }
}

export function decodeBody(input: Uint8Array, encoding: ContentEncoding, maxBytes: number): Promise<Decoded> {
  const decoder = createDecoder(encoding);
  if (!decoder) return Promise.resolve({ bytes: new Uint8Array(), cut: false, failed: true });
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (cut: boolean, failed = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      decoder.removeAllListeners('data');
      decoder.destroy();
      const bytes = Buffer.concat(out, Math.min(size, maxBytes));
      resolve({ bytes, cut, failed: failed && bytes.byteLength === 0 });
    };
    const timer = setTimeout(() => finish(true), DECODE_TIMEOUT_MILLIS);
    timer.unref();
    decoder.on('data', (chunk: Buffer) => {
      out.push(chunk);
      size += chunk.byteLength;
      if (size >= maxBytes) finish(size > maxBytes);
    });
    decoder.on('end', () => finish(false));
    decoder.on('error', () => finish(true, true));
    decoder.end(input);
  });
}
