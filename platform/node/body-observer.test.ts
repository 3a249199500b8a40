import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BodyCollector } from '../../src/network/body-collector';
import { collectChunk } from './body-observer';

describe('collectChunk', () => {
  const text = 'héllo wörld €😀 '.repeat(50); // 1000 chars of mixed widths
  it.each(['utf8', 'utf-8', 'base64', 'base64url', 'hex', 'latin1', 'binary', 'ascii', 'utf16le', 'ucs2'] as const)(
    'a %s string keeps exactly the first bytes up to the cap and counts them all',
    (encoding) => {
      const encoded = Buffer.from(text, 'utf8').toString(encoding as BufferEncoding);
      const wire = Buffer.from(encoded, encoding as BufferEncoding);
      for (const limit of [1, 7, 100, wire.length, wire.length + 5]) {
        const c = new BodyCollector(limit);
        collectChunk(c, encoded, encoding);
        expect(c.total).toBe(wire.length);
        expect(Buffer.from(c.bytes()).equals(wire.subarray(0, limit))).toBe(true);
      }
    },
  );

  it('keeps a whole UTF-8 string body as the string, and the same bytes as any other way of writing it', () => {
    const wire = Buffer.from(text, 'utf8');
    const whole = new BodyCollector(wire.length);
    collectChunk(whole, text, 'utf8');
    expect(whole.wholeText).toBe(text);
    expect([whole.total, Buffer.from(whole.bytes()).equals(wire)]).toEqual([wire.length, true]);
    // Written in two parts, after a first string, or bigger than the limit: bytes, as before.
    const split = new BodyCollector(wire.length);
    collectChunk(split, text.slice(0, 10), 'utf8');
    collectChunk(split, text.slice(10), 'utf8');
    expect(split.wholeText).toBeUndefined();
    expect(Buffer.from(split.bytes()).equals(wire)).toBe(true);
    const over = new BodyCollector(wire.length - 1);
    collectChunk(over, text, 'utf8');
    expect(over.wholeText).toBeUndefined();
    expect(Buffer.from(over.bytes()).equals(wire.subarray(0, wire.length - 1))).toBe(true);
    // Exactly full with one string, then more: the count says there is more than the text.
    const full = new BodyCollector(wire.length);
    collectChunk(full, text, 'utf8');
    collectChunk(full, 'tail', 'utf8');
    expect(full.wholeText).toBeUndefined();
    expect([full.total, Buffer.from(full.bytes()).equals(wire)]).toEqual([wire.length + 4, true]);
    // Binary after all: nothing kept.
    const binary = new BodyCollector(wire.length);
    collectChunk(binary, text, 'utf8');
    binary.countOnly();
    expect([binary.wholeText, binary.bytes().byteLength]).toEqual([undefined, 0]);
  });

  it('takes Buffers, Uint8Arrays and other views; ignores callbacks, null and unknown encodings', () => {
    const c = new BodyCollector(100);
    collectChunk(c, Buffer.from('ab'), undefined);
    collectChunk(c, new Uint8Array([0x63]), undefined);
    collectChunk(c, new DataView(new Uint8Array([0x64, 0x65]).buffer, 1, 1), undefined);
    collectChunk(c, () => {}, undefined);
    collectChunk(c, null, undefined);
    collectChunk(c, 'f', 'no-such-encoding');
    expect(Buffer.from(c.bytes()).toString()).toBe('abcef');
  });

  it('once full only counts, without converting long strings', () => {
    const c = new BodyCollector(4);
    collectChunk(c, 'abcdef', 'utf8');
    collectChunk(c, 'é'.repeat(1000), 'utf8');
    expect(c.total).toBe(6 + 2000);
    expect(Buffer.from(c.bytes()).toString()).toBe('abcd');
  });

  it('is usable on any Readable without changing its mode (the same wrapping as IncomingMessage)', async () => {
    const { observeIncoming } = await import('./body-observer');
    const stream = new PassThrough() as unknown as import('node:http').IncomingMessage;
    const c = new BodyCollector(10);
    observeIncoming(stream, c);
    expect(stream.push(Buffer.from('hello'))).toBe(true);
    expect(stream.readableFlowing).toBe(null);
    stream.push(null);
    expect(c.complete).toBe(true);
    expect(String(stream.read())).toBe('hello');
  });
});
