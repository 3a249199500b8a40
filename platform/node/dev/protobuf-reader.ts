/**
 * A protobuf wire-format reader for exactly the OTLP export requests (traces, logs, metrics),
 * producing the OTLP/JSON object shape: camelCase keys, trace/span ids as lowercase hex, 64-bit
 * integers as decimal strings, other bytes as base64, enums as numbers. Fields absent on the wire
 * are absent in the object; unknown fields are skipped. It exists so that the published package
 * needs no protobuf library at run time for `clickstack-otel dev`.
 *
 * Field numbers: opentelemetry-proto (common/resource/trace/logs/metrics v1).
 */

type Kind =
  | 'string' | 'hex' | 'base64' | 'bool' | 'enum' | 'uint32' | 'sint32' | 'fixed32'
  | 'fixed64' | 'sfixed64' | 'int64' | 'uint64' | 'double';
/** [json key, kind or sub-message schema, repeated] */
type Field = readonly [string, Kind | (() => Schema), boolean?];
type Schema = Record<number, Field>;

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LEN = 2;
const WIRE_FIXED32 = 5;
/** Nested messages deeper than this (AnyValue arrays in arrays …) are rejected, not recursed. */
export const MAX_PROTOBUF_DEPTH = 64;

const AnyValue: () => Schema = () => ANY_VALUE;
const KeyValue: () => Schema = () => KEY_VALUE;
const ANY_VALUE: Schema = {
  1: ['stringValue', 'string'],
  2: ['boolValue', 'bool'],
  3: ['intValue', 'int64'],
  4: ['doubleValue', 'double'],
  5: ['arrayValue', () => ({ 1: ['values', AnyValue, true] })],
  6: ['kvlistValue', () => ({ 1: ['values', KeyValue, true] })],
  7: ['bytesValue', 'base64'],
};
const KEY_VALUE: Schema = { 1: ['key', 'string'], 2: ['value', AnyValue] };
const ATTRS = (): Field => ['attributes', KeyValue, true];
const RESOURCE: Schema = { 1: ATTRS(), 2: ['droppedAttributesCount', 'uint32'] };
const SCOPE: Schema = { 1: ['name', 'string'], 2: ['version', 'string'], 3: ATTRS(), 4: ['droppedAttributesCount', 'uint32'] };

const SPAN: Schema = {
  1: ['traceId', 'hex'],
  2: ['spanId', 'hex'],
  3: ['traceState', 'string'],
  4: ['parentSpanId', 'hex'],
  16: ['flags', 'fixed32'],
  5: ['name', 'string'],
  6: ['kind', 'enum'],
  7: ['startTimeUnixNano', 'fixed64'],
  8: ['endTimeUnixNano', 'fixed64'],
  9: ATTRS(),
  10: ['droppedAttributesCount', 'uint32'],
  11: ['events', () => ({ 1: ['timeUnixNano', 'fixed64'], 2: ['name', 'string'], 3: ATTRS(), 4: ['droppedAttributesCount', 'uint32'] }), true],
  12: ['droppedEventsCount', 'uint32'],
  13: ['links', () => ({ 1: ['traceId', 'hex'], 2: ['spanId', 'hex'], 3: ['traceState', 'string'], 4: ATTRS(), 5: ['droppedAttributesCount', 'uint32'], 6: ['flags', 'fixed32'] }), true],
  14: ['droppedLinksCount', 'uint32'],
  15: ['status', () => ({ 2: ['message', 'string'], 3: ['code', 'enum'] })],
};
const TRACES: Schema = {
  1: ['resourceSpans', () => ({ 1: ['resource', () => RESOURCE], 2: ['scopeSpans', () => ({ 1: ['scope', () => SCOPE], 2: ['spans', () => SPAN, true], 3: ['schemaUrl', 'string'] }), true], 3: ['schemaUrl', 'string'] }), true],
};

const LOG_RECORD: Schema = {
  1: ['timeUnixNano', 'fixed64'],
  11: ['observedTimeUnixNano', 'fixed64'],
  2: ['severityNumber', 'enum'],
  3: ['severityText', 'string'],
  5: ['body', AnyValue],
  6: ATTRS(),
  7: ['droppedAttributesCount', 'uint32'],
  8: ['flags', 'fixed32'],
  9: ['traceId', 'hex'],
  10: ['spanId', 'hex'],
  12: ['eventName', 'string'],
};
const LOGS: Schema = {
  1: ['resourceLogs', () => ({ 1: ['resource', () => RESOURCE], 2: ['scopeLogs', () => ({ 1: ['scope', () => SCOPE], 2: ['logRecords', () => LOG_RECORD, true], 3: ['schemaUrl', 'string'] }), true], 3: ['schemaUrl', 'string'] }), true],
};

