/**
 * The edge build in Cloudflare's runtime, workerd (its npm package ships the binary; installed
 * into the tool cache, e2e/fixtures/tool-cache.ts): a V8 isolate with Web APIs only, no DOM and
 * no Node. The worker is bundled the way wrangler does it (esbuild, conditions workerd/worker/
 * browser), so the `workerd` condition picks dist/edge. Three workers in one workerd process:
 *
 * - `plain` (no compatibility flags: no `process`, no AsyncLocalStorage): the SERVER span from
 *   withTracing is parented by the caller's traceparent, the fetch made before the first await is
 *   its child, and everything is exported through `ctx.waitUntil` (the batch delay is 60 s, so
 *   nothing else could export it in time). A fetch after an await starts its own trace (asserted:
 *   it documents the limit, and turns red if workerd ever offers context without the flag).
 * - `compat` (`nodejs_compat`): AsyncLocalStorage through process.getBuiltinModule, so a fetch
 *   after an await is still the request's child; `process.env` carries the service name.
 * - `bad-config`: one clear configuration message, and the worker still traces.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { expect, find, SpanKind, test, type FlatSpan } from '../../fixtures/test';
import { installTools } from '../../fixtures/tool-cache';

const WORKERD = 'workerd@1.20261117.1';
const READY_TIMEOUT_MS = 20_000;

// A cold install downloads the ~100 MB binary package.
test.setTimeout(180_000);

/** A free loopback port (workerd's config names its sockets' addresses). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

interface WorkerSpec {
  name: string;
  port: number;
  flags: string[];
  options: Record<string, unknown>;
  text: Record<string, string>;
}

/** Cap'n Proto names: camelCase, no dashes or underscores. */
const ident = (name: string) => name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

