/**
 * Node export compression: what `compression: 'gzip'` costs and saves per export of a realistic
 * batch, against `none`, over loopback. bench/fixtures/compression-export.mjs records a batch of
 * real server spans (or console log records) in a child process and measures the one
 * forceFlush() that exports it; this process is the receiver. Children alternate none/gzip and
 * traces/logs so drifting load hits every variant; medians are reported.
 *
 * Per export: request body bytes, main-thread (event-loop) CPU, process CPU (libuv's thread pool,
 * where Node's async gzip runs, and V8's helper threads included), wall time until the receiver
 * answered, and the receiver's gunzip time (Node's zlib here; a collector pays about that too).
 * Loopback has no bandwidth limit, so the wall time says what gzip costs and nothing of what it
 * saves on a real link: `breakEvenMbps` is the link speed below which the bytes gzip saves take
 * longer to send than gzip takes (Δbytes ÷ Δwall).
 */
import { fork } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { FIXTURES, ROOT } from './lib/paths.mjs';
import { startSink } from './lib/sink.mjs';
import { formatNumber, markdownTable, median } from './lib/stats.mjs';

const SIGNALS = ['traces', 'logs'];
/** Flushes each child runs before the measured ones: JIT and the connection warm up. */
const WARMUP_ROUNDS = 2;
const COMPRESSIONS = ['none', 'gzip'];
const LABELS = { traces: 'server spans', logs: 'log records (console.info, with trace ids)' };

/** @param {{ batch: number, rounds: number, repeats: number, log: (s: string) => void }} options */
export async function runCompression({ batch, rounds, repeats, log }) {
  /** Exports the receiver saw from the running child, in order. */
  let seen = [];
  const receive = (req, res, body) => {
    const gzipped = req.headers['content-encoding'] === 'gzip';
    const t0 = performance.now();
    const raw = gzipped ? gunzipSync(body) : body;
    seen.push({ bytes: body.length, rawBytes: raw.length, gunzipMs: gzipped ? performance.now() - t0 : 0 });
    res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
  };
  const sink = await startSink({ routes: { '/v1/traces': receive, '/v1/logs': receive } });
  const samples = {};
  const problems = [];
  try {
    for (let r = 0; r < repeats; r++) {
      for (const signal of SIGNALS) {
        for (const compression of r % 2 ? [...COMPRESSIONS].reverse() : COMPRESSIONS) {
          seen = [];
          const rounds_ = await runChild({ signal, compression, batch, rounds, endpoint: sink.url });
          // The warm-up rounds exported first; the child reported the rest.
          const exports = seen.slice(seen.length - rounds_.length);
          if (seen.length !== rounds_.length + WARMUP_ROUNDS) problems.push(`${signal}/${compression}: ${seen.length} exports for ${rounds_.length + WARMUP_ROUNDS} flushes`);
          const cell = (samples[`${signal}/${compression}`] ??= []);
          rounds_.forEach((m, i) => cell.push({ ...m, ...exports[i] }));
        }
      }
      log(`node compression: repeat ${r + 1}/${repeats} done`);
    }
  } finally {
    await sink.close();
  }
  const summary = {};
  for (const [key, cell] of Object.entries(samples)) {
    const med = (f) => median(cell.map(f));
    summary[key] = {
      exports: cell.length,
      bytes: med((s) => s.bytes),
      rawBytes: med((s) => s.rawBytes),
      mainMs: med((s) => s.mainNs / 1e6),
      processMs: med((s) => s.totalUs / 1e3),
      wallMs: med((s) => s.wallMs),
      gunzipMs: med((s) => s.gunzipMs),
    };
  }
  for (const signal of SIGNALS) {
    const none = summary[`${signal}/none`];
    const gzip = summary[`${signal}/gzip`];
    if (!none || !gzip) continue;
    const savedBits = (none.bytes - gzip.bytes) * 8;
    const addedSeconds = (gzip.wallMs - none.wallMs) / 1e3;
    // Gzip finishes sooner on any link slower than this (no added wall time: on every link).
    gzip.breakEvenMbps = addedSeconds > 0 ? savedBits / addedSeconds / 1e6 : Infinity;
  }
  return { batch, rounds, repeats, summary, problems, samples };
}

/** One child: resolves with its per-round measurements once it has exited. */
function runChild({ signal, compression, batch, rounds, endpoint }) {
  return new Promise((resolve, reject) => {
    const out = [];
    let stderr = '';
    const child = fork(`${FIXTURES}compression-export.mjs`, [], {
      cwd: ROOT,
      execArgv: ['--expose-gc'],
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        BENCH_SIGNAL: signal,
        BENCH_COMPRESSION: compression,
        BENCH_BATCH: String(batch),
        BENCH_ROUNDS: String(rounds),
        BENCH_WARMUP_ROUNDS: String(WARMUP_ROUNDS),
      },
      // The log records' console.info lines are the app's output, not ours to read.
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    child.stderr.on('data', (c) => (stderr += c));
    child.on('message', (m) => out.push(m));
    child.once('exit', (code) =>
      code === 0 && out.length === rounds ? resolve(out) : reject(new Error(`${signal}/${compression} child exited ${code} after ${out.length} rounds: ${stderr.trim()}`)),
    );
  });
}

const kb = (b) => `${formatNumber(b / 1024, 1)} KB`;
const ms = (x) => formatNumber(x, 2);

export function compressionTable(r) {
  const rows = [];
  for (const signal of SIGNALS) {
    for (const compression of COMPRESSIONS) {
      const x = r.summary[`${signal}/${compression}`];
      if (!x) continue;
      const none = r.summary[`${signal}/none`];
      rows.push([
        `${r.batch} ${LABELS[signal]}, \`${compression}\``,
        kb(x.bytes),
        compression === 'gzip' ? `${formatNumber((100 * x.bytes) / x.rawBytes, 0)} %` : '',
        ms(x.mainMs),
        ms(x.processMs),
        ms(x.processMs - x.mainMs),
        ms(x.wallMs),
        compression === 'gzip' ? ms(x.gunzipMs) : '',
        compression === 'gzip' && none ? (Number.isFinite(x.breakEvenMbps) ? `${formatNumber(x.breakEvenMbps, 0)} Mbit/s` : 'any') : '',
      ]);
    }
  }
  const table = markdownTable(
    ['one export (medians)', 'body on the wire', 'of plain', 'event-loop CPU ms', 'process CPU ms', 'off the loop ms', 'wall ms (loopback)', 'receiver gunzip ms', 'gzip sooner below'],
    rows,
  );
  const problems = r.problems.length ? `\n\nProblems: ${r.problems.join('; ')}` : '';
  return `${table}\n\n${r.repeats} × ${r.rounds} exports per row, OTLP/protobuf (the Node default). "off the loop" = process − event-loop CPU: libuv's thread pool (gzip) and V8's helper threads. "gzip sooner below": link speed under which the bytes gzip saves take longer to send than the time it adds on loopback.${problems}`;
}
