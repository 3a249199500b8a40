/**
 * Node HTTP cost in CPU instructions: the throughput bench's servers and request (./node-throughput.mjs)
 * under valgrind's callgrind, which counts the instructions the server executes per request. Opt-in
 * (`npm run bench -- --only=instructions`, ~3 minutes per server and variant), because it is slow;
 * worth it because it does not depend on what else the machine runs. On the 2-core VMs this project
 * is measured on, server CPU time per request moved by up to 2.6× between runs of the same build
 * (bare express 172–454 µs), so small changes and the "added CPU ÷ lean" ratios could not be read
 * from the throughput section; two runs of this one agreed within 1.7 % per total and ~7 % per added
 * part (bench/README.md, 2026-12-08).
 *
 * How: node runs with V8's `--predictable`, which compiles and collects garbage on the main thread
 * at points fixed by the program, so the count includes GC and JIT work (as process CPU time does)
 * without the timing of V8's helper threads. Without it, when a function got optimised relative to
 * the measured window moved the same build's added count by ~20 % (156 k against 186 k per express
 * request, 2026-12-08). The server answers WARMUP_REQUESTS requests with callgrind's instrumentation
 * off (valgrind still runs it, ~5× slower than native), then `callgrind_control --instr=on`, REQUESTS
 * requests, a dump. Instructions are not time (a cache miss or a syscall costs more than its count),
 * so this complements the CPU columns of the throughput section; it does not replace them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isOurVariant, measuredVariants, NODE_VARIANTS } from './lib/node-variants.mjs';
import { startSink } from './lib/sink.mjs';
import { formatNumber, formatRatio, markdownTable } from './lib/stats.mjs';
import { MARKER, SERVERS, startServer, TARGET_ADDED_CPU_RATIO, TARGET_CAPTURE_ADDED_CPU_RATIO, sendRequests } from './node-throughput.mjs';

/** Requests each server answers before counting starts: V8 compiles a server's per-request code for the first ~12–20 k. */
export const WARMUP_REQUESTS = 20_000;
/**
 * Requests counted. Garbage collection is counted as it happens, and express 5 alone runs a
 * mark-compact every 2–3 k requests (~60 k instructions per request of a 2,000-request window when
 * one falls in it, none when it does not): a window of several collections averages them out.
 */
export const REQUESTS = 6_000;
/**
 * Timer-driven work is paid per period, not per request, and under callgrind a request takes ~50×
 * longer: the SDK's 60 s metric export would be spread over ~2 k requests instead of ~200 k, so its
 * JSON encoding counted up to 17 k instructions per request. Counted here, it would measure valgrind.
 */
const ENV = { OTEL_METRIC_EXPORT_INTERVAL: String(24 * 3600 * 1000) };
/** Seconds autocannon waits for one answer: under callgrind a request takes ~100× longer than natively. */
const REQUEST_TIMEOUT_SECONDS = 120;
/**
 * One request at a time. With several connections the server reads as many requests per event-loop
 * turn as have arrived, which depends on how fast the client and the server run relative to each
 * other: the same build counted 932 k and 1,027 k per express request with 10 connections, one run
 * alone and one beside another valgrind. One at a time, each request costs its own turn.
 */
const CONNECTIONS = 1;
const LOAD = { timeout: REQUEST_TIMEOUT_SECONDS, connections: CONNECTIONS };

/** True when valgrind and callgrind_control are installed (`apt-get install -y valgrind`). */
function haveCallgrind() {
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
    execFileSync('callgrind_control', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Instructions in the dumps callgrind wrote into `dir` (one per `callgrind_control --dump`). */
function dumpedInstructions(dir) {
  let total = 0;
  for (const file of readdirSync(dir)) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    const found = /^(?:summary|totals): (\d+)/m.exec(text);
    if (found) total += Number(found[1]);
  }
  return total;
}

async function countOne(variant, server, sinkUrl, { warmupRequests, requests }) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cs-callgrind-'));
  const wrapper = ['valgrind', '--tool=callgrind', '--instr-atstart=no', `--callgrind-out-file=${dir}/callgrind.%p`];
  const s = await startServer(variant, sinkUrl, { server, wrapper, nodeArgs: ['--predictable'], env: ENV });
  try {
    await sendRequests(s.url, warmupRequests, LOAD);
    execFileSync('callgrind_control', ['--instr=on', String(s.pid)], { stdio: 'ignore' });
    const result = await sendRequests(s.url, requests, LOAD);
    execFileSync('callgrind_control', ['--dump', String(s.pid)], { stdio: 'ignore' });
    const answered = result.requests.total;
    return { instructionsPerRequest: dumpedInstructions(dir) / answered, requests: answered, errors: result.errors + result.non2xx };
  } finally {
    await s.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runInstructions({ warmupRequests = WARMUP_REQUESTS, requests = REQUESTS, servers = Object.keys(SERVERS), log }) {
  if (!haveCallgrind()) throw new Error('valgrind is not installed (apt-get install -y valgrind)');
  const sink = await startSink({ marker: MARKER });
  const counts = {};
  try {
    for (const server of servers) {
      counts[server] = {};
      for (const v of measuredVariants()) {
        counts[server][v] = await countOne(v, server, sink.url, { warmupRequests, requests });
        log(`instructions: ${server} ${v} ${formatNumber(counts[server][v].instructionsPerRequest / 1000)} k per request`);
      }
    }
  } finally {
    await sink.close();
  }
  return { warmupRequests, requests, servers: counts, targetAddedRatio: TARGET_ADDED_CPU_RATIO, targetCaptureAddedRatio: TARGET_CAPTURE_ADDED_CPU_RATIO };
}

export function instructionsTable(r) {
  return Object.entries(r.servers)
    .map(([name, c]) => {
      const bare = c.bare.instructionsPerRequest;
      const leanAdded = c.lean.instructionsPerRequest - bare;
      const rows = Object.entries(c).map(([v, x]) => {
        const added = x.instructionsPerRequest - bare;
        const isOurs = isOurVariant(v);
        return [
          `${NODE_VARIANTS[v].label}${x.errors ? ` ⚠ ${x.errors} errors` : ''}`,
          formatNumber(x.instructionsPerRequest / 1000),
          v === 'bare' ? '' : formatNumber(added / 1000),
          isOurs ? formatRatio(added / leanAdded) : '',
          isOurs ? `≤ ${v.endsWith('-capture') ? r.targetCaptureAddedRatio : r.targetAddedRatio}× lean` : '',
        ];
      });
      const head = `k instructions per request (callgrind, \`node --predictable\`), ${formatNumber(r.requests)} requests one at a time after ${formatNumber(r.warmupRequests)}`;
      return `**${SERVERS[name].label}**\n\n${markdownTable([head, 'k instr / req', 'added', 'added ÷ lean', 'target'], rows, ['l', 'r', 'r', 'r', 'l'])}`;
    })
    .join('\n\n');
}
