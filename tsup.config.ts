import { existsSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';
import { blankEnvNamesEsbuild } from './scripts/browser-env-names.mjs';
import { inlineApiEnumsEsbuild } from './scripts/api-enums.mjs';
import { scriptTagFlagEsbuild } from './scripts/script-tag-flag.mjs';

// TS 6 deprecates `baseUrl`, which tsup 8.5.1's declaration build injects (TS5101).
const dts = { compilerOptions: { ignoreDeprecations: '6.0' } };
const common: Options = { sourcemap: true, treeshake: true, clean: false, splitting: false };

/**
 * Start-up time: the OpenTelemetry SDK and exporter packages are bundled (tree-shaken from their
 * ESM builds) into the Node entrypoints, so a preload reads one file instead of ~230 small ones.
 * Only the API stays external: it is a peer dependency whose one copy the app shares.
 */
const NODE_BUNDLED = [
  '@opentelemetry/context-async-hooks',
  '@opentelemetry/core',
  '@opentelemetry/resources',
  '@opentelemetry/sdk-trace',
  '@opentelemetry/sdk-trace-base',
  '@opentelemetry/sdk-trace-node',
  '@opentelemetry/semantic-conventions',
  '@opentelemetry/exporter-trace-otlp-http',
  '@opentelemetry/exporter-trace-otlp-proto',
  '@opentelemetry/otlp-exporter-base',
  '@opentelemetry/otlp-transformer',
  '@opentelemetry/sdk-logs',
  '@opentelemetry/sdk-metrics',
  '@opentelemetry/api-logs',
  'protobufjs',
];
/**
 * Library instrumentations (platform/node/libs/): each its own file, dist/node/libs/<name>.cjs,
 * with @opentelemetry/instrumentation and the rest in shared chunks, so an app loads only the
 * instrumentations for libraries it has. The module hooks stay external (dependencies): one
 * require-in-the-middle (and the import-in-the-middle that @opentelemetry/instrumentation loads)
 * per process, shared by every instrumentation.
 * `winston-transport` is the app's own (winston depends on it).
 */
const LIBS = ['express', 'fastify', 'koa', 'pg', 'mysql2', 'mongodb', 'ioredis', 'redis', 'graphql', 'pino', 'winston'];
const LIBS_BUNDLED = [
  ...NODE_BUNDLED,
  '@opentelemetry/instrumentation',
  /^@opentelemetry\/instrumentation-/,
  '@opentelemetry/winston-transport',
  '@opentelemetry/redis-common',
  '@opentelemetry/sql-common',
  '@fastify/otel',
  'minimatch',
];

const node: Options = {
  ...common,
  outDir: 'dist/node',
  platform: 'node',
  target: 'node20',
  dts,
  noExternal: NODE_BUNDLED,
  // platform/node/libs/catalog.ts loads these at run time, only for installed libraries.
  external: [/^\.\/libs\/[a-z0-9]+\.cjs$/],
  // Some bundled packages are CommonJS and `require('@opentelemetry/api')`; ESM output needs a `require`.
  banner: ({ format }) =>
    format === 'esm' ? { js: "import { createRequire as __csCreateRequire } from 'node:module';\nconst require = __csCreateRequire(import.meta.url);" } : undefined,
  esbuildOptions(options) {
    options.mainFields = ['module', 'main'];
    // The maps still point at the original files; embedding the bundled packages' sources
    // would add ~1.3 MB to every install.
    options.sourcesContent = false;
  },
};

export default defineConfig([
  {
    ...node,
    name: 'node',
    entry: { index: 'platform/node/index.ts' },
    format: ['esm', 'cjs'],
  },
  {
    // The preload's CommonJS half (`--require`), which the ESM half (`--import`) loads too.
    ...node,
    name: 'node-register-cjs',
    entry: { register: 'platform/node/register.ts' },
    format: ['cjs'],
    external: ['./index.cjs'],
  },
  {
    ...node,
    name: 'node-register-esm',
    entry: { register: 'platform/node/register-esm.ts' },
    format: ['esm'],
    banner: undefined,
  },
  {
    ...node,
    name: 'node-libs',
    entry: Object.fromEntries(LIBS.map((lib) => [`libs/${lib}`, `platform/node/libs/entries/${lib}.ts`])),
    format: ['cjs'],
    splitting: true,
    dts: false,
    noExternal: LIBS_BUNDLED,
    external: ['require-in-the-middle', 'import-in-the-middle', 'winston-transport'],
  },
  {
    // `clickstack-instrument` (package.json "bin").
    ...node,
    name: 'node-runner',
    entry: { runner: 'platform/node/runner.ts' },
    format: ['esm'],
    banner: undefined,
    dts: false,
  },
  {
    // `clickstack-otel dev` (package.json "bin") and its module API (dist/node/dev.js, for the demo).
    // Its own files: init()/register never load them. chdb is the app's own (devDependency), if any.
    ...node,
    name: 'node-dev',
    entry: {
      cli: 'platform/node/dev/cli.ts',
      dev: 'platform/node/dev/index.ts',
      // `--clickhouse`: the ClickStack store (branch clickhouse), loaded by cli.js only with that flag.
      ...(existsSync('platform/node/dev/clickstack-store.ts') ? { 'clickstack-store': 'platform/node/dev/clickstack-store.ts' } : {}),
    },
    format: ['esm'],
    banner: undefined,
    dts: false,
    external: ['chdb', /^\.\/clickstack-store\.js$/],
  },
  {
    ...common,
    name: 'browser',
    // `clickstack-otel/web-vitals` is an entry of its own: the opt-in stays out of `index`.
    entry: { index: 'platform/browser/index.ts', 'web-vitals': 'platform/browser/web-vitals.ts' },
    outDir: 'dist/browser',
    platform: 'browser',
    target: 'es2020',
    format: ['esm', 'cjs'],
    dts,
    esbuildPlugins: [blankEnvNamesEsbuild],
  },
  {
    // Edge runtimes (`edge-light`, `workerd` conditions): the fetch-based pipeline without the page.
    // Self-contained but for the API (the app's peer): its edge bundler need not honour
    // @opentelemetry/core's `browser` field to keep Node's `util` out.
    ...common,
    name: 'edge',
    entry: { index: 'platform/edge/index.ts' },
    outDir: 'dist/edge',
    platform: 'browser',
    target: 'es2022',
    format: ['esm', 'cjs'],
    dts,
    noExternal: ['@opentelemetry/core', '@opentelemetry/api-logs'],
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
    // terser ships ~6% fewer brotli bytes than esbuild's minifier here. Five passes (where its
    // output stops changing; 3 → 5 saved 68 B brotli on 2026-12-08), inlining only simple functions
    // (`inline: 1`: fewer copies of a body) and function declarations hoisted to the top of their
    // scope save another ~200 B brotli; all of them keep semantics.
    minify: 'terser',
    terserOptions: { ecma: 2020, compress: { passes: 5, inline: 1, hoist_funs: true } },
    // esbuild's syntax minification first still saves terser ~1% (it lowers some patterns terser keeps).
    // Property names with a leading underscore are private fields (LightSpan's `_limits`, the API's
    // `_delegate`, `_currentContext`, …): one letter each here, ~70 B brotli. Only this bundle reads
    // them (other copies of the API on the page call the public methods of the objects it
    // registers, and the add-on scripts use only `addonHost`); nothing reads them by string.
    esbuildOptions(options) {
      options.minifySyntax = true;
      options.mangleProps = /^_[a-z]/;
    },
    noExternal: [/.*/],
    metafile: true,
    // The API's enum members (and core's ExportResultCode) inlined (scripts/api-enums.mjs): ~240 B
    // brotli less. SCRIPT_TAG is true here (scripts/script-tag-flag.mjs, src/script-tag.ts): the code
    // for hooks and settings this platform lacks goes, ~320 B.
    esbuildPlugins: [blankEnvNamesEsbuild, inlineApiEnumsEsbuild, scriptTagFlagEsbuild],
  },
  {
    // The web-vitals add-on `<script>`, loaded beside the main one; not in the default IIFE.
    ...common,
    name: 'iife-web-vitals',
    entry: { 'clickstack-otel-web-vitals': 'platform/browser/web-vitals-global.ts' },
    outDir: 'dist/browser',
    platform: 'browser',
    target: 'es2020',
    format: ['iife'],
    minify: true,
    noExternal: [/.*/],
    esbuildPlugins: [inlineApiEnumsEsbuild],
  },
  {
    // `clickstack-otel/replay` (session replay, opt-in): an entry of its own, rrweb bundled in
    // (a devDependency, so installs stay small); `@opentelemetry/api` stays the app's (peer).
    ...common,
    name: 'browser-replay',
    entry: { replay: 'platform/browser/replay.ts' },
    outDir: 'dist/browser',
    platform: 'browser',
    target: 'es2020',
    format: ['esm', 'cjs'],
    dts,
    noExternal: ['@rrweb/record'],
    esbuildPlugins: [blankEnvNamesEsbuild],
    // Maps without rrweb's embedded sources: ~0.6 MB less in every install, still pointing at the files.
    esbuildOptions(options) {
      options.sourcesContent = false;
    },
  },
  {
    // The session-replay add-on `<script>`, loaded beside the main one; not in the default IIFE.
    ...common,
    name: 'iife-replay',
    entry: { 'clickstack-otel-replay': 'platform/browser/replay-global.ts' },
    outDir: 'dist/browser',
    platform: 'browser',
    target: 'es2020',
    format: ['iife'],
    // terser saves ~1.5 KB brotli over esbuild's minifier on rrweb.
    minify: 'terser',
    terserOptions: { ecma: 2020, compress: { passes: 2 } },
    noExternal: [/.*/],
    esbuildPlugins: [inlineApiEnumsEsbuild],
    esbuildOptions(options) {
      options.sourcesContent = false;
    },
  },
]);
