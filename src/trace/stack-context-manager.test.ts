import { createContextKey, ROOT_CONTEXT } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { createStackContextManager } from './stack-context-manager';

const KEY = createContextKey('k');

describe('stack context manager', () => {
  it('makes the innermost with() context active and restores the outer one, also after a throw', () => {
    const m = createStackContextManager().enable();
    const a = ROOT_CONTEXT.setValue(KEY, 'a');
    const b = ROOT_CONTEXT.setValue(KEY, 'b');
    expect(m.active()).toBe(ROOT_CONTEXT);
    const seen = m.with(a, function (this: { tag: string }, x: number) {
      const inner = m.with(b, () => m.active().getValue(KEY));
      expect(() => m.with(b, () => { throw new Error('x'); })).toThrow('x');
      return [this.tag, x, inner, m.active().getValue(KEY)];
    }, { tag: 't' }, 7);
    expect(seen).toEqual(['t', 7, 'b', 'a']);
    expect(m.active()).toBe(ROOT_CONTEXT);
  });

  it('binds functions to a context (the active one by default), keeping this, args and length', () => {
    const m = createStackContextManager().enable();
    const a = ROOT_CONTEXT.setValue(KEY, 'a');
    function read(this: unknown, x: number, _y?: number) {
      return [this, x, m.active().getValue(KEY)];
    }
    const bound = m.bind(a, read);
    expect(bound.length).toBe(2);
    expect(bound.call('self', 1)).toEqual(['self', 1, 'a']);
    const boundToActive = m.with(a, () => m.bind(undefined as never, read));
    expect(boundToActive.call(null, 2)[2]).toBe('a');
    const obj = { x: 1 };
    expect(m.bind(a, obj)).toBe(obj);
  });
});
