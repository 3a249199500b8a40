/**
 * Just enough of the source map v3 format to name a position in a minified bundle: decodes the
 * `mappings` VLQs once and answers "which original file, line and name is generated line:column?".
 * Used by the browser profile to turn minified frames into `src/…/file.ts:line name`.
 */
import { existsSync, readFileSync } from 'node:fs';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

/** Decodes one segment's VLQ fields. */
function decodeSegment(text) {
  const out = [];
  let value = 0;
  let shift = 0;
  for (const c of text) {
    const digit = DIGIT.get(c);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

/**
 * @param {string} mapFile path of a `.map` file; a missing file gives a lookup that answers undefined
 * @returns {(line: number, column: number) => { source: string, line: number, name?: string } | undefined} 0-based in, 1-based line out
 */
export function loadSourceMap(mapFile) {
  if (!existsSync(mapFile)) return () => undefined;
  const map = JSON.parse(readFileSync(mapFile, 'utf8'));
  /** Per generated line: segments [column, source, line, name?], sorted by column. */
  const lines = [];
  let source = 0;
  let srcLine = 0;
  let srcCol = 0;
  let name = 0;
  for (const text of map.mappings.split(';')) {
    const segments = [];
    let column = 0;
    for (const seg of text ? text.split(',') : []) {
      const f = decodeSegment(seg);
      column += f[0];
      if (f.length < 4) continue;
      source += f[1];
      srcLine += f[2];
      srcCol += f[3];
      let named;
      if (f.length >= 5) {
        name += f[4];
        named = map.names[name];
      }
      segments.push([column, source, srcLine, named]);
    }
    lines.push(segments);
  }
  const sources = map.sources.map((s) => s.replace(/^(\.\.\/)+/, '').replace(/^.*node_modules\//, ''));
  return (line, column) => {
    const segments = lines[line];
    if (!segments?.length) return undefined;
    let lo = 0;
    let hi = segments.length - 1;
    if (segments[0][0] > column) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segments[mid][0] <= column) lo = mid;
      else hi = mid - 1;
    }
    const [, s, l, n] = segments[lo];
    return { source: sources[s], line: l + 1, name: n };
  };
}
