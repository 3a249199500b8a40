import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'platform/**/*.test.ts', 'bench/**/*.test.mjs', 'scripts/**/*.test.mjs'],
    environment: 'node',
    // Unit tests run from source, where the per-library bundles (dist/node/libs/*.cjs) do not
    // exist; the repo's devDependencies (express, pino, …) would otherwise make init() try them.
    // Library instrumentation is tested on the packed tarball in e2e/cases/node-libs.
    env: { OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,undici' },
  },
});