const EXEMPLAR: Schema = {
  7: ['filteredAttributes', KeyValue, true],
  2: ['timeUnixNano', 'fixed64'],
  3: ['asDouble', 'double'],
  6: ['asInt', 'sfixed64'],
  4: ['spanId', 'hex'],
  5: ['traceId', 'hex'],
};
const EXEMPLARS = (n: number): Record<number, Field> => ({ [n]: ['exemplars', () => EXEMPLAR, true] });
const NUMBER_POINT: Schema = {
  7: ATTRS(), 2: ['startTimeUnixNano', 'fixed64'], 3: ['timeUnixNano', 'fixed64'],
  4: ['asDouble', 'double'], 6: ['asInt', 'sfixed64'], ...EXEMPLARS(5), 8: ['flags', 'uint32'],
};
const HISTOGRAM_POINT: Schema = {
  9: ATTRS(), 2: ['startTimeUnixNano', 'fixed64'], 3: ['timeUnixNano', 'fixed64'], 4: ['count', 'fixed64'],
  5: ['sum', 'double'], 6: ['bucketCounts', 'fixed64', true], 7: ['explicitBounds', 'double', true],
  ...EXEMPLARS(8), 10: ['flags', 'uint32'], 11: ['min', 'double'], 12: ['max', 'double'],
};
const BUCKETS = (): Schema => ({ 1: ['offset', 'sint32'], 2: ['bucketCounts', 'uint64', true] });
const EXP_HISTOGRAM_POINT: Schema = {
  1: ATTRS(), 2: ['startTimeUnixNano', 'fixed64'], 3: ['timeUnixNano', 'fixed64'], 4: ['count', 'fixed64'],
  5: ['sum', 'double'], 6: ['scale', 'sint32'], 7: ['zeroCount', 'fixed64'], 8: ['positive', BUCKETS],
  9: ['negative', BUCKETS], 10: ['flags', 'uint32'], ...EXEMPLARS(11), 12: ['min', 'double'], 13: ['max', 'double'],
  14: ['zeroThreshold', 'double'],
};
const SUMMARY_POINT: Schema = {
  7: ATTRS(), 2: ['startTimeUnixNano', 'fixed64'], 3: ['timeUnixNano', 'fixed64'], 4: ['count', 'fixed64'],
  5: ['sum', 'double'], 6: ['quantileValues', () => ({ 1: ['quantile', 'double'], 2: ['value', 'double'] }), true],
  8: ['flags', 'uint32'],
};
const TEMPORALITY: Field = ['aggregationTemporality', 'enum'];
const METRIC: Schema = {
  1: ['name', 'string'],
  2: ['description', 'string'],
  3: ['unit', 'string'],
  5: ['gauge', () => ({ 1: ['dataPoints', () => NUMBER_POINT, true] })],
  7: ['sum', () => ({ 1: ['dataPoints', () => NUMBER_POINT, true], 2: TEMPORALITY, 3: ['isMonotonic', 'bool'] })],
  9: ['histogram', () => ({ 1: ['dataPoints', () => HISTOGRAM_POINT, true], 2: TEMPORALITY })],
  10: ['exponentialHistogram', () => ({ 1: ['dataPoints', () => EXP_HISTOGRAM_POINT, true], 2: TEMPORALITY })],
  11: ['summary', () => ({ 1: ['dataPoints', () => SUMMARY_POINT, true] })],
  12: ['metadata', KeyValue, true],
};
const METRICS: Schema = {
  1: ['resourceMetrics', () => ({ 1: ['resource', () => RESOURCE], 2: ['scopeMetrics', () => ({ 1: ['scope', () => SCOPE], 2: ['metrics', () => METRIC, true], 3: ['schemaUrl', 'string'] }), true], 3: ['schemaUrl', 'string'] }), true],
};

const REQUESTS = { traces: TRACES, logs: LOGS, metrics: METRICS } as const;
export type OtlpSignal = keyof typeof REQUESTS;

/** Decodes an Export{Trace,Logs,Metrics}ServiceRequest; throws on malformed input. */
export function decodeOtlpProtobuf(signal: OtlpSignal, bytes: Uint8Array): Record<string, unknown> {
  return readMessage(new Reader(bytes), bytes.length, REQUESTS[signal], 0);
}

