/**
 * `npm run bench`: measures clickstack-otel against raw OpenTelemetry baselines built and run in
 * this same command, on this machine, and prints one table per section with the ratio and the
 * project's target. It reports; it never fails on a missed target (exit 1 only if it crashed).
 *
 *   npm run bench                   full run (a few minutes)
 *   npm run bench -- --quick        small N and short durations, for a smoke run
 *   npm run bench -- --only=sizes,browser,replay,startup,throughput,memory,compression
 *   npm run bench -- --memory-seconds=60 --no-build
 *   npm run bench -- --only=throughput --throughput-rounds=7   # more interleaved rounds on a noisy machine
 *   npm run bench -- --only=throughput,browser --compare=../old/dist   # an older build's rows beside ours
 *   npm run bench -- --only=instructions   # opt-in: the throughput servers' instructions per request (valgrind)
 *
 * Writes bench/results/latest.json (every sample) and bench/results/latest.md (the tables); quick or
 * partial runs write partial.json/partial.md instead, so they never replace a full run's results.
 */
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { addComparedBrowserBuild, browserTable, runBrowser } from './browser.mjs';
import { compressionTable, runCompression } from './compression.mjs';
import { OUR_IIFE, RESULTS, ROOT } from './lib/paths.mjs';
import { memoryTable, runMemory } from './node-memory.mjs';
import { replayTable, runReplay } from './replay.mjs';
import { addComparedBuild } from './lib/node-variants.mjs';
import { runStartup, startupTable } from './node-startup.mjs';
import { instructionsTable, runInstructions } from './node-instructions.mjs';
import { runThroughput, throughputTable } from './node-throughput.mjs';
import { runSizes, sizesTable } from './sizes.mjs';

const SECTIONS = ['sizes', 'browser', 'replay', 'startup', 'throughput', 'memory', 'compression'];
/** Sections that run only when named in `--only` (slow, and need tools a full run does not assume). */
const OPT_IN = ['instructions'];

/** Full-run settings; `--quick` shrinks them to a smoke run. */
const FULL = {
  browser: { fetches: 300, rounds: 5 },
  replay: { rounds: 3, stormSeconds: 8 },
  startup: { runs: 20, exitRuns: 5 },
  throughput: { seconds: 5, warmupRequests: 20_000, rounds: 3 },
  memory: { seconds: 30, warmupSeconds: 2 },
  compression: { batch: 512, rounds: 5, repeats: 4 },
  instructions: { warmupRequests: 20_000, requests: 6_000 },
};
const QUICK = {
  browser: { fetches: 50, rounds: 1 },
  replay: { rounds: 1, stormSeconds: 8 },
  startup: { runs: 5, exitRuns: 2 },
  throughput: { seconds: 2, warmupRequests: 3_000, rounds: 1 },
  memory: { seconds: 5, warmupSeconds: 1 },
  compression: { batch: 512, rounds: 2, repeats: 2 },
  instructions: { warmupRequests: 3_000, requests: 300 },
};

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    'memory-seconds': { type: 'string' },
    'throughput-rounds': { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    compare: { type: 'string' },
  },
});
const settings = structuredClone(flags.quick ? QUICK : FULL);
if (flags['memory-seconds']) settings.memory.seconds = Number(flags['memory-seconds']);
if (flags['throughput-rounds']) settings.throughput.rounds = Number(flags['throughput-rounds']);
if (flags.compare) {
  addComparedBuild(path.resolve(flags.compare), flags.compare);
  addComparedBrowserBuild(path.resolve(flags.compare));
}
const only = flags.only ? flags.only.split(',').map((s) => s.trim()) : SECTIONS;
const unknown = only.filter((s) => !SECTIONS.includes(s) && !OPT_IN.includes(s));
if (unknown.length) {
  console.error(`bench: unknown section(s) ${unknown.join(', ')}; choose from ${[...SECTIONS, ...OPT_IN].join(', ')}`);
  process.exit(2);
}

const log = (s) => console.error(`  · ${s}`);
const started = Date.now();

if (!flags['no-build'] || !existsSync(OUR_IIFE)) {
  console.error('bench: building dist/ (npm run build) so the numbers describe the current source');
  execSync('npm run build --silent', { cwd: ROOT, stdio: 'inherit' });
}

