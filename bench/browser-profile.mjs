/**
 * `node bench/browser-profile.mjs`: where the main-thread time of an instrumented fetch goes. Runs
 * the browser bench's own page and fetch loop (./browser.mjs) under Chromium's sampling profiler
 * (DevTools `Profiler` domain) for raw OpenTelemetry, ours with capture off, and ours with capture
 * on, and prints the top self-time frames per variant in µs per fetch, minified frames named
 * through the bundles' source maps (`src/…/file.ts:line`). GC and `(program)` (the renderer's own
 * native work between JS calls: networking glue, promise jobs, stream plumbing) are frames too.
 *
 *   node bench/browser-profile.mjs [--fetches=300] [--rounds=2] [--top=20]
 *
 * Not part of `npm run bench`: a profile is for reading. The profiler samples wall-clock time, so on
 * a busy machine every frame is inflated by the time the renderer waited for a core; compare shares
 * and frames within one run, not totals across runs.
 */
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import { blankEnvNamesEsbuild } from '../scripts/browser-env-names.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/ensure-chromium.mjs';
import { openVariant, startBenchServer } from './browser.mjs';
import { ROOT, WORK } from './lib/paths.mjs';
import { loadSourceMap } from './lib/source-map.mjs';
import { formatNumber, markdownTable } from './lib/stats.mjs';
import { buildBaselines, RAW_BUNDLES } from './sizes.mjs';

const PROFILED = ['raw', 'ours', 'ours-capture'];
/** Profiler sampling interval, µs: fine enough for a fetch that costs about a millisecond. */
const SAMPLING_INTERVAL_MICROS = 50;

const { values: flags } = parseArgs({
  options: {
    fetches: { type: 'string', default: '300' },
    rounds: { type: 'string', default: '2' },
    top: { type: 'string', default: '20' },
  },
});
const fetches = Number(flags.fetches);
const rounds = Number(flags.rounds);
const top = Number(flags.top);

/**
 * Our IIFE as tsup builds it, but minified by esbuild instead of terser: tsup keeps esbuild's
 * source map when terser rewrites the code, so the shipped map does not match the shipped file.
 */
const OUR_PROFILED = `${WORK}ours-profile.global.js`;
await build({
  entryPoints: [`${ROOT}platform/browser/global.ts`],
  outfile: OUR_PROFILED,
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  sourcemap: 'external',
  plugins: [blankEnvNamesEsbuild],
  logLevel: 'error',
});
await buildBaselines();

const maps = { raw: loadSourceMap(`${RAW_BUNDLES.traces.out}.map`), ours: loadSourceMap(`${OUR_PROFILED}.map`) };

/** A frame's readable name: original file:line (and name) for bundle frames, V8's name otherwise. */
function frameName({ functionName, url, lineNumber, columnNumber }) {
  const fn = functionName || '(anonymous)';
  if (!url) return fn; // V8 pseudo-frames and native builtins (fetch, clone, getReader, …)
  const bundle = url.endsWith('/sdk.js') ? maps[variantNow === 'raw' ? 'raw' : 'ours'] : undefined;
  const at = bundle?.(lineNumber, columnNumber);
  if (at) return `${at.name ?? fn} ${at.source}:${at.line}`;
  return `${fn} ${url.replace(/^.*\//, '') || '(page)'}:${lineNumber + 1}`;
}
let variantNow = '';

/** Self time in µs per frame name, summed into `into`; returns the total sampled µs that were not idle. */
function addSelfTimes(profile, into) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const nameOf = new Map();
  let busy = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    // A sample's time is the gap to the next one (the last sample gets the interval).
    const micros = i + 1 < profile.timeDeltas.length ? profile.timeDeltas[i + 1] : SAMPLING_INTERVAL_MICROS;
    let name = nameOf.get(node.id);
    if (name === undefined) nameOf.set(node.id, (name = frameName(node.callFrame)));
    if (name === '(idle)') continue;
    busy += micros;
    into.set(name, (into.get(name) ?? 0) + micros);
  }
  return busy;
}

const server = await startBenchServer({ ourScript: OUR_PROFILED });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const totals = Object.fromEntries(PROFILED.map((v) => [v, { frames: new Map(), busy: 0, fetches: 0 }]));
try {
  for (let round = 0; round < rounds; round++) {
    for (const v of PROFILED) {
      variantNow = v;
      const { context, cdp, run } = await openVariant(browser, server, v);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_MICROS });
      await cdp.send('Profiler.start');
      await run(fetches);
      const { profile } = await cdp.send('Profiler.stop');
      const t = totals[v];
      t.busy += addSelfTimes(profile, t.frames);
      t.fetches += fetches;
      await context.close();
    }
    console.error(`profile: round ${round + 1}/${rounds} done`);
  }
} finally {
  await browser.close();
  await server.close();
}

for (const v of PROFILED) {
  const t = totals[v];
  const perFetch = (micros) => micros / t.fetches;
  const rows = [...t.frames]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, micros]) => [`\`${name}\``, formatNumber(perFetch(micros), 1), `${((100 * micros) / t.busy).toFixed(1)} %`]);
  console.log(`\n#### ${v}: ${formatNumber(perFetch(t.busy), 0)} µs sampled (not idle) per fetch, ${t.fetches} fetches\n`);
  console.log(markdownTable(['self time', 'µs / fetch', 'share'], rows, ['l', 'r', 'r']));
}
