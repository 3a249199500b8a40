/**
 * Attribute limits, the OpenTelemetry way: the `limits` option, then the `OTEL_*_LIMIT`
 * environment variables, then the spec's defaults (128 of everything, no length limit). A
 * specific limit beats the general one (`OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT` over
 * `OTEL_ATTRIBUTE_COUNT_LIMIT`), and an option beats any variable, as OpenTelemetry JS's
 * `spanLimits`/`generalLimits` beat the environment there.
 *
 * The result has the SDK's own shapes (`SpanLimits`, `LogRecordLimits`), so the same objects go to
 * the light tracer and log pipeline (src/trace, src/logs) and to the SDK's providers in Node.
 * Browsers have no environment: the option is how a page sets them.
 */
import type { LogRecordLimits } from '@opentelemetry/sdk-logs';
import type { SpanLimits } from '@opentelemetry/sdk-trace-base';
import type { SettingLayer, SettingsReader } from './node-settings';
import { isPlainObject, parseNonNegativeInteger, parsePositiveInteger } from './parse';

/** The spec's default for every count limit; lengths are unlimited by default. */
const DEFAULT_COUNT_LIMIT = 128;

/** Each key is its variable's name in camel case, without `OTEL_` and `_LIMIT`. */
export interface LimitOptions {
  /** Longest attribute string (characters), for spans and log records. Env: `OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT`. Default: no limit. */
  attributeValueLength?: number;
  /** Most attributes per span, span event, span link and log record. Env: `OTEL_ATTRIBUTE_COUNT_LIMIT`. Default: `128`. */
  attributeCount?: number;
  /** Longest span (event, link) attribute string. Env: `OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT`. Default: `attributeValueLength`. */
  spanAttributeValueLength?: number;
  /** Most attributes per span. Env: `OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT`. Default: `attributeCount`. */
  spanAttributeCount?: number;
  /** Most events per span (the newest are kept). Env: `OTEL_SPAN_EVENT_COUNT_LIMIT`. Default: `128`. */
  spanEventCount?: number;
  /** Most links per span (the newest are kept). Env: `OTEL_SPAN_LINK_COUNT_LIMIT`. Default: `128`. */
  spanLinkCount?: number;
  /** Most attributes per span event. Env: `OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT`. Default: `attributeCount`. */
  eventAttributeCount?: number;
  /** Most attributes per span link. Env: `OTEL_LINK_ATTRIBUTE_COUNT_LIMIT`. Default: `attributeCount`. */
  linkAttributeCount?: number;
  /** Longest log record attribute string. Env: `OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT`. Default: `attributeValueLength`. */
  logRecordAttributeValueLength?: number;
  /** Most attributes per log record. Env: `OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT`. Default: `attributeCount`. */
  logRecordAttributeCount?: number;
}

export interface ResolvedLimits {
  span: Required<SpanLimits>;
  logRecord: Required<LogRecordLimits>;
}

const ENV: Record<keyof LimitOptions, string> = {
  attributeValueLength: 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT',
  attributeCount: 'OTEL_ATTRIBUTE_COUNT_LIMIT',
  spanAttributeValueLength: 'OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT',
  spanAttributeCount: 'OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT',
  spanEventCount: 'OTEL_SPAN_EVENT_COUNT_LIMIT',
  spanLinkCount: 'OTEL_SPAN_LINK_COUNT_LIMIT',
  eventAttributeCount: 'OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT',
  linkAttributeCount: 'OTEL_LINK_ATTRIBUTE_COUNT_LIMIT',
  logRecordAttributeValueLength: 'OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT',
  logRecordAttributeCount: 'OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT',
};

/**
 * OpenTelemetry JS's own names for two of them (sdk-trace-base reads these, not the spec's): still
 * honoured, after the spec's, so an app moving from the SDK keeps its limits.
 */
const JS_ENV: Partial<Record<keyof LimitOptions, string>> = {
  eventAttributeCount: 'OTEL_SPAN_ATTRIBUTE_PER_EVENT_COUNT_LIMIT',
  linkAttributeCount: 'OTEL_SPAN_ATTRIBUTE_PER_LINK_COUNT_LIMIT',
};

export function resolveLimits(r: Pick<SettingsReader, 'pick' | 'env' | 'warn' | 'problems'>, option: SettingLayer): ResolvedLimits {
  const given = isPlainObject(option.raw) ? option.raw : {};
  if (option.raw !== undefined && option.raw !== given) r.warn(option, 'an object', 'using the environment and defaults');
  for (const key of Object.keys(given)) {
    if (!(key in ENV)) r.problems.push({ key: `limits.${key}`, source: 'option', severity: 'warn', message: `Configuration: unknown option 'limits.${key}' is ignored.` });
  }
  const sub = (key: keyof LimitOptions): SettingLayer => ({ source: 'option', key: `limits.${key}`, raw: given[key] });
  /** `key`, then the general `also`: options first, then variables. A length is positive; a count may be 0. */
  const limit = (key: keyof LimitOptions, also?: 'attributeValueLength' | 'attributeCount'): number => {
    const length = also === 'attributeValueLength';
    const keys = also ? [key, also] : [key];
    return r.pick(
      [...keys.map(sub), ...keys.flatMap((k) => [ENV[k], JS_ENV[k]]).filter((n) => n !== undefined).map((n) => r.env(n))],
      length ? parsePositiveInteger : parseNonNegativeInteger,
      length ? Infinity : DEFAULT_COUNT_LIMIT,
      (v) => (v === Infinity ? 'no limit' : String(v)),
    );
  };
  return {
    span: {
      attributeValueLengthLimit: limit('spanAttributeValueLength', 'attributeValueLength'),
      attributeCountLimit: limit('spanAttributeCount', 'attributeCount'),
      eventCountLimit: limit('spanEventCount'),
      linkCountLimit: limit('spanLinkCount'),
      attributePerEventCountLimit: limit('eventAttributeCount', 'attributeCount'),
      attributePerLinkCountLimit: limit('linkAttributeCount', 'attributeCount'),
    },
    logRecord: {
      attributeValueLengthLimit: limit('logRecordAttributeValueLength', 'attributeValueLength'),
      attributeCountLimit: limit('logRecordAttributeCount', 'attributeCount'),
    },
  };
}
