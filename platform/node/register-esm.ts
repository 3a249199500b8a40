/**
 * `node --import clickstack-otel/register app.mjs` (also for CommonJS apps, and in NODE_OPTIONS).
 *
 * Loads the CommonJS preload with `require` rather than `import`: Node's ESM loader would run its
 * CommonJS export scanner over every file of the SDK's dependency graph, a large share of the
 * start-up cost. Either way it is one SDK instance per process (the state lives on a global symbol).
 *
 * Then, when library instrumentations are running, registers import-in-the-middle's loader hook
 * so that libraries the app loads with a native `import` are patched too (require-in-the-middle
 * only sees `require`). The hook intercepts just the modules those instrumentations name: every
 * other import goes through Node's loader untouched, and an app without such libraries gets no
 * loader thread at all.
 */
import { createRequire, register } from 'node:module';

const HOOKED_MODULES_KEY = Symbol.for('clickstack-otel.hooked-modules');

createRequire(import.meta.url)('./register.cjs');

const include = (globalThis as { [HOOKED_MODULES_KEY]?: string[] })[HOOKED_MODULES_KEY] ?? [];
if (include.length) {
  try {
    register('import-in-the-middle/hook.mjs', import.meta.url, { data: { include } });
  } catch (error) {
    // Never fatal: CommonJS `require`s are still patched.
    console.warn('[clickstack-otel] could not register the ESM loader hook; libraries loaded with `import` are not instrumented.', String(error));
  }
}
