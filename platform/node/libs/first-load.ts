/**
 * Runs a callback the first time the app loads one of the given packages, just BEFORE the package's
 * code runs, so instrumentation code is read only by apps that use the library, and only then.
 *
 * One wrapper around `Module._load`, the step every CommonJS load goes through: `require('pg')`
 * (bare specifier) and the ESM loader's load of a CommonJS package (`import express from
 * 'express'` arrives as `/…/node_modules/express/index.js`). Once the callback has installed
 * require-in-the-middle, a `require()` in flight is sent through `Module.prototype.require` again,
 * so the hook that was just installed sees it. With nothing left to wait for, the wrapper is a
 * single size check per load; `stop()` removes it if no one has wrapped `_load` since.
 */
import Module from 'node:module';

type LoadFn = (this: unknown, request: string, parent: unknown, isMain: boolean) => unknown;
interface ModuleInternals {
  _load: LoadFn;
  prototype: { require(this: unknown, id: string): unknown };
}

const NODE_MODULES = '/node_modules/';

/** `express` from `express`, `express/lib/x`, `/app/node_modules/express/index.js`; `@a/b` for scopes. */
export function packageOf(request: string): string | undefined {
  let rest: string;
  const first = request.charCodeAt(0);
  if (first === 0x2e /* . */ || request.startsWith('node:')) return undefined;
  if (first === 0x2f /* / */ || request.includes('\\') || /^[A-Za-z]:/.test(request)) {
    const path = request.replace(/\\/g, '/');
    const at = path.lastIndexOf(NODE_MODULES);
    if (at === -1) return undefined;
    rest = path.slice(at + NODE_MODULES.length);
  } else {
    rest = request;
  }
  const parts = rest.split('/', 2);
  return rest.startsWith('@') ? (parts.length === 2 ? `${parts[0]}/${parts[1]}` : undefined) : parts[0];
}

export function onFirstLoad(packages: ReadonlyMap<string, () => void>): () => void {
  const pending = new Map(packages);
  if (!pending.size) return () => {};
  const M = Module as unknown as ModuleInternals;
  const original = M._load;
  const wrapped: LoadFn = function loadWatchingPackages(this: unknown, request, parent, isMain) {
    if (pending.size && typeof request === 'string') {
      const pkg = packageOf(request);
      const trigger = pkg === undefined ? undefined : pending.get(pkg);
      if (trigger) {
        // Every package mapped to this trigger is served by the same instrumentation.
        for (const [name, t] of pending) if (t === trigger) pending.delete(name);
        trigger();
        // A `require()` (it has a parent): go through the require-in-the-middle hook now in place.
        if (parent && !isMain) return M.prototype.require.call(parent, request);
      }
    }
    return original.call(this, request, parent, isMain);
  };
  M._load = wrapped;
  return () => {
    pending.clear();
    if (M._load === wrapped) M._load = original;
  };
}
