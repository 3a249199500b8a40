/**
 * A recording span for the light tracer (./tracer-provider): the @opentelemetry/api `Span` that
 * instrumentation writes to, and the `ReadableSpan` shape the span processors, the debug printer and
 * the OTLP encoders read. It keeps the SDK's rules that matter on the wire: span limits with dropped
 * counts, nothing changes after `end()`, OK status is final, a negative duration becomes zero.
 */
import {
  diag,
  SpanStatusCode,
  trace,
  type Attributes,
  type AttributeValue,
  type Context,
  type Exception,
  type HrTime,
  type Link,
  type Span,
  type SpanAttributes,
  type SpanContext,
  type SpanKind,
  type SpanStatus,
  type TimeInput,
} from '@opentelemetry/api';
import { isAttributeValue } from './attribute-value';
import { hrDuration, isTimeInput, toHrTime } from './time';
import type { InstrumentationScope } from '@opentelemetry/core';
import { exceptionAttributes } from '../exception-attributes';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, SpanLimits, SpanProcessor, TimedEvent } from '@opentelemetry/sdk-trace-base';

/** The SDK's defaults (OTEL_SPAN_*_COUNT_LIMIT): per span, and per event or link. */
export const SPAN_ATTRIBUTE_COUNT_LIMIT = 128;
export const SPAN_EVENT_COUNT_LIMIT = 128;
export const SPAN_LINK_COUNT_LIMIT = 128;

/** A string (or each string of an array) cut to `limit` UTF-16 units, as the SDK's Span does. */
export const truncate = (value: AttributeValue, limit = Infinity): AttributeValue =>
  typeof value == 'string'
    ? value.slice(0, limit)
    : Array.isArray(value) && limit < Infinity
      ? (value.map((v) => (typeof v == 'string' ? v.slice(0, limit) : v)) as AttributeValue)
      : value;

/**
 * Copies valid attribute values (null and undefined are skipped, as the SDK does) into `into`, at
 * most `countLimit` keys in all, strings cut to `lengthLimit`; returns how many were dropped.
 */
export function copyAttributes(into: Attributes, from: Attributes | undefined, countLimit = SPAN_ATTRIBUTE_COUNT_LIMIT, lengthLimit?: number, heldElsewhere = 0): number {
  let dropped = 0;
  let count = -1; // counted once, when a new key first needs it
  for (const key in from) {
    const value = from[key];
    if (!key || value == null || !isAttributeValue(value)) continue;
    if (!(key in into)) {
      if (count < 0) count = Object.keys(into).length + heldElsewhere;
      if (count >= countLimit) {
        dropped++;
        continue;
      }
      count++;
    }
    into[key] = truncate(value, lengthLimit);
  }
  return dropped;
}

/** How many attributes `span` holds in LightSpan.captured (0 for any other span). */
export const capturedCount = (span: object): number => ((span as { captured?: unknown[] }).captured?.length ?? 0) >> 1;

/**
 * The span context of `ctx`'s span if it is a valid parent, else undefined. A LightSpan's context
 * is valid by construction (ids from the id generator, or a valid parent's trace id), so only other
 * spans' (remote, or another tracer's) go through the API's check: two RegExp tests, which every
 * span start ran twice (the tracer, then the parent-based sampler).
 */
export function validParentContext(ctx: Context): SpanContext | undefined {
  const span = trace.getSpan(ctx);
  const parent = span?.spanContext();
  return parent && (span instanceof LightSpan || trace.isSpanContextValid(parent)) ? parent : undefined;
}

/** Now as epoch HrTime. */
export type SpanClock = () => HrTime;

export interface SpanParams {
  resource: Resource;
  scope: InstrumentationScope;
  processor: SpanProcessor;
  context: Context;
  spanContext: SpanContext;
  parentSpanContext?: SpanContext;
  name: string;
  kind: SpanKind;
  /** Already checked against the limits (copyAttributes): the span keeps this object. */
  attributes: Attributes;
  droppedAttributesCount: number;
  links: Link[];
  startTime?: TimeInput;
  /** sdk-trace-base's SpanLimits; a field left out is the SDK's default (128, values uncut). Lengths must be > 0. */
  limits: SpanLimits;
  clock: SpanClock;
  /** See TracerProviderParams.deferCaptured (src/platform.ts). */
  deferCaptured?: boolean;
}

