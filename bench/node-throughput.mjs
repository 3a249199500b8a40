/**
 * Node HTTP cost: autocannon (in this process) against a fixture server in a child process, for
 * bare node, ours (capture off/on) and the lean OpenTelemetry preload, all exporting to a local
 * sink that answers 200. Two servers, one table each: the trivial node:http handler
 * (bench/fixtures/http-server.cjs) and express 5 (bench/fixtures/express-server.cjs); every
 * request is the 1 KiB JSON exchange of bench/fixtures/exchange.cjs. Each (round, server, variant)
 * gets a fresh server, a warm-up of WARMUP_REQUESTS requests and the same measured duration; rounds
 * rotate the variant order and the medians are reported.
 *
 * The warm-up is a request count, not a time, and a long one: V8 keeps compiling a server's
 * per-request functions (its own, express's, Node's, an SDK's) for the first ~12–20 k requests
 * (callgrind and `--trace-opt` on the express server, 2026-12-07). A one-second warm-up left that
 * compilation, which a server pays once, inside the measured window, at a different share per
 * variant and per server, so the "added CPU per request" rows measured start-up as much as requests.
 *
 * Two views of "added CPU per request", both as ours ÷ lean:
 *   from req/s   (1/rps_ours − 1/rps_bare) / (1/rps_lean − 1/rps_bare) — the saturated server's view
 *   from CPU     server CPU seconds per request (from /proc, includes the in-process exporter)
 */
import autocannon from 'autocannon';
import { createRequire } from 'node:module';
import { FIXTURES } from './lib/paths.mjs';
import { isOurVariant, measuredVariants, NODE_VARIANTS, spawnVariant } from './lib/node-variants.mjs';
import { cpuSeconds } from './lib/proc.mjs';
import { startSink } from './lib/sink.mjs';
import { addedCostFromRps, addedRatio, formatNumber, formatRatio, markdownTable, median, ratio } from './lib/stats.mjs';

const { requestBody } = createRequire(import.meta.url)(`${FIXTURES}exchange.cjs`);

export const CONNECTIONS = 10;
/** Project targets (issue 16): CPU we add per request, as a share of what lean OTel adds. */
export const TARGET_ADDED_CPU_RATIO = 0.5;
export const TARGET_CAPTURE_ADDED_CPU_RATIO = 1.0;
export const MARKER = 'cs-bench-capture-probe-9c2d';
/** Requests each fresh server answers before the measured window (see the header). */
export const WARMUP_REQUESTS = 20_000;
const REQUEST = {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-bench-marker': MARKER },
  body: requestBody(MARKER),
};

/** The servers measured: the script and the path every request goes to. */
export const SERVERS = {
  trivial: { label: 'trivial node:http handler', script: 'http-server.cjs', path: '/api/orders/42' },
  express: { label: 'express 5 (`express.json()` + one route)', script: 'express-server.cjs', path: '/api/orders/42' },
};

/** Starts the `server` fixture (default the trivial one) for `variant`; resolves its URL once it listens. */
export async function startServer(variant, endpoint, { server = 'trivial', env = {}, nodeArgs = [], wrapper = [] } = {}) {
  const fixture = SERVERS[server];
  const run = spawnVariant(variant, `${FIXTURES}${fixture.script}`, { endpoint, nodeArgs, wrapper, env: { BENCH_MARKER: MARKER, ...env } });
  const { line } = await run.firstLine;
  return {
    url: `http://127.0.0.1:${line.trim()}${fixture.path}`,
    child: run.child,
    exited: run.exited,
    pid: run.child.pid,
    async stop() {
      run.child.kill('SIGKILL');
      await run.exited;
    },
  };
}

/** autocannon for `seconds` against `url`; resolves its result. */
export function load(url, seconds) {
  return autocannon({ url, connections: CONNECTIONS, duration: seconds, ...REQUEST });
}

/** autocannon until `requests` requests have been answered (`timeout` seconds each: valgrind is slow). */
export function sendRequests(url, requests, { timeout = 10, connections = CONNECTIONS } = {}) {
  return autocannon({ url, connections, amount: requests, timeout, ...REQUEST });
}

