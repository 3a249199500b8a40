/**
 * recordException(error, attributes?): one exception, recorded twice so it can be found either way:
 * as an `exception` event on the active span (when there is one), and as an ERROR log record with
 * `exception.type`, `exception.message` and `exception.stacktrace` (trace-correlated by sdk-logs,
 * which reads the active context when the record is emitted).
 *
 * Outside any recording span, the exception gets a zero-duration span of its own, named by its type,
 * with `component: 'error'`, `error.message`, the `exception` event and status ERROR: the HyperDX
 * UI finds exceptions only as span events on ERROR spans (its session timeline by `component`),
 * never in log attributes. The log record is emitted inside that span, so it joins the trace.
 *
 * Platform-free: it reaches the pipelines only through the OpenTelemetry API globals, so it works
 * (and does nothing) before `init()`, and the browser and Node share it. Anything can be thrown in
 * JavaScript, so any value is accepted; nothing here may throw into the caller, who is usually in
 * the middle of handling a failure already.
 */
import { context, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import { globalLogger } from '../logs/global-logs';
import { SEVERITY_NUMBER } from '../logs/severity';
import { DISTRO_NAME, VERSION } from '../version';
import { clip, safeJson } from '../text';

export const ATTR_EXCEPTION_TYPE = 'exception.type';
export const ATTR_EXCEPTION_MESSAGE = 'exception.message';
export const ATTR_EXCEPTION_STACKTRACE = 'exception.stacktrace';
/** Where an exception recorded by the SDK itself came from (`uncaughtException`, `window.error`, …). */
export const ATTR_EXCEPTION_SOURCE = 'clickstack.exception.source';

/** HyperDX's session timeline marks a span as an error by `component`, and shows `error.message`. */
export const ATTR_COMPONENT = 'component';
export const ATTR_ERROR_MESSAGE = 'error.message';

/** Longest `exception.type` kept, in UTF-16 code units (a class name; anything longer is not one). */
export const MAX_EXCEPTION_TYPE_CHARS = 256;
/** Longest `exception.message` kept, in UTF-16 code units. */
export const MAX_EXCEPTION_MESSAGE_CHARS = 4_096;
/** Longest `exception.stacktrace` kept, in UTF-16 code units (about 100 frames). */
export const MAX_EXCEPTION_STACK_CHARS = 16_384;

export interface ExceptionDescription {
  type: string;
  message: string;
  stacktrace?: string;
}

/** `recordException` as the platforms' automatic capture calls it. */
export type RecordException = (error: unknown, attributes?: Attributes) => void;

/** Type, message and stack of any thrown value, never throwing (getters and proxies may). */
export function describeException(value: unknown): ExceptionDescription {
  try {
    if (typeof value === 'object' && value !== null) {
      const e = value as { name?: unknown; message?: unknown; stack?: unknown; constructor?: { name?: unknown } };
      const message = typeof e.message === 'string' ? e.message : undefined;
      const stack = typeof e.stack === 'string' && e.stack ? e.stack : undefined;
      if (message !== undefined || stack !== undefined) {
        const type = nonEmpty(e.name) ?? nonEmpty(e.constructor?.name) ?? 'Error';
        return cap({ type, message: message ?? '', stacktrace: stack });
      }
      return cap({ type: nonEmpty(e.constructor?.name) ?? 'Object', message: safeJson(value) });
    }
    if (typeof value === 'string') return cap({ type: 'string', message: value });
    return cap({ type: value === null ? 'null' : typeof value, message: String(value) });
  } catch {
    return { type: 'unknown', message: '(the thrown value could not be read)' };
  }
}

let recording = false;

/**
 * Records `error` on the active span and as a log record. Re-entrant calls (a log processor or
 * span processor that fails while recording) are dropped, so an error can never loop back here.
 */
export function recordException(error: unknown, attributes?: Attributes): void {
  if (recording) return;
  recording = true;
  try {
    const described = describeException(error);
    const exceptionAttributes: Attributes = {
      ...sanitize(attributes),
      [ATTR_EXCEPTION_TYPE]: described.type,
      [ATTR_EXCEPTION_MESSAGE]: described.message,
    };
    if (described.stacktrace) exceptionAttributes[ATTR_EXCEPTION_STACKTRACE] = described.stacktrace;
    let span = trace.getActiveSpan();
    const own = !span?.isRecording();
    if (own) {
      span = trace
        .getTracer(DISTRO_NAME, VERSION)
        .startSpan(described.type, { attributes: { ...sanitize(attributes), [ATTR_COMPONENT]: 'error', [ATTR_ERROR_MESSAGE]: described.message } });
      span.setStatus({ code: SpanStatusCode.ERROR, message: described.message });
    }
    span!.addEvent('exception', exceptionAttributes);
    globalLogger(`${DISTRO_NAME}/exceptions`, VERSION).emit({
      severityNumber: SEVERITY_NUMBER.ERROR,
      severityText: 'ERROR',
      body: described.message ? `${described.type}: ${described.message}` : described.type,
      attributes: exceptionAttributes,
      context: trace.setSpan(context.active(), span!),
    });
    if (own) span!.end();
  } catch {
    // Telemetry never throws into the app, least of all while it handles an error.
  } finally {
    recording = false;
  }
}

function nonEmpty(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function cap(d: ExceptionDescription): ExceptionDescription {
  return {
    type: d.type.slice(0, MAX_EXCEPTION_TYPE_CHARS),
    message: clip(d.message, MAX_EXCEPTION_MESSAGE_CHARS),
    ...(d.stacktrace ? { stacktrace: clip(d.stacktrace, MAX_EXCEPTION_STACK_CHARS) } : {}),
  };
}


/** Only primitive (and array) attribute values survive; a bad `attributes` argument is ignored. */
function sanitize(attributes: Attributes | undefined): Attributes {
  const out: Attributes = {};
  if (typeof attributes !== 'object' || attributes === null) return out;
  for (const [key, value] of Object.entries(attributes)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || Array.isArray(value)) out[key] = value;
  }
  return out;
}