export class LightSpan implements Span, ReadableSpan {
  name: string;
  readonly kind: SpanKind;
  readonly parentSpanContext?: SpanContext;
  readonly startTime: HrTime;
  endTime: HrTime = [0, 0];
  duration: HrTime = [-1, -1];
  ended = false;
  status: SpanStatus = { code: SpanStatusCode.UNSET };
  readonly attributes: Attributes;
  readonly links: Link[] = [];
  readonly events: TimedEvent[] = [];
  readonly resource: Resource;
  readonly instrumentationScope: InstrumentationScope;
  droppedAttributesCount: number;
  droppedEventsCount = 0;
  droppedLinksCount = 0;
  private readonly _context: SpanContext;
  private readonly _processor: SpanProcessor;
  /** Read by code that writes attributes in bulk for the span (platform/node's network capture), not only by the span. */
  readonly _limits: SpanLimits;
  private readonly _clock: SpanClock;
  /**
   * Attributes network capture recorded in bulk (headers, body sizes and flags; the body texts stay
   * in `attributes`, where the batch processor's capture budget reads them), as
   * `[key, value, key, value, …]` beside `attributes`, when `defersCaptured`: the ~25 keys of a
   * captured exchange made the record a hash table, which every later write, key count and export
   * then paid for. None of these keys is also in `attributes`; they count against the span's limits
   * like the rest, and the SDK's readers of ended spans (the enricher's key count, the protobuf
   * encoder) read them. Undefined otherwise: then capture writes into `attributes` as any writer does.
   */
  captured: unknown[] | undefined = undefined;
  readonly defersCaptured: boolean;

  constructor(p: SpanParams) {
    this.name = p.name;
    this.kind = p.kind;
    this.parentSpanContext = p.parentSpanContext;
    this.resource = p.resource;
    this.instrumentationScope = p.scope;
    this._context = p.spanContext;
    this._processor = p.processor;
    this._limits = p.limits;
    this._clock = p.clock;
    this.defersCaptured = p.deferCaptured === true;
    this.startTime = this._time(p.startTime);
    this.attributes = p.attributes;
    this.droppedAttributesCount = p.droppedAttributesCount;
    this.addLinks(p.links);
    p.processor.onStart(this, p.context);
  }

  spanContext(): SpanContext {
    return this._context;
  }

  setAttribute(key: string, value?: SpanAttributes[string]): this {
    return this.setAttributes({ [key]: value });
  }

  setAttributes(attributes: SpanAttributes): this {
    const l = this._limits;
    if (!this.ended) this.droppedAttributesCount += copyAttributes(this.attributes, attributes, l.attributeCountLimit, l.attributeValueLengthLimit, capturedCount(this));
    return this;
  }

  addEvent(name: string, attributesOrTime?: SpanAttributes | TimeInput, at?: TimeInput): this {
    if (this.ended) return this;
    if (isTimeInput(attributesOrTime)) [at, attributesOrTime] = [attributesOrTime, undefined];
    const l = this._limits;
    const max = l.eventCountLimit ?? SPAN_EVENT_COUNT_LIMIT;
    if (this.events.length >= max) {
      this.droppedEventsCount++;
      // The SDK keeps the newest events (none at all with a limit of 0).
      if (this.events.shift() === undefined) return this;
    }
    const attributes: Attributes = {};
    const droppedAttributesCount = copyAttributes(attributes, attributesOrTime as Attributes | undefined, l.attributePerEventCountLimit, l.attributeValueLengthLimit);
    this.events.push({ name, attributes, time: this._time(at), droppedAttributesCount });
    return this;
  }

  addLink(link: Link): this {
    if (this.ended) return this;
    const l = this._limits;
    if (this.links.length >= (l.linkCountLimit ?? SPAN_LINK_COUNT_LIMIT)) this.droppedLinksCount++;
    else {
      const attributes: Attributes = {};
      const droppedAttributesCount = copyAttributes(attributes, link.attributes, l.attributePerLinkCountLimit, l.attributeValueLengthLimit);
      this.links.push({ context: link.context, attributes, droppedAttributesCount });
    }
    return this;
  }

  addLinks(links: Link[]): this {
    for (const link of links) this.addLink(link);
    return this;
  }

  setStatus(status: SpanStatus): this {
    // OK is final; UNSET never overrides; a message only goes with ERROR.
    if (this.ended || status.code === SpanStatusCode.UNSET || this.status.code === SpanStatusCode.OK) return this;
    this.status = status.code === SpanStatusCode.ERROR && typeof status.message === 'string' ? { code: status.code, message: status.message } : { code: status.code };
    return this;
  }

  updateName(name: string): this {
    if (!this.ended) this.name = name;
    return this;
  }

  end(endTime?: TimeInput): void {
    if (this.ended) {
      diag.error(`span "${this.name}" ended twice; the second end() is ignored.`);
      return;
    }
    this.endTime = this._time(endTime);
    this.duration = hrDuration(this.startTime, this.endTime);
    if (this.duration[0] < 0) {
      this.duration = [0, 0];
      this.endTime = this.startTime;
    }
    // Still writable in onEnding (the SDK's contract: a processor's last word), read-only after.
    this._processor.onEnding?.(this);
    this.ended = true;
    this._processor.onEnd(this);
  }

  isRecording(): boolean {
    return !this.ended;
  }

  recordException(exception: Exception, at?: TimeInput): void {
    const attributes = exceptionAttributes(exception);
    if (attributes['exception.type'] || attributes['exception.message']) this.addEvent('exception', attributes, at);
  }

  /** A time given as HrTime, epoch or performance-relative milliseconds, or a Date; now otherwise. */
  private _time(input?: TimeInput): HrTime {
    return input == null ? this._clock() : toHrTime(input);
  }
}
