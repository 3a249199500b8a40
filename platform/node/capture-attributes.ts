/**
 * Where one exchange's captured attributes go. For the light tracer's spans: straight into the
 * span's own attribute record, under the span's limits exactly as setAttributes applies them
 * (count limit, value length limit, dropped count), with the attribute count taken once per
 * exchange. Through setAttributes, every side's headers and bodies were first built as a record
 * of their own, then walked and copied, and every call counted the span's keys again
 * (Object.keys of a ~30-key dictionary-mode object): most of what recording cost. Any other span
 * gets one setAttributes at the end.
 */
import type { Attributes, AttributeValue, Span } from '@opentelemetry/api';
import { LightSpan, SPAN_ATTRIBUTE_COUNT_LIMIT, truncate } from '../../src/trace/span';

export class CaptureAttributes {
  private readonly light: LightSpan | undefined;
  /** The light span's own record, or ours for the one setAttributes of another kind of span. */
  private readonly into: Attributes;
  /**
   * At least the number of keys in `into`: counted once, then raised by every put, new key or not.
   * While it stays under the count limit no put can be over it, so a put is one store; only near
   * the limit is each key checked (and the keys counted again, exactly).
   */
  private bound = -1;
  private exact = false;

  constructor(private readonly span: Span) {
    this.light = span instanceof LightSpan ? span : undefined;
    this.into = this.light ? this.light.attributes : {};
  }

  /** Sets one valid attribute; false when the span's count limit dropped it (or the span has ended). */
  put(key: string, value: AttributeValue): boolean {
    const light = this.light;
    if (!light) {
      this.into[key] = value;
      return true;
    }
    if (light.ended) return false;
    const limits = light._limits;
    const limit = limits.attributeCountLimit ?? SPAN_ATTRIBUTE_COUNT_LIMIT;
    if (this.bound < 0) this.bound = Object.keys(this.into).length;
    if (this.bound >= limit && !this.exact) {
      this.bound = Object.keys(this.into).length;
      this.exact = true;
    }
    if (!this.exact) this.bound++;
    else if (!(key in this.into)) {
      if (this.bound >= limit) {
        light.droppedAttributesCount++;
        return false;
      }
      this.bound++;
    }
    this.into[key] = limits.attributeValueLengthLimit === undefined ? value : truncate(value, limits.attributeValueLengthLimit);
    return true;
  }

  /** Hands what was put to a span that is not a light one (a no-op for light spans). */
  flush(): void {
    if (!this.light) this.span.setAttributes(this.into);
  }
}
