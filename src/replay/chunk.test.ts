import { describe, expect, it } from 'vitest';
import { chunkString, MAX_REPLAY_CHUNK_BYTES } from './chunk';

const utf8 = (s: string) => new TextEncoder().encode(s).byteLength;
/** True when `s` has no lone surrogate at either end (what a cut through a pair would leave). */
const wellFormedEnds = (s: string) => {
  if (!s) return true;
  const first = s.charCodeAt(0);
  const last = s.charCodeAt(s.length - 1);
  return !(first >= 0xdc00 && first <= 0xdfff) && !(last >= 0xd800 && last <= 0xdbff);
};

/** No lone surrogate anywhere (String#isWellFormed, which this TS lib target does not type). */
const isWellFormed = (s: string) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

describe('chunkString', () => {
  it('keeps a small event whole', () => {
    const json = JSON.stringify({ type: 3, data: { source: 1, positions: [{ x: 1, y: 2 }] }, timestamp: 1 });
    expect(chunkString(json)).toEqual([json]);
    expect(chunkString('')).toEqual(['']);
  });

  it('cuts ASCII at exactly the byte limit and reassembles to the original', () => {
    const json = 'a'.repeat(25);
    const chunks = chunkString(json, 10);
    expect(chunks).toEqual(['a'.repeat(10), 'a'.repeat(10), 'a'.repeat(5)]);
    expect(chunks.join('')).toBe(json);
  });

  it('never splits a surrogate pair, whatever the limit', () => {
    // Emoji (4 UTF-8 bytes, 2 UTF-16 units) at every offset relative to the cut.
    const json = JSON.stringify({ text: 'x😀y😀😀z' + '🎉'.repeat(7) + 'é中' });
    for (let limit = 4; limit <= 24; limit++) {
      const chunks = chunkString(json, limit);
      expect(chunks.join('')).toBe(json);
      for (const c of chunks) {
        expect(wellFormedEnds(c)).toBe(true);
        expect(isWellFormed(c)).toBe(true);
        expect(utf8(c)).toBeLessThanOrEqual(limit);
        expect(c.length).toBeGreaterThan(0);
      }
    }
  });

  it('a limit below one code point is raised so progress is always made', () => {
    const chunks = chunkString('😀😀', 1);
    expect(chunks).toEqual(['😀', '😀']);
  });

  it('a multi-MB full snapshot with mixed scripts splits under 950 KiB of UTF-8 and JSON.parses back', () => {
    const texts = ['plain ascii text ', 'größer — «quoted» ', '日本語のテキスト ', 'emoji 👩‍💻🚀 ', 'mixed \u{1F600}\u00e9\u4e2d '];
    const childNodes = Array.from({ length: 16_000 }, (_, i) => ({ type: 3, id: i + 10, textContent: texts[i % texts.length]!.repeat(8) }));
    const event = { type: 2, data: { node: { type: 0, childNodes, id: 1 }, initialOffset: { left: 0, top: 0 } }, timestamp: 1_733_350_000_000 };
    const json = JSON.stringify(event);
    expect(utf8(json)).toBeGreaterThan(3 * MAX_REPLAY_CHUNK_BYTES);

    const chunks = chunkString(json);
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    for (const c of chunks) {
      expect(utf8(c)).toBeLessThanOrEqual(MAX_REPLAY_CHUNK_BYTES);
      expect(isWellFormed(c)).toBe(true);
    }
    // Every chunk but the last is nearly full: cuts happen at the limit, not early.
    for (const c of chunks.slice(0, -1)) expect(utf8(c)).toBeGreaterThan(MAX_REPLAY_CHUNK_BYTES - 4);
    // What the player does: concatenate in order and parse.
    expect(JSON.parse(chunks.join(''))).toEqual(event);
    // Byte-exact too: the UTF-8 of the parts is the UTF-8 of the whole.
    expect(chunks.reduce((n, c) => n + utf8(c), 0)).toBe(utf8(json));
  });

  it('a lone surrogate (as JSON.stringify escapes it) survives; a raw one counts as 3 bytes', () => {
    const escaped = JSON.stringify({ s: '\ud800' });
    expect(chunkString(escaped, 4).join('')).toBe(escaped);
    const raw = 'ab\ud800cd';
    const chunks = chunkString(raw, 4);
    expect(chunks.join('')).toBe(raw);
    expect(chunks).toEqual(['ab', '\ud800c', 'd']);
  });
});
