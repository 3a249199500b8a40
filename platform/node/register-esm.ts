/**
 * `node --import clickstack-otel/register app.mjs` (also for CommonJS apps, and in NODE_OPTIONS).
 *
 * Loads the CommonJS preload with `require` rather than `import`: Node's ESM loader would run its
 * CommonJS export scanner over every file of the SDK's dependency graph, a large share of the
 * start-up cost. Either way it is one SDK instance per process (the state lives on a global symbol).
 */
import { createRequire } from 'node:module';

createRequire(import.meta.url)('./register.cjs');
