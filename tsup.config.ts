import { defineConfig, type Options } from 'tsup';

// TS 6 deprecates `baseUrl`, which tsup 8.5.1's declaration build injects (TS5101).
const dts = { compilerOptions: { ignoreDeprecations: '6.0' } };
const common: Options = { sourcemap: true, treeshake: true, clean: false, splitting: false };

export default defineConfig([
  {
    ...common,
    name: 'node',
    entry: { index: 'platform/node/index.ts', register: 'platform/node/register.ts' },
    outDir: 'dist/node',
    platform: 'node',
    target: 'node20',
    format: ['esm', 'cjs'],
    dts,
  },
  {
    ...common,
    name: 'browser',
    entry: { index: 'platform/browser/index.ts' },
    outDir: 'dist/browser',
    platform: 'browser',
    target: 'es2020',
    format: ['esm', 'cjs'],
    dts,
  },
  {
    ...common,
    name: 'iife',
    entry: { 'clickstack-otel': 'platform/browser/global.ts' },
    outDir: 'dist/browser',
    platform: 'browser',
    target: 'es2020',
    format: ['iife'],
    // No globalName: platform/browser/global.ts assigns window.ClickStack itself (API + queue function).
    minify: true,
    noExternal: [/.*/],
    metafile: true,
  },
]);
