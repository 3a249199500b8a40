/**
 * The one wrapper around `Module._load` that library instrumentation needs, for `require` AND
 * native `import`, without an ESM loader thread.
 *
 * 1. First load: runs a callback the first time the app loads one of the given packages, just
 *    BEFORE the package's code runs, so instrumentation code is read only by apps that use the
 *    library, and only then. Once the callback has installed require-in-the-middle, a `require()`
 *    in flight is sent through `Module.prototype.require` again, so the hook just installed sees it.
 *
 * 2. `import` of a CommonJS package: every package we instrument is CommonJS (ESM-flavoured ones
 *    like pg or koa ship an `.mjs` wrapper that imports their CommonJS main). Node 20's ESM loader
 *    runs such a module through its `commonjs` translator, which calls
 *    `Module._load(filename, undefined, isMain)`: no parent, an absolute path
 *    (`/…/node_modules/express/index.js`), and `Module.prototype.require` is skipped, so
 *    require-in-the-middle never sees it. This wrapper re-issues that load as a `require()` of
 *    the same file, so require-in-the-middle patches it exactly as for a CommonJS app, and stores
 *    the patched exports on the module the translator reads its named and default exports from.
 *    That is what import-in-the-middle's loader hook did, without its loader thread
 *    (~60–90 ms of start-up on a 2-core machine) or its per-module source parsing.
 *
 * With nothing left to wait for, the wrapper costs one `parent == null` test per load.
 * `stop()` removes it if no one has wrapped `_load` since.
 */
import Module from 'node:module';

type LoadFn = (this: unknown, request: string, parent: unknown, isMain: boolean) => unknown;
interface LoadedModule {
  exports: unknown;
  loaded: boolean;
}
interface ModuleInternals {
  _load: LoadFn;
  _cache: Record<string, LoadedModule | undefined>;
  _resolveFilename(request: string, parent: unknown): string;
  prototype: { require(this: unknown, id: string): unknown };
  new (id: string, parent?: unknown): LoadedModule;
}

const NODE_MODULES = '/node_modules/';
/** The `require()` parent of re-issued ESM loads (a module that loads nothing else). */
const BRIDGE_ID = 'clickstack-otel:esm-import';

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

/** Node 20 marks the module its CommonJS translator creates (and loads later) with this symbol. */
function isEsmPlaceholder(module: object): boolean {
  for (const key of Object.getOwnPropertySymbols(module)) {
    if (key.description === 'kIsCachedByESMLoader') return (module as Record<symbol, unknown>)[key] === true;
  }
  return false;
}

export function onFirstLoad(packages: ReadonlyMap<string, () => void>): () => void {
  if (!packages.size) return () => {};
  const pending = new Map(packages);
  const hooked = new Set(packages.keys());
  const M = Module as unknown as ModuleInternals;
  const original = M._load;
  let bridge: LoadedModule | undefined;

  /** An `import`ed CommonJS file of a hooked package, loaded through `require` (see 2. above). */
  const requireForImport = (filename: string): unknown => {
    // The translator put an unloaded module in the cache and reads its exports after this call,
    // preferring a snapshot that `Module.prototype.load` takes before require-in-the-middle patches.
    // So the file is loaded as a module of its own and the translator's module gets the patched
    // exports, with no snapshot of its own.
    const forImport = M._cache[filename];
    if (forImport?.loaded === false) delete M._cache[filename];
    bridge ??= new M(BRIDGE_ID, null);
    let exports: unknown;
    try {
      exports = M.prototype.require.call(bridge, filename);
    } finally {
      if (forImport && !M._cache[filename]) M._cache[filename] = forImport;
    }
    if (forImport?.loaded === false && M._cache[filename] !== forImport) {
      forImport.exports = exports;
      forImport.loaded = true;
    }
    return exports;
  };

  /**
   * A hooked package `require`d (by a CommonJS dependency, say) before the app's `import` of it
   * runs: require-in-the-middle hands the caller the patched exports but leaves the original in
   * `require.cache`, and that, or the translator's module if the `import` was already linked, is
   * what the `import` reads. Installed around require-in-the-middle's hook once it exists, this
   * keeps the patched exports where an `import` looks.
   */
  let innerRequire: ((this: unknown, id: string) => unknown) | undefined;
  const loading = new Set<string>();
  const requireKeepingPatch = function requireKeepingPatch(this: unknown, id: string): unknown {
    const pkg = typeof id === 'string' ? packageOf(id) : undefined;
    if (pkg === undefined || !hooked.has(pkg)) return innerRequire!.call(this, id);
    let filename: string | undefined;
    let forImport: LoadedModule | undefined;
    try {
      filename = M._resolveFilename(id, this);
      const cached = M._cache[filename];
      // Linked by the ESM loader, not loaded yet (and not a circular require of a file loading now).
      if (cached && !cached.loaded && !loading.has(filename) && isEsmPlaceholder(cached)) {
        forImport = cached;
        delete M._cache[filename];
      }
    } catch {
      // Unresolvable: the require below throws the app's own error.
    }
    if (filename === undefined) return innerRequire!.call(this, id);
    loading.add(filename);
    let exports: unknown;
    try {
      exports = innerRequire!.call(this, id);
    } finally {
      loading.delete(filename);
      if (forImport && !M._cache[filename]) M._cache[filename] = forImport;
    }
    const cached = M._cache[filename];
    if (forImport && cached !== forImport) {
      forImport.exports = exports;
      forImport.loaded = true;
    }
    if (cached && cached !== forImport && cached.loaded && cached.exports !== exports) {
      // A copy of the module, own symbols included: require-in-the-middle keeps its record of
      // what it patched on the cached module, and must find it there on the next require.
      M._cache[filename] = Object.assign(new M(filename, null), cached, { exports });
    }
    return exports;
  };
  const keepPatchesInCache = () => {
    if (innerRequire) return;
    innerRequire = M.prototype.require;
    M.prototype.require = requireKeepingPatch;
  };

  const wrapped: LoadFn = function loadWatchingPackages(this: unknown, request, parent, isMain) {
    // `parent == null && !isMain`: only the ESM loader's CommonJS translator loads that way.
    const fromImport = parent == null && !isMain;
    if ((pending.size || fromImport) && typeof request === 'string') {
      const pkg = packageOf(request);
      if (pkg !== undefined && hooked.has(pkg)) {
        const trigger = pending.get(pkg);
        if (trigger) {
          // Every package mapped to this trigger is served by the same instrumentation.
          for (const [name, t] of pending) if (t === trigger) pending.delete(name);
          trigger();
          keepPatchesInCache();
        }
        if (fromImport) return requireForImport(request);
        // A `require()` (it has a parent): go through the require-in-the-middle hook now in place.
        if (trigger && parent && !isMain) return M.prototype.require.call(parent, request);
      }
    }
    return original.call(this, request, parent, isMain);
  };
  M._load = wrapped;
  return () => {
    pending.clear();
    hooked.clear();
    if (M._load === wrapped) M._load = original;
    if (innerRequire && M.prototype.require === requireKeepingPatch) M.prototype.require = innerRequire;
  };
}
