// `npm run size`: bundle-size report and budget gate for the script-tag build.
// 1. builds the same entry with rollup (rollup.config.mjs) for a per-package breakdown + treemap;
// 2. measures the SHIPPED tsup IIFE (what users load) and fails if it exceeds budget.json.
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { rollup } from 'rollup';
import { compressedSizes } from './compressed-size.mjs';
import config, { outDir, root, statsFile } from './rollup.config.mjs';

const started = performance.now();
const rel = (p) => path.relative(root, p);
const fail = (msg) => {
  console.error(`\nsize: FAIL - ${msg}`);
  process.exit(1);
};

const SHIPPED = path.join(root, 'dist/browser/clickstack-otel.global.js');
const METAFILE = path.join(root, 'dist/browser/metafile-iife.json');
const BUDGET = path.join(root, 'rollup-size-report/budget.json');
const OWN = 'clickstack-otel (own code)';

if (!existsSync(SHIPPED)) fail(`${rel(SHIPPED)} not found - run npm run build first`);

// Sources edited after the last build make the numbers below describe old code.
const newestSource = (dir) =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .reduce((t, e) => Math.max(t, statSync(path.join(e.parentPath, e.name)).mtimeMs), 0);
if (Math.max(newestSource(path.join(root, 'src')), newestSource(path.join(root, 'platform'))) > statSync(SHIPPED).mtimeMs) {
  console.warn('size: warning - src/ or platform/ changed after dist/ was built; run npm run build for current numbers');
}

/** Bytes as shipped, gzip -9, brotli q11 in text mode. */
const measure = (file) => ({ file: rel(file), ...compressedSizes(file) });

/** Module id (root-relative, or absolute) -> npm package name, or OWN for src/ + platform/. */
function packageOf(id) {
  const p = id.replaceAll('\\', '/');
  const nm = p.lastIndexOf('node_modules/');
  if (nm !== -1) {
    const [scope, name] = p.slice(nm + 'node_modules/'.length).split('/');
    return scope.startsWith('@') ? `${scope}/${name}` : scope;
  }
  if (p.startsWith('\0')) return '(bundler helpers)';
  const local = path.isAbsolute(p) ? rel(p).replaceAll('\\', '/') : p;
  return /^(src|platform)\//.test(local) ? OWN : `(other) ${local}`;
}

// Node-only code that must never be in a browser bundle (the browser-field pitfall, see rollup.config.mjs).
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const isNodeOnly = (id) =>
  builtins.has(id) ||
  /(^|\/)platform\/node\/|(^|\/)(require|import)-in-the-middle\//.test(rel(id.replace(/^\0/, '')).replaceAll('\\', '/'));

// --- 1. rollup build ------------------------------------------------------------------------------
mkdirSync(outDir, { recursive: true });
const { output: outputOptions, ...inputOptions } = config;
let output;
try {
  const bundle = await rollup(inputOptions);
  ({ output } = await bundle.write(outputOptions));
  await bundle.close();
} catch (e) {
  fail(`rollup build failed: ${e.message}` + (/builtin|external module/i.test(e.message) ? '\n  (Node-only code reached the browser bundle; see browserFieldMap in rollup.config.mjs)' : ''));
}
const chunk = output.find((o) => o.type === 'chunk');
const leaked = [...Object.keys(chunk.modules), ...chunk.imports].filter(isNodeOnly);
if (leaked.length) fail(`rollup bundle contains Node-only code:\n  ${leaked.map((id) => rel(id.replace(/^\0/, ''))).join('\n  ')}`);

// --- 2. per-package breakdown (visualizer raw-data: sizes measured on minified code via source map) ---
const stats = JSON.parse(readFileSync(statsFile, 'utf8'));
const rollupBytes = {};
for (const part of Object.values(stats.nodeParts)) {
  const pkg = packageOf(stats.nodeMetas[part.metaUid].id);
  rollupBytes[pkg] = (rollupBytes[pkg] ?? 0) + part.renderedLength;
}
const rollupTotal = Buffer.byteLength(chunk.code);
const attributed = Object.values(rollupBytes).reduce((a, b) => a + b, 0);
rollupBytes['(wrapper, unmapped)'] = rollupTotal - attributed;

// Cross-check against the shipped build's esbuild metafile (bytesInOutput, before tsup's IIFE wrapping).
const shippedBytes = {};
if (existsSync(METAFILE)) {
  const meta = JSON.parse(readFileSync(METAFILE, 'utf8'));
  const out = Object.entries(meta.outputs).find(([k]) => k.endsWith('.global.js'))?.[1];
  const inputs = Object.entries(out?.inputs ?? {});
  const leakedShipped = inputs.map(([id]) => id).filter(isNodeOnly);
  if (leakedShipped.length) fail(`SHIPPED bundle contains Node-only code:\n  ${leakedShipped.join('\n  ')}`);
  for (const [id, { bytesInOutput }] of inputs) {
    const pkg = packageOf(id);
    shippedBytes[pkg] = (shippedBytes[pkg] ?? 0) + bytesInOutput;
  }
}

