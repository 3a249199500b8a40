/**
 * The Node SDK under Bun and Deno: their npm packages ship the runtime binaries (Bun 1.4.5 and
 * Deno 2.9.6, ~100 MB each), installed into the tool cache outside the repo (e2e/fixtures/tool-cache.ts).
 * The same Node-style http server (server.mjs) answers /api/outgoing by calling its own /api/inner
 * with http.get, so one request should yield server → client → server in one trace.
 *
 * Deno: server spans arrive, parented by the incoming traceparent, but Deno's node:http client
 * publishes no http.client channels, so the http.get inside has no span (asserted, so the test
 * turns red when Deno adds them). Bun: it publishes the http.client diagnostics channels but not the
 * http.server or undici ones, so there are no server or fetch spans; the SDK says so once at init
 * and the test asserts that message plus the client span that does arrive.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { expect, find, SpanKind, test } from '../../fixtures/test';
import { installTools, TOOL_CACHE_DIR } from '../../fixtures/tool-cache';

const BUN = 'bun@1.4.5';
const DENO = 'deno@2.9.6';
const READY_TIMEOUT_MS = 20_000;

// Cold installs download ~50 MB each.
test.setTimeout(300_000);

function startRuntime(bin: string, args: string[], cwd: string, env: Record<string, string>) {
  const proc = spawn(bin, args, { cwd, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<number | null>((resolve) => proc.on('close', (code) => resolve(code)));
  const ready = async (): Promise<string> => {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const m = out.match(/\{"ready":true,"url":"([^"]+)"\}/);
      if (m) return m[1]!;
      if (proc.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no ready line from ${bin} ${args.join(' ')}:\n${out}`);
  };
  return { proc, ready, output: () => out, exited };
}

async function stop(rt: { proc: ChildProcess; exited: Promise<number | null> }) {
  rt.proc.stdin!.end();
  const code = await Promise.race([rt.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 10_000))]);
  if (code === 'timeout') rt.proc.kill('SIGKILL');
  return code;
}

/** Sends /api/outgoing with our own traceparent and returns the ids it carried. */
async function callOutgoing(url: string) {
  const traceId = randomBytes(16).toString('hex');
  const parentId = randomBytes(8).toString('hex');
  const res = await fetch(`${url}/api/outgoing`, { headers: { traceparent: `00-${traceId}-${parentId}-01` } });
  expect(await res.json()).toEqual({ inner: 200 });
  return { traceId, parentId };
}

function expectDistroResource(span: { resource: Record<string, unknown> }, service: string) {
  expect(span.resource).toMatchObject({ 'service.name': service, 'telemetry.distro.name': 'clickstack-otel' });
}

test(`Deno (${DENO}, npm package from node_modules): server spans arrive, joined to the caller's trace`, async ({ consumer, collector }) => {
  const tools = installTools('deno-2.9.6', [DENO]);
  test.skip(!!tools.error, `Deno could not be installed from npm: ${tools.error}`);
  const dir = consumer.stage('server.mjs');
  const deno = startRuntime(join(tools.dir, 'node_modules', '.bin', 'deno'), ['run', '--allow-all', '--node-modules-dir=manual', join(dir, 'server.mjs')], consumer.dir, {
    SERVICE: 'deno-api',
    COLLECTOR_URL: collector.url,
    DENO_DIR: join(TOOL_CACHE_DIR, 'deno-dir'),
    DENO_NO_UPDATE_CHECK: '1',
  });
  const url = await deno.ready();
  const { traceId, parentId } = await callOutgoing(url);
  const spans = await collector.waitForSpans((s) => !!find.serverPath(s, '/api/outgoing') && !!find.serverPath(s, '/api/inner'));
  const outer = find.serverPath(spans, '/api/outgoing')!;
  expect(outer.traceId).toBe(traceId);
  expect(outer.parentSpanId).toBe(parentId);
  expect(outer.attributes).toMatchObject({ 'http.request.method': 'GET', 'http.response.status_code': 200 });
  expectDistroResource(outer, 'deno-api');
  expect(find.serverPath(spans, '/api/inner')!.resource['service.name']).toBe('deno-api');
  expect(find.urlEndsWith(spans, '/api/inner', SpanKind.CLIENT), 'Deno now publishes http.client channels: assert the full server → client → server trace').toBeUndefined();
  expect(await stop(deno)).toBe(0);
  expect(deno.output()).not.toContain('[clickstack-otel]');
});

for (const mode of ['import { init }', '--preload clickstack-otel/register'] as const) {
  test(`Bun (${BUN}, ${mode}): says server spans are unsupported; the http.get client span arrives`, async ({ consumer, collector }) => {
    const tools = installTools('bun-1.4.5', [BUN]);
    test.skip(!!tools.error, `Bun could not be installed from npm: ${tools.error}`);
    const dir = consumer.stage('server.mjs');
    const preload = mode !== 'import { init }';
    const env: Record<string, string> = preload
      ? { PRELOADED: '1', OTEL_SERVICE_NAME: 'bun-api', OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_BSP_SCHEDULE_DELAY: '200' }
      : { SERVICE: 'bun-api', COLLECTOR_URL: collector.url };
    const bun = startRuntime(join(tools.dir, 'node_modules', '.bin', 'bun'), [...(preload ? ['--preload', 'clickstack-otel/register'] : []), join(dir, 'server.mjs')], consumer.dir, env);
    // Known: with `import { init }` the script's static `import 'node:http'` loads before init()
    // subscribes, and Bun then publishes no client channel messages: no span at all arrives.
    // With --preload the SDK subscribes first and the client span does (the warning says so).
    if (!preload) test.fail();
    const url = await bun.ready();
    const { traceId, parentId } = await callOutgoing(url);
    // No server span to parent it, so the client span starts its own trace.
    // Short wait: the known-failing mode should not cost the default 15 s.
    const spans = await collector.waitForSpans((s) => !!find.urlEndsWith(s, '/api/inner', SpanKind.CLIENT), preload ? undefined : 3_000);
    const client = find.urlEndsWith(spans, '/api/inner', SpanKind.CLIENT)!;
    expectDistroResource(client, 'bun-api');
    expect(client.attributes).toMatchObject({ 'http.request.method': 'GET', 'http.response.status_code': 200 });
    expect(await stop(bun)).toBe(0);
    expect(find.serverPath(collector.spans(), '/api/outgoing'), 'Bun started publishing http.server channels: update runtime-support.ts and this test').toBeUndefined();
    expect(collector.spans().some((s) => s.traceId === traceId && s.parentSpanId === parentId)).toBe(false);
    expect(bun.output()).toMatch(/\[clickstack-otel\].*Bun 1\.4\.5 does not publish Node's http\.server and undici diagnostics channels/);
    expect(bun.output().match(/\[clickstack-otel\]/g)).toHaveLength(1);
  });
}
