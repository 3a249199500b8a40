// Rollup build of the script-tag entry, used only to measure and visualise what the bundle is made of.
// The shipped file is still tsup's dist/browser/clickstack-otel.global.js; see README.md.
// Usable on its own (`npx rollup -c rollup-size-report/rollup.config.mjs`) or from report.mjs.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import commonjs from '@rollup/plugin-commonjs';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import { ENV_NAME_FILES, blankEnvNames } from '../scripts/browser-env-names.mjs';
import { SCRIPT_TAG_FILE, SCRIPT_TAG_SOURCE } from '../scripts/script-tag-flag.mjs';
import { visualizer } from 'rollup-plugin-visualizer';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const outDir = path.join(root, 'rollup-size-report', 'out');
export const rollupFile = path.join(outDir, 'clickstack-otel.rollup.js');
export const statsFile = path.join(outDir, 'stats.json');

const EMPTY = '\0browser-field-empty';

/**
 * Re-applies a package's object-valued `browser` field after resolution.
 * node-resolve only looks the map up by the import specifier (+ ".js"), so OpenTelemetry's
 * `export * from './platform'` (a directory import resolving to platform/index.js) misses the
 * "./build/esm/platform/index.js" key and the Node platform gets bundled. Matching on the
 * *resolved* file fixes that. Must come before node-resolve.
 */
export function browserFieldMap() {
  const pkgByDir = new Map();
  // Nearest package.json with a name (skips {"type":"module"} stubs); cached per directory.
  const ownerPackage = (dir) => {
    if (pkgByDir.has(dir)) return pkgByDir.get(dir);
    const file = path.join(dir, 'package.json');
    let found = null;
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8'));
      if (pkg.name) found = { dir, browser: typeof pkg.browser === 'object' && pkg.browser ? pkg.browser : null };
    }
    if (!found) {
      const parent = path.dirname(dir);
      found = parent === dir ? null : ownerPackage(parent);
    }
    pkgByDir.set(dir, found);
    return found;
  };

  return {
    name: 'browser-field-map',
    async resolveId(source, importer, options) {
      if (source === EMPTY) return EMPTY;
      if (!importer || source.startsWith('\0')) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved || resolved.external || !path.isAbsolute(resolved.id)) return resolved;
      const pkg = ownerPackage(path.dirname(resolved.id));
      if (!pkg?.browser) return resolved;
      const rel = './' + path.relative(pkg.dir, resolved.id).split(path.sep).join('/');
      const key = [rel, rel.replace(/\.[cm]?js$/, '')].find((k) => k in pkg.browser);
      if (key === undefined) return resolved;
      const target = pkg.browser[key];
      if (target === false) return EMPTY; // spec: `false` means "empty module in the browser"
      return this.resolve(path.resolve(pkg.dir, target), importer, { ...options, skipSelf: true });
    },
    load(id) {
      return id === EMPTY ? 'export default {};' : null;
    },
  };
}

// A Node builtin or unresolved import would become a guessed global in the IIFE: fail the build instead.
const FATAL_WARNINGS = new Set(['MISSING_NODE_BUILTINS', 'UNRESOLVED_IMPORT', 'MISSING_GLOBAL_NAME']);

export default {
  input: path.join(root, 'platform/browser/global.ts'),
  onwarn(warning, warn) {
    if (FATAL_WARNINGS.has(warning.code)) throw new Error(`${warning.code}: ${warning.message}`);
    // OpenTelemetry's own import cycles are harmless and noisy.
    if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.every((id) => id.includes('node_modules'))) return;
    warn(warning);
  },
  plugins: [
    browserFieldMap(),
    nodeResolve({ browser: true, exportConditions: ['browser'], extensions: ['.ts', '.mjs', '.js', '.json'] }),
    commonjs(),
    // Same as the shipped build (tsup.config.ts): the browser never reads env names.
    { name: 'blank-env-names', transform: (code, id) => (ENV_NAME_FILES.test(id) ? { code: blankEnvNames(code), map: null } : null) },
    // … and reads the script tag's flag (src/script-tag.ts).
    { name: 'script-tag-flag', load: (id) => (SCRIPT_TAG_FILE.test(id) ? SCRIPT_TAG_SOURCE : null) },
    esbuild({ target: 'es2020', tsconfig: path.join(root, 'tsconfig.json') }), // same target as tsup's IIFE
    terser({ ecma: 2020 }),
    // sourcemap: true => sizes are measured on the minified output, attributed via the source map.
    visualizer({
      filename: path.join(outDir, 'treemap.html'),
      template: 'treemap',
      title: 'clickstack-otel browser IIFE (rollup, minified)',
      sourcemap: true,
      projectRoot: root,
    }),
    visualizer({ filename: statsFile, template: 'raw-data', sourcemap: true, projectRoot: root }),
  ],
  output: {
    file: rollupFile,
    format: 'iife',
    name: 'ClickStack',
    sourcemap: true,
  },
};
