import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeBody } from './body-decode';

const text = JSON.stringify({ items: Array.from({ length: 2000 }, (_, i) => ({ i, name: `item ${i}` })) });
const plain = Buffer.from(text);

describe('decodeBody', () => {
  it.each([
    ['gzip', gzipSync(plain)],
    ['deflate', deflateSync(plain)],
    ['br', brotliCompressSync(plain)],
  ] as const)('%s: whole body under a large cap', async (encoding, packed) => {
    const out = await decodeBody(packed, encoding, 1_000_000);
    expect(Buffer.from(out.bytes).toString()).toBe(text);
    expect(out).toMatchObject({ cut: false, failed: false });
  });

  it.each(['gzip', 'deflate', 'br'] as const)('%s: output stops at the cap', async (encoding) => {
    const packed = encoding === 'gzip' ? gzipSync(plain) : encoding === 'deflate' ? deflateSync(plain) : brotliCompressSync(plain);
    const out = await decodeBody(packed, encoding, 1000);
    expect(out.bytes.byteLength).toBe(1000);
    expect(Buffer.from(out.bytes).toString()).toBe(text.slice(0, 1000));
    expect(out.cut).toBe(true);
  });

  it('a body cut mid-stream decodes as far as it goes', async () => {
    const packed = gzipSync(plain);
    const out = await decodeBody(packed.subarray(0, Math.floor(packed.length / 2)), 'gzip', 1_000_000);
    expect(out.failed).toBe(false);
    expect(out.bytes.byteLength).toBeGreaterThan(100);
    expect(text.startsWith(Buffer.from(out.bytes).toString())).toBe(true);
  });

  it('garbage fails without throwing; unsupported encodings fail at once', async () => {
    expect((await decodeBody(Buffer.from('not gzip at all'), 'gzip', 100)).failed).toBe(true);
    expect((await decodeBody(Buffer.from('x'), 'unsupported', 100)).failed).toBe(true);
  });
});
