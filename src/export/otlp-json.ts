/**
 * A compact OTLP/JSON encoder for spans and log records (the browser's wire format), so the script
 * tag does not carry otlp-transformer. It writes what the OTLP JSON mapping asks for: ids as hex,
 * 64-bit nanosecond times as decimal strings, enums as numbers, attribute values as AnyValue.
 * Node keeps otlp-transformer (it also needs protobuf). otlp-json.test.ts checks that a receiver
 * decodes the same thing from this output as from otlp-transformer's JsonTraceSerializer.
 */
import type { Attributes, HrTime, SpanContext } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { OtlpSerializer } from './otlp-exporter';

/** What both signals share: who sent it. Structural, so our light log records fit too. */
interface Emitted {
  resource: { attributes: Attributes; schemaUrl?: string };
  instrumentationScope: { name: string; version?: string; schemaUrl?: string };
}

/** The fields of a log record the OTLP mapping reads (ReadableLogRecord has them all). */
export interface EncodableLogRecord extends Emitted {
  hrTime: HrTime;
  hrTimeObserved: HrTime;
  spanContext?: SpanContext;
  severityNumber?: number;
  severityText?: string;
  body?: unknown;
  eventName?: string;
  attributes: Record<string, unknown>;
  droppedAttributesCount: number;
}

// OTLP span flags: bit 8 says whether bit 9 (parent/link context is remote) is known.
const FLAG_HAS_IS_REMOTE = 0x100;
const FLAG_IS_REMOTE = 0x200;

const flags = (ctx: SpanContext, isRemote?: boolean) => (ctx.traceFlags & 0xff) | FLAG_HAS_IS_REMOTE | (isRemote ? FLAG_IS_REMOTE : 0);

/** [seconds, nanoseconds] as exact decimal nanoseconds, without BigInt or float rounding. */
export const nanos = ([s, ns]: HrTime): string => {
  const sec = Math.trunc(s);
  const sub = String(Math.trunc(ns));
  return sec ? sec + sub.padStart(9, '0') : sub;
};

export function anyValue(value: unknown): object {
  switch (typeof value) {
    case 'string':
      return { stringValue: value };
    case 'boolean':
      return { boolValue: value };
    case 'number':
      return Number.isInteger(value) ? { intValue: value } : { doubleValue: value };
  }
  if (Array.isArray(value)) return { arrayValue: { values: value.map(anyValue) } };
  if (value instanceof Uint8Array) {
    let s = '';
    for (const b of value) s += String.fromCharCode(b);
    return { bytesValue: btoa(s) };
  }
  if (value && typeof value === 'object') return { kvlistValue: { values: keyValues(value as Attributes) } };
  return {};
}

const keyValues = (attributes: Record<string, unknown> = {}) => Object.keys(attributes).map((key) => ({ key, value: anyValue(attributes[key]) }));

/**
 * `{ resourceX: [{ resource, scopeX: [{ scope, [items]: [...] }] }] }`, grouped by resource object
 * and scope identity, in first-seen order.
 */
function group<T extends Emitted>(items: T[], resourceKey: string, scopeKey: string, itemsKey: string, encode: (item: T) => object): object {
  const resources = new Map<Emitted['resource'], Map<string, T[]>>();
  for (const item of items) {
    const scopes = resources.get(item.resource) ?? new Map<string, T[]>();
    resources.set(item.resource, scopes);
    const s = item.instrumentationScope;
    const key = `${s.name}@${s.version ?? ''}:${s.schemaUrl ?? ''}`;
    // Appended in place: a batch of 512 spans of one scope must not copy its list 512 times.
    const list = scopes.get(key) ?? [];
    list.push(item);
    scopes.set(key, list);
  }
  return {
    [resourceKey]: [...resources].map(([resource, scopes]) => ({
      resource: { attributes: keyValues(resource.attributes), droppedAttributesCount: 0, schemaUrl: resource.schemaUrl || undefined },
      schemaUrl: resource.schemaUrl || undefined,
      [scopeKey]: [...scopes.values()].map((list) => {
        const { name, version, schemaUrl } = list[0]!.instrumentationScope;
        return { scope: { name, version }, schemaUrl, [itemsKey]: list.map(encode) };
      }),
    })),
  };
}

