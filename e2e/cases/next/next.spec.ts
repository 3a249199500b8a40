/**
 * A Next.js App Router app (next 16.5.0, exact versions installed into the tool cache: the repo
 * does not depend on Next) built for production twice, with webpack and with Turbopack, and run
 * with `next start` on 127.0.0.1. The app uses the package the way the README says:
 * `instrumentation.ts` starts the Node SDK in the Node.js runtime, a `'use client'` provider
 * starts the browser build, and an edge route and `middleware.ts` import it and call init().
 *
 * Proven: the build prints no warning of ours (any warning Next has not been taught here fails
 * the test), the client bundle holds the browser build, the browser's fetch span and the
 * server's spans for that request are one trace, server spans are named by route, console
 * logs carry the trace id, and in the edge runtime (middleware, edge route) withTracing's SERVER
 * spans and the fetch below them join the caller's trace, exported through waitUntil.
 *
 * Warm runs: node_modules is hard-linked from the tool cache, and a build is reused while its
 * inputs (the installed tarball, the app's files, the Next.js versions, the bundler) are unchanged.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, find, SpanKind, test, type Collector, type FlatSpan } from '../../fixtures/test';
import { installTools } from '../../fixtures/tool-cache';

const NEXT_SPECS = [
  'next@16.5.0',
  'react@19.3.1',
  'react-dom@19.3.1',
  // `next build` type-checks a TypeScript app and needs these in it.
  'typescript@6.0.3',
  '@types/react@19.3.2',
  '@types/react-dom@19.3.0',
  '@types/node@20.19.43',
];
const NEXT_VERSION = NEXT_SPECS[0]!.split('@')[1]!;

/** A cold build is ~60 s of CPU on two shared cores; the rest of a run is ~10 s. */
const BUILD_TIMEOUT_MS = 240_000;
test.setTimeout(BUILD_TIMEOUT_MS + 60_000);

/**
 * Warnings Next.js prints about the app's own choices, none about a dependency. Anything else
 * starting with ⚠ (or webpack's "Compiled with warnings") fails the test.
 */
const NEXT_OWN_WARNINGS = [
  /The "middleware" file convention is deprecated/,
  /The Edge Runtime is deprecated/,
  /Using edge runtime on a page currently disables static generation for that page/,
  // A persistent-cache performance hint, not a compilation warning: webpack stores module
  // sources over 128 KiB as strings, and the package's browser ESM (dist/browser/index.js) is
  // ~130 KiB unminified (a second copy for the edge compilation). The build output is unaffected.
  /^<w> \[webpack\.cache\.PackFileCacheStrategy\] Serializing big strings \(13\dkiB\)/,
];

/** Built-ins Next.js's edge runtime provides to its own edge code (next/dist/server/web/sandbox/context.js). */
const NEXT_EDGE_BUILTINS = ['node:async_hooks', 'node:buffer', 'node:util'];

type Bundler = 'webpack' | 'turbopack';

const SPEC_DIR = import.meta.dirname;
const APP_FILES = listFiles(join(SPEC_DIR, 'app')).map((f) => relative(SPEC_DIR, f));

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

function flatLogs(requests: any[]): { body: string; traceId: string; spanId: string; service: string }[] {
  return requests.flatMap((req) =>
    (req.resourceLogs ?? []).flatMap((rl: any) => {
      const service = rl.resource?.attributes?.find((a: any) => a.key === 'service.name')?.value?.stringValue;
      return (rl.scopeLogs ?? []).flatMap((sl: any) => (sl.logRecords ?? []).map((r: any) => ({ body: r.body?.stringValue, traceId: r.traceId, spanId: r.spanId, service })));
    }),
  );
}

/** The staged app with node_modules hard-linked from the tool cache (copied if links fail). */
function prepareApp(consumer: { dir: string; stage(...files: string[]): string }, toolsDir: string): string {
  const caseDir = consumer.stage(...APP_FILES);
  const app = join(caseDir, 'app');
  const marker = join(app, 'node_modules', '.e2e-specs');
  const specs = readFileSync(join(toolsDir, '.specs'), 'utf8');
  if (!existsSync(marker) || readFileSync(marker, 'utf8') !== specs) {
    rmSync(join(app, 'node_modules'), { recursive: true, force: true });
    // Hard links: real files inside the project (Turbopack refuses node_modules symlinked out of its root), ~0.4 s.
    let r = spawnSync('cp', ['-al', join(toolsDir, 'node_modules'), join(app, 'node_modules')], { encoding: 'utf8' });
    if (r.status !== 0) {
      rmSync(join(app, 'node_modules'), { recursive: true, force: true });
      r = spawnSync('cp', ['-r', join(toolsDir, 'node_modules'), join(app, 'node_modules')], { encoding: 'utf8' });
    }
    expect(r.status, `copying node_modules: ${r.stderr}`).toBe(0);
    writeFileSync(marker, specs);
  }
  return app;
}

