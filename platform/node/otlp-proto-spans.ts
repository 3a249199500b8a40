/**
 * OTLP/protobuf encoding of spans (ExportTraceServiceRequest), written straight from the span
 * objects into one reused buffer in a single pass. otlp-transformer's serializer walks every
 * span twice (a size estimate, then the writes), copies each id into a fresh array, and encodes
 * strings one character at a time in JavaScript; a captured 64 KiB body is 64 Ki loop turns, twice.
 * Here strings longer than a few characters go through Buffer's native UTF-8 writer, ids are
 * decoded from hex in place, the resource and scope of a batch are encoded once and reused
 * for as long as they are the same objects, and an attribute whose value is the one its key had
 * last time is copied as the bytes written then (about half the encoding time of a server span).
 *
 * The output decodes to the same message as otlp-transformer's ProtobufTraceSerializer for the
 * same spans (otlp-proto-spans.test.ts holds it to that with OpenTelemetry's generated protobuf
 * types). It leaves out zero scalars (dropped counts, an UNSET status code), which proto3 reads as zero.
 * Responses are read by otlp-transformer's deserializer.
 */
import type { HrTime, Link, SpanContext } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';
import type { OtlpSerializer } from '../../src/export/otlp-exporter';

/** The buffer a request is written into, kept between requests up to this size (then let go). */
const KEPT_BUFFER_BYTES = 1024 * 1024;
const INITIAL_BUFFER_BYTES = 64 * 1024;
/** Strings up to this many UTF-16 units are written by a JavaScript loop: ≤ 3 bytes each, so a one-byte length. */
const SHORT_STRING_UNITS = 42;

// Wire types.
const VARINT = 0;
const FIXED64 = 1;
const LEN = 2;
const FIXED32 = 5;

// OTLP span flags: bit 8 says whether bit 9 (the parent or linked context is remote) is known.
const FLAG_HAS_IS_REMOTE = 0x100;
const FLAG_IS_REMOTE = 0x200;

const TWO_POW_32 = 4294967296;
const MIN_INT64 = -(2 ** 63);
const MAX_INT64 = 2 ** 63;

/** Hex digit → value; anything else reads as 0. */
const HEX = new Uint8Array(128);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) HEX[97 + i] = HEX[65 + i] = 10 + i;

/** A valid trace id's hex digits (16 bytes). */
const TRACE_ID_HEX = 32;

const varintSize = (n: number) => (n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5);

class Writer {
  buf = Buffer.allocUnsafe(INITIAL_BUFFER_BYTES);
  pos = 0;

