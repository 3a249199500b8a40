/**
 * Trace and span ids for Node: bytes from the CSPRNG, drawn from a pool refilled once per
 * POOL_BYTES. The pool is hex-encoded once per refill and each id is a slice of that text (V8
 * keeps a slice of a long string as a reference, not a copy): two native calls (fill, encode) per ~40 spans
 * instead of two per span. The light tracer's default builds each id from Math.random words
 * with toString(16), padding and a regular expression; per span that showed in profiles.
 */
import { randomFillSync } from 'node:crypto';

/**
 * Small enough that an id an app keeps forever holds at most 2 KiB of pool text alive (the slice
 * references it), large enough that the native calls happen once per ~40 spans.
 */
const POOL_BYTES = 1024;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let poolHex = '';
let offset = POOL_BYTES;

/** `bytes` (at most POOL_BYTES) random bytes as lower-case hex, never all zeros (an invalid id). */
export function randomHexIdFromPool(bytes: number): string {
  for (;;) {
    if (offset + bytes > POOL_BYTES) {
      randomFillSync(pool);
      poolHex = pool.toString('hex');
      offset = 0;
    }
    const start = offset;
    offset += bytes;
    for (let i = start; i < offset; i++) if (pool[i] !== 0) return poolHex.slice(2 * start, 2 * offset);
  }
}
