// Requests/second of a Node HTTP server with no SDK, the SDK with capture off, and capture on.
// Usage: npm run build && node scripts/network-capture-bench.mjs [requests=3000] [concurrency=8]
// Each mode runs in a fresh process (so patches never leak between modes) against a loopback
// JSON echo (2 KiB request and response bodies, the shape capture works hardest on); exports go
// to a sink process that drains and answers 200. Bounded: a fixed count of requests per mode.
import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';

const [requests = 3000, concurrency = 8] = process.argv.slice(2).map(Number);
const WARMUP = 300;

if (process.env.BENCH_MODE) {
  await runMode(process.env.BENCH_MODE);
} else {
  const sink = spawn(process.execPath, ['-e', `require('node:http').createServer((q,s)=>{q.resume();q.on('end',()=>s.end())}).listen(0,'127.0.0.1',function(){console.log(this.address().port)})`], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((r) => sink.stdout.once('data', (d) => r(String(d).trim())));
  const results = {};
  for (const mode of ['none', 'off', 'on']) {
    const out = spawnSync(process.execPath, [new URL(import.meta.url).pathname, String(requests), String(concurrency)], {
      env: { PATH: process.env.PATH, BENCH_MODE: mode, COLLECTOR_URL: `http://127.0.0.1:${port}` },
      encoding: 'utf8',
    });
    const line = out.stdout.split('\n').find((l) => l.startsWith('{'));
    if (!line) throw new Error(`${mode} failed:\n${out.stdout}\n${out.stderr}`);
    results[mode] = JSON.parse(line);
  }
  sink.kill();
  console.log(JSON.stringify({ requests, concurrency, results }));
  for (const [mode, r] of Object.entries(results)) console.log(`${mode.padEnd(5)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms`);
}

async function runMode(mode) {
  let sdk;
  if (mode !== 'none') {
    sdk = await import('clickstack-otel');
    sdk.init({ service: 'capture-bench', url: process.env.COLLECTOR_URL, advancedNetworkCapture: mode === 'on' });
  }
  const server = http.createServer((req, res) => {
    const parts = [];
    req.on('data', (c) => parts.push(c));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'sid=1' });
      res.end(Buffer.concat(parts));
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const body = JSON.stringify({ user: 'ann', items: Array.from({ length: 40 }, (_, i) => ({ id: i, name: `item-${i}` })) }).padEnd(2048, ' ');
  const one = () =>
    new Promise((resolve, reject) => {
      const t = performance.now();
      const req = http.request({ host: '127.0.0.1', port, path: '/echo', method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: 'Bearer x' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(performance.now() - t));
      });
      req.on('error', reject);
      req.end(body);
    });
  const runBatch = async (n) => {
    const latencies = [];
    let next = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next++ < n) latencies.push(await one());
    }));
    return latencies;
  };
  await runBatch(WARMUP);
  const start = performance.now();
  const latencies = (await runBatch(requests)).sort((a, b) => a - b);
  const seconds = (performance.now() - start) / 1000;
  await sdk?.shutdown();
  agent.destroy();
  server.close();
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  console.log(JSON.stringify({ mode, rps: requests / seconds, p50: q(0.5), p99: q(0.99) }));
}
