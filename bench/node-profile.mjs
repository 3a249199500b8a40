/**
 * Where the server's CPU goes, per variant: each throughput fixture server runs under
 * `node --cpu-prof` with the same autocannon load as bench/node-throughput.mjs, exits cleanly
 * (SIGUSR2, see fixtures/profiling.cjs) so V8 writes the profile, and this prints the top
 * self-time frames and the top source files, in µs per request and as a share of the busy
 * (non-idle) samples, scaled by the CPU the process used (from /proc). Frames in our bundled dist/ are mapped back to their source file through
 * the build's source maps; node_modules frames keep their package path.
 *
 *   node bench/node-profile.mjs                      # every server × variant, 5 s each
 *   node bench/node-profile.mjs --seconds=10 --top=20 --servers=trivial --variants=ours,lean
 *   node bench/node-profile.mjs --ours=./old-dist/node/register.js   # profile another build of ours
 *
 * Not part of `npm run bench`: the profiler itself slows the process, so these numbers say where
 * the time goes, not how much there is (bench/node-throughput.mjs measures that).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WORK, ROOT } from './lib/paths.mjs';
import { cpuSeconds } from './lib/proc.mjs';
import { startSink } from './lib/sink.mjs';
import { markdownTable, formatNumber } from './lib/stats.mjs';
import { NODE_VARIANTS } from './lib/node-variants.mjs';
import { load, MARKER, SERVERS, startServer } from './node-throughput.mjs';

const { values: flags } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    top: { type: 'string', default: '15' },
    servers: { type: 'string', default: Object.keys(SERVERS).join(',') },
    variants: { type: 'string', default: 'bare,ours,ours-capture,lean' },
    ours: { type: 'string' },
  },
});
// Another build of ours (a copy of an older dist/, say) in place of the package's own entry point.
if (flags.ours) for (const v of ['ours', 'ours-capture']) NODE_VARIANTS[v].args = ['--import', flags.ours];
const seconds = Number(flags.seconds);
const top = Number(flags.top);
/** Frames that are not JavaScript work of the process. */
const IDLE = new Set(['(idle)', '(program)']);

const sourceMaps = new Map();
/** Where bundled builds of ours live: this package's dist/, and the directory of `--ours`. */
const OUR_BUILDS = [`${ROOT}dist/`, ...(flags.ours ? [path.resolve(path.dirname(flags.ours), '..') + '/'] : [])];
/** The original source of a position in a bundled file of ours, via its `.map`; undefined elsewhere. */
function originalSource(file, line, column) {
  const build = OUR_BUILDS.find((dir) => file.startsWith(dir));
  if (build === undefined) return undefined;
  let map = sourceMaps.get(file);
  if (map === undefined) {
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
    } catch {
      map = null;
    }
    sourceMaps.set(file, map);
  }
  const entry = map?.findEntry(line, column);
  // Relative to the directory holding the build, so a copy of an older dist/ names `src/…` too.
  return entry?.originalSource ? { source: path.relative(path.dirname(build), fileURLToPath(new URL(entry.originalSource, `file://${file}`))), line: entry.originalLine + 1 } : undefined;
}

