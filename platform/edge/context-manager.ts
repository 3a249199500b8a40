/**
 * The active context across `await`, where the edge runtime offers AsyncLocalStorage: Vercel's
 * Edge Runtime (and Next.js's edge sandbox) as a global, Cloudflare Workers with `nodejs_compat`
 * (or `nodejs_als`) through `process.getBuiltinModule`. Both are looked up at run time, so no
 * bundler sees a Node built-in. Without it the browser's stack context manager is used: a
 * handler's `fetch` calls before its first `await` are still children of its span, later ones
 * start their own trace.
 */
import { ROOT_CONTEXT, type Context, type ContextManager } from '@opentelemetry/api';
import { createStackContextManager } from '../../src/trace/stack-context-manager';

interface AsyncLocalStorageLike<T> {
  getStore(): T | undefined;
  run<R>(store: T, fn: () => R): R;
  disable?(): void;
}
type AsyncLocalStorageClass = new <T>() => AsyncLocalStorageLike<T>;

export function findAsyncLocalStorage(): AsyncLocalStorageClass | undefined {
  const g = globalThis as { AsyncLocalStorage?: unknown; process?: { getBuiltinModule?: (id: string) => { AsyncLocalStorage?: unknown } | undefined } };
  if (typeof g.AsyncLocalStorage === 'function') return g.AsyncLocalStorage as AsyncLocalStorageClass;
  try {
    const found = g.process?.getBuiltinModule?.('node:async_hooks')?.AsyncLocalStorage;
    return typeof found === 'function' ? (found as AsyncLocalStorageClass) : undefined;
  } catch {
    return undefined; // a runtime whose `process` stub throws for what it lacks
  }
}

export function createEdgeContextManager(): ContextManager {
  const Storage = findAsyncLocalStorage();
  if (!Storage) return createStackContextManager();
  let storage = new Storage<Context>();
  const manager: ContextManager = {
    active: () => storage.getStore() ?? ROOT_CONTEXT,
    with: (ctx, fn, thisArg, ...args) => storage.run(ctx || ROOT_CONTEXT, () => fn.call(thisArg, ...args)),
    bind<T>(ctx: Context | undefined, target: T): T {
      if (typeof target !== 'function') return target;
      const bound = ctx ?? manager.active();
      const wrapper = function (this: unknown, ...args: unknown[]) {
        return manager.with(bound, () => (target as (...a: unknown[]) => unknown).apply(this, args));
      };
      Object.defineProperty(wrapper, 'length', { value: target.length });
      return wrapper as T;
    },
    enable: () => manager,
    disable() {
      storage.disable?.();
      storage = new Storage<Context>();
      return manager;
    },
  };
  return manager;
}
