/**
 * `node --import clickstack-otel/register app.mjs` (also for CommonJS apps, and in NODE_OPTIONS).
 *
 * Loads the CommonJS preload with `require` rather than `import`: Node's ESM loader would run its
 * CommonJS export scanner over every file of the SDK's dependency graph, a large share of the
 * start-up cost. Either way it is one SDK instance per process (the state lives on a global symbol).
 *
 * Then, for an ES-module app that has libraries we instrument installed, registers
 * import-in-the-middle's loader hook so that libraries loaded with a native `import` are patched
 * too (require-in-the-middle only sees `require`). The hook intercepts just those packages: every
 * other import goes through Node's loader untouched. CommonJS apps, and apps without such
 * libraries, get no loader thread at all (./libs/entry-format.ts).
 */
import { createRequire, register } from 'node:module';
import { entryIsEsm } from './libs/entry-format';

const HOOKED_MODULES_KEY = Symbol.for('clickstack-otel.hooked-modules');

createRequire(import.meta.url)('./register.cjs');

const include = (globalThis as { [HOOKED_MODULES_KEY]?: string[] })[HOOKED_MODULES_KEY] ?? [];
if (include.length && entryIsEsm(process.argv[1])) {
  try {
    register('import-in-the-middle/hook.mjs', import.meta.url, { data: { include } });
  } catch (error) {
    // Never fatal: CommonJS `require`s are still patched.
    console.warn('[clickstack-otel] could not register the ESM loader hook; libraries loaded with `import` are not instrumented.', String(error));
  }
}
