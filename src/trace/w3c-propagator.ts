/**
 * W3C Trace Context (`traceparent`, `tracestate`) and W3C Baggage (`baggage`), the default
 * propagators (./propagators composes them). Same wire behaviour as @opentelemetry/core's
 * W3CTraceContextPropagator and W3CBaggagePropagator, written small because the script tag ships
 * them (those classes and their helpers were ~9 KB of the IIFE before minification). The context
 * manager is ours too (./stack-context-manager).
 *
 * A setter or getter that throws (a frozen carrier, a hostile header object) is caught by the
 * composite, per propagator, as core's CompositePropagator does.
 */
import {
  baggageEntryMetadataFromString,
  isSpanContextValid,
  propagation,
  trace,
  type BaggageEntry,
  type Context,
  type SpanContext,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
  type TraceState,
} from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';

const TRACEPARENT = 'traceparent';
const TRACESTATE = 'tracestate';
const BAGGAGE = 'baggage';

/** W3C Trace Context: at most 32 list members and 512 characters in `tracestate`. */
const TRACESTATE_MAX_MEMBERS = 32;
const TRACESTATE_MAX_CHARS = 512;
/** W3C Baggage limits: 180 members, 4096 characters per member, 8192 characters per header. */
const BAGGAGE_MAX_MEMBERS = 180;
const BAGGAGE_MAX_MEMBER_CHARS = 4096;
const BAGGAGE_MAX_CHARS = 8192;

/** version-traceid-parentid-flags; version ff and all-zero ids are invalid; version 00 has nothing after the flags. */
const TRACEPARENT_PATTERN = /^\s?((?!ff)[\da-f]{2})-((?!0{32})[\da-f]{32})-((?!0{16})[\da-f]{16})-([\da-f]{2})(-.*)?\s?$/;
/** A simple key, or a multi-tenant `tenant@system` key. */
const TRACESTATE_KEY = /^(?:[a-z][_0-9a-z*/-]{0,255}|[a-z0-9][_0-9a-z*/-]{0,240}@[a-z][_0-9a-z*/-]{0,13})$/;
/** Printable ASCII without `,` and `=`, at most 256 characters, not ending in a space. */
const TRACESTATE_VALUE = /^[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;

/** An immutable `tracestate`, members in header order (the most recently set first). */
function createTraceState(members: readonly (readonly [string, string])[]): TraceState {
  const without = (key: string) => members.filter(([k]) => k !== key);
  const state: TraceState = {
    get: (key) => members.find(([k]) => k === key)?.[1],
    set(key, value) {
      if (!validMember(key, value)) return state;
      const next = createTraceState([[key, value], ...without(key)]);
      return next.serialize().length > TRACESTATE_MAX_CHARS ? state : next;
    },
    unset: (key) => createTraceState(without(key)),
    serialize: () => members.map(([k, v]) => `${k}=${v}`).join(','),
  };
  return state;
}

const validMember = (key: string, value: string) => TRACESTATE_KEY.test(key) && TRACESTATE_VALUE.test(value);

/**
 * Parses a `tracestate` header: invalid members, and members past 512 characters, are skipped;
 * a repeated key takes the later value; at most 32 members are kept.
 */
export function parseTraceState(header: string): TraceState {
  const members: [string, string][] = [];
  let length = 0;
  for (const part of header.split(',')) {
    const member = part.trim();
    const eq = member.indexOf('=');
    const key = member.slice(0, eq);
    const value = member.slice(eq + 1);
    const nextLength = length + member.length + (members.length ? 1 : 0);
    if (eq < 0 || !validMember(key, value) || nextLength > TRACESTATE_MAX_CHARS) continue;
    length = nextLength;
    const same = members.find(([k]) => k === key);
    if (same) same[1] = value;
    else if (members.push([key, value]) >= TRACESTATE_MAX_MEMBERS) break;
  }
  return createTraceState(members);
}

/** The span context a `traceparent` header carries, or undefined when it is not a valid one. */
export function parseTraceParent(header: string): SpanContext | undefined {
  const m = TRACEPARENT_PATTERN.exec(header);
  // Later versions may append fields; version 00 may not.
  if (!m || (m[1] === '00' && m[5])) return undefined;
  return { traceId: m[2]!, spanId: m[3]!, traceFlags: parseInt(m[4]!, 16), isRemote: true };
}

/** `key=value;metadata` with percent-encoded key and value; undefined when malformed. */
function parseBaggageMember(member: string): [string, BaggageEntry] | undefined {
  const semi = member.indexOf(';');
  const pair = semi < 0 ? member : member.slice(0, semi);
  const eq = pair.indexOf('=');
  const rawKey = pair.slice(0, eq).trim();
  const rawValue = pair.slice(eq + 1).trim();
  if (eq <= 0 || !rawKey || !rawValue) return undefined;
  try {
    const entry: BaggageEntry = { value: decodeURIComponent(rawValue) };
    if (semi >= 0 && semi < member.length - 1) entry.metadata = baggageEntryMetadataFromString(member.slice(semi + 1));
    return [decodeURIComponent(rawKey), entry];
  } catch {
    return undefined; // bad percent-encoding
  }
}

/** W3C Trace Context: `traceparent` and `tracestate` (`OTEL_PROPAGATORS=tracecontext`). */
export const traceContextPropagator: TextMapPropagator = {
  inject(context: Context, carrier: unknown, setter: TextMapSetter) {
    const sc = trace.getSpanContext(context);
    if (!sc || !isSpanContextValid(sc) || isTracingSuppressed(context)) return;
    setter.set(carrier, TRACEPARENT, `00-${sc.traceId}-${sc.spanId}-0${Number(sc.traceFlags || 0).toString(16)}`);
    if (sc.traceState) setter.set(carrier, TRACESTATE, sc.traceState.serialize());
  },

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    const raw = getter.get(carrier, TRACEPARENT);
    const header = Array.isArray(raw) ? raw[0] : raw;
    const sc = typeof header === 'string' ? parseTraceParent(header) : undefined;
    if (!sc) return context;
    // Several `tracestate` headers are one list.
    const rawState = getter.get(carrier, TRACESTATE);
    const state = Array.isArray(rawState) ? rawState.join(',') : rawState;
    if (state) sc.traceState = parseTraceState(typeof state === 'string' ? state : '');
    return trace.setSpanContext(context, sc);
  },

  fields: () => [TRACEPARENT, TRACESTATE],
};

