// readCapped on real WHATWG streams (Node's, the same classes browsers have); time is faked so the
// stall cases run in milliseconds.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_BODY_READ_MILLIS, readCapped } from './read-capped';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** A stream that yields `chunks`, then stalls forever (never closes); records whether it was cancelled. */
function stalling(chunks: Uint8Array[]) {
  const state = { cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      for (const chunk of chunks) c.enqueue(chunk);
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('readCapped', () => {
  it('reads a body to its end, copying what it keeps out of the runtime\'s (possibly larger) buffers', async () => {
    const pooled = new Uint8Array(1024);
    pooled.set(bytes('world'), 100);
    const view = pooled.subarray(100, 105);
    const first = bytes('hello ');
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(first);
        c.close();
      },
    });
    expect(await readCapped(stream, 64)).toEqual({ bytes: first, complete: true });

    const read = await readCapped(
      new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(view);
          c.close();
        },
      }),
      64,
    );
    expect(text(read.bytes)).toBe('world');
    expect(read.bytes.buffer).not.toBe(pooled.buffer); // never pins the 1 KiB buffer
  });

  it('stops at the cap and cancels the rest of an endless body', async () => {
    let pulls = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(c) {
        pulls++;
        c.enqueue(bytes('0123456789'));
      },
      cancel() {
        cancelled = true;
      },
    });
    const read = await readCapped(endless, 25);
    expect(text(read.bytes)).toBe('0123456789012345678901234');
    expect(read.complete).toBe(false);
    expect(cancelled).toBe(true);
    expect(pulls).toBeLessThan(10);
  });

  it('returns what it got from a body that fails', async () => {
    let n = 0;
    const failing = new ReadableStream<Uint8Array>({
      pull(c) {
        if (n++ === 0) c.enqueue(bytes('part'));
        else c.error(new Error('reset'));
      },
    });
    expect(await readCapped(failing, 64)).toEqual({ bytes: bytes('part'), complete: false });
  });

  it('gives up on stalled bodies after MAX_BODY_READ_MILLIS each, with one timer for all of them', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    // A fresh module: the watchdog armed by the tests above is a real timer.
    vi.resetModules();
    const { readCapped } = await import('./read-capped');
    const a = stalling([bytes('first')]);
    const b = stalling([bytes('second')]);
    let doneA: unknown;
    let doneB: unknown;
    void readCapped(a.stream, 64).then((r) => (doneA = r));
    await vi.advanceTimersByTimeAsync(1_000);
    void readCapped(b.stream, 64).then((r) => (doneB = r));
    expect(vi.getTimerCount()).toBe(1);

    await vi.advanceTimersByTimeAsync(MAX_BODY_READ_MILLIS - 1_000 - 1);
    expect(doneA).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(doneA).toEqual({ bytes: bytes('first'), complete: false });
    expect(a.state.cancelled).toBe(true);
    expect(doneB).toBeUndefined();
    expect(b.state.cancelled).toBe(false);

    await vi.advanceTimersByTimeAsync(1_000);
    expect(doneB).toEqual({ bytes: bytes('second'), complete: false });
    expect(b.state.cancelled).toBe(true);
    await vi.advanceTimersByTimeAsync(MAX_BODY_READ_MILLIS);
    expect(vi.getTimerCount()).toBe(0); // nothing left to watch: no timer re-armed
  });
});
