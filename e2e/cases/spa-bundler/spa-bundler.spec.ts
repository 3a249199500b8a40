import { readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, find, SpanKind, test, type Collector, type StaticServer } from '../../fixtures/test';

const NODE_BUILTINS = 'http|https|fs|net|os|path|module|child_process|diagnostics_channel|async_hooks|url|util|stream|zlib|tls|dns|worker_threads|perf_hooks|events|buffer|process';
const NODE_SPECIFIER = /["'`]node:[a-z_/]+["'`]/;
const BUILTIN_REQUIRE = new RegExp(`require\\(\\s*["'](?:node:)?(?:${NODE_BUILTINS})["']\\s*\\)`);
const BUILTIN_IMPORT = new RegExp(`(?:from|import)\\s*\\(?\\s*["'](?:${NODE_BUILTINS})["']`);

function expectBrowserSafe(code: string) {
  expect(code.match(NODE_SPECIFIER)?.[0], 'node: specifier in the bundle').toBeUndefined();
  expect(code.match(BUILTIN_REQUIRE)?.[0], 'require() of a Node builtin in the bundle').toBeUndefined();
  expect(code.match(BUILTIN_IMPORT)?.[0], 'import of a Node builtin in the bundle').toBeUndefined();
  // The package's browser build is in, its Node-only instrumentation is not.
  expect(code).toContain('clickstack-otel');
  expect(code).not.toContain('http.server.request.start');
  expect(code).not.toContain('undici:request:create');
}

/** Modules the bundler took from the package, relative to its folder. */
function packageModules(ids: string[], packageDir: string): string[] {
  return ids.map((id) => relative(packageDir, id.replace(/^\0/, '').split('?')[0]!)).filter((p) => !p.startsWith('..'));
}

async function expectFetchSpan(page: Page, site: StaticServer, pagePath: string, bundler: string, collector: Collector) {
  await page.goto(`${site.origin}${pagePath}?${new URLSearchParams({ bundler, collector: collector.url })}`);
  const result = await page.waitForFunction(() => (window as any).__result).then((h) => h.jsonValue());
  expect(result.error).toBeUndefined();
  const spans = await collector.waitForSpans((s) => !!find.urlEndsWith(s, `/api/spa-${bundler}`));
  const span = find.urlEndsWith(spans, `/api/spa-${bundler}`)!;
  expect(span.kind).toBe(SpanKind.CLIENT);
  expect(span.encoding).toBe('json');
  expect(span.attributes).toMatchObject({ 'http.request.method': 'GET', 'url.full': `${site.origin}/api/spa-${bundler}`, 'http.response.status_code': 200 });
  expect(span.resource).toMatchObject({ 'service.name': `spa-${bundler}`, 'telemetry.distro.name': 'clickstack-otel' });
  expect(span.requestHeaders.authorization).toBe('spa-key');
  expect(result.body.traceparent).toBe(`00-${span.traceId}-${span.spanId}-01`);
}

test('esbuild (platform: browser) bundles the browser build and it traces fetch', async ({ page, collector, consumer, serve }) => {
  const esbuild = await import('esbuild');
  const dir = consumer.stage('spa/main.js', 'esbuild.html');
  const outdir = join(dir, 'out');
  rmSync(outdir, { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: consumer.dir,
    entryPoints: [join(dir, 'spa', 'main.js')],
    outdir,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    metafile: true,
    logLevel: 'silent',
  });
  expect(result.errors).toEqual([]);
  const inputs = packageModules(Object.keys(result.metafile.inputs).map((p) => join(consumer.dir, p)), consumer.packageDir);
  expect(inputs).toEqual(['dist/browser/index.js']);
  expectBrowserSafe(readFileSync(join(outdir, 'main.js'), 'utf8'));

  const site = await serve({ files: { '/': join(dir, 'esbuild.html') }, dirs: { '/out/': outdir } });
  await expectFetchSpan(page, site, '/', 'esbuild', collector);
});

test('Vite build bundles the browser build and it traces fetch', async ({ page, collector, consumer, serve }) => {
  const { build } = await import('vite');
  const dir = consumer.stage('spa/main.js', 'spa/index.html');
  const root = join(dir, 'spa');
  const outDir = join(dir, 'out-vite');
  const output = await build({
    root,
    base: './',
    configFile: false,
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true, manifest: true },
  });
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((o) => ('output' in o ? o.output : []));
  const ids = chunks.flatMap((c) => (c.type === 'chunk' ? c.moduleIds : []));
  expect(packageModules(ids, consumer.packageDir)).toEqual(['dist/browser/index.js']);

  const manifest = JSON.parse(readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8'));
  const entry = manifest['index.html'];
  expect(entry?.isEntry).toBe(true);
  expectBrowserSafe(readFileSync(join(outDir, entry.file), 'utf8'));

  const site = await serve({ dirs: { '/vite/': outDir } });
  await expectFetchSpan(page, site, '/vite/index.html', 'vite', collector);
});
