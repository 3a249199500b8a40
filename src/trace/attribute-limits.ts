/**
 * Attribute limits as the light tracer (./span) and the browser's log pipeline apply them when a
 * value is set: a count limit (new keys beyond it are dropped and counted, overwriting a kept key
 * is always fine) and a value length limit (strings, also inside arrays and log maps, are cut).
 * The numbers come from src/config/limits.ts (`limits` option, OTEL_*_LIMIT variables).
 *
 * Lengths are counted as JavaScript counts them (UTF-16 code units, `string.length`), as
 * OpenTelemetry JS does, so a limit cuts the same strings on both platforms. One difference on
 * purpose: a cut never splits a surrogate pair (an emoji at the edge goes whole instead of leaving
 * half of it, which the collector would turn into U+FFFD).
 */
import type { Attributes, AttributeValue } from '@opentelemetry/api';
import type { SpanLimits } from '@opentelemetry/sdk-trace-base';
import { isAttributeValue } from './attribute-value';

/** The spec's default for every count limit (OTEL_*_COUNT_LIMIT); lengths are unlimited by default. */
export const DEFAULT_COUNT_LIMIT = 128;

/** Every span limit at the spec's default. */
export const DEFAULT_SPAN_LIMITS: Required<SpanLimits> = {
  attributeValueLengthLimit: Infinity,
  attributeCountLimit: DEFAULT_COUNT_LIMIT,
  eventCountLimit: DEFAULT_COUNT_LIMIT,
  linkCountLimit: DEFAULT_COUNT_LIMIT,
  attributePerEventCountLimit: DEFAULT_COUNT_LIMIT,
  attributePerLinkCountLimit: DEFAULT_COUNT_LIMIT,
};

/** `value` with every string in it cut to `limit` characters (arrays and plain maps are copied, not changed). */
export function truncateValue<T>(value: T, limit: number): T {
  if (limit === Infinity || value == null) return value;
  if (typeof value === 'string') {
    if (value.length <= limit) return value;
    // A high surrogate as the last kept unit would be half a character: cut before it.
    const last = value.charCodeAt(limit - 1);
    return value.slice(0, last >= 0xd800 && last < 0xdc00 ? limit - 1 : limit) as T;
  }
  if (Array.isArray(value)) return value.map((v) => truncateValue(v, limit)) as T;
  // Log attribute maps (AnyValue); bytes are not text and are kept whole.
  if (typeof value === 'object' && !(value instanceof Uint8Array)) {
    const copy: Record<string, unknown> = {};
    for (const key in value) copy[key] = truncateValue(value[key], limit);
    return copy as T;
  }
  return value;
}

/**
 * Copies the valid attribute values of `from` into `into`, at most `countLimit` keys in all, each
 * cut to `lengthLimit`; returns how many new keys did not fit.
 */
export function copyAttributes(into: Attributes, from: Attributes | undefined, countLimit = DEFAULT_COUNT_LIMIT, lengthLimit = Infinity): number {
  let dropped = 0;
  let count = -1; // counted once, when a new key first needs it
  for (const key in from) {
    const value = from[key];
    if (!key || !isAttributeValue(value)) continue;
    if (!(key in into)) {
      if (count < 0) count = Object.keys(into).length;
      if (count >= countLimit) {
        dropped++;
        continue;
      }
      count++;
    }
    into[key] = truncateValue(value as AttributeValue, lengthLimit);
  }
  return dropped;
}