/** `next build` unless a build of exactly these inputs is there; returns the build's output. */
function build(app: string, consumerDir: string, bundler: Bundler): { output: string; distDir: string; reused: boolean } {
  const distDir = `.next-${bundler}`;
  const key = createHash('sha256')
    .update(readFileSync(join(consumerDir, '.e2e-tarball.sha256')))
    .update(readFileSync(join(app, 'node_modules', '.e2e-specs')))
    .update(bundler);
  for (const f of APP_FILES) key.update(f).update(readFileSync(join(SPEC_DIR, f)));
  const digest = key.digest('hex');
  const keyFile = join(app, `${distDir}.key`);
  const logFile = join(app, `${distDir}.log`);
  if (existsSync(keyFile) && readFileSync(keyFile, 'utf8') === digest && existsSync(join(app, distDir, 'BUILD_ID'))) {
    return { output: readFileSync(logFile, 'utf8'), distDir, reused: true };
  }
  rmSync(keyFile, { force: true });
  rmSync(join(app, distDir), { recursive: true, force: true });
  const r = spawnSync(process.execPath, [join(app, 'node_modules/next/dist/bin/next'), 'build', `--${bundler}`], {
    cwd: app,
    encoding: 'utf8',
    timeout: BUILD_TIMEOUT_MS,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', NEXT_TELEMETRY_DISABLED: '1', NEXT_DIST_DIR: distDir },
  });
  const output = `${r.stdout}${r.stderr}`;
  expect(r.status, `next build --${bundler} failed (${r.error?.message ?? r.signal ?? r.status}):\n${output}`).toBe(0);
  writeFileSync(logFile, output);
  writeFileSync(keyFile, digest);
  return { output, distDir, reused: false };
}

/** Every file of a folder whose path relative to it passes `filter`, concatenated (the build's client or edge chunks). */
function readAll(dir: string, filter: (path: string) => boolean): string {
  return existsSync(dir) ? listFiles(dir).filter((f) => filter(relative(dir, f))).map((f) => readFileSync(f, 'utf8')).join('\n') : '';
}

/** The span's parent chain within `spans`, nearest first. */
function ancestors(spans: FlatSpan[], span: FlatSpan | undefined): FlatSpan[] {
  const chain: FlatSpan[] = [];
  for (let s = span; s?.parentSpanId; ) {
    s = spans.find((p) => p.spanId === s!.parentSpanId);
    if (s) chain.push(s);
  }
  return chain;
}

function sameTrace(spans: FlatSpan[], traceId: string) {
  return spans.filter((s) => s.traceId === traceId);
}

