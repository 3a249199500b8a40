/**
 * The user interaction a request belongs to, without zone.js: a click span is remembered until
 * the current task ends (a 0 ms timer), so requests the app's click handlers start synchronously
 * (including the part of an async handler before its first `await`) become its children and the
 * trace starts at the click. Requests with an active span of their own keep that parent.
 */
import { context, trace, type Context, type Span } from '@opentelemetry/api';

let current: Context | undefined;

export function beginInteraction(span: Span): void {
  const ctx = trace.setSpan(context.active(), span);
  current = ctx;
  setTimeout(() => {
    if (current === ctx) current = undefined;
  }, 0);
}

/** The parent for a request starting now: the active span's context, else the running interaction's. */
export function parentContext(): Context {
  const active = context.active();
  return current && !trace.getSpan(active) ? current : active;
}
