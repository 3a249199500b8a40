/**
 * The browser's context manager: the active context is whatever the innermost `with()` set, as in
 * sdk-trace-web's StackContextManager (browsers have no async context propagation to hook into;
 * our fetch/XHR instrumentation passes contexts explicitly), written here so the script tag does
 * not carry sdk-trace-web.
 */
import { ROOT_CONTEXT, type Context, type ContextManager } from '@opentelemetry/api';

export function createStackContextManager(): ContextManager {
  let current: Context = ROOT_CONTEXT;
  const manager: ContextManager = {
    active: () => current,
    with(ctx, fn, thisArg, ...args) {
      const previous = current;
      current = ctx || ROOT_CONTEXT;
      try {
        return fn.call(thisArg, ...args);
      } finally {
        current = previous;
      }
    },
    bind<T>(ctx: Context | undefined, target: T): T {
      if (typeof target !== 'function') return target;
      const bound = ctx ?? current;
      const wrapper = function (this: unknown, ...args: unknown[]) {
        return manager.with(bound, () => (target as (...a: unknown[]) => unknown).apply(this, args));
      };
      Object.defineProperty(wrapper, 'length', { value: target.length });
      return wrapper as T;
    },
    enable() {
      current = ROOT_CONTEXT;
      return manager;
    },
    disable() {
      current = ROOT_CONTEXT;
      return manager;
    },
  };
  return manager;
}