for (const bundler of ['webpack', 'turbopack'] as const) {
  test(`Next.js ${NEXT_VERSION} (${bundler}): build without warnings, browser + server spans in one trace, edge runtime answers`, async ({
    page,
    collector,
    consumer,
    startNode,
    serve,
  }) => {
    const tools = installTools(`next-${NEXT_VERSION}`, NEXT_SPECS);
    test.skip(!!tools.error, `Next.js could not be installed from npm: ${tools.error}`);
    const app = prepareApp(consumer, tools.dir);
    const started = Date.now();
    const { output, distDir, reused } = build(app, consumer.dir, bundler);
    test.info().annotations.push({ type: 'build', description: `${bundler}: ${reused ? 'reused' : 'built'} in ${Date.now() - started} ms` });

    // 1. The build: no warning of ours.
    expect(output).toContain(`Next.js ${NEXT_VERSION}`);
    expect(output).not.toMatch(/Critical dependency|the request of a dependency is an expression|Module not found|Can't resolve|Compiled with warnings|clickstack-otel/i);
    const warnings = output.split('\n').filter((l) => /^\s*(⚠|<w>|warn\b)/i.test(l));
    expect(warnings.filter((w) => !NEXT_OWN_WARNINGS.some((re) => re.test(w))), `next build --${bundler} warnings`).toEqual([]);
    // The client bundle has the browser build (its fetch instrumentation), never the Node SDK.
    const clientCode = readAll(join(app, distDir, 'static'), (f) => f.endsWith('.js'));
    expect(clientCode).toContain('clickstack-otel');
    expect(clientCode).not.toContain('http.server.request.start');
    expect(clientCode).not.toMatch(/["']node:[a-z_/]+["']/);
    // The edge bundles (middleware, edge route) have no Node SDK either.
    const edgeCode = readAll(join(app, distDir, 'server'), (f) => /(middleware|edge)/.test(f) && f.endsWith('.js'));
    expect(edgeCode).toContain('clickstack-otel');
    expect(edgeCode).not.toContain('http.server.request.start');
    // ... and not the browser build either: the edge build (its runtime probe), no page RUM.
    expect(edgeCode).toContain('Cloudflare-Workers');
    expect(edgeCode).not.toContain('documentLoad');
    // Node built-ins in the edge chunks: only the three Next's edge runtime itself provides and
    // uses (its NativeModuleMap); @opentelemetry/core's Node half would bring a bare `util`.
    const builtins = new Set([...edgeCode.matchAll(/require\(["']((?:node:)?[a-z_]+)["']\)|["'](node:[a-z_]+)["']/g)].map((m) => m[1] ?? m[2]));
    expect([...builtins].filter((b) => !NEXT_EDGE_BUILTINS.includes(b!))).toEqual([]);
    // The package's own edge build imports nothing but the OpenTelemetry API.
    const edgeBuild = readFileSync(join(consumer.packageDir, 'dist/edge/index.js'), 'utf8');
    expect([...edgeBuild.matchAll(/^import .* from ["']([^"']+)["']/gm)].map((m) => m[1])).toEqual(['@opentelemetry/api']);

    // 2. `next start` on a random port, with an upstream service the server-side code calls.
    const upstream = await serve({});
    const server = startNode({
      script: join(app, 'node_modules/next/dist/bin/next'),
      scriptArgs: ['start', '-H', '127.0.0.1', '-p', '0'],
      cwd: app,
      env: { NEXT_TELEMETRY_DISABLED: '1', NEXT_DIST_DIR: distDir, COLLECTOR_URL: collector.url, UPSTREAM_URL: upstream.origin },
    });
    const [, origin] = await server.waitForOutput(/Local:\s+(http:\/\/127\.0\.0\.1:\d+)/, 20_000);
    // `next start` listens before it runs register(): a request that arrives meanwhile waits for
    // it, but began before the SDK subscribed, so it has Next's spans and not our HTTP span.
    // Once one request has been answered, register() has run.
    expect((await fetch(`${origin}/api/items/warm-up`)).status).toBe(200);

    // 3. The page in Chromium: the provider's init() and a same-origin fetch to a route handler.
    await page.goto(`${origin}/`);
    await expect(page.locator('#page')).toContainText('upstream saw traceparent 00-');
    const result = await page.waitForFunction(() => (window as any).__result).then((h) => h.jsonValue());
    expect(result.error).toBeUndefined();

    const spans = await collector.waitForSpans(
      (s) =>
        !!find.urlEndsWith(s, '/api/items/42', SpanKind.CLIENT) &&
        s.some((x) => x.name === 'GET /api/items/[id]' && x.scope.name === 'clickstack-otel') &&
        !!find.urlEndsWith(s, '/api/upstream-item', SpanKind.CLIENT) &&
        s.some((x) => x.name === 'GET /' && x.scope.name === 'clickstack-otel'),
      20_000,
    );
    const browser = find.urlEndsWith(spans, '/api/items/42', SpanKind.CLIENT)!;
    expect(browser.resource).toMatchObject({ 'service.name': 'next-web', 'telemetry.distro.name': 'clickstack-otel' });
    expect(browser.encoding).toBe('json');
    // The server's span for that request: ours (HTTP level, named by the route Next reports) ...
    const api = spans.find((s) => s.kind === SpanKind.SERVER && s.resource['service.name'] === 'next-server' && s.attributes['url.path'] === '/api/items/42')!;
    expect(api.resource).toMatchObject({ 'service.name': 'next-server', 'process.runtime.name': 'nodejs' });
    expect(api.encoding).toBe('protobuf');
    expect(api.name).toBe('GET /api/items/[id]');
    expect(api.attributes['http.route']).toBe('/api/items/[id]');
    expect(api.traceId).toBe(browser.traceId);
    expect(api.parentSpanId).toBe(browser.spanId);
    // The handler sees the browser's trace id; the parent is Next's span, not the browser's: with
    // middleware, Next rewrites the request's traceparent to its own handleRequest span.
    expect(result.body.traceparent).toMatch(new RegExp(`^00-${browser.traceId}-[0-9a-f]{16}-01$`));
    // ... Next's own spans (through the OpenTelemetry API the SDK registered) below it ...
    const trace = sameTrace(spans, browser.traceId);
    const nextRoot = trace.find((s) => s.scope.name === 'next.js' && s.kind === SpanKind.SERVER && s.name === 'GET /api/items/[id]')!;
    // With middleware Next runs handleRequest twice (middleware pass, render pass), nested.
    expect(ancestors(trace, nextRoot).map((s) => s.spanId)).toContain(api.spanId);
    // ... and the handler's outgoing fetch, with traceparent injected.
    const itemFetch = trace.find((s) => s.kind === SpanKind.CLIENT && s.scope.name === 'clickstack-otel' && String(s.attributes['url.full']).endsWith('/api/upstream-item'))!;
    expect(itemFetch).toBeDefined();
    expect(result.body.upstreamTraceparent).toBe(`00-${browser.traceId}-${itemFetch.spanId}-01`);

    // The page request: a server span named by route, the server component's fetch in its trace.
    const pageSpan = spans.find((s) => s.name === 'GET /' && s.scope.name === 'clickstack-otel' && s.kind === SpanKind.SERVER)!;
    const pageFetch = find.urlEndsWith(sameTrace(spans, pageSpan.traceId), '/api/upstream-page', SpanKind.CLIENT);
    expect(pageFetch).toBeDefined();

    // Console logs in the route handler and the page carry their request's trace.
    await expect.poll(() => flatLogs(collector.logs()).filter((l) => l.service === 'next-server').length, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    const logs = flatLogs(collector.logs());
    expect(logs.find((l) => l.body === "item requested { id: '42' }")?.traceId).toBe(browser.traceId);
    expect(logs.find((l) => l.body?.startsWith('rendered page'))?.traceId).toBe(pageSpan.traceId);

    // 4. Edge runtime (middleware on /api/* and /edge, the edge route): see assertEdge.
    await assertEdge(origin!, collector);

    expect(server.output()).not.toContain('[clickstack-otel]');
    expect(server.output()).not.toMatch(/ended Span|Error:/);
  });
}

const EDGE_SERVICES = ['next-edge', 'next-middleware'];

/**
 * The edge runtime: a request with the caller's traceparent goes through the middleware and the
 * edge route, both wrapped by withTracing. Each makes a SERVER span in the caller's trace, the
 * route's fetch (after an await) is its child and carried its traceparent upstream, Next's own
 * edge spans are not recorded, and all of it arrives with no forceFlush in the app code: the
 * batch delay is 60 s, so only the flush through waitUntil can have sent it.
 */
async function assertEdge(origin: string, collector: Collector) {
  const traceId = randomBytes(16).toString('hex');
  const callerSpanId = randomBytes(8).toString('hex');
  const res = await fetch(`${origin}/edge`, { headers: { traceparent: `00-${traceId}-${callerSpanId}-01` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('x-middleware-otel')).toBe('true');
  const body = await res.json();
  expect(body).toMatchObject({ edge: true, active: true });
  const edgeServer = (spans: FlatSpan[], service: string) => spans.find((x) => x.traceId === traceId && x.kind === SpanKind.SERVER && x.resource['service.name'] === service);
  const spans = await collector.waitForSpans(
    (s) => EDGE_SERVICES.every((svc) => edgeServer(s, svc)) && !!find.urlEndsWith(s.filter((x) => x.resource['service.name'] === 'next-edge'), '/api/upstream-edge', SpanKind.CLIENT),
    15_000,
  );
  const trace = sameTrace(spans, traceId);
  test.info().annotations.push({ type: 'edge trace', description: trace.map((x) => `${x.resource['service.name']}/${x.scope.name} ${x.kind} ${x.name} ${x.spanId} <- ${x.parentSpanId}`).join('\n') });
  const route = edgeServer(spans, 'next-edge')!;
  const middleware = edgeServer(spans, 'next-middleware')!;
  expect(route.name).toBe('GET /edge');
  expect(route.attributes).toMatchObject({ 'http.route': '/edge', 'url.path': '/edge', 'http.response.status_code': 200 });
  expect(middleware.name).toBe('GET');
  for (const span of [route, middleware]) {
    expect(span.encoding).toBe('json');
    expect(span.resource).toMatchObject({ 'process.runtime.name': 'edge-runtime', 'telemetry.distro.name': 'clickstack-otel' });
    // The caller's span, or one of the Node server's spans of this trace (next start runs the edge
    // sandbox inside the Node process, and Next passes its own span on as the traceparent), which
    // the Node SDK may export a batch later.
    await expect
      .poll(() => span.parentSpanId === callerSpanId || collector.spans().some((p) => p.traceId === traceId && p.spanId === span.parentSpanId), { message: `parent of ${span.name}`, timeout: 10_000 })
      .toBe(true);
  }
  const edgeFetch = find.urlEndsWith(trace.filter((x) => x.resource['service.name'] === 'next-edge'), '/api/upstream-edge', SpanKind.CLIENT)!;
  expect(edgeFetch.parentSpanId).toBe(route.spanId);
  expect(body.upstreamTraceparent).toBe(`00-${traceId}-${edgeFetch.spanId}-01`);
  // Next's own edge spans (`middleware GET`, `executing api route`, its fetch spans) pass through.
  expect(collector.spans().filter((x) => EDGE_SERVICES.includes(String(x.resource['service.name'])) && x.scope.name !== 'clickstack-otel').map((x) => x.name)).toEqual([]);
}
