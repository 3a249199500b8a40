/**
 * The Node context manager: OpenTelemetry's AsyncLocalStorageContextManager, with the two calls
 * that run many times per request made cheaper. `with(ctx, fn, thisArg, ...args)` binds `fn` to
 * `thisArg` for every call upstream; here the storage calls a shared trampoline instead. `bind(ctx,
 * fn)` makes a wrapper that, upstream, allocates a closure on every call and redefines its
 * `length` with Object.defineProperty; here the wrapper is declared with the target's arity (up to
 * MAX_DECLARED_ARITY, as frameworks read `length`: express tells error handlers by it) and calls
 * through `with`. Event emitters are still bound by the upstream code (whose listeners come back
 * through this `bind`).
 */
import type { AsyncLocalStorage } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
import type { Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';

/** Wrappers up to this arity are declared with it; beyond, `length` is defined on the wrapper. */
const MAX_DECLARED_ARITY = 5;

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

function applyWith(fn: AnyFunction, thisArg: unknown, args: ArrayLike<unknown>): unknown {
  return fn.apply(thisArg, args as unknown[]);
}

export class NodeContextManager extends AsyncLocalStorageContextManager {
  /** The upstream class's own storage (private there): active(), attach() and disable() use it too. */
  private get storage(): AsyncLocalStorage<Context> {
    return (this as unknown as { _asyncLocalStorage: AsyncLocalStorage<Context> })._asyncLocalStorage;
  }

  override with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return (thisArg == null ? this.storage.run(context, fn, ...args) : this.storage.run(context, applyWith, fn as unknown as AnyFunction, thisArg, args as unknown[])) as ReturnType<F>;
  }

  override bind<T>(context: Context, target: T): T {
    // Emitters first, as upstream: a function may be an EventEmitter too.
    if (typeof target !== 'function' || target instanceof EventEmitter) return super.bind(context, target);
    return this.bindFunction(context, target as unknown as AnyFunction) as T;
  }

  private bindFunction(context: Context, target: AnyFunction): AnyFunction {
    // Straight into the storage with the caller's own `arguments` (apply takes them as they are):
    // no rest array in `with`, no copy of the arguments per call.
    const storage = this.storage;
    const run = (self: unknown, args: IArguments) => storage.run(context, applyWith, target, self, args);
    let wrapper: AnyFunction;
    // Declared parameters give the wrapper the target's `length` without redefining the property.
    switch (target.length) {
      case 0:
        wrapper = function (this: unknown) {
          return run(this, arguments);
        };
        break;
      case 1:
        wrapper = function (this: unknown, _a: unknown) {
          return run(this, arguments);
        };
        break;
      case 2:
        wrapper = function (this: unknown, _a: unknown, _b: unknown) {
          return run(this, arguments);
        };
        break;
      case 3:
        wrapper = function (this: unknown, _a: unknown, _b: unknown, _c: unknown) {
          return run(this, arguments);
        };
        break;
      case 4:
        wrapper = function (this: unknown, _a: unknown, _b: unknown, _c: unknown, _d: unknown) {
          return run(this, arguments);
        };
        break;
      case MAX_DECLARED_ARITY:
        wrapper = function (this: unknown, _a: unknown, _b: unknown, _c: unknown, _d: unknown, _e: unknown) {
          return run(this, arguments);
        };
        break;
      default:
        wrapper = function (this: unknown) {
          return run(this, arguments);
        };
        Object.defineProperty(wrapper, 'length', { enumerable: false, configurable: true, writable: false, value: target.length });
    }
    return wrapper;
  }
}