function encodeSpan(span: ReadableSpan): object {
  const ctx = span.spanContext();
  const parent = span.parentSpanContext;
  return {
    traceId: ctx.traceId,
    spanId: ctx.spanId,
    parentSpanId: parent?.spanId || undefined,
    traceState: ctx.traceState?.serialize(),
    name: span.name,
    // The API's SpanKind starts at INTERNAL = 0; OTLP reserves 0 for "unspecified".
    kind: span.kind + 1,
    startTimeUnixNano: nanos(span.startTime),
    endTimeUnixNano: nanos(span.endTime),
    attributes: keyValues(span.attributes),
    droppedAttributesCount: span.droppedAttributesCount,
    events: span.events.map((e) => ({
      name: e.name,
      timeUnixNano: nanos(e.time),
      attributes: keyValues(e.attributes),
      droppedAttributesCount: e.droppedAttributesCount || 0,
    })),
    droppedEventsCount: span.droppedEventsCount,
    status: { code: span.status.code, message: span.status.message },
    links: span.links.map((l) => ({
      traceId: l.context.traceId,
      spanId: l.context.spanId,
      traceState: l.context.traceState?.serialize(),
      attributes: keyValues(l.attributes),
      droppedAttributesCount: l.droppedAttributesCount || 0,
      flags: flags(l.context, l.context.isRemote),
    })),
    droppedLinksCount: span.droppedLinksCount,
    flags: flags(ctx, parent?.isRemote),
  };
}

function encodeLogRecord(r: EncodableLogRecord): object {
  const ctx = r.spanContext;
  return {
    timeUnixNano: nanos(r.hrTime),
    observedTimeUnixNano: nanos(r.hrTimeObserved),
    severityNumber: r.severityNumber,
    severityText: r.severityText,
    body: anyValue(r.body),
    eventName: r.eventName,
    attributes: keyValues(r.attributes),
    droppedAttributesCount: r.droppedAttributesCount,
    flags: ctx?.traceFlags,
    traceId: ctx?.traceId,
    spanId: ctx?.spanId,
  };
}

const encoder = new TextEncoder();

/**
 * UTF-8 bytes of the request. OTLP/JSON is nearly always ASCII, and then `encodeInto` a buffer of
 * the string's length is several times faster than `encode` (Chromium, 800 KB: ~1.5 vs ~7 ms);
 * any non-ASCII character makes it not fit, and `encode` does it.
 */
function utf8(json: string): Uint8Array {
  const bytes = new Uint8Array(json.length);
  return encoder.encodeInto(json, bytes).read === json.length ? bytes : encoder.encode(json);
}

/**
 * One JSON.stringify over plain objects: export runs every few seconds on a few dozen spans, so
 * its code is rarely optimised by the JIT, and the engine's own serializer (native code) beats a
 * string writer in JavaScript there (measured cold in Chromium: 55 vs 97 µs per span).
 */
function serializer<T>(encode: (items: T[]) => object): OtlpSerializer<T> {
  return {
    serializeRequest: (items) => utf8(JSON.stringify(encode(items))),
    deserializeResponse(body) {
      try {
        return body.length ? JSON.parse(new TextDecoder().decode(body)) : {};
      } catch {
        return {};
      }
    },
  };
}

export const jsonSpanSerializer = serializer<ReadableSpan>((spans) => group(spans, 'resourceSpans', 'scopeSpans', 'spans', encodeSpan));

export const jsonLogSerializer = serializer<EncodableLogRecord>((records) =>
  group(records, 'resourceLogs', 'scopeLogs', 'logRecords', encodeLogRecord),
);
