/**
 * Memory with the collector down: the fixture server under continuous load for a configurable
 * time (default 30 s) while its exporter points at a port that refuses connections. RSS is read
 * from /proc once a second; "start" is after a short warm-up (so JIT and first-buffer growth are
 * not counted as a leak), growth is end − start. Bare node runs the same load as the baseline and
 * the lean OpenTelemetry preload as the reference (its exporter retries the same way upstream's does).
 */
import { rssBytes } from './lib/proc.mjs';
import { NODE_VARIANTS } from './lib/node-variants.mjs';
import { refusedPort } from './lib/sink.mjs';
import { formatDelta, formatNumber, markdownTable } from './lib/stats.mjs';
import { load, startServer } from './node-throughput.mjs';

export const MEMORY_VARIANTS = ['bare', 'ours', 'ours-capture', 'lean'];
const SAMPLE_MILLIS = 1_000;
const MB = 1024 * 1024;

/** @param {{ seconds: number, warmupSeconds: number, log: (s: string) => void, variants?: string[] }} options */
export async function runMemory({ seconds, warmupSeconds, log, variants = MEMORY_VARIANTS }) {
  const down = `http://127.0.0.1:${await refusedPort()}`;
  const results = {};
  for (const v of variants) {
    const server = await startServer(v, down);
    try {
      await load(server.url, warmupSeconds);
      const samples = [rssBytes(server.pid)];
      const timer = setInterval(() => samples.push(rssBytes(server.pid)), SAMPLE_MILLIS);
      const result = await load(server.url, seconds);
      clearInterval(timer);
      samples.push(rssBytes(server.pid));
      results[v] = {
        startMB: samples[0] / MB,
        endMB: samples.at(-1) / MB,
        maxMB: Math.max(...samples) / MB,
        growthMB: (samples.at(-1) - samples[0]) / MB,
        // A one-time fill (queues reaching their caps) shows in the first half; a leak keeps going.
        lastHalfGrowthMB: (samples.at(-1) - samples[Math.floor(samples.length / 2)]) / MB,
        requests: result.requests.total,
        samplesMB: samples.map((b) => +(b / MB).toFixed(1)),
      };
    } finally {
      await server.stop();
    }
    log(`node memory: ${v} done`);
  }
  return { seconds, warmupSeconds, variants, summary: results };
}

export function memoryTable(r) {
  const s = r.summary;
  const rows = r.variants.map((v) => {
    const x = s[v];
    return [
      NODE_VARIANTS[v].label + (v === 'bare' ? '' : ', collector down'),
      formatNumber(x.requests),
      formatNumber(x.startMB, 1),
      formatNumber(x.endMB, 1),
      formatNumber(x.maxMB, 1),
      formatDelta(x.growthMB, 'MB'),
      formatDelta(x.lastHalfGrowthMB, 'MB'),
      v === 'bare' || !s.bare ? '' : formatDelta(x.growthMB - s.bare.growthMB, 'MB'),
      v.startsWith('ours') ? 'bounded: 2nd-half growth ≈ bare' : '',
    ];
  });
  return markdownTable(
    [`RSS over ${r.seconds} s of load`, 'requests', 'start MB', 'end MB', 'max MB', 'growth', 'growth in 2nd half', 'growth − bare growth', 'target'],
    rows,
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
  );
}
