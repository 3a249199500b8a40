/** Cutting and decoding UTF-8 without splitting a character. */

/**
 * The largest length ≤ `max` at which `bytes` can be cut without splitting a UTF-8 sequence.
 * When the first byte left out continues a sequence (10xxxxxx), the cut moves back to that
 * sequence's lead byte, so the character is dropped whole (at most three bytes back).
 */
export function utf8CutPoint(bytes: Uint8Array, max: number): number {
  if (bytes.length <= max) return bytes.length;
  if (max <= 0) return 0;
  let lead = max;
  // bytes[max] is the first byte left out; if it continues a sequence, that sequence is split.
  while (lead > 0 && max - lead < 4 && (bytes[lead]! & 0xc0) === 0x80) lead--;
  return lead;
}

let decoder: TextDecoder | undefined;

/** Decodes at most `max` bytes on a character boundary. Invalid sequences become U+FFFD, never a throw. */
export function decodeUtf8Capped(bytes: Uint8Array, max: number): { text: string; truncated: boolean } {
  const cut = utf8CutPoint(bytes, max);
  decoder ??= new TextDecoder('utf-8');
  return { text: decoder.decode(cut === bytes.length ? bytes : bytes.subarray(0, cut)), truncated: cut < bytes.length };
}

let encoder: TextEncoder | undefined;

/** A string cut to at most `max` UTF-8 bytes on a character boundary (a text body, text a hook returned). */
export function capStringUtf8(text: string, max: number): { text: string; truncated: boolean } {
  // Every UTF-16 code unit is at most 3 UTF-8 bytes: short strings need no encoding at all.
  if (text.length * 3 <= max) return { text, truncated: false };
  encoder ??= new TextEncoder();
  // And at least 1 byte: the first `max + 1` units hold the cut and show whether there is more,
  // so a large body is never encoded whole (a pair split here ends past `max` and is dropped).
  return decodeUtf8Capped(encoder.encode(text.length > max + 1 ? text.slice(0, max + 1) : text), max);
}
