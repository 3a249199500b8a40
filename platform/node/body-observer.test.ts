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
    // Written in parts: still the text, joined, and the same bytes.
    const split = new BodyCollector(wire.length);
    collectChunk(split, text.slice(0, 10), 'utf8');
    collectChunk(split, text.slice(10), 'utf8');
    expect(split.wholeText).toBe(text);
    expect(Buffer.from(split.bytes()).equals(wire)).toBe(true);
    // Bigger than the limit: bytes, as before.
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

  it('keeps ASCII chunks (Buffers, views) as text, and turns to bytes at the first non-ASCII chunk or the limit', () => {
    const ascii = new BodyCollector(100);
    collectChunk(ascii, Buffer.from('{"a":'), undefined);
    collectChunk(ascii, new Uint8Array(Buffer.from('1,"b"')), undefined);
    collectChunk(ascii, ':2}', 'utf8');
    expect([ascii.wholeText, ascii.total]).toEqual(['{"a":1,"b":2}', 13]);
    // The next chunk is UTF-8 beyond ASCII: everything so far becomes bytes, in order.
    collectChunk(ascii, Buffer.from(' é'), undefined);
    expect(ascii.wholeText).toBeUndefined();
    expect(Buffer.from(ascii.bytes()).toString()).toBe('{"a":1,"b":2} é');
    // A chunk past the limit is cut as bytes, and counted whole.
    const capped = new BodyCollector(4);
    collectChunk(capped, Buffer.from('ab'), undefined);
    collectChunk(capped, Buffer.from('cdef'), undefined);
    expect([capped.wholeText, capped.total, Buffer.from(capped.bytes()).toString()]).toEqual([undefined, 6, 'abcd']);
    // Binary (count only): nothing kept, even for ASCII bytes.
    const counted = new BodyCollector(100);
    counted.countOnly();
    collectChunk(counted, Buffer.from('abc'), undefined);
    expect([counted.wholeText, counted.total, counted.bytes().byteLength]).toEqual([undefined, 3, 0]);
  });

  it('never joins a surrogate pair split over two string writes: the wire has two replacement characters', () => {
    const c = new BodyCollector(100);
    collectChunk(c, 'a\uD83D', 'utf8');
    collectChunk(c, '\uDE00b', 'utf8');
    const wire = Buffer.concat([Buffer.from('a\uD83D', 'utf8'), Buffer.from('\uDE00b', 'utf8')]);
    expect(c.wholeText).toBeUndefined();
    expect(Buffer.from(c.bytes()).equals(wire)).toBe(true);
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

  it('wraps every message with the same shared functions: no closure is stored per message', async () => {
    const { observeIncoming, observeOutgoing } = await import('./body-observer');
    const [a, b] = [new PassThrough(), new PassThrough()] as unknown as import('node:http').IncomingMessage[];
    observeIncoming(a!, new BodyCollector(10));
    observeIncoming(b!, new BodyCollector(10));
    expect(a!.push).toBe(b!.push);
    expect(a!.push).not.toBe(PassThrough.prototype.push);
    // A Writable stands in for an outgoing message: write and end are wrapped the same way.
    const [x, y] = [new PassThrough(), new PassThrough()] as unknown as import('node:http').OutgoingMessage[];
    const [cx, cy] = [new BodyCollector(10), new BodyCollector(10)];
    const first: string[] = [];
    observeOutgoing(x!, cx, { firstChunk: () => first.push('x') });
    observeOutgoing(y!, cy);
    expect([x!.write, x!.end]).toEqual([y!.write, y!.end]);
    expect(x!.write).not.toBe(PassThrough.prototype.write);
    // Each still reaches its own collector and listener, and the stream its data.
    x!.write('abc');
    x!.end('def');
    y!.end('z');
    expect(first).toEqual(['x']);
    expect([cx.wholeText, cx.complete, cy.wholeText]).toEqual(['abcdef', true, 'z']);
    expect(String((x as unknown as PassThrough).read())).toBe('abcdef');
    // Observed again (a second SDK, say): no second wrapper around the first, which would recurse.
    const again = new PassThrough() as unknown as import('node:http').OutgoingMessage;
    const [c1, c2] = [new BodyCollector(10), new BodyCollector(10)];
    observeOutgoing(again, c1);
    observeOutgoing(again, c2);
    again.end('once');
    expect([c1.wholeText, c2.total]).toEqual(['once', 0]);
    expect(String((again as unknown as PassThrough).read())).toBe('once');
  });
});
