/**
 * Two text helpers several messages and records share (one copy in the script tag): a string cut
 * to a length with an ellipsis, and any value as JSON that never throws.
 */

/** `text` cut to `max` UTF-16 code units, with `…` appended when it was longer. */
export const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max)}…` : text);

/** JSON for `value`; `String(value)` where JSON has no text for it, `[object …]` where stringifying throws (cycles, getters). */
export function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
