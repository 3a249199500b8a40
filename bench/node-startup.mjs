/**
 * Node start-up: time from spawn to the app's first stdout line, and time to exit of a one-line
 * script whose only request leaves a span to export while the collector refuses connections.
 * Variants are interleaved run by run (bare, ours, lean, bare, …) so drifting load hits all of them.
 */
import { FIXTURES } from './lib/paths.mjs';
import { NODE_VARIANTS, spawnVariant } from './lib/node-variants.mjs';
import { refusedPort, startSink } from './lib/sink.mjs';
import { formatDelta, formatNumber, formatRatio, markdownTable, median, ratio } from './lib/stats.mjs';

const VARIANTS = ['bare', 'ours', 'lean'];
/** Project targets, milliseconds. */
export const TARGET_FIRST_LINE_ADDED_MS = 120;
export const TARGET_EXIT_ADDED_MS = 500;

/** @param {{ runs: number, exitRuns: number, log: (s: string) => void }} options */
export async function runStartup({ runs, exitRuns, log }) {
  const sink = await startSink({ routes: { '/ping': (_q, res) => void res.writeHead(200).end('pong') } });
  const down = `http://127.0.0.1:${await refusedPort()}`;
  const firstLine = Object.fromEntries(VARIANTS.map((v) => [v, []]));
  const toExit = Object.fromEntries(VARIANTS.map((v) => [v, []]));
  const problems = [];
  try {
    // One unmeasured run each: warms the file cache for every variant's modules.
    for (const v of VARIANTS) await spawnVariant(v, `${FIXTURES}hello.mjs`, { endpoint: sink.url }).exited;
    for (let i = 0; i < runs; i++) {
      for (const v of VARIANTS) {
        const run = spawnVariant(v, `${FIXTURES}hello.mjs`, { endpoint: sink.url });
        const [{ ms }, exit] = await Promise.all([run.firstLine, run.exited]);
        if (exit.code !== 0) problems.push(`${v} hello exited ${exit.code}: ${exit.stderr.trim()}`);
        firstLine[v].push(ms);
      }
    }
    log(`node start-up: ${runs} × ${VARIANTS.length} first-line runs done`);
    for (let i = 0; i < exitRuns; i++) {
      for (const v of VARIANTS) {
        const run = spawnVariant(v, `${FIXTURES}oneshot.cjs`, { endpoint: down, env: { BENCH_TARGET_URL: `${sink.url}/ping` } });
        const exit = await run.exited;
        if (exit.code !== 0) problems.push(`${v} one-shot exited ${exit.code}: ${exit.stderr.trim()}`);
        toExit[v].push(exit.ms);
      }
    }
    log(`node start-up: ${exitRuns} × ${VARIANTS.length} collector-down exits done`);
  } finally {
    await sink.close();
  }
  const summarize = (o) => Object.fromEntries(VARIANTS.map((v) => [v, median(o[v])]));
  const fastest = (o) => Object.fromEntries(VARIANTS.map((v) => [v, Math.min(...o[v])]));
  return {
    runs,
    exitRuns,
    firstLineMs: summarize(firstLine),
    // The fastest run is what the variant costs when nothing else competes for the CPU.
    firstLineMinMs: fastest(firstLine),
    exitMs: summarize(toExit),
    problems: [...new Set(problems)],
    samples: { firstLine, toExit },
  };
}

export function startupTable(r) {
  const f = r.firstLineMs;
  const e = r.exitMs;
  const row = (v) => [
    NODE_VARIANTS[v].label,
    formatNumber(f[v], 1),
    formatNumber(r.firstLineMinMs[v], 1),
    v === 'bare' ? '' : formatDelta(f[v] - f.bare, 'ms'),
    v === 'bare' ? '' : formatRatio(ratio(f[v] - f.bare, f.lean - f.bare)),
    formatNumber(e[v], 1),
    v === 'bare' ? '' : formatDelta(e[v] - e.bare, 'ms'),
    v === 'ours'
      ? `first line ≤ +${TARGET_FIRST_LINE_ADDED_MS} ms and < lean; exit ≤ +${TARGET_EXIT_ADDED_MS} ms`
      : v === 'lean'
        ? 'reference (does not flush at exit)'
        : '',
  ];
  return markdownTable(
    [
      `median ms (${r.runs} runs; exit: ${r.exitRuns} runs)`,
      'to first line',
      'fastest',
      'added',
      'added ÷ lean added',
      'one-shot exit, collector down',
      'added',
      'target',
    ],
    VARIANTS.map(row),
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
  );
}
