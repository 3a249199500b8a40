/**
 * Splits one serialized rrweb event into log-record bodies the HyperDX player can put back
 * together: it concatenates the bodies of consecutive records until `rr-web.chunk` equals
 * `rr-web.total-chunks` and `JSON.parse`s the result. Collectors and ClickHouse reject oversized
 * values, so a chunk holds at most MAX_REPLAY_CHUNK_BYTES of UTF-8. Cuts fall on code-point
 * boundaries only: a surrogate pair is never split, so every chunk is valid UTF-16 (and valid
 * UTF-8 on the wire) and the concatenation is exactly the original string.
 * Platform-free: no DOM, no Node.
 */

/** HyperDX's recorder limit for one chunk's body (UTF-8 bytes). */
export const MAX_REPLAY_CHUNK_BYTES = 950 * 1024;

/** A UTF-16 code unit encodes to at most 3 UTF-8 bytes (a surrogate pair, 2 units, to 4). */
const MAX_UTF8_BYTES_PER_UNIT = 3;

/** UTF-8 length of the code point starting at `i`, and how many UTF-16 units it spans. */
function codePointAt(s: string, i: number): [bytes: number, units: number] {
  const c = s.charCodeAt(i);
  if (c < 0x80) return [1, 1];
  if (c < 0x800) return [2, 1];
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const next = s.charCodeAt(i + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return [4, 2];
  }
  // Other BMP characters, and lone surrogates (which encoders replace by U+FFFD: 3 bytes).
  return [3, 1];
}

/**
 * `json` cut into pieces of at most `maxBytes` UTF-8 bytes each (at least one piece, possibly
 * empty), on code-point boundaries. `maxBytes` below 4 is raised to 4 so any code point fits.
 */
export function chunkString(json: string, maxBytes: number = MAX_REPLAY_CHUNK_BYTES): string[] {
  const limit = Math.max(4, Math.floor(maxBytes));
  // Most events are small: no need to measure them character by character.
  if (json.length * MAX_UTF8_BYTES_PER_UNIT <= limit) return [json];
  const chunks: string[] = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < json.length; ) {
    const [b, units] = codePointAt(json, i);
    if (bytes + b > limit) {
      chunks.push(json.slice(start, i));
      start = i;
      bytes = 0;
    }
    bytes += b;
    i += units;
  }
  chunks.push(json.slice(start));
  return chunks;
}