/** W3C Baggage: `baggage` (`OTEL_PROPAGATORS=baggage`). */
export const baggagePropagator: TextMapPropagator = {
  inject(context: Context, carrier: unknown, setter: TextMapSetter) {
    const baggage = propagation.getBaggage(context);
    if (!baggage || isTracingSuppressed(context)) return;
    let header = '';
    let count = 0;
    for (const [key, entry] of baggage.getAllEntries()) {
      // Metadata is opaque and already in wire form: not encoded.
      const member = `${encodeURIComponent(key)}=${encodeURIComponent(entry.value)}${entry.metadata === undefined ? '' : `;${entry.metadata.toString()}`}`;
      if (member.length > BAGGAGE_MAX_MEMBER_CHARS || count >= BAGGAGE_MAX_MEMBERS) continue;
      count++;
      const next = header ? `${header},${member}` : member;
      if (next.length <= BAGGAGE_MAX_CHARS) header = next;
    }
    if (header) setter.set(carrier, BAGGAGE, header);
  },

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    const raw = getter.get(carrier, BAGGAGE);
    if (!raw) return context;
    const entries: Record<string, BaggageEntry> = {};
    let count = 0;
    let size = 0;
    members: for (const header of Array.isArray(raw) ? raw : [raw]) {
      for (const member of header.split(',')) {
        if (count >= BAGGAGE_MAX_MEMBERS || member.length > BAGGAGE_MAX_MEMBER_CHARS) continue;
        const parsed = parseBaggageMember(member);
        if (!parsed) continue;
        // The comma before every member after the first counts toward the header limit.
        size += (count ? 1 : 0) + member.length;
        if (size > BAGGAGE_MAX_CHARS) break members;
        entries[parsed[0]] = parsed[1];
        count++;
      }
    }
    return count ? propagation.setBaggage(context, propagation.createBaggage(entries)) : context;
  },

  fields: () => [BAGGAGE],
};
