/**
 * `node --import clickstack-otel/register app.mjs` (also for CommonJS apps, and in NODE_OPTIONS).
 *
 * Loads the CommonJS preload with `require` rather than `import`: Node's ESM loader would run its
 * CommonJS export scanner over every file of the SDK's dependency graph, a large share of the
 * start-up cost. Either way it is one SDK instance per process (the state lives on a global symbol).
 *
 * No ESM loader hook (`module.register`): every library we instrument is CommonJS, and Node 20
 * loads an `import`ed CommonJS module through `Module._load`, where ./libs/first-load.ts hands it
 * to require-in-the-middle. A loader hook would cost a loader thread (~60–90 ms of start-up on a
 * 2-core machine) plus import-in-the-middle's parsing of each hooked module, for the same result.
 */
import { createRequire } from 'node:module';

createRequire(import.meta.url)('./register.cjs');
