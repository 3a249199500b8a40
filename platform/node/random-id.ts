/**
 * Trace and span ids for Node: bytes from the CSPRNG, drawn from a pool refilled once per
 * POOL_BYTES and hex-encoded natively. The light tracer's default builds each id from Math.random
 * words with toString(16), padding and a regular expression; per span that showed in profiles.
 */
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let offset = POOL_BYTES;

/** `bytes` (at most POOL_BYTES) random bytes as lower-case hex, never all zeros (an invalid id). */
export function randomHexIdFromPool(bytes: number): string {
  for (;;) {
    if (offset + bytes > POOL_BYTES) {
      randomFillSync(pool);
      offset = 0;
    }
    const start = offset;
    offset += bytes;
    for (let i = start; i < offset; i++) if (pool[i] !== 0) return pool.toString('hex', start, offset);
  }
}