/** @param {{ seconds: number, warmupRequests?: number, rounds: number, log: (s: string) => void }} options */
export async function runThroughput({ seconds, warmupRequests = WARMUP_REQUESTS, rounds, log, servers = Object.keys(SERVERS) }) {
  const VARIANTS = measuredVariants();
  const sink = await startSink({ marker: MARKER });
  const perServer = Object.fromEntries(servers.map((name) => [name, Object.fromEntries(VARIANTS.map((v) => [v, []]))]));
  try {
    for (let round = 0; round < rounds; round++) {
      const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length]);
      for (const [name, runs] of Object.entries(perServer)) for (const v of order) {
        sink.reset();
        const server = await startServer(v, sink.url, { server: name });
        try {
          await sendRequests(server.url, warmupRequests);
          const cpuBefore = cpuSeconds(server.pid);
          const result = await load(server.url, seconds);
          const cpu = cpuSeconds(server.pid) - cpuBefore;
          const total = result.requests.total;
          runs[v].push({
            rps: total / result.duration,
            p99Ms: result.latency.p99,
            cpuUsPerRequest: (cpu * 1e6) / total,
            errors: result.errors + result.non2xx,
            exports: sink.stats.exports,
            markerSeen: sink.stats.markerSeen,
          });
        } finally {
          await server.stop();
        }
      }
      log(`node throughput: round ${round + 1}/${rounds} done`);
    }
  } finally {
    await sink.close();
  }
  const summaries = Object.fromEntries(Object.entries(perServer).map(([name, runs]) => [name, summarize(runs)]));
  return {
    seconds,
    warmupRequests,
    rounds,
    connections: CONNECTIONS,
    servers: summaries,
    runs: perServer,
    targetAddedCpuRatio: TARGET_ADDED_CPU_RATIO,
    targetCaptureAddedCpuRatio: TARGET_CAPTURE_ADDED_CPU_RATIO,
  };
}

function summarize(runs) {
  const summary = {};
  for (const v of Object.keys(runs)) {
    const pick = (k) => median(runs[v].map((r) => r[k]));
    summary[v] = {
      rps: pick('rps'),
      rpsMin: Math.min(...runs[v].map((r) => r.rps)),
      rpsMax: Math.max(...runs[v].map((r) => r.rps)),
      p99Ms: pick('p99Ms'),
      cpuUsPerRequest: pick('cpuUsPerRequest'),
      errors: runs[v].reduce((t, r) => t + r.errors, 0),
      exported: runs[v].every((r) => r.exports > 0),
      markerSeen: runs[v].some((r) => r.markerSeen),
    };
  }
  return summary;
}

/** One table per server, each with its own bare and lean rows. */
export function throughputTable(r) {
  return Object.entries(r.servers)
    .map(([name, summary]) => `**${SERVERS[name].label}**, 1 KiB JSON request and response\n\n${serverTable(r, name, summary)}`)
    .join('\n\n');
}

function serverTable(r, name, s) {
  const VARIANTS = Object.keys(s);
  const label = (v) => {
    if (v.endsWith('-capture') && !s[v].markerSeen) return `${NODE_VARIANTS[v].label} (no-op in this build: nothing captured)`;
    // The reference stays the same preload on every server: no instrumentation-express, so no route spans.
    if (v === 'lean' && name !== 'trivial') return `${NODE_VARIANTS[v].label}; http only, no ${name} instrumentation`;
    return NODE_VARIANTS[v].label;
  };
  const rows = VARIANTS.map((v) => {
    const x = s[v];
    const warn = [v !== 'bare' && !x.exported ? '⚠ no export reached the sink' : '', x.errors ? `⚠ ${x.errors} errors` : '']
      .filter(Boolean)
      .join(' ');
    const isOurs = isOurVariant(v);
    return [
      `${label(v)}${warn ? ` ${warn}` : ''}`,
      formatNumber(x.rps),
      r.rounds > 1 ? `${formatNumber(x.rpsMin)}–${formatNumber(x.rpsMax)}` : '',
      formatRatio(ratio(x.rps, s.bare.rps)),
      formatNumber(x.p99Ms),
      formatNumber(x.cpuUsPerRequest, 1),
      isOurs ? formatRatio(addedCostFromRps(x.rps, s.lean.rps, s.bare.rps)) : '',
      isOurs ? formatRatio(addedRatio(x.cpuUsPerRequest, s.lean.cpuUsPerRequest, s.bare.cpuUsPerRequest)) : '',
      isOurs ? `added CPU ≤ ${v.endsWith('-capture') ? TARGET_CAPTURE_ADDED_CPU_RATIO : TARGET_ADDED_CPU_RATIO}× lean, p99 ≤ lean` : '',
    ];
  });
  return markdownTable(
    [
      `median of ${r.rounds} × ${r.seconds} s, ${r.connections} connections${r.warmupRequests ? `, after ${formatNumber(r.warmupRequests)} warm-up requests` : ''}`,
      'req/s',
      'range over rounds',
      '÷ bare',
      'p99 ms',
      'server CPU µs/req',
      'added cost ÷ lean (req/s)',
      'added CPU ÷ lean (CPU)',
      'target',
    ],
    rows,
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
  );
}
