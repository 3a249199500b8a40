// One way to count a bundle's bytes, shared by the size report and the benchmark:
// as shipped, gzip level 9, brotli quality 11 in text mode (how CDNs serve a script).
import { readFileSync } from 'node:fs';
import zlib from 'node:zlib';

/** @param {string} file @returns {{ min: number, gzip: number, brotli: number }} */
export function compressedSizes(file) {
  const buf = readFileSync(file);
  const brotli = zlib.brotliCompressSync(buf, {
    params: {
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
    },
  });
  return { min: buf.length, gzip: zlib.gzipSync(buf, { level: 9 }).length, brotli: brotli.length };
}