const shipped = measure(SHIPPED);
if (Object.keys(shippedBytes).length) {
  // tsup hands the IIFE to terser after esbuild, so the metafile counts esbuild's (unminified)
  // bytes; scale them to the shipped size so the column stays comparable with rollup's.
  const esbuildTotal = Object.values(shippedBytes).reduce((a, b) => a + b, 0);
  if (esbuildTotal > shipped.min) {
    for (const pkg of Object.keys(shippedBytes)) shippedBytes[pkg] = Math.round((shippedBytes[pkg] * shipped.min) / esbuildTotal);
  }
  shippedBytes['(wrapper, unmapped)'] = shipped.min - Object.values(shippedBytes).reduce((a, b) => a + b, 0);
}

const packages = Object.keys({ ...rollupBytes, ...shippedBytes })
  .map((name) => ({
    package: name,
    rollupBytes: rollupBytes[name] ?? 0,
    rollupShare: +((rollupBytes[name] ?? 0) / rollupTotal).toFixed(4),
    shippedBytes: shippedBytes[name] ?? null, // esbuild metafile; null if absent there
  }))
  .sort((a, b) => b.rollupBytes - a.rollupBytes);
writeFileSync(path.join(outDir, 'per-package.json'), JSON.stringify(packages, null, 2) + '\n');

// --- 3. sizes + budget ----------------------------------------------------------------------------
const rollupSizes = measure(outputOptions.file);
if (!existsSync(BUDGET)) fail(`${rel(BUDGET)} missing (expected {"min","gzip","brotli"} byte limits)`);
const budget = JSON.parse(readFileSync(BUDGET, 'utf8'));
const over = ['min', 'gzip', 'brotli'].filter((k) => shipped[k] > budget[k]);

const seconds = +((performance.now() - started) / 1000).toFixed(1);
const report = { shipped, rollup: rollupSizes, budget, withinBudget: over.length === 0, seconds, packages };
writeFileSync(path.join(outDir, 'report.json'), JSON.stringify(report, null, 2) + '\n');

// --- 4. print ----------------------------------------------------------------------------------
const kb = (n) => (n == null ? '-' : (n / 1024).toFixed(1).padStart(7));
const TOP = 12;
console.log(`\n${'package'.padEnd(48)} ${'rollup KiB'.padStart(10)} ${'%'.padStart(5)} ${'tsup KiB'.padStart(9)}`);
const row = (name, r, s) =>
  console.log(`${name.padEnd(48)} ${kb(r).padStart(10)} ${((100 * r) / rollupTotal).toFixed(1).padStart(5)} ${kb(s).padStart(9)}`);
for (const p of packages.slice(0, TOP)) row(p.package, p.rollupBytes, p.shippedBytes);
const rest = packages.slice(TOP);
if (rest.length) {
  const sum = (k) => rest.reduce((a, p) => a + (p[k] ?? 0), 0);
  row(`(${rest.length} more, see out/per-package.json)`, sum('rollupBytes'), sum('shippedBytes'));
}
console.log('\n' + 'file'.padEnd(48) + ['min', 'gzip', 'brotli'].map((k) => k.padStart(9)).join(' '));
for (const s of [shipped, rollupSizes]) console.log(s.file.padEnd(48) + [s.min, s.gzip, s.brotli].map((n) => String(n).padStart(9)).join(' '));
console.log('budget (shipped)'.padEnd(48) + [budget.min, budget.gzip, budget.brotli].map((n) => String(n).padStart(9)).join(' '));
console.log(`\ntreemap: ${rel(path.join(outDir, 'treemap.html'))}  (${seconds}s)`);

if (over.length) {
  fail(`shipped IIFE over budget: ${over.map((k) => `${k} ${shipped[k]} > ${budget[k]} (+${shipped[k] - budget[k]} B)`).join(', ')}\n` +
    `  Inspect rollup-size-report/out/treemap.html; raise ${rel(BUDGET)} only if the growth is intended.`);
}
// --- 5. add-on <script> files (addon-budgets.json: name -> file + limits), never part of the default IIFE ---
const ADDON_BUDGETS = path.join(root, 'rollup-size-report/addon-budgets.json');
if (existsSync(ADDON_BUDGETS)) {
  const addonOver = [];
  for (const [name, { file, ...limits }] of Object.entries(JSON.parse(readFileSync(ADDON_BUDGETS, 'utf8')))) {
    const abs = path.join(root, file);
    if (!existsSync(abs)) fail(`${file} (${name}) not found - run npm run build first`);
    const s = measure(abs);
    console.log(`${name} ${file}`.padEnd(48) + [s.min, s.gzip, s.brotli].map((n) => String(n).padStart(9)).join(' '));
    console.log(`budget (${name})`.padEnd(48) + [limits.min, limits.gzip, limits.brotli].map((n) => String(n).padStart(9)).join(' '));
    for (const k of ['min', 'gzip', 'brotli']) if (s[k] > limits[k]) addonOver.push(`${name} ${k} ${s[k]} > ${limits[k]} (+${s[k] - limits[k]} B)`);
  }
  if (addonOver.length) fail(`add-on over budget: ${addonOver.join(', ')}\n  raise ${rel(ADDON_BUDGETS)} only if the growth is intended.`);
}
console.log('size: OK - within budget');