/** A frame's place: `src/trace/span.ts:120`, `@opentelemetry/sdk-trace-base/…/Span.js:80`, `node:internal/…`. */
function placeOf({ url, lineNumber, columnNumber }) {
  if (!url) return { file: '(native)', where: '(native)' };
  const file = url.startsWith('file://') ? fileURLToPath(url) : url;
  const mapped = originalSource(file, lineNumber, columnNumber);
  if (mapped) {
    const f = mapped.source.replace(/^.*node_modules\//, '');
    return { file: f, where: `${f}:${mapped.line}` };
  }
  const f = file.replace(/^.*node_modules\//, '').replace(ROOT, '');
  return { file: f, where: `${f}:${lineNumber + 1}` };
}

/**
 * Self time per frame and per source file, from one .cpuprofile, counting only the samples taken
 * within [fromMicros, toMicros] (V8 stamps samples with the monotonic clock that
 * `process.hrtime` reads, so the measured load's window can be cut out of start-up and warm-up).
 */
function summarize(profile, fromMicros, toMicros) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfMicros = new Map();
  const deltas = profile.timeDeltas;
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += deltas[i];
    if (t < fromMicros || t > toMicros) continue;
    const id = profile.samples[i];
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + (deltas[i + 1] ?? 0));
  }
  const byFrame = new Map();
  const byFile = new Map();
  const byKind = new Map();
  let busy = 0;
  for (const [id, micros] of selfMicros) {
    const { callFrame } = nodes.get(id);
    const name = callFrame.functionName || '(anonymous)';
    if (IDLE.has(name)) continue;
    busy += micros;
    const { file, where } = placeOf(callFrame);
    const key = `${name} ${where}`;
    byFrame.set(key, (byFrame.get(key) ?? 0) + micros);
    byFile.set(file, (byFile.get(file) ?? 0) + micros);
    const kind = kindOf(name, file);
    byKind.set(kind, (byKind.get(kind) ?? 0) + micros);
  }
  const sorted = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { busy, frames: sorted(byFrame), files: sorted(byFile), kinds: [...byKind].sort((a, b) => b[1] - a[1]) };
}

/** Coarse owner of a frame, for the one-line summary per variant. */
function kindOf(name, file) {
  if (name === '(garbage collector)') return 'GC';
  if (file === '(native)') return 'native (syscalls such as writev; includes waits for the CPU)';
  if (file.startsWith('node:')) return 'Node internals';
  if (file.startsWith('src/') || file.startsWith('platform/')) return 'clickstack-otel (src/, platform/)';
  if (file.startsWith('@opentelemetry/')) return '@opentelemetry/*';
  return 'other packages (express, …)';
}

async function profileOne(server, variant, sinkUrl) {
  const dir = `${WORK}profiles/${server}-${variant}/`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const s = await startServer(variant, sinkUrl, { server, env: { BENCH_PROFILE: '1' }, nodeArgs: ['--cpu-prof', '--cpu-prof-interval=500', `--cpu-prof-dir=${dir}`] });
  await load(s.url, Number(flags.warmup));
  const from = micros();
  const cpuBefore = cpuSeconds(s.pid);
  const result = await load(s.url, seconds);
  const cpu = cpuSeconds(s.pid) - cpuBefore;
  const to = micros();
  s.child.kill('SIGUSR2');
  await s.exited;
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`${server}/${variant}: no profile written in ${dir}`);
  return { requests: result.requests.total, cpuMicros: cpu * 1e6, summary: summarize(JSON.parse(readFileSync(dir + file, 'utf8')), from, to), file: dir + file };
}

const micros = () => Number(process.hrtime.bigint() / 1000n);

const sink = await startSink({ marker: MARKER });
try {
  for (const server of flags.servers.split(',')) {
    for (const variant of flags.variants.split(',')) {
      const r = await profileOne(server, variant, sink.url);
      // Samples are wall-clock: on a busy machine a preempted thread's wait lands on whatever frame
      // it was in. Each frame's share of the busy samples times the CPU the process really used
      // (from /proc) estimates its CPU per request.
      const cpuPerRequest = r.cpuMicros / r.requests;
      const perRequest = (micros) => formatNumber((cpuPerRequest * micros) / r.summary.busy, 2);
      const share = (micros) => `${((100 * micros) / r.summary.busy).toFixed(1)} %`;
      console.log(`\n#### ${server} / ${variant}: ${formatNumber(cpuPerRequest, 1)} µs CPU per request under the profiler\n`);
      console.log(markdownTable(['self time: owner', 'est. CPU µs/req', 'share'], r.summary.kinds.map(([k, m]) => [k, perRequest(m), share(m)])));
      console.log('');
      console.log(markdownTable(['self time: frame', 'est. CPU µs/req', 'share'], r.summary.frames.map(([k, m]) => [`\`${k}\``, perRequest(m), share(m)])));
      console.log('');
      console.log(markdownTable(['self time: source', 'est. CPU µs/req', 'share'], r.summary.files.map(([k, m]) => [`\`${k}\``, perRequest(m), share(m)])));
      console.error(`  · profile: ${path.relative(ROOT, r.file)}`);
    }
  }
} finally {
  await sink.close();
}