/** One workerd config: each worker its own service and socket, outbound to loopback allowed. */
function capnp(workers: WorkerSpec[], bundle: string): string {
  const q = JSON.stringify;
  const worker = (w: WorkerSpec) => `const ${ident(w.name)} :Workerd.Worker = (
  modules = [ (name = "worker", esModule = embed ${q(bundle)}) ],
  compatibilityDate = "2026-01-01",
  compatibilityFlags = [${w.flags.map((f) => q(f)).join(', ')}],
  bindings = [ (name = "OPTIONS", json = ${q(JSON.stringify(w.options))}), ${Object.entries(w.text).map(([k, v]) => `(name = ${q(k)}, text = ${q(v)})`).join(', ')} ],
  globalOutbound = "loopback",
);`;
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ ${workers.map((w) => `(name = ${q(w.name)}, worker = .${ident(w.name)})`).join(', ')}, (name = "loopback", network = (allow = ["local", "private", "public"])) ],
  sockets = [ ${workers.map((w) => `(name = ${q(w.name)}, address = "127.0.0.1:${w.port}", http = (), service = ${q(w.name)})`).join(', ')} ],
);
${workers.map(worker).join('\n')}
`;
}

const kind = (s: FlatSpan) => s.kind;

test(`Cloudflare workerd (${WORKERD}): withTracing's SERVER span, the fetch below it, one trace with the caller, flushed through ctx.waitUntil`, async ({ consumer, collector, serve }) => {
  const tools = installTools('workerd-1.20261117.1', [WORKERD]);
  test.skip(!!tools.error, `workerd could not be installed from npm: ${tools.error}`);
  const esbuild = await import('esbuild');
  const dir = consumer.stage('worker.js');
  const outfile = join(dir, 'out', 'worker.mjs');
  // As wrangler bundles a worker: its conditions and main fields, `cloudflare:` modules external.
  const result = await esbuild.build({
    absWorkingDir: consumer.dir,
    entryPoints: [join(dir, 'worker.js')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
    external: ['cloudflare:*'],
    metafile: true,
    logLevel: 'silent',
  });
  expect(result.errors).toEqual([]);
  expect(result.warnings).toEqual([]);
  const inputs = Object.keys(result.metafile!.inputs);
  expect(inputs.some((i) => i.endsWith('clickstack-otel/dist/edge/index.js')), inputs.join('\n')).toBe(true);
  expect(inputs.filter((i) => /clickstack-otel\/dist\/(browser|node)\//.test(i))).toEqual([]);
  const code = readFileSync(outfile, 'utf8');
  expect(code).not.toMatch(/from\s*["']node:|require\(["'](node:)?(util|fs|http|async_hooks)["']\)/);

  const upstream = await serve({});
  const options = (service: string, extra: Record<string, unknown> = {}) => ({ service, url: collector.url, batch: { scheduledDelayMillis: 60_000 }, ...extra });
  const workers: WorkerSpec[] = [
    { name: 'plain', port: await freePort(), flags: [], options: options('edge-plain'), text: { UPSTREAM_URL: upstream.origin } },
    // The service name from process.env (nodejs_compat fills it from text bindings).
    { name: 'compat', port: await freePort(), flags: ['nodejs_compat'], options: { url: collector.url, batch: { scheduledDelayMillis: 60_000 } }, text: { UPSTREAM_URL: upstream.origin, OTEL_SERVICE_NAME: 'edge-compat' } },
    { name: 'bad-config', port: await freePort(), flags: [], options: options('edge-bad', { sampler: 'sometimes' }), text: { UPSTREAM_URL: upstream.origin } },
  ];
  const configFile = join(dir, 'out', 'config.capnp');
  writeFileSync(configFile, capnp(workers, 'worker.mjs'));

  const proc = spawn(join(tools.dir, 'node_modules', '.bin', 'workerd'), ['serve', configFile, '--verbose'], { cwd: join(dir, 'out'), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => (output += d));
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d));
  try {
    const call = async (worker: WorkerSpec, path: string) => {
      const traceId = randomBytes(16).toString('hex');
      const parentId = randomBytes(8).toString('hex');
      const deadline = Date.now() + READY_TIMEOUT_MS;
      for (;;) {
        try {
          const res = await fetch(`http://127.0.0.1:${worker.port}${path}`, { headers: { traceparent: `00-${traceId}-${parentId}-01` } });
          expect(res.status, output).toBe(200);
          return { traceId, parentId, body: await res.json() };
        } catch (error) {
          if (Date.now() > deadline || proc.exitCode !== null) throw new Error(`workerd did not answer: ${String(error)}\n${output}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    };

    /** The request's SERVER span and its fetch's CLIENT span, once exported. */
    const spansOf = async (service: string, traceId: string) => {
      const spans = await collector.waitForSpans((s) => s.some((x) => x.traceId === traceId && x.kind === SpanKind.SERVER && x.resource['service.name'] === service), 10_000);
      return { spans, server: spans.find((x) => x.traceId === traceId && x.kind === SpanKind.SERVER && x.resource['service.name'] === service)! };
    };

    // plain: no process, no AsyncLocalStorage.
    const plain = await call(workers[0]!, '/work?id=1');
    expect(plain.body).toMatchObject({ active: true, globals: ['undefined', 'undefined', 'undefined', 'undefined', 'undefined'] });
    const { spans, server } = await spansOf('edge-plain', plain.traceId);
    expect(server).toMatchObject({ name: 'GET /work', parentSpanId: plain.parentId, encoding: 'json' });
    expect(server.attributes).toMatchObject({ 'http.route': '/work', 'url.path': '/work', 'url.query': 'id=1', 'http.response.status_code': 200, 'http.request.method': 'GET' });
    expect(server.resource).toMatchObject({ 'process.runtime.name': 'workerd', 'telemetry.distro.name': 'clickstack-otel' });
    expect(server.resource['session.id']).toBeUndefined();
    const client = find.urlEndsWith(spans, '/api/from-worker', SpanKind.CLIENT)!;
    expect(client).toMatchObject({ traceId: plain.traceId, parentSpanId: server.spanId });
    expect(plain.body.upstreamTraceparent).toBe(`00-${plain.traceId}-${client.spanId}-01`);
    expect(spans.map((s) => s.name).filter((n) => ['documentLoad', 'click', 'routeChange', 'pageRestore'].includes(n))).toEqual([]);

    // plain, fetch after an await: the stack context is gone by then, the fetch starts a trace of its own.
    const lost = await call(workers[0]!, '/work?await=1');
    const lostServer = (await spansOf('edge-plain', lost.traceId)).server;
    await expect.poll(() => collector.spans().filter((s) => kind(s) === SpanKind.CLIENT && s.resource['service.name'] === 'edge-plain').length).toBe(2);
    const lostClient = collector.spans().find((s) => s.kind === SpanKind.CLIENT && s.resource['service.name'] === 'edge-plain' && s.spanId !== client.spanId)!;
    expect(lostClient.traceId, 'workerd now carries context across await without nodejs_compat: update the README and this test').not.toBe(lostServer.traceId);

    // compat: AsyncLocalStorage keeps the request's span across the await; process.env is read.
    const compat = await call(workers[1]!, '/work?await=1');
    expect(compat.body.globals).toEqual(['undefined', 'undefined', 'undefined', 'undefined', 'object']);
    const c = await spansOf('edge-compat', compat.traceId);
    expect(c.server.parentSpanId).toBe(compat.parentId);
    const compatClient = find.urlEndsWith(c.spans.filter((s) => s.traceId === compat.traceId), '/api/from-worker', SpanKind.CLIENT)!;
    expect(compatClient.parentSpanId).toBe(c.server.spanId);
    expect(compat.body.upstreamTraceparent).toBe(`00-${compat.traceId}-${compatClient.spanId}-01`);

    // bad-config: one message naming the key, and tracing still works.
    const bad = await call(workers[2]!, '/work');
    expect(bad.body.active).toBe(true);
    await spansOf('edge-bad', bad.traceId);
    const messages = output.split('\n').filter((l) => l.includes('[clickstack-otel]'));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/sampler/);
    expect(output).not.toMatch(/Uncaught|Disallowed operation|different request/);
  } finally {
    proc.kill();
  }
});