  ensure(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + bytes) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  /** An unsigned value below 2^32. */
  uint32(n: number): void {
    this.ensure(5);
    const b = this.buf;
    while (n > 0x7f) {
      b[this.pos++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    b[this.pos++] = n;
  }

  tag(field: number, wireType: number): void {
    this.uint32((field << 3) | wireType);
  }

  /** An int64 varint: any integer in [-2^63, 2^63), negatives in ten bytes (two's complement). */
  int64(n: number): void {
    if (n >= 0 && n < TWO_POW_32) return this.uint32(n);
    let hi = Math.floor(n / TWO_POW_32);
    let lo = n - hi * TWO_POW_32; // 0 ≤ lo < 2^32 for negatives too: floor makes hi the two's complement high word
    hi >>>= 0;
    this.ensure(10);
    const b = this.buf;
    while (hi > 0 || lo > 0x7f) {
      b[this.pos++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    b[this.pos++] = lo;
  }

  fixed32(n: number): void {
    this.ensure(4);
    this.word(n, this.pos);
    this.pos += 4;
  }

  /** Four little-endian bytes at `at` (room ensured by the caller): Buffer's writeUInt32LE checks its arguments on every call. */
  private word(n: number, at: number): void {
    const b = this.buf;
    b[at] = n;
    b[at + 1] = n >>> 8;
    b[at + 2] = n >>> 16;
    b[at + 3] = n >>> 24;
  }

  /** Epoch nanoseconds of an HrTime as fixed64, exactly: seconds × 10^9 exceeds 2^53. */
  time([seconds, nanos]: HrTime): void {
    // seconds = high·2^16 + low16; seconds·10^9 + nanos = (high·10^9)·2^16 + (low16·10^9 + nanos).
    const high = Math.floor(seconds / 65536);
    const lowPart = (seconds - high * 65536) * 1e9 + nanos; // < 2^47
    const highPart = high * 1e9; // < 2^46 until the year 10889
    const highWords = Math.floor(highPart / 65536); // highPart·2^16 = highWords·2^32 + rest·2^16
    let low = (highPart - highWords * 65536) * 65536 + lowPart;
    const carry = Math.floor(low / TWO_POW_32);
    low -= carry * TWO_POW_32;
    this.ensure(8);
    this.word(low >>> 0, this.pos);
    this.word((highWords + carry) >>> 0, this.pos + 4);
    this.pos += 8;
  }

  double(n: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(n, this.pos);
    this.pos += 8;
  }

  /** A length-delimited UTF-8 string (field tag written by the caller). */
  string(s: string): void {
    const units = s.length;
    if (units <= SHORT_STRING_UNITS) {
      this.ensure(units * 3 + 1);
      const b = this.buf;
      const lengthAt = this.pos;
      // A local position: `this.pos++` per character was a load and a store on every turn.
      let pos = lengthAt + 1;
      let i = 0;
      for (; i < units; i++) {
        const c = s.charCodeAt(i);
        if (c > 0x7f) break;
        b[pos++] = c;
      }
      if (i < units) pos = lengthAt + 1 + b.write(s, lengthAt + 1, 'utf8');
      b[lengthAt] = pos - lengthAt - 1;
      this.pos = pos;
      return;
    }
    const bytes = Buffer.byteLength(s, 'utf8');
    this.uint32(bytes);
    this.ensure(bytes);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  /** The first `length` bytes of `bytes`, as they are. */
  copy(bytes: Uint8Array, length: number): void {
    this.ensure(length);
    const b = this.buf;
    let pos = this.pos;
    for (let i = 0; i < length; i++) b[pos++] = bytes[i]!;
    this.pos = pos;
  }

  /** The bytes from `start` to the current position into `into` (short runs: Buffer#copy's argument checks cost more than the loop). */
  copyOut(into: Uint8Array, start: number): void {
    const b = this.buf;
    const end = this.pos;
    for (let i = start; i < end; i++) into[i - start] = b[i]!;
  }

  bytes(bytes: Uint8Array): void {
    this.uint32(bytes.length);
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** Hex as bytes (trace and span ids), length-delimited. */
  hex(hex: string): void {
    const n = hex.length >> 1;
    this.uint32(n);
    this.ensure(n);
    const b = this.buf;
    let pos = this.pos;
    for (let i = 0; i < 2 * n; i += 2) b[pos++] = (HEX[hex.charCodeAt(i) & 0x7f]! << 4) | HEX[hex.charCodeAt(i + 1) & 0x7f]!;
    this.pos = pos;
  }

  /**
   * A trace id, length-delimited: the spans of one request (the server span, its framework layers,
   * its client calls) mostly end next to each other and share the very same id string, so the
   * last one's bytes are kept and copied.
   */
  traceId(hex: string): void {
    if (hex === this.lastTraceId) return this.copy(this.lastTraceIdBytes, TRACE_ID_HEX / 2 + 1);
    const start = this.pos;
    this.hex(hex);
    // Only a well-formed id is remembered: its bytes are a one-byte length and 16 bytes.
    if (hex.length !== TRACE_ID_HEX) return;
    this.lastTraceId = hex;
    this.copyOut(this.lastTraceIdBytes, start);
  }
  private lastTraceId: string | undefined;
  /** The length prefix and the 16 bytes of `lastTraceId`. */
  private readonly lastTraceIdBytes = new Uint8Array(TRACE_ID_HEX / 2 + 1);

  /** Starts a length-delimited message; `reserve` is the guessed size of its length prefix. */
  begin(reserve: number): number {
    this.ensure(reserve);
    const start = this.pos;
    this.pos += reserve;
    return start;
  }

  /** Writes the length of the message begun at `start`, moving its bytes if the guess was off. */
  end(start: number, reserve: number): void {
    const length = this.pos - start - reserve;
    const size = varintSize(length);
    if (size !== reserve) {
      this.ensure(size - reserve);
      this.buf.copyWithin(start + size, start + reserve, this.pos);
      this.pos += size - reserve;
    }
    let at = start;
    let n = length;
    while (n > 0x7f) {
      this.buf[at++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    this.buf[at] = n;
  }

  /**
   * The bytes written. The buffer is kept for the next request, so they are copied out, unless it
   * grew large: then it is let go, and handed out as it is (a batch of captured bodies is megabytes).
   */
  finish(): Uint8Array {
    const written = this.buf.subarray(0, this.pos);
    this.pos = 0;
    if (this.buf.length <= KEPT_BUFFER_BYTES) return Buffer.from(written);
    this.buf = Buffer.allocUnsafe(INITIAL_BUFFER_BYTES);
    return written;
  }
}

/**
 * Bytes a value's AnyValue content is likely to take, counting a UTF-16 unit as one byte (ASCII,
 * the common case). Only a guess for the length prefixes reserved ahead of the content: a wrong
 * guess costs a move of the content (Writer.end), never a wrong message.
 */
function sizeGuess(value: unknown): number {
  if (typeof value === 'string') return value.length + 3;
  if (Array.isArray(value)) {
    // A list of header values: each item is an AnyValue message of its own inside the ArrayValue.
    let size = 3;
    for (const item of value) size += sizeGuess(item) + 3;
    return size;
  }
  return 11;
}

/** The length prefix a message of about `size` bytes needs. */
const reserveFor = (size: number) => (size < 0x80 ? 1 : size < 0x4000 ? 2 : 3);

function anyValue(w: Writer, value: unknown): void {
  switch (typeof value) {
    case 'string':
      w.tag(1, LEN);
      w.string(value);
      return;
    case 'boolean':
      w.tag(2, VARINT);
      w.uint32(value ? 1 : 0);
      return;
    case 'number':
      if (Number.isInteger(value) && value >= MIN_INT64 && value < MAX_INT64) {
        w.tag(3, VARINT);
        w.int64(value);
      } else {
        w.tag(4, FIXED64);
        w.double(value);
      }
      return;
  }
  if (value instanceof Uint8Array) {
    w.tag(7, LEN);
    w.bytes(value);
  } else if (Array.isArray(value)) {
    w.tag(5, LEN);
    const arrayReserve = reserveFor(sizeGuess(value));
    const array = w.begin(arrayReserve);
    for (const item of value) {
      w.tag(1, LEN);
      const reserve = reserveFor(sizeGuess(item));
      const at = w.begin(reserve);
      anyValue(w, item);
      w.end(at, reserve);
    }
    w.end(array, arrayReserve);
  } else if (value !== null && typeof value === 'object') {
    w.tag(6, LEN);
    const list = w.begin(2);
    keyValues(w, value as Record<string, unknown>, 1);
    w.end(list, 2);
  }
  // Anything else (null, undefined, bigint, …) is an empty AnyValue, as otlp-transformer writes it.
}

/**
 * Attribute keys as written (the field tag, the length and the UTF-8 bytes), per key: the same few
 * dozen keys come on every span, and copying their bytes is cheaper than encoding them again one
 * character at a time. Bounded, so spans with ever new keys cannot grow it.
 */
const encodedKeys = new Map<string, Uint8Array>();
const MAX_ENCODED_KEYS = 1024;

function attributeKey(w: Writer, key: string): void {
  let encoded = encodedKeys.get(key);
  if (encoded === undefined) {
    const bytes = Buffer.from(key, 'utf8');
    // A one-byte length only: longer keys (rare) are written as they come.
    if (bytes.length >= 0x80 || encodedKeys.size >= MAX_ENCODED_KEYS) {
      w.tag(1, LEN);
      w.string(key);
      return;
    }
    encoded = new Uint8Array(bytes.length + 2);
    encoded[0] = (1 << 3) | LEN;
    encoded[1] = bytes.length;
    encoded.set(bytes, 2);
    encodedKeys.set(key, encoded);
  }
  w.ensure(encoded.length);
  w.buf.set(encoded, w.pos);
  w.pos += encoded.length;
}

/**
 * The last short value encoded per attribute key, with its whole KeyValue entry (tag included).
 * Most values repeat from span to span (the method, the scheme, addresses, the protocol version,
 * the status code): those are copied as bytes instead of encoded again.
 */
interface RepeatedEntry {
  field: number;
  value: string | number | boolean;
  /** The value was a one-item list of it (a captured header: `['application/json']`). */
  listed: boolean;
  bytes: Uint8Array;
  length: number;
  /** Values in a row that differed from the last one (a client port, a request id). */
  misses: number;
}
/**
 * After this many different values in a row a key is taken to change on every span: its entry is
 * refreshed only every REFRESH_VOLATILE_EVERY-th value, so the copy is not paid for nothing.
 */
const VOLATILE_AFTER_MISSES = 4;
const REFRESH_VOLATILE_EVERY = 32;
/** Keys remembered, at most (spans of one app use a few dozen). */
const MAX_REPEATED_KEYS = 512;
/** Entries up to this many bytes are remembered; longer ones are rare and costly to compare. */
const MAX_REPEATED_ENTRY_BYTES = 96;
const repeated = new Map<string, RepeatedEntry>();

function keyValue(w: Writer, key: string, value: unknown, field: number): void {
  const size = sizeGuess(value);
  const anyReserve = reserveFor(size);
  const kvReserve = reserveFor(size + key.length + 4);
  w.tag(field, LEN);
  const kv = w.begin(kvReserve);
  attributeKey(w, key);
  w.tag(2, LEN);
  const any = w.begin(anyReserve);
  anyValue(w, value);
  w.end(any, anyReserve);
  w.end(kv, kvReserve);
}

/** One KeyValue entry, copied as the bytes written last time when its key had the same value. */
function repeatedKeyValue(w: Writer, key: string, value: unknown, field: number): void {
  // A captured header's value is a one-item list whose item mostly repeats too: compared by its item.
  const listed = Array.isArray(value) && value.length === 1;
  const scalar = listed ? (value[0] as unknown) : value;
  const type = typeof scalar;
  if (type !== 'string' && type !== 'number' && type !== 'boolean') return keyValue(w, key, value, field);
  const last = repeated.get(key);
  if (last !== undefined && last.value === scalar && last.listed === listed && last.field === field) {
    last.misses = 0;
    return w.copy(last.bytes, last.length);
  }
  const start = w.pos;
  keyValue(w, key, value, field);
  const length = w.pos - start;
  if (length > MAX_REPEATED_ENTRY_BYTES) return;
  if (last !== undefined) {
    if (++last.misses > VOLATILE_AFTER_MISSES && last.misses % REFRESH_VOLATILE_EVERY !== 0) return;
    last.field = field;
    last.value = scalar as string | number | boolean;
    last.listed = listed;
    last.length = length;
    w.copyOut(last.bytes, start);
  } else if (repeated.size < MAX_REPEATED_KEYS) {
    const bytes = new Uint8Array(MAX_REPEATED_ENTRY_BYTES);
    w.copyOut(bytes, start);
    repeated.set(key, { field, value: scalar as string | number | boolean, listed, bytes, length, misses: 0 });
  }
}

function keyValues(w: Writer, attributes: Record<string, unknown>, field: number): void {
  // Own keys as one array: for-in plus a hasOwnProperty check per key cost more than this one list.
  const keys = Object.keys(attributes);
  for (let i = 0; i < keys.length; i++) repeatedKeyValue(w, keys[i]!, attributes[keys[i]!], field);
}

function flagsOf(ctx: SpanContext, isRemote: boolean | undefined): number {
  return (ctx.traceFlags & 0xff) | FLAG_HAS_IS_REMOTE | (isRemote ? FLAG_IS_REMOTE : 0);
}

function stringField(w: Writer, field: number, value: string | undefined): void {
  if (!value) return;
  w.tag(field, LEN);
  w.string(value);
}

function countField(w: Writer, field: number, count: number | undefined): void {
  if (!count) return;
  w.tag(field, VARINT);
  w.uint32(count);
}

function event(w: Writer, e: TimedEvent): void {
  w.tag(1, FIXED64);
  w.time(e.time);
  w.tag(2, LEN);
  w.string(e.name);
  if (e.attributes) keyValues(w, e.attributes, 3);
  countField(w, 4, e.droppedAttributesCount);
}

function link(w: Writer, l: Link): void {
  const ctx = l.context;
  w.tag(1, LEN);
  w.hex(ctx.traceId);
  w.tag(2, LEN);
  w.hex(ctx.spanId);
  stringField(w, 3, ctx.traceState?.serialize());
  if (l.attributes) keyValues(w, l.attributes, 4);
  countField(w, 5, l.droppedAttributesCount);
  w.tag(6, FIXED32);
  w.fixed32(flagsOf(ctx, ctx.isRemote));
}

function span(w: Writer, s: ReadableSpan): void {
  const ctx = s.spanContext();
  w.tag(1, LEN);
  w.traceId(ctx.traceId);
  w.tag(2, LEN);
  w.hex(ctx.spanId);
  stringField(w, 3, ctx.traceState?.serialize());
  const parent = s.parentSpanContext;
  if (parent?.spanId) {
    w.tag(4, LEN);
    w.hex(parent.spanId);
  }
  w.tag(5, LEN);
  w.string(s.name);
  // OTLP's SpanKind counts from UNSPECIFIED = 0; the API's from INTERNAL = 0.
  if (s.kind != null) {
    w.tag(6, VARINT);
    w.uint32(s.kind + 1);
  }
  w.tag(7, FIXED64);
  w.time(s.startTime);
  w.tag(8, FIXED64);
  w.time(s.endTime);
  if (s.attributes) keyValues(w, s.attributes, 9);
  // What network capture kept beside the record (LightSpan.captured): more of the same attributes.
  const captured = (s as { captured?: unknown[] }).captured;
  if (captured !== undefined) for (let i = 0; i + 1 < captured.length; i += 2) repeatedKeyValue(w, captured[i] as string, captured[i + 1], 9);
  countField(w, 10, s.droppedAttributesCount);
  for (const e of s.events) {
    w.tag(11, LEN);
    const at = w.begin(1);
    event(w, e);
    w.end(at, 1);
  }
  countField(w, 12, s.droppedEventsCount);
  for (const l of s.links) {
    w.tag(13, LEN);
    const at = w.begin(1);
    link(w, l);
    w.end(at, 1);
  }
  countField(w, 14, s.droppedLinksCount);
  // Always present, as otlp-transformer writes it: an absent Status decodes differently from an UNSET one.
  w.tag(15, LEN);
  const at = w.begin(1);
  stringField(w, 2, s.status.message);
  countField(w, 3, s.status.code);
  w.end(at, 1);
  w.tag(16, FIXED32);
  w.fixed32(flagsOf(ctx, parent?.isRemote));
}

/** Encoded `Resource` and `InstrumentationScope` messages (tag included), per object. */
const encodedResources = new WeakMap<Resource, Buffer>();
const encodedScopes = new WeakMap<InstrumentationScope, Buffer>();

function encodeOnce<T extends object>(w: Writer, cache: WeakMap<T, Buffer>, key: T, write: () => void, cacheable = true): void {
  const cached = cache.get(key);
  if (cached) {
    w.ensure(cached.length);
    cached.copy(w.buf, w.pos);
    w.pos += cached.length;
    return;
  }
  const start = w.pos;
  write();
  if (cacheable) cache.set(key, Buffer.from(w.buf.subarray(start, w.pos)));
}

function resourceMessage(w: Writer, resource: Resource): void {
  // Attributes still being detected are not final: such a resource is encoded afresh each time.
  const settled = !resource.asyncAttributesPending;
  encodeOnce(w, encodedResources, resource, () => {
    w.tag(1, LEN);
    const at = w.begin(2);
    keyValues(w, resource.attributes, 1);
    w.end(at, 2);
  }, settled);
}

function scopeMessage(w: Writer, scope: InstrumentationScope): void {
  encodeOnce(w, encodedScopes, scope, () => {
    w.tag(1, LEN);
    const at = w.begin(1);
    w.tag(1, LEN);
    w.string(scope.name);
    stringField(w, 2, scope.version);
    // Not in core's type, but otlp-transformer writes them when a scope carries them.
    const extra = scope as { attributes?: Record<string, unknown>; droppedAttributesCount?: number };
    if (extra.attributes) keyValues(w, extra.attributes, 3);
    countField(w, 4, extra.droppedAttributesCount);
    w.end(at, 1);
  });
}

const writer = new Writer();

/** Spans grouped by resource, then scope (by object, in first-seen order), as otlp-transformer groups them. */
function group(spans: ReadableSpan[]): Map<Resource, Map<InstrumentationScope, ReadableSpan[]>> {
  const resources = new Map<Resource, Map<InstrumentationScope, ReadableSpan[]>>();
  for (const s of spans) {
    let scopes = resources.get(s.resource);
    if (!scopes) resources.set(s.resource, (scopes = new Map()));
    const list = scopes.get(s.instrumentationScope);
    if (list) list.push(s);
    else scopes.set(s.instrumentationScope, [s]);
  }
  return resources;
}

export function encodeSpans(spans: ReadableSpan[]): Uint8Array {
  const w = writer;
  w.pos = 0;
  for (const [resource, scopes] of group(spans)) {
    w.tag(1, LEN);
    const resourceSpans = w.begin(3);
    resourceMessage(w, resource);
    for (const [scope, list] of scopes) {
      w.tag(2, LEN);
      const scopeSpans = w.begin(3);
      scopeMessage(w, scope);
      for (const s of list) {
        w.tag(2, LEN);
        const at = w.begin(2);
        span(w, s);
        w.end(at, 2);
      }
      stringField(w, 3, scope.schemaUrl);
      w.end(scopeSpans, 3);
    }
    stringField(w, 3, resource.schemaUrl);
    w.end(resourceSpans, 3);
  }
  return w.finish();
}

export const ProtobufSpanSerializer: OtlpSerializer<ReadableSpan> = {
  serializeRequest: encodeSpans,
  writesCaptured: true,
  deserializeResponse: (body) => ProtobufTraceSerializer.deserializeResponse(body),
};
