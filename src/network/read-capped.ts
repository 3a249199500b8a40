/**
 * readCapped(stream, limit): our read of a response clone, shared by the browser's and Node's
 * fetch capture. It keeps at most `limit` bytes, then cancels the clone, so a large or endless body
 * is never buffered past the cap; it gives up after MAX_BODY_READ_MILLIS, so a stalled body neither
 * holds the span open for minutes nor keeps the connection open after the app cancelled its own
 * branch of the tee. A failed or aborted body is returned as far as it got. Never rejects.
 */
import { unrefTimer } from '../export/sleep';

/** Longest our read of a response clone may take before it is cancelled, in milliseconds. */
export const MAX_BODY_READ_MILLIS = 5_000;

export interface CappedRead {
  bytes: Uint8Array;
  /** The whole body was read (it ended within the cap and the time). */
  complete: boolean;
}

export async function readCapped(stream: ReadableStream<Uint8Array>, limit: number): Promise<CappedRead> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let kept = 0;
  let complete = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), MAX_BODY_READ_MILLIS);
    unrefTimer(timer);
  });
  try {
    while (kept < limit) {
      const next = await Promise.race([reader.read(), timeout]);
      if (next === 'timeout') break;
      if (next.done) {
        complete = true;
        break;
      }
      const chunk = next.value.subarray(0, limit - kept);
      chunks.push(chunk.slice()); // a copy: never pin the runtime's larger chunk
      kept += chunk.byteLength;
    }
  } catch {
    // recorded as far as it got
  } finally {
    clearTimeout(timer);
    if (!complete) reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(kept);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return { bytes, complete };
}
