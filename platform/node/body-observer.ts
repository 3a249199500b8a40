/**
 * Passive observation of HTTP bodies in Node, without changing what the app reads or writes.
 *
 * - Incoming bodies (server request, client response): Node's HTTP parser hands every body chunk
 *   to `message.push(chunk)` and signals the end with `push(null)`. We wrap `push` on that one
 *   message object and pass the call through untouched, return value included. Unlike a `'data'`
 *   listener this does not switch the stream into flowing mode, does not compete with the app's
 *   `'readable'`/`read()`/`pipe()` consumer, and does not change `readableFlowing`; unlike
 *   `diagnostics_channel`, it works on Node 20, which publishes no body events.
 * - Outgoing bodies (server response, client request): `write` and `end` are wrapped on that one
 *   object with their full signatures (chunk, encoding, callback) passed through as given, by
 *   `apply` with the caller's own arguments, and their return values returned.
 *
 * What we keep is copied and capped by {@link BodyCollector}; strings are converted only up to the
 * bytes still wanted, so a 5 MB `res.end(string)` never becomes a 5 MB Buffer of ours.
 */
import { isAscii } from 'node:buffer';
import type { IncomingMessage, OutgoingMessage } from 'node:http';
import { BodyCollector } from '../../src/network/body-collector';

type AnyFn = (...args: unknown[]) => unknown;

/** Chars of a string needed to produce at least `bytes` bytes in `encoding` (never fewer than needed). */
function charsFor(bytes: number, encoding: BufferEncoding): number {
  switch (encoding) {
    case 'base64':
    case 'base64url':
      return Math.ceil(bytes / 3) * 4;
    case 'hex':
      return bytes * 2;
    default:
      // utf8/latin1/ascii: ≥ 1 byte per code unit; utf16le: 2.
      return bytes;
  }
}

const utf8 = new TextEncoder();

/**
 * A string chunk as bytes, and whether they are ours to keep: TextEncoder's output has its own
 * memory (kept as is), while a small Buffer.from shares Node's 8 KiB allocation pool (copied).
 */
function encoded(chunk: string, encoding: BufferEncoding): [Uint8Array, boolean] {
  return encoding === 'utf8' || encoding === 'utf-8' ? [utf8.encode(chunk), true] : [Buffer.from(chunk, encoding), false];
}

/** An ASCII chunk as a string (Latin-1 reads every byte as the one character it is in ASCII). */
const latin1 = (chunk: Uint8Array): string =>
  (Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)).toString('latin1');

/** Feeds one write/end/push chunk into the collector. Never throws. */
export function collectChunk(collector: BodyCollector, chunk: unknown, encoding: unknown): void {
  try {
    if (chunk === null || chunk === undefined || typeof chunk === 'function') return;
    if (typeof chunk === 'string') {
      if (chunk.length === 0) return;
      const enc: BufferEncoding = typeof encoding === 'string' && Buffer.isEncoding(encoding) ? encoding : 'utf8';
      if (collector.full) {
        collector.total += Buffer.byteLength(chunk, enc);
        return;
      }
      // A whole UTF-8 body in one string (res.end(json), express's res.send): kept as the string.
      if ((enc === 'utf8' || enc === 'utf-8') && chunk.length <= collector.limit && collector.addText(chunk, Buffer.byteLength(chunk, 'utf8'))) return;
      const wanted = charsFor(collector.limit, enc);
      if (chunk.length <= wanted) {
        collector.add(...encoded(chunk, enc));
      } else {
        // Keep the head, count the rest without converting it.
        collector.add(...encoded(chunk.slice(0, wanted), enc));
        collector.total += Buffer.byteLength(chunk, enc) - Buffer.byteLength(chunk.slice(0, wanted), enc);
      }
      return;
    }
    if (chunk instanceof Uint8Array) {
      // Most bodies that are recorded (JSON, forms) arrive in ASCII chunks: kept as one-byte
      // strings, which read the same in UTF-8, they cost a string on V8's heap instead of a copied
      // ArrayBuffer now and a decode at the end.
      const n = chunk.byteLength;
      if (n !== 0 && collector.takesText(n) && isAscii(chunk) && collector.addText(latin1(chunk), n)) return;
      collector.add(chunk);
      return;
    }
    if (ArrayBuffer.isView(chunk)) collector.add(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  } catch {
    // An unknown encoding or odd chunk: the app's own call reports it; we just record less.
  }
}

/** Told when an outgoing body's first chunk is written (its content type is known by then). */
export interface FirstChunkListener {
  firstChunk(): void;
}

const OBSERVATION = Symbol('clickstack-otel.body-observation');

/**
 * An observed message's collector and the methods it had before, on the message itself: the
 * wrappers are shared functions that find it there, so observing a message stores no closure on
 * it (closures stored per exchange made V8 pretenure the app's per-request objects; see
 * HeaderSource in ./network-capture.ts).
 */
class Observation {
  seen = false;
  constructor(
    readonly collector: BodyCollector,
    readonly original: AnyFn,
    readonly originalEnd: AnyFn | undefined,
    readonly listener: FirstChunkListener | undefined,
  ) {}

  observe(chunk: unknown, encoding: unknown): void {
    if (!this.seen && chunk !== undefined && typeof chunk !== 'function') {
      this.seen = true;
      this.listener?.firstChunk();
    }
    collectChunk(this.collector, chunk, typeof encoding === 'function' ? undefined : encoding);
  }
}

type Observed = { [OBSERVATION]: Observation };

// The caller's own arguments objects are passed on (their number included), with no rest array per call.
function observedPush(this: Observed, chunk: unknown, encoding?: unknown): unknown {
  const o = this[OBSERVATION];
  if (chunk === null) o.collector.complete = true;
  else collectChunk(o.collector, chunk, encoding);
  return o.original.apply(this, arguments as unknown as unknown[]);
}

function observedWrite(this: Observed, chunk: unknown, encoding?: unknown): unknown {
  const o = this[OBSERVATION];
  o.observe(chunk, encoding);
  return o.original.apply(this, arguments as unknown as unknown[]);
}

function observedEnd(this: Observed, chunk?: unknown, encoding?: unknown): unknown {
  const o = this[OBSERVATION];
  o.observe(chunk, encoding);
  o.collector.complete = true;
  return o.originalEnd!.apply(this, arguments as unknown as unknown[]);
}

/**
 * A message is observed once: a second observation would make the shared wrapper its own
 * `original` (endless recursion); the first one's collector keeps it.
 */
const observed = (message: object) => (message as Partial<Observed>)[OBSERVATION] !== undefined;

/** Wraps `message.push` to observe the incoming body (`push(null)` marks it complete). */
export function observeIncoming(message: IncomingMessage, collector: BodyCollector): void {
  if (observed(message)) return;
  (message as unknown as Observed)[OBSERVATION] = new Observation(collector, message.push as AnyFn, undefined, undefined);
  message.push = observedPush as IncomingMessage['push'];
}

/** Wraps `write` and `end` of an outgoing message to observe its body. */
export function observeOutgoing(message: OutgoingMessage, collector: BodyCollector, listener?: FirstChunkListener): void {
  if (observed(message)) return;
  (message as unknown as Observed)[OBSERVATION] = new Observation(collector, message.write as AnyFn, message.end as AnyFn, listener);
  message.write = observedWrite as OutgoingMessage['write'];
  message.end = observedEnd as OutgoingMessage['end'];
}
