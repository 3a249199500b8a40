/**
 * readCapped(stream, limit): our read of a response clone, shared by the browser's and Node's
 * fetch capture. It keeps at most `limit` bytes, then cancels the clone, so a large or endless body
 * is never buffered past the cap; it gives up after MAX_BODY_READ_MILLIS, so a stalled body neither
 * holds the span open for minutes nor keeps the connection open after the app cancelled its own
 * branch of the tee. A failed or aborted body is returned as far as it got. Never rejects.
 *
 * Cheap per response, because every captured request pays it: one plain `read()` per chunk (no
 * race against a timeout promise), and one shared watchdog timer for all reads in progress instead
 * of a timer per read; cancelling the reader is what ends a pending `read()` on time.
 */
import { unrefTimer } from '../export/sleep';

/** Longest our read of a response clone may take before it is cancelled, in milliseconds. */
export const MAX_BODY_READ_MILLIS = 5_000;

export interface CappedRead {
  bytes: Uint8Array;
  /** The whole body was read (it ended within the cap and the time). */
  complete: boolean;
}

/** Readers in progress and when each started, oldest first (a Map keeps insertion order). */
const reading = new Map<ReadableStreamDefaultReader<Uint8Array>, number>();
let watchdog: ReturnType<typeof setTimeout> | undefined;

/** Cancels the reads older than MAX_BODY_READ_MILLIS, then waits for the oldest one left. */
function sweep(): void {
  watchdog = undefined;
  for (const [reader, startedMillis] of reading) {
    const left = startedMillis + MAX_BODY_READ_MILLIS - performance.now();
    if (left > 0) return arm(left);
    // Unwatched first: its pending read() now ends as done, and `reading` tells that end from the body's own.
    reading.delete(reader);
    reader.cancel().catch(() => {});
  }
}

const arm = (millis: number) => unrefTimer((watchdog = setTimeout(sweep, millis)));

export async function readCapped(stream: ReadableStream<Uint8Array>, limit: number): Promise<CappedRead> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let kept = 0;
  let complete = false;
  reading.set(reader, performance.now());
  if (!watchdog) arm(MAX_BODY_READ_MILLIS);
  try {
    while (kept < limit) {
      const next = await reader.read();
      if (next.done) {
        complete = reading.has(reader);
        break;
      }
      const chunk = next.value.subarray(0, limit - kept);
      chunks.push(chunk.slice()); // a copy: never pin the runtime's larger chunk
      kept += chunk.byteLength;
    }
  } catch {
    // recorded as far as it got
  } finally {
    reading.delete(reader);
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
