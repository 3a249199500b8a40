/**
 * One small Vite app built twice from the same root, as Vite's SSR guide does it: `vite build`
 * for the client and `vite build --ssr server-entry.js` for the server, which then runs with Node.
 * The client gets the browser build, the server the Node SDK; the browser's fetch span and the
 * server's span for the same request are one trace. Any warning Vite prints fails the test.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, find, SpanKind, test } from '../../fixtures/test';

test('Vite client + SSR build: browser build in the client, Node SDK on the server, one trace', async ({ page, collector, consumer, startNode }) => {
  const { build, createLogger } = await import('vite');
  const dir = consumer.stage('app/index.html', 'app/client.js', 'app/server-entry.js');
  const root = join(dir, 'app');
  const warnings: string[] = [];
  const logger = createLogger('warn', { allowClearScreen: false });
  const customLogger = { ...logger, warn: (msg: string) => warnings.push(msg), warnOnce: (msg: string) => warnings.push(msg) };
  const base = { root, configFile: false as const, logLevel: 'warn' as const, customLogger };

  const client = await build({ ...base, build: { outDir: join(dir, 'out', 'client'), emptyOutDir: true } });
  const ssr = await build({ ...base, build: { ssr: 'server-entry.js', outDir: join(dir, 'out', 'server'), emptyOutDir: true } });
  expect(warnings, 'Vite warnings').toEqual([]);

  const chunks = (o: unknown) => (Array.isArray(o) ? o : [o]).flatMap((x: any) => ('output' in x ? x.output : [])).filter((c: any) => c.type === 'chunk');
  // Client: the package's browser ESM build is bundled, nothing else from the package.
  const clientIds = chunks(client).flatMap((c: any) => c.moduleIds as string[]).filter((id) => id.includes('/node_modules/clickstack-otel/'));
  expect(clientIds.map((id) => id.slice(id.indexOf('clickstack-otel/')))).toEqual(['clickstack-otel/dist/browser/index.js']);
  // ... and the built client files name no Node built-in.
  const clientCode = chunks(client).map((c: any) => c.code as string).join('\n');
  expect(clientCode).not.toMatch(/["'`]node:[a-z_/]+["'`]|require\(["'](?:util|fs|http|https|os|path|async_hooks|perf_hooks|diagnostics_channel)["']\)/);
  // SSR: the package stays external (Vite's default for dependencies) and Node resolves it.
  const [serverChunk] = chunks(ssr);
  // .mjs: the consumer project has no "type": "module".
  expect(serverChunk.fileName).toBe('server-entry.mjs');
  expect(serverChunk.moduleIds.filter((id: string) => id.includes('node_modules'))).toEqual([]);
  expect(serverChunk.imports).toContain('clickstack-otel');
  // What Node's ESM loader picks for that import from the output folder: the node condition.
  const resolvedByNode = execFileSync(process.execPath, ['--input-type=module', '-e', "console.log(import.meta.resolve('clickstack-otel'))"], { cwd: join(dir, 'out', 'server'), encoding: 'utf8' });
  expect(resolvedByNode.trim()).toMatch(/\/node_modules\/clickstack-otel\/dist\/node\/index\.js$/);

  const server = startNode({ script: join(dir, 'out', 'server', 'server-entry.mjs'), env: { COLLECTOR_URL: collector.url, CLIENT_DIR: join(dir, 'out', 'client') } });
  const { url } = await server.ready();
  await page.goto(`${url}/?${new URLSearchParams({ collector: collector.url })}`);
  await expect(page.locator('#app p')).toContainText('rendered on the server for /?collector=');
  const result = await page.waitForFunction(() => (window as any).__result).then((h) => h.jsonValue());
  expect(result.error).toBeUndefined();

  const spans = await collector.waitForSpans((s) => !!find.serverPath(s, '/api/hello') && !!find.urlEndsWith(s, '/api/hello', SpanKind.CLIENT));
  const browser = find.urlEndsWith(spans, '/api/hello', SpanKind.CLIENT)!;
  const api = find.serverPath(spans, '/api/hello')!;
  expect(browser.resource).toMatchObject({ 'service.name': 'vite-ssr-web', 'telemetry.distro.name': 'clickstack-otel' });
  expect(browser.encoding).toBe('json');
  expect(api.resource).toMatchObject({ 'service.name': 'vite-ssr-api', 'process.runtime.name': 'nodejs' });
  expect(api.encoding).toBe('protobuf');
  expect(api.traceId).toBe(browser.traceId);
  expect(api.parentSpanId).toBe(browser.spanId);
  expect(result.body.traceparent).toBe(`00-${browser.traceId}-${browser.spanId}-01`);
  // The document request itself is a server span too.
  expect(find.serverPath(spans, '/')).toBeDefined();

  server.closeStdin();
  expect(await server.waitForExit(5_000)).toEqual({ code: 0, signal: null });
  expect(server.output()).not.toContain('[clickstack-otel]');
});