const machine = {
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model?.trim(),
  memoryGB: +(os.totalmem() / 1024 ** 3).toFixed(1),
  platform: `${os.type()} ${os.release()} ${os.arch()}`,
  node: process.version,
  loadAverageAtStart: os.loadavg().map((x) => +x.toFixed(2)),
};
const results = { date: new Date().toISOString(), quick: flags.quick, settings, machine, sections: {} };
const tables = [];

/** One section: run it, keep its table; a crash in one section is reported and the rest still run. */
async function section(name, title, run, table) {
  if (!only.includes(name)) return;
  console.error(`bench: ${title}`);
  const t0 = Date.now();
  try {
    const r = await run();
    r.elapsedSeconds = (Date.now() - t0) / 1000;
    results.sections[name] = r;
    tables.push(`### ${title}\n\n${table(r)}`);
  } catch (e) {
    results.sections[name] = { error: String(e?.stack ?? e) };
    tables.push(`### ${title}\n\nnot measured: ${String(e?.message ?? e).split('\n')[0]}`);
    process.exitCode = 1;
  }
  console.log(`\n${tables.at(-1)}\n`);
}

await section('sizes', 'Browser bundle size', runSizes, sizesTable);
if (only.includes('browser') && !results.sections.sizes) {
  // The browser bench loads the raw OpenTelemetry bundle that the size section builds.
  await (await import('./sizes.mjs')).buildBaselines();
}
await section('browser', 'Browser: cost per instrumented fetch (headless Chromium)', () => runBrowser({ ...settings.browser, log }), browserTable);
await section('replay', 'Browser: session replay main-thread cost (headless Chromium)', () => runReplay({ ...settings.replay, log }), replayTable);
await section('startup', 'Node: start-up and exit', () => runStartup({ ...settings.startup, log }), startupTable);
await section('throughput', 'Node: HTTP throughput (autocannon, 127.0.0.1)', () => runThroughput({ ...settings.throughput, log }), throughputTable);
await section('memory', 'Node: memory with the collector down', () => runMemory({ ...settings.memory, log }), memoryTable);
await section('compression', 'Node: export compression, one batch over loopback', () => runCompression({ ...settings.compression, log }), compressionTable);
await section('instructions', 'Node: instructions per HTTP request (callgrind)', () => runInstructions({ ...settings.instructions, log }), instructionsTable);

results.totalSeconds = (Date.now() - started) / 1000;
const chromium = results.sections.browser?.chromium;
// Other processes competing for the CPU make every timing here noise; say so next to the numbers.
const loadEnd = os.loadavg()[0];
const busy = Math.max(machine.loadAverageAtStart[0], loadEnd) > machine.cpus ? Math.max(machine.loadAverageAtStart[0], loadEnd).toFixed(1) : '';
results.machine.loadAverageAtEnd = +loadEnd.toFixed(2);
const header = [
  `Measured ${results.date.slice(0, 16).replace('T', ' ')} UTC${flags.quick ? ' (--quick: small samples, indicative only)' : ''} on ` +
    `${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGB} GB, ${machine.platform}, Node ${machine.node}` +
    `${chromium ? `, Chromium ${chromium}` : ''}; load average at start ${machine.loadAverageAtStart.join(' / ')}; ` +
    `${Math.round(results.totalSeconds)} s in total.`,
  'Every baseline was built and run by the same command. Ratios: lower is better for costs, higher for req/s.',
  ...(busy ? [`**The machine was busy** (load average ${busy} on ${machine.cpus} cores): timings and ratios are unreliable; rerun on a quiet machine.`] : []),
].join('\n');
const markdown = `${header}\n\n${tables.join('\n\n')}\n`;
mkdirSync(RESULTS, { recursive: true });
// Only a full run replaces the published results; quick or partial runs go beside them.
const name = !flags.quick && only.length === SECTIONS.length ? 'latest' : 'partial';
writeFileSync(`${RESULTS}${name}.json`, JSON.stringify(results, null, 2) + '\n');
writeFileSync(`${RESULTS}${name}.md`, markdown);
console.log(header);
console.error(`bench: wrote bench/results/${name}.md and ${name}.json (${Math.round(results.totalSeconds)} s)`);