class Reader {
  pos = 0;
  private readonly view: DataView;
  constructor(readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  private need(n: number, end: number): void {
    if (this.pos + n > end) throw new Error('protobuf: truncated message');
  }
  /** A varint as a 64-bit two's-complement BigInt (unsigned). */
  varint64(end: number): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      this.need(1, end);
      const b = this.buf[this.pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asUintN(64, result);
    }
    throw new Error('protobuf: varint too long');
  }
  /** A varint whose value fits 32 bits (lengths, tags, enums, uint32): the low 32 bits. */
  varint32(end: number): number {
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      this.need(1, end);
      const b = this.buf[this.pos++]!;
      if (shift < 32) result |= (b & 0x7f) << shift;
      shift += 7;
      if (b < 0x80) return result;
    }
    throw new Error('protobuf: varint too long');
  }
  fixed32(end: number): number {
    this.need(4, end);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  fixed64(end: number, signed: boolean): bigint {
    this.need(8, end);
    const v = signed ? this.view.getBigInt64(this.pos, true) : this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }
  double(end: number): number {
    this.need(8, end);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }
  bytes(end: number): Uint8Array {
    const len = this.varint32(end) >>> 0;
    this.need(len, end);
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }
  skip(wire: number, end: number): void {
    if (wire === WIRE_VARINT) this.varint64(end);
    else if (wire === WIRE_FIXED64) (this.need(8, end), (this.pos += 8));
    else if (wire === WIRE_LEN) this.bytes(end);
    else if (wire === WIRE_FIXED32) (this.need(4, end), (this.pos += 4));
    else throw new Error(`protobuf: unsupported wire type ${wire}`);
  }
}

const textDecoder = new TextDecoder();
const FIXED64_KINDS = new Set<Kind>(['fixed64', 'sfixed64', 'double']);
const FIXED32_KINDS = new Set<Kind>(['fixed32']);

function readScalar(r: Reader, kind: Kind, end: number): unknown {
  switch (kind) {
    case 'bool': return r.varint64(end) !== 0n;
    case 'enum':
    case 'uint32': {
      const v = r.varint32(end);
      return kind === 'uint32' ? v >>> 0 : v | 0;
    }
    case 'sint32': {
      const v = r.varint32(end) >>> 0;
      return (v >>> 1) ^ -(v & 1);
    }
    case 'fixed32': return r.fixed32(end);
    case 'fixed64': return r.fixed64(end, false).toString();
    case 'sfixed64': return r.fixed64(end, true).toString();
    case 'int64': return BigInt.asIntN(64, r.varint64(end)).toString();
    case 'uint64': return r.varint64(end).toString();
    case 'double': return r.double(end);
    default: throw new Error(`protobuf: ${kind} is not a scalar`);
  }
}

function wireOf(kind: Kind): number {
  if (kind === 'string' || kind === 'hex' || kind === 'base64') return WIRE_LEN;
  if (FIXED64_KINDS.has(kind)) return WIRE_FIXED64;
  if (FIXED32_KINDS.has(kind)) return WIRE_FIXED32;
  return WIRE_VARINT;
}

function readMessage(r: Reader, end: number, schema: Schema, depth: number): Record<string, unknown> {
  if (depth > MAX_PROTOBUF_DEPTH) throw new Error('protobuf: message nested too deeply');
  const out: Record<string, unknown> = {};
  while (r.pos < end) {
    const tag = r.varint32(end) >>> 0;
    const fieldNo = tag >>> 3;
    const wire = tag & 7;
    const field = schema[fieldNo];
    if (!field) {
      r.skip(wire, end);
      continue;
    }
    const [key, kind, repeated] = field;
    const values: unknown[] = [];
    if (typeof kind === 'function') {
      if (wire !== WIRE_LEN) throw new Error(`protobuf: ${key} has wire type ${wire}`);
      const len = r.varint32(end) >>> 0;
      const subEnd = r.pos + len;
      if (subEnd > end) throw new Error('protobuf: truncated message');
      values.push(readMessage(r, subEnd, kind(), depth + 1));
      r.pos = subEnd;
    } else if (kind === 'string' || kind === 'hex' || kind === 'base64') {
      if (wire !== WIRE_LEN) throw new Error(`protobuf: ${key} has wire type ${wire}`);
      const b = r.bytes(end);
      values.push(kind === 'string' ? textDecoder.decode(b) : Buffer.from(b).toString(kind));
    } else if (wire === WIRE_LEN && repeated) {
      // Packed repeated scalars.
      const len = r.varint32(end) >>> 0;
      const subEnd = r.pos + len;
      if (subEnd > end) throw new Error('protobuf: truncated message');
      while (r.pos < subEnd) values.push(readScalar(r, kind, subEnd));
    } else {
      if (wire !== wireOf(kind)) throw new Error(`protobuf: ${key} has wire type ${wire}`);
      values.push(readScalar(r, kind, end));
    }
    if (repeated) ((out[key] as unknown[] | undefined) ?? (out[key] = [] as unknown[]) as unknown[]).push(...values);
    else if (typeof kind === 'function' && out[key] !== undefined) out[key] = mergeMessages(out[key] as Record<string, unknown>, values[0] as Record<string, unknown>);
    else out[key] = values[0];
  }
  return out;
}

/** Protobuf semantics: a non-repeated message field seen twice is merged (repeated fields appended). */
function mergeMessages(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (Array.isArray(v) && Array.isArray(out[k])) out[k] = [...(out[k] as unknown[]), ...v];
    else if (v && typeof v === 'object' && out[k] && typeof out[k] === 'object') out[k] = mergeMessages(out[k] as Record<string, unknown>, v as Record<string, unknown>);
    else out[k] = v;
  }
  return out;
}
