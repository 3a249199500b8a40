/**
 * Where one exchange's captured attributes go. For the light tracer's spans: into the span's
 * LightSpan.captured list when it defers them (the body texts excepted), else straight into its
 * own attribute record; either way under the span's limits exactly as setAttributes applies them
 * (count limit, value length limit, dropped count), with the attribute count taken once per
 * exchange. Through setAttributes, every side's headers and bodies were first built as a record
 * of their own, then walked and copied, and every call counted the span's keys again
 * (Object.keys of a ~30-key dictionary-mode object): most of what recording cost. Any other span
 * gets one setAttributes at the end.
 */
import type { Attributes, AttributeValue, Span } from '@opentelemetry/api';
import { bodyKey } from '../../src/network/attributes';
import { capturedCount, LightSpan, SPAN_ATTRIBUTE_COUNT_LIMIT, truncate } from '../../src/trace/span';

const REQUEST_BODY = bodyKey('request');
const RESPONSE_BODY = bodyKey('response');

export class CaptureAttributes {
  private readonly light: LightSpan | undefined;
  /** The light span's own record, or ours for the one setAttributes of another kind of span. */
  private readonly into: Attributes;
  /** The light span's LightSpan.captured, when it defers captured attributes there. */
  private readonly list: unknown[] | undefined;
  /**
   * At least the number of keys in `into` and `list`: counted once, then raised by every put, new
   * key or not. While it stays under the count limit no put can be over it, so a put is one store;
   * only near the limit is each key checked (and the keys counted again, exactly).
   */
  private bound = -1;
  private exact = false;

  constructor(private readonly span: Span) {
    this.light = span instanceof LightSpan ? span : undefined;
    this.into = this.light ? this.light.attributes : {};
    if (this.light?.defersCaptured) this.list = this.light.captured ??= [];
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
    const list = this.list;
    if (this.bound < 0) this.bound = this.count();
    if (this.bound >= limit && !this.exact) {
      this.bound = this.count();
      this.exact = true;
    }
    // A key the record has already (set by the app, say) is overwritten there, as setAttributes would.
    const present = key in this.into;
    if (!this.exact) this.bound++;
    else if (!present) {
      if (this.bound >= limit) {
        light.droppedAttributesCount++;
        return false;
      }
      this.bound++;
    }
    const kept = limits.attributeValueLengthLimit === undefined ? value : truncate(value, limits.attributeValueLengthLimit);
    // Capture puts each key once per span (headers are merged per name before, bodies are per side).
    // Body texts stay in the record, where the batch processor's capture budget looks for them.
    if (list && !present && key !== REQUEST_BODY && key !== RESPONSE_BODY) list.push(key, kept);
    else this.into[key] = kept;
    return true;
  }

  private count(): number {
    return Object.keys(this.into).length + capturedCount(this.span);
  }

  /** Hands what was put to a span that is not a light one (a no-op for light spans). */
  flush(): void {
    if (!this.light) this.span.setAttributes(this.into);
  }
}
