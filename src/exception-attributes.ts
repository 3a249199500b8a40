/**
 * `exception.type` / `exception.message` / `exception.stacktrace` (semantic conventions) of a thrown
 * value, as OpenTelemetry's SDKs derive them: a string or number is the message; an object gives
 * its `code` (or else `name`), `message` and `stack`. Shared by spans' recordException and log
 * records' `exception` field.
 */
import type { Attributes } from '@opentelemetry/api';

export function exceptionAttributes(exception: unknown): Attributes {
  const attributes: Attributes = {};
  if (typeof exception === 'string' || typeof exception === 'number') attributes['exception.message'] = String(exception);
  else if (exception && typeof exception === 'object') {
    const e = exception as { code?: unknown; name?: unknown; message?: unknown; stack?: unknown };
    const type = e.code || e.name;
    if (type) attributes['exception.type'] = String(type);
    if (e.message) attributes['exception.message'] = String(e.message);
    if (e.stack) attributes['exception.stacktrace'] = String(e.stack);
  }
  return attributes;
}
