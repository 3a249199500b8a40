import { describe, expect, it } from 'vitest';
import { formatConsoleArgs } from './console-format';

describe('formatConsoleArgs', () => {
  it('applies format specifiers from a leading string and joins the rest', () => {
    expect(formatConsoleArgs(['%s has %d items (%i) at %f%%', 'cart', '3.7', 4.2, '1.5'])).toBe('cart has 3 items (4) at 1.5%');
    expect(formatConsoleArgs(['%c styled', 'color: red'])).toBe(' styled');
    expect(formatConsoleArgs(['%o and %O', { a: 1 }, [1, 'x']])).toBe("{a: 1} and [1, 'x']");
    expect(formatConsoleArgs(['missing %s'])).toBe('missing %s');
    expect(formatConsoleArgs(['a', 1, null, undefined, true, 10n, Symbol('s')])).toBe('a 1 null undefined true 10n Symbol(s)');
    expect(formatConsoleArgs([])).toBe('');
  });

  it('previews objects on one line, bounded and cycle-safe', () => {
    const cyclic: Record<string, unknown> = { name: 'c' };
    cyclic.self = cyclic;
    expect(formatConsoleArgs([cyclic])).toBe("{name: 'c', self: [Circular]}");
    expect(formatConsoleArgs([{ a: { b: { c: { d: 1 } } } }])).toBe('{a: {b: {c: {…}}}}');
    expect(formatConsoleArgs([{ 'x-y': 1 }])).toBe("{'x-y': 1}");
    expect(formatConsoleArgs([Array.from({ length: 25 }, (_, i) => i)])).toBe(`[${Array.from({ length: 20 }, (_, i) => i).join(', ')}, …]`);
    class Cart { items = 2; }
    expect(formatConsoleArgs([new Cart()])).toBe('Cart {items: 2}');
    expect(formatConsoleArgs(['fn', function named() {}])).toBe('fn ƒ named()');
  });

  it('prints errors with their stack, and never throws on hostile objects', () => {
    const e = new Error('boom');
    expect(formatConsoleArgs(['failed:', e])).toBe(`failed: ${e.stack}`);
    const hostile = new Proxy({}, { ownKeys: () => { throw new Error('trap'); } });
    expect(formatConsoleArgs([hostile])).toBe('[object Object]');
  });
});
