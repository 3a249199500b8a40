/**
 * `setGlobalAttributes({ 'user.id': '42' })`: attributes added to every span (and log) started
 * afterwards, e.g. the signed-in user. Kept on a global symbol so the ESM and CJS builds (or two
 * bundled copies) share one set, and usable before `init()`. Bounded: at most
 * MAX_GLOBAL_ATTRIBUTES keys; values must be strings, finite numbers or booleans.
 */
import type { AttributeValue } from './config/resolve';

export const MAX_GLOBAL_ATTRIBUTES = 64;

const KEY = Symbol.for('clickstack-otel.globalAttributes');

interface Holder {
  [KEY]?: Record<string, AttributeValue>;
}

/** The current global attributes; the same object until the next `setGlobalAttributes`. */
export function globalAttributes(): Readonly<Record<string, AttributeValue>> {
  return ((globalThis as Holder)[KEY] ??= {});
}

/**
 * Merges `attributes` into the global set: a `null` or `undefined` value removes that key, other
 * invalid values and keys beyond the limit are ignored. Never throws.
 */
export function setGlobalAttributes(attributes: Record<string, AttributeValue | null | undefined>): void {
  if (typeof attributes !== 'object' || attributes === null) return;
  // A new object each time, so a span that read the old set is never changed under it.
  const next: Record<string, AttributeValue> = { ...globalAttributes() };
  for (const key of Object.keys(attributes)) {
    const value = attributes[key];
    if (value === null || value === undefined) delete next[key];
    else if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) {
      if (key in next || Object.keys(next).length < MAX_GLOBAL_ATTRIBUTES) next[key] = value;
    }
  }
  (globalThis as Holder)[KEY] = next;
}
