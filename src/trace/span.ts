/**
 * A recording span for the light tracer (./tracer-provider): the @opentelemetry/api `Span` that
 * instrumentation writes to, and the `ReadableSpan` shape the span processors, the debug printer and
 * the OTLP encoders read. It keeps the SDK's rules that matter on the wire: span limits (its
 * provider's, applied by ./attribute-limits) with dropped counts, nothing changes after `end()`,
 * OK status is final, a negative duration becomes zero.
 */
import {
  diag,
  SpanStatusCode,
  type Attributes,
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
import { copyAttributes, DEFAULT_SPAN_LIMITS } from './attribute-limits';
import { hrDuration, hrNow, isTimeInput, toHrTime } from './time';
import type { InstrumentationScope } from '@opentelemetry/core';
import { exceptionAttributes } from '../exception-attributes';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, SpanLimits, SpanProcessor, TimedEvent } from '@opentelemetry/sdk-trace-base';

export interface SpanParams {
  resource: Resource;
  scope: InstrumentationScope;
  processor: SpanProcessor;
  context: Context;
  spanContext: SpanContext;
  parentSpanContext?: SpanContext;
  name: string;
  kind: SpanKind;
  attributes: Attributes;
  links: Link[];
  startTime?: TimeInput;
  /** The provider's limits (src/config/limits.ts); the spec's defaults when absent. */
  limits?: Required<SpanLimits>;
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
  readonly attributes: Attributes = {};
  readonly links: Link[] = [];
  readonly events: TimedEvent[] = [];
  readonly resource: Resource;
  readonly instrumentationScope: InstrumentationScope;
  droppedAttributesCount = 0;
  droppedEventsCount = 0;
  droppedLinksCount = 0;
  /** Read again by code that fills in an ended span (platform/browser/http/resource-timing.ts). */
  readonly limits: Required<SpanLimits>;
  private readonly _context: SpanContext;
  private readonly _processor: SpanProcessor;

  constructor(p: SpanParams) {
    this.name = p.name;
    this.kind = p.kind;
    this.parentSpanContext = p.parentSpanContext;
    this.resource = p.resource;
    this.instrumentationScope = p.scope;
    this._context = p.spanContext;
    this._processor = p.processor;
    this.limits = p.limits ?? DEFAULT_SPAN_LIMITS;
    this.startTime = time(p.startTime);
    this.setAttributes(p.attributes);
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
    const { attributeCountLimit, attributeValueLengthLimit } = this.limits;
    if (!this.ended) this.droppedAttributesCount += copyAttributes(this.attributes, attributes, attributeCountLimit, attributeValueLengthLimit);
    return this;
  }

  addEvent(name: string, attributesOrTime?: SpanAttributes | TimeInput, at?: TimeInput): this {
    if (this.ended) return this;
    if (isTimeInput(attributesOrTime)) [at, attributesOrTime] = [attributesOrTime, undefined];
    const { eventCountLimit, attributePerEventCountLimit, attributeValueLengthLimit } = this.limits;
    // The SDK keeps the newest events (and links): past the limit the oldest goes.
    if (this.events.length >= eventCountLimit) {
      this.droppedEventsCount++;
      if (!this.events.shift()) return this; // a limit of 0
    }
    const attributes: Attributes = {};
    const droppedAttributesCount = copyAttributes(attributes, attributesOrTime as Attributes | undefined, attributePerEventCountLimit, attributeValueLengthLimit);
    this.events.push({ name, attributes, time: time(at), droppedAttributesCount });
    return this;
  }

  addLink(link: Link): this {
    if (this.ended) return this;
    const { linkCountLimit, attributePerLinkCountLimit, attributeValueLengthLimit } = this.limits;
    if (this.links.length >= linkCountLimit) {
      this.droppedLinksCount++;
      if (!this.links.shift()) return this;
    }
    const attributes: Attributes = {};
    const droppedAttributesCount = copyAttributes(attributes, link.attributes, attributePerLinkCountLimit, attributeValueLengthLimit);
    this.links.push({ context: link.context, attributes, droppedAttributesCount });
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
    this.ended = true;
    this.endTime = time(endTime);
    this.duration = hrDuration(this.startTime, this.endTime);
    if (this.duration[0] < 0) {
      this.duration = [0, 0];
      this.endTime = this.startTime;
    }
    this._processor.onEnding?.(this);
    this._processor.onEnd(this);
  }

  isRecording(): boolean {
    return !this.ended;
  }

  recordException(exception: Exception, at?: TimeInput): void {
    const attributes = exceptionAttributes(exception);
    if (attributes['exception.type'] || attributes['exception.message']) this.addEvent('exception', attributes, at);
  }
}

/** A time given as HrTime, epoch or performance-relative milliseconds, or a Date; now otherwise. */
const time = (input?: TimeInput): HrTime => (input == null ? hrNow() : toHrTime(input));
