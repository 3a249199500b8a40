import { createRequire } from 'node:module';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type NodeProcess } from '../../fixtures/test';

/** Through the symlink npm creates for package.json "bin", as `npx clickstack-otel` runs it. */
const bin = (consumerDir: string) => join(consumerDir, 'node_modules', '.bin', 'clickstack-otel');
/** The start-up line, as text or (--json) as an object: the bound port is read from it. */
const LISTENING = /(?:listening on |"url":")(http:\/\/127\.0\.0\.1:(\d+))/;

async function startDev(startNode: (o: { script: string; scriptArgs?: string[]; cwd?: string }) => NodeProcess, consumerDir: string, args: string[] = []) {
  const dev = startNode({ script: bin(consumerDir), scriptArgs: ['dev', '--port', '0', ...args], cwd: consumerDir });
  const [, url, port] = await dev.waitForOutput(LISTENING, 10_000);
  return { dev, url: url!, port: Number(port) };
}

test('a Node app configured only by OTEL_EXPORTER_OTLP_ENDPOINT (protobuf) shows up as a tree and log lines', async ({ consumer, startNode }) => {
  const { dev, url } = await startDev(startNode, consumer.dir);
  try {
    const dir = consumer.stage('app.mjs');
    const app = startNode({
      script: join(dir, 'app.mjs'),
      env: { OTEL_SERVICE_NAME: 'dev-node-app', OTEL_EXPORTER_OTLP_ENDPOINT: url, HYPERDX_API_KEY: 'node-secret-key-456' },
    });
    expect(await app.waitForExit(15_000)).toEqual({ code: 0, signal: null });

    // Printed once the trace settles: a header and the client span with the server span under it.
    // The tree may reach stdout in more than one chunk: wait for its last line, not its header.
    await dev.waitForOutput(/one trace [0-9a-f]{32}: 2 spans from dev-node-app/, 10_000);
    await dev.waitForOutput(/└─ dev-node-app server GET/, 5_000);
    const out = dev.stdout();
    expect(out).toMatch(/one trace [0-9a-f]{32}: 2 spans from dev-node-app\n└─ dev-node-app client GET +[\d.]+ ms  200 http:\/\/127\.0\.0\.1:\d+\/dev-checkout\n +└─ dev-node-app server GET +[\d.]+ ms  200 \/dev-checkout/);
    const traceId = /one trace ([0-9a-f]{32})/.exec(out)![1]!;
    expect(out).toMatch(new RegExp(`\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO +dev-node-app  checkout handled for /dev-checkout  trace=${traceId.slice(0, 8)}`));
    expect(out).toMatch(/metrics from dev-node-app: \d+ metrics, \d+ points \(.*http\.server\.request\.duration/);
    expect(dev.output()).not.toContain('node-secret-key-456');
    expect(dev.stderr()).toBe('');
  } finally {
    dev.kill();
  }
});

test('a page with the IIFE on another origin sends OTLP/JSON through CORS', async ({ page, consumer, startNode, serve }) => {
  const { dev, url } = await startDev(startNode, consumer.dir);
  try {
    const site = await serve({
      files: { '/': join(import.meta.dirname, 'page.html') },
      dirs: { '/vendor/': join(consumer.packageDir, 'dist', 'browser') },
    });
    await page.goto(`${site.origin}/?receiver=${encodeURIComponent(url)}`);
    const result = await page.waitForFunction(() => (window as any).__result).then((h) => h.jsonValue());
    expect(result).toMatchObject({ done: true });

    // documentLoad and the fetch are separate traces, printed as each settles and in either order:
    // wait for the fetch's own line rather than for the first trace header.
    await dev.waitForOutput(/dev-page +client GET +[\d.]+ ms  200 http:\/\/127\.0\.0\.1:\d+\/api\/from-page/, 10_000);
    expect(dev.stdout()).toMatch(/one trace [0-9a-f]{32}: \d+ spans? from dev-page/);
    // The receiver is another origin than the page: the export arrived only because CORS allowed it.
    expect(new URL(url).origin).not.toBe(site.origin);
    expect(dev.output()).not.toContain('page-secret-key-789');
  } finally {
    dev.kill();
  }
});

test('the receiver answers like a collector: empty responses, 415, 404, CORS preflight', async ({ consumer, startNode }) => {
  const { dev, url } = await startDev(startNode, consumer.dir, ['--json']);
  try {
    const json = await fetch(`${url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"resourceSpans":[]}' });
    expect([json.status, json.headers.get('content-type'), await json.text()]).toEqual([200, 'application/json', '{}']);
    const proto = await fetch(`${url}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: new Uint8Array(0) });
    expect([proto.status, proto.headers.get('content-type'), (await proto.arrayBuffer()).byteLength]).toEqual([200, 'application/x-protobuf', 0]);
    expect((await fetch(`${url}/v1/metrics`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' })).status).toBe(415);
    expect((await fetch(`${url}/v1/nope`, { method: 'POST' })).status).toBe(404);
    const preflight = await fetch(`${url}/v1/traces`, {
      method: 'OPTIONS',
      headers: { origin: 'http://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-hyperdx-api-key' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://app.example');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/content-type.*authorization.*x-hyperdx-api-key/);
    // --json: one object per line.
    const first = JSON.parse(dev.stdout().split('\n')[0]!);
    expect(first).toMatchObject({ type: 'listening', url, host: '127.0.0.1' });
  } finally {
    dev.kill();
  }
});

test('usage: default port 4318 in --help, one-line errors for an unknown flag and a port in use', async ({ consumer, startNode }) => {
  const help = startNode({ script: bin(consumer.dir), scriptArgs: ['dev', '--help'] });
  expect(await help.waitForExit(10_000)).toEqual({ code: 0, signal: null });
  expect(help.stdout()).toContain('--port <n>           port to listen on (default 4318');

  const bad = startNode({ script: bin(consumer.dir), scriptArgs: ['dev', '--bogus'] });
  expect(await bad.waitForExit(10_000)).toEqual({ code: 2, signal: null });
  expect(bad.stderr().trim()).toBe("[clickstack-otel] unknown option '--bogus' for 'dev' (see: clickstack-otel dev --help)");

  const { dev, port } = await startDev(startNode, consumer.dir);
  try {
    const second = startNode({ script: bin(consumer.dir), scriptArgs: ['dev', '--port', String(port)] });
    expect(await second.waitForExit(10_000)).toEqual({ code: 1, signal: null });
    expect(second.stderr().trim()).toBe(`[clickstack-otel] port ${port} on 127.0.0.1 is already in use (another collector?); pick another with --port`);
  } finally {
    dev.kill();
  }
});

const hasChdb = (() => {
  try {
    createRequire(import.meta.url).resolve('chdb');
    return true;
  } catch {
    return false;
  }
})();

test('--clickhouse stores exports in ClickStack tables; --query reads them back', async ({ consumer, startNode }) => {
  test.skip(!hasChdb, 'chdb is not installed');
  const data = mkdtempSync(join(tmpdir(), 'clickstack-dev-'));
  const { dev, url } = await startDev(startNode, consumer.dir, ['--clickhouse', data]);
  const dir = consumer.stage('app.mjs');
  const app = startNode({ script: join(dir, 'app.mjs'), env: { OTEL_SERVICE_NAME: 'dev-chdb-app', OTEL_EXPORTER_OTLP_ENDPOINT: url } });
  expect(await app.waitForExit(15_000)).toEqual({ code: 0, signal: null });
  await dev.waitForOutput(/one trace [0-9a-f]{32}: 2 spans from dev-chdb-app/, 10_000);
  process.kill(dev.pid, 'SIGTERM');
  await dev.waitForExit(10_000);
  const query = startNode({
    script: bin(consumer.dir),
    scriptArgs: ['dev', '--clickhouse', data, '--json', '--query', "SELECT SpanName, ServiceName FROM otel_traces WHERE ServiceName = 'dev-chdb-app' ORDER BY SpanKind"],
  });
  expect(await query.waitForExit(30_000)).toEqual({ code: 0, signal: null });
  const rows = query.stdout().trim().split('\n').map((l) => JSON.parse(l));
  expect(rows).toHaveLength(2);
  expect(rows.every((r) => r.ServiceName === 'dev-chdb-app' && r.SpanName === 'GET')).toBe(true);
});
