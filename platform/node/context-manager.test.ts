import { EventEmitter } from 'node:events';
import { createContextKey, ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { NodeContextManager } from './context-manager';

const KEY = createContextKey('test');
const ctx = (v: string): Context => ROOT_CONTEXT.setValue(KEY, v);
const valueIn = (m: { active(): Context }) => m.active().getValue(KEY);

// Both managers, so every expectation is also checked against upstream's own behaviour.
const managers = { ours: () => new NodeContextManager().enable(), upstream: () => new AsyncLocalStorageContextManager().enable() };

for (const [name, make] of Object.entries(managers)) {
  describe(`Node context manager (${name})`, () => {
    let m = make();
    afterEach(() => {
      m.disable();
      m = make();
    });

    it('with: runs fn in the context with its this and arguments, returns its value, restores after a throw', () => {
      const self = { tag: 'self' };
      const result = m.with(ctx('a'), function (this: typeof self, x: number, y: number) {
        return [this?.tag, x + y, valueIn(m), m.with(ctx('b'), () => valueIn(m)), valueIn(m)];
      }, self, 2, 3);
      expect(result).toEqual(['self', 5, 'a', 'b', 'a']);
      expect(() => m.with(ctx('c'), () => { throw new Error('x'); })).toThrow('x');
      expect(valueIn(m)).toBeUndefined();
      expect(m.with(ctx('d'), (...args: unknown[]) => args, undefined, 1, 'two', null)).toEqual([1, 'two', null]);
    });

    it('keeps the context across awaits and timers', async () => {
      const seen = await m.with(ctx('async'), async () => {
        await new Promise((r) => setTimeout(r, 1));
        const inTimer = await new Promise((r) => setImmediate(() => r(valueIn(m))));
        return [valueIn(m), inTimer];
      });
      expect(seen).toEqual(['async', 'async']);
    });

    it('bind: a function runs in the bound context, keeps this, arguments, return value and length', () => {
      for (let arity = 0; arity <= 7; arity++) {
        const params = Array.from({ length: arity }, (_, i) => `p${i}`);
        // eslint-disable-next-line @typescript-eslint/no-implied-eval
        const target = new Function(...params, 'return [this, Array.from(arguments)];') as (...a: unknown[]) => unknown;
        const bound = m.bind(ctx('bound'), target);
        expect(bound.length, `arity ${arity}`).toBe(arity);
        const self = {};
        expect(bound.call(self, 1, 2, 3, 4, 5, 6, 7, 8)).toEqual([self, [1, 2, 3, 4, 5, 6, 7, 8]]);
      }
      const reads = m.bind(ctx('bound'), () => valueIn(m));
      expect(m.with(ctx('other'), reads)).toBe('bound');
      expect(m.bind(ctx('x'), 42 as never)).toBe(42);
    });

    it('bind: an event emitter calls its listeners in the bound context, and removeListener still finds them', () => {
      const ee = new EventEmitter();
      m.bind(ctx('emitter'), ee);
      const seen: unknown[] = [];
      const listener = () => seen.push(valueIn(m));
      ee.on('x', listener);
      m.with(ctx('elsewhere'), () => ee.emit('x'));
      ee.removeListener('x', listener);
      ee.emit('x');
      expect(seen).toEqual(['emitter']);
      expect(ee.listenerCount('x')).toBe(0);
    });
  });
}
